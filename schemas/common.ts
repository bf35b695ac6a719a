import { z } from "zod";

/** Identifiers people choose (playbook ids, rule ids): lower-case words joined by '-' or '_'. */
export const Slug = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, "use lower-case letters, digits, '-' or '_' (e.g. leads-mexico)");

export const IsoDateTime = z.iso.datetime({ offset: true });

export const PlaybookKind = z.enum(["routing", "escalation", "crisis", "tone", "okr"]).meta({ id: "PlaybookKind" });
export type PlaybookKind = z.infer<typeof PlaybookKind>;

export const Locale = z.enum(["es", "en", "pt"]).meta({ id: "Locale", description: "UI and text language" });
export type Locale = z.infer<typeof Locale>;

/** Any JSON value (rule values, attribute values, fact values in traces). */
export const JsonValue = z.json();
export type JsonValue = z.infer<typeof JsonValue>;

export const PLAYBOOK_SCHEMA_VERSION = 1 as const;

export const Priority = z.enum(["urgent", "high", "normal", "low"]).meta({ id: "Priority" });
export type Priority = z.infer<typeof Priority>;

export const ConflictStrategy = z
  .enum(["first_match", "collect"])
  .meta({
    id: "ConflictStrategy",
    description:
      "first_match: only the first rule that fires (in priority order) acts. collect: every rule that fires acts; tags and skills accumulate, and for single values (queue, priority, SLA, auto-reply) the first rule in priority order wins",
  });
export type ConflictStrategy = z.infer<typeof ConflictStrategy>;

/** Why a change is made: required to publish, roll back, approve and reject. `what` completes "say …". */
export const ChangeComment = (what: string) =>
  z
    .string({ error: `say ${what}` })
    .trim()
    .min(3, `say ${what} (at least 3 characters)`)
    .max(2000);

// Escalation and crisis enums live here (not in playbook.ts) because the canvas nodes use them too.
export const SlaMetric = z.enum(["first_response", "next_response", "resolution"]).meta({ id: "SlaMetric" });
export type SlaMetric = z.infer<typeof SlaMetric>;
export const SlaTime = z.enum(["business", "calendar"]).meta({ id: "SlaTime" });
export type SlaTime = z.infer<typeof SlaTime>;
export const EscalationStepAt = z.enum(["warning", "breach", "after_breach"]).meta({ id: "EscalationStepAt" });
export type EscalationStepAt = z.infer<typeof EscalationStepAt>;
export const CrisisLevelNumber = z.number().int().min(1).max(3);
export const DetectorMode = z.enum(["absolute", "relative"]).meta({ id: "DetectorMode" });
export type DetectorMode = z.infer<typeof DetectorMode>;
