// The version lifecycle: publishing (now or scheduled), rollback, four-eyes approval, workspace
// settings, version comparison and backtests (a draft or version run on past cases, compared with
// what the published version decides for them).
import { z } from "zod";
import { Channel } from "./case";
import { ChangeComment, IsoDateTime, Priority } from "./common";
import { FlowDocument } from "./graph";
import { PlaybookChange } from "./history";
import { PlaybookVersionInfo } from "./resources";

// ----- workspace settings ----------------------------------------------------------------------

export const WorkspaceSettings = z
  .object({
    requireApproval: z.boolean().describe("publishing a version needs an approved request: a second person with the operator role, never its author"),
  })
  .meta({ id: "WorkspaceSettings" });
export type WorkspaceSettings = z.infer<typeof WorkspaceSettings>;

export const WorkspaceSettingsUpdate = WorkspaceSettings.partial().strict().meta({ id: "WorkspaceSettingsUpdate" });
export type WorkspaceSettingsUpdate = z.infer<typeof WorkspaceSettingsUpdate>;

// ----- publish, schedule, rollback -------------------------------------------------------------

export const PublishRequest = z
  .object({
    version: z.number().int().min(1),
    comment: ChangeComment("why this version goes live"),
    at: IsoDateTime.optional().describe("publish at this time instead of now (it must be in the future)"),
    until: IsoDateTime.optional().describe("with `at`: when the window ends and the version that was live before returns"),
  })
  .superRefine((r, ctx) => {
    if (r.until && !r.at) ctx.addIssue({ code: "custom", path: ["until"], message: "give `at` too: an end time belongs to a scheduled publish" });
    if (r.at && r.until && Date.parse(r.until) <= Date.parse(r.at)) ctx.addIssue({ code: "custom", path: ["until"], message: "must be after `at`" });
  })
  .meta({ id: "PublishRequest" });
export type PublishRequest = z.infer<typeof PublishRequest>;

export const RollbackRequest = z
  .object({
    version: z.number().int().min(1).describe("an earlier version that was live before"),
    reason: ChangeComment("why you roll back"),
  })
  .meta({ id: "RollbackRequest" });
export type RollbackRequest = z.infer<typeof RollbackRequest>;

export const PublicationKind = z.enum(["publish", "rollback", "schedule_start", "schedule_end"]);
export type PublicationKind = z.infer<typeof PublicationKind>;

/** One change of the live version of a playbook: the publish log. */
export const Publication = z
  .object({
    id: z.number().int(),
    playbookId: z.string(),
    kind: PublicationKind,
    from: z.object({ id: z.string(), version: z.number().int() }).nullable().describe("what was live before (null: nothing)"),
    to: z.object({ id: z.string(), version: z.number().int() }).nullable().describe("what is live after (null: nothing, when a scheduled window ends on a playbook that had no earlier version)"),
    comment: z.string(),
    actor: z.string().describe("who did it; system:scheduler for scheduled starts and ends (the schedule names who scheduled it)"),
    at: IsoDateTime,
    scheduleId: z.string().nullable(),
  })
  .meta({ id: "Publication" });
export type Publication = z.infer<typeof Publication>;

export const ScheduleStatus = z.enum(["scheduled", "active", "done", "cancelled", "failed"]);
export type ScheduleStatus = z.infer<typeof ScheduleStatus>;

export const PublishSchedule = z
  .object({
    id: z.string(),
    playbookId: z.string(),
    versionId: z.string(),
    version: z.number().int(),
    startAt: IsoDateTime,
    endAt: IsoDateTime.nullable(),
    status: ScheduleStatus.describe("scheduled → (published at startAt) active while a window with an end runs → done; cancelled before it starts; failed when the scheduler could not publish (note says why)"),
    comment: z.string(),
    createdBy: z.string(),
    createdAt: IsoDateTime,
    previous: z.object({ id: z.string(), version: z.number().int() }).nullable().describe("what was live when the window started: it returns at endAt"),
    startedAt: IsoDateTime.nullable(),
    endedAt: IsoDateTime.nullable(),
    note: z.string().nullable().describe("what the scheduler did at the end, or why it could not"),
  })
  .meta({ id: "PublishSchedule" });
export type PublishSchedule = z.infer<typeof PublishSchedule>;

/** The answer to a publish or rollback: now, or the schedule created. */
export const PublishResult = z
  .object({
    playbookId: z.string(),
    versionId: z.string(),
    version: z.number().int(),
    published: z.boolean().describe("true when the version is live now (false when scheduled, or it already was live)"),
    publication: Publication.nullable().describe("the publish log entry written (null when nothing changed)"),
    schedule: PublishSchedule.nullable(),
  })
  .meta({ id: "PublishResult" });
