import { z } from "zod";
import { DecisionQuery } from "./api";
import { Channel } from "./case";
import { Decision } from "./decision";
import { Slug } from "./common";
import { Priority } from "./playbook";

/** A date-time with offset, or a calendar date (UTC): `from` starts at 00:00, `to` ends at 23:59:59.999. */
const DateOrDateTime = z.iso.datetime({ offset: true }).or(z.iso.date());

/** Query strings carry "true"/"false"; tRPC carries booleans. */
const Flag = z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]);

const text = (max: number) => z.string().trim().min(1, "leave it out or give a value").max(max);

/**
 * Decision search: every filter is optional and they combine with AND. Newest first (decided at,
 * then seq); `cursor` is the nextCursor of the previous page (keyset, never an offset).
 */
export const DecisionSearchFilters = DecisionQuery.extend({
  caseId: text(200).optional().describe("the case's id"),
  subject: Decision.shape.subject.optional().describe("what was decided: a case's intake, an event, a ladder step (timer), a crisis change"),
  externalId: text(300).optional().describe("the channel's id of the case (e.g. a WhatsApp message id)"),
  channel: Channel.optional(),
  customerId: text(300).optional().describe("the customer's id as the channel sent it"),
  playbook: Slug.optional().describe("decisions that ran this playbook"),
  version: z.coerce.number().int().min(1).optional().describe("with playbook: decisions that ran this version number of it"),
  versionId: text(200).optional().describe("decisions that ran this exact playbook version (its id)"),
  rule: Slug.optional().describe("decisions where this rule fired (with playbook: that playbook's rule)"),
  ruleNotFired: Slug.optional().describe("decisions that evaluated this rule and it did not fire (false conditions or an error)"),
  queue: text(200).optional().describe("the outcome's queue"),
  priority: Priority.optional().describe("the outcome's priority"),
  tag: text(200).optional().describe("a tag of the outcome"),
  partial: Flag.optional().describe("true: only decisions with errors (partial); false: only decisions without"),
  from: DateOrDateTime.optional().describe("decided at or after (ISO date-time, or a date = from 00:00 UTC)"),
  to: DateOrDateTime.optional().describe("decided at or before (ISO date-time, or a date = until the end of that day UTC)"),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/, "use the nextCursor of the previous page")
    .optional()
    .describe("nextCursor of the previous page"),
});

/** The filters with their cross-field rule (kept apart so the plain object can be reused: refined objects cannot be extended). */
export const DecisionSearchQuery = DecisionSearchFilters.superRefine((q, ctx) => {
  if (q.version !== undefined && !q.playbook) ctx.addIssue({ code: "custom", path: ["version"], message: "a version number needs playbook= too" });
});
export type DecisionSearchQuery = z.infer<typeof DecisionSearchQuery>;
export type DecisionSearchInput = z.input<typeof DecisionSearchQuery>;

export const ExportFormat = z.enum(["csv", "jsonl"]);
export type ExportFormat = z.infer<typeof ExportFormat>;

/** One exported decision: the columns of a CSV line, structured in JSONL. */
export const DecisionExportRow = z
  .object({
    seq: z.number().int(),
    id: z.string(),
    decidedAt: z.string(),
    caseId: z.string().nullable(),
    externalId: z.string().nullable(),
    channel: z.string().nullable(),
    customerId: z.string().nullable(),
    queue: z.string().nullable(),
    priority: z.string().nullable(),
    tags: z.array(z.string()),
    firedRules: z.array(z.string()).describe("playbookId/ruleId"),
    playbooks: z.array(z.string()).describe("playbookId@versionId"),
    matched: z.boolean(),
    partial: z.boolean(),
    hash: z.string(),
  })
  .meta({ id: "DecisionExportRow" });
export type DecisionExportRow = z.infer<typeof DecisionExportRow>;
