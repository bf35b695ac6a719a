// The history views: a case's timeline across channels, configuration history with diffs, and one
// exact playbook version. Resources for tRPC (and, for audit entries, /api/v1/audit/log).
import { z } from "zod";
import { PlaybookSummary, StoredCase } from "./api";
import { IsoDateTime } from "./common";
import { ClockChange } from "./decision";
import { CaseEvent } from "./event";
import { PlaybookDocument } from "./playbook";
import { AuditEntry, PlaybookVersionInfo } from "./resources";

// ----- case timeline -------------------------------------------------------------------------

export const TimelineCase = z.object({
  id: z.string(),
  externalId: z.string(),
  channel: z.string(),
  receivedAt: IsoDateTime,
  /** true for the case the timeline was opened for */
  current: z.boolean(),
});
export type TimelineCase = z.infer<typeof TimelineCase>;

const entryBase = { at: IsoDateTime, caseId: z.string(), channel: z.string() };

export const TimelineEntry = z.discriminatedUnion("kind", [
  z.object({ ...entryBase, kind: z.literal("case"), externalId: z.string(), text: z.string(), subject: z.string().optional() }),
  z.object({
    ...entryBase,
    kind: z.literal("decision"),
    subject: z.enum(["case", "timer", "crisis"]).describe("intake, a ladder step, or a crisis change (an event's decision is folded into its event)"),
    decisionId: z.string(),
    seq: z.number().int(),
    matched: z.boolean(),
    partial: z.boolean(),
    queue: z.string().nullable(),
    priority: z.string().nullable(),
    tags: z.array(z.string()),
    firedRules: z.array(z.object({ playbookId: z.string(), ruleId: z.string() })),
    errors: z.number().int(),
  }),
  z.object({
    ...entryBase,
    kind: z.literal("event"),
    eventId: z.string(),
    type: z.string(),
    event: CaseEvent,
    decisionId: z.string().optional().describe("the decision the event produced"),
    clocks: z.array(ClockChange).default([]).describe("how it moved the case's SLA clocks"),
  }),
]);
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const CaseTimeline = z
  .object({
    case: StoredCase,
    customerId: z.string(),
    /** every case of this customer shown in the timeline (this one included), oldest first */
    cases: z.array(TimelineCase),
    /** the customer has more cases than the timeline shows (the most recent are kept) */
    moreCases: z.boolean(),
    entries: z.array(TimelineEntry).describe("oldest first"),
  })
  .meta({ id: "CaseTimeline" });
export type CaseTimeline = z.infer<typeof CaseTimeline>;

// ----- configuration history -----------------------------------------------------------------

/** One changed field between an entry's before and after (dotted path; array items as [i]). */
export const FieldChange = z.object({ path: z.string(), before: z.json().optional(), after: z.json().optional() });
export type FieldChange = z.infer<typeof FieldChange>;

const RuleRef = z.object({ id: z.string(), name: z.string() });

export const PlaybookChange = z.object({
  playbookId: z.string(),
  from: z.object({ id: z.string(), version: z.number().int() }).nullable(),
  to: z.object({ id: z.string(), version: z.number().int() }).nullable(),
  rules: z.object({
    added: z.array(RuleRef),
    removed: z.array(RuleRef),
    /** rules in both versions whose content differs, with the changed fields */
    changed: z.array(z.object({ ...RuleRef.shape, changes: z.array(FieldChange) })),
  }),
  /** changes outside the rules (name, trigger, settings, shared conditions…) */
  document: z.array(FieldChange),
});
export type PlaybookChange = z.infer<typeof PlaybookChange>;

export const HistoryEntry = z
  .object({
    ...AuditEntry.shape,
    /** "playbook", "api_key", "user", …: the part of the action before the dot */
    entity: z.string(),
    changes: z.array(FieldChange),
    playbook: PlaybookChange.nullable(),
    /** for a publish: the decisions that ran the version it published */
    decisionsUnder: z.object({ playbookId: z.string(), version: z.number().int(), count: z.number().int() }).nullable(),
  })
  .meta({ id: "HistoryEntry" });
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const HistoryPage = z.object({ items: z.array(HistoryEntry), nextCursor: z.string().nullable() }).meta({ id: "HistoryPage" });
export type HistoryPage = z.infer<typeof HistoryPage>;

// ----- one playbook version ------------------------------------------------------------------

export const PlaybookVersionDetail = z
  .object({
    playbook: PlaybookSummary,
    version: PlaybookVersionInfo,
    document: PlaybookDocument,
    /** the neighbouring version numbers, to step through history */
    previous: z.number().int().nullable(),
    next: z.number().int().nullable(),
    decisionCount: z.number().int().describe("decisions that ran this version"),
  })
  .meta({ id: "PlaybookVersionDetail" });
export type PlaybookVersionDetail = z.infer<typeof PlaybookVersionDetail>;