export type PublishResult = z.infer<typeof PublishResult>;

// ----- approval --------------------------------------------------------------------------------

export const ApprovalStatus = z.enum(["pending", "approved", "rejected", "withdrawn"]);
export type ApprovalStatus = z.infer<typeof ApprovalStatus>;

export const ApprovalRequest = z
  .object({
    id: z.string(),
    playbookId: z.string(),
    versionId: z.string(),
    version: z.number().int(),
    contentHash: z.string().describe("the content the request is for: approving checks the version still has it"),
    status: ApprovalStatus,
    requestedBy: z.string(),
    requestedAt: IsoDateTime,
    comment: z.string().nullable(),
    decidedBy: z.string().nullable(),
    decidedAt: IsoDateTime.nullable(),
    decisionComment: z.string().nullable().describe("the approver's or rejecter's comment; for a withdrawn request, why"),
    backtestId: z.string().nullable().describe("the backtest the requester attached (the newest finished one of this content)"),
  })
  .meta({ id: "ApprovalRequest" });
export type ApprovalRequest = z.infer<typeof ApprovalRequest>;

export const RequestApprovalBody = z
  .object({ comment: z.string().trim().max(2000).optional().describe("what changed and why, for the approver") })
  .meta({ id: "RequestApprovalBody" });

export const ApprovalDecisionBody = z
  .object({
    comment: ChangeComment("why you approve or reject"),
    contentHash: z.string().regex(/^[0-9a-f]{64}$/, "the contentHash of the version you reviewed (64 hex digits)").describe("what you reviewed: refused (409) when the request now points at other content"),
  })
  .meta({ id: "ApprovalDecisionBody" });
export type ApprovalDecisionBody = z.infer<typeof ApprovalDecisionBody>;

// ----- backtests -------------------------------------------------------------------------------

export const BACKTEST_MAX_CASES = 100_000;

export const BacktestRequest = z
  .object({
    source: z
      .union([z.object({ draft: z.literal(true) }), z.object({ version: z.number().int().min(1) })])
      .default({ draft: true })
      .describe("what to try: the saved draft, or a version"),
    limit: z.number().int().min(1).max(BACKTEST_MAX_CASES).default(10_000).describe("the newest N stored cases (after the filters)"),
    from: IsoDateTime.optional().describe("only cases received at or after this time"),
    to: IsoDateTime.optional().describe("only cases received before this time"),
    channels: z.array(Channel).max(20).default([]).describe("only cases from these channels (empty: every channel)"),
  })
  .superRefine((r, ctx) => {
    if (r.from && r.to && Date.parse(r.to) <= Date.parse(r.from)) ctx.addIssue({ code: "custom", path: ["to"], message: "must be after `from`" });
  })
  .meta({ id: "BacktestRequest" });
export type BacktestRequest = z.infer<typeof BacktestRequest>;

/** The outcome fields a backtest compares, case by case. */
export const BACKTEST_FIELDS = ["queue", "team", "priority", "tags", "skills", "slaPolicy", "autoReply", "notifications"] as const;
export const BacktestField = z.enum(BACKTEST_FIELDS);
export type BacktestField = z.infer<typeof BacktestField>;

/** The part of an outcome a backtest compares and lists. */
export const BacktestOutcome = z.object({
  queue: z.string().nullable(),
  team: z.string().nullable(),
  priority: Priority.nullable(),
  tags: z.array(z.string()),
  skills: z.array(z.string()),
  slaPolicy: z.string().nullable(),
  autoReply: z.string().nullable().describe("the auto-reply text"),
  notifications: z.array(z.string()).describe("notify targets"),
});
export type BacktestOutcome = z.infer<typeof BacktestOutcome>;

export const BacktestSummary = z
  .object({
    /** cases compared */
    compared: z.number().int(),
    /** cases whose outcome differs in at least one field */
    changed: z.number().int(),
    byField: z.record(BacktestField, z.number().int()).describe("cases that changed, per field"),
    /** the most frequent queue moves, e.g. { from: "general", to: "ventas", count: 120 } */
    queueMoves: z.array(z.object({ from: z.string().nullable(), to: z.string().nullable(), count: z.number().int() })),
    /** cases where the tried version recorded a rule error */
    errors: z.number().int(),
  })
  .meta({ id: "BacktestSummary" });
export type BacktestSummary = z.infer<typeof BacktestSummary>;

export const BacktestStatus = z.enum(["queued", "running", "done", "cancelled", "failed"]);
export type BacktestStatus = z.infer<typeof BacktestStatus>;

export const BacktestInfo = z
  .object({
    id: z.string(),
    playbookId: z.string(),
    source: z.union([z.object({ draft: z.literal(true), revision: z.number().int() }), z.object({ version: z.number().int(), versionId: z.string() })]),
    contentHash: z.string().describe("the tried document's content hash: the version made from it has the same one"),
    logicHash: z.string().describe("hash of what routes (the document without its drawing, name and description): matches versions that differ only in layout"),
    baseline: z.object({ versionId: z.string(), version: z.number().int() }).nullable().describe("the published version compared against (null: the playbook had none)"),
    params: z.object({ limit: z.number().int(), from: IsoDateTime.nullable(), to: IsoDateTime.nullable(), channels: z.array(Channel) }),
    status: BacktestStatus,
    total: z.number().int().describe("cases selected"),
    processed: z.number().int(),
    summary: BacktestSummary,
    error: z.string().nullable(),
    createdBy: z.string(),
    createdAt: IsoDateTime,
    startedAt: IsoDateTime.nullable(),
    finishedAt: IsoDateTime.nullable(),
    /** running, but the process running it has not reported for a while (it was probably restarted) */
    stale: z.boolean(),
  })
  .meta({ id: "BacktestInfo" });
export type BacktestInfo = z.infer<typeof BacktestInfo>;

export const BacktestChange = z
  .object({
    caseId: z.string(),
    decisionId: z.string().describe("the stored decision whose facts were replayed"),
    externalId: z.string(),
    channel: z.string(),
    receivedAt: IsoDateTime,
    fields: z.array(BacktestField),
    before: BacktestOutcome.describe("what the published version decides"),
    after: BacktestOutcome.describe("what the tried version decides"),
  })
  .meta({ id: "BacktestChange" });
export type BacktestChange = z.infer<typeof BacktestChange>;

export const BacktestChangesQuery = z.object({
  field: BacktestField.optional().describe("only cases where this field changed"),
  cursor: z.string().regex(/^\d{1,9}$/, "use the nextCursor of the previous page").optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const BacktestChangePage = z
  .object({ items: z.array(BacktestChange), nextCursor: z.string().nullable() })
  .meta({ id: "BacktestChangePage" });
export type BacktestChangePage = z.infer<typeof BacktestChangePage>;

// ----- the version list ------------------------------------------------------------------------

export const VersionListItem = z
  .object({
    ...PlaybookVersionInfo.shape,
    lastPublication: Publication.nullable().describe("the newest time this version went live: who, when, why"),
    approval: ApprovalRequest.nullable().describe("the newest approval request of this version"),
    schedules: z.array(PublishSchedule).describe("scheduled or active windows of this version"),
    backtest: BacktestInfo.nullable().describe("the newest finished backtest of this version's content"),
    canRollBackTo: z.boolean().describe("it was live before and is not live now"),
  })
  .meta({ id: "VersionListItem" });
export type VersionListItem = z.infer<typeof VersionListItem>;

export const VersionList = z
  .object({
    playbookId: z.string(),
    kind: z.string(),
    publishedVersion: z.number().int().nullable(),
    requireApproval: z.boolean(),
    versions: z.array(VersionListItem).describe("newest first"),
    publications: z.array(Publication).describe("the publish log, newest first (the last 50)"),
  })
  .meta({ id: "VersionList" });
export type VersionList = z.infer<typeof VersionList>;

// ----- comparing two versions ------------------------------------------------------------------

export const NodeDiffState = z.enum(["added", "removed", "changed"]);
export type NodeDiffState = z.infer<typeof NodeDiffState>;

/** Node and edge ids of two drawings that differ (ids named nowhere are unchanged; positions are ignored). */
export const FlowDiff = z
  .object({
    nodes: z.record(z.string(), NodeDiffState),
    // Two lists, not one map: the editor reuses a deleted edge's id for a new edge, so one id can name an edge removed from `from` and another added in `to`.
    edges: z.object({
      added: z.array(z.string()).describe("ids of edges of `to` that connect what no edge of `from` connects"),
      removed: z.array(z.string()).describe("ids of edges of `from` that connect what no edge of `to` connects"),
    }),
  })
  .meta({ id: "FlowDiff" });
export type FlowDiff = z.infer<typeof FlowDiff>;

export const VersionDiff = z
  .object({
    playbookId: z.string(),
    from: PlaybookVersionInfo,
    to: PlaybookVersionInfo,
    /** rules added / removed / changed (with the changed fields), and the rest of the document */
    rules: PlaybookChange.shape.rules,
    document: PlaybookChange.shape.document,
    /** both versions on the canvas (their drawing, or their rules laid out); null for kinds that have no canvas */
    canvas: z.object({ from: FlowDocument, to: FlowDocument, diff: FlowDiff }).nullable(),
  })
  .meta({ id: "VersionDiff" });
export type VersionDiff = z.infer<typeof VersionDiff>;
