import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { BacktestOutcome, BacktestSummary } from "@/schemas/lifecycle";
import { playbooks, playbookVersions } from "./playbooks";

/** The publish log: every change of a playbook's live version, written in the publishing transaction. */
export const playbookPublications = sqliteTable(
  "playbook_publications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    playbookId: text("playbook_id")
      .notNull()
      .references(() => playbooks.id),
    /** publish | rollback | schedule_start | schedule_end */
    kind: text("kind").notNull(),
    fromVersionId: text("from_version_id"),
    /** null when a scheduled window ends on a playbook that had nothing live before it */
    toVersionId: text("to_version_id"),
    comment: text("comment").notNull(),
    actor: text("actor").notNull(),
    at: text("at").notNull(),
    scheduleId: text("schedule_id"),
    /** the publish generation this change produced */
    generation: integer("generation").notNull(),
  },
  (t) => [index("playbook_publications_playbook_idx").on(t.playbookId, t.id), index("playbook_publications_to_idx").on(t.toVersionId, t.id)],
);

/** Four-eyes approval: a request for one version's exact content, decided by a second person. */
export const approvalRequests = sqliteTable(
  "approval_requests",
  {
    id: text("id").primaryKey(),
    playbookId: text("playbook_id")
      .notNull()
      .references(() => playbooks.id),
    versionId: text("version_id")
      .notNull()
      .references(() => playbookVersions.id),
    /** the version's content hash when requested; approving recomputes and compares it */
    contentHash: text("content_hash").notNull(),
    /** pending | approved | rejected | withdrawn */
    status: text("status").notNull(),
    requestedBy: text("requested_by").notNull(),
    requestedAt: text("requested_at").notNull(),
    comment: text("comment"),
    decidedBy: text("decided_by"),
    decidedAt: text("decided_at"),
    decisionComment: text("decision_comment"),
    backtestId: text("backtest_id"),
  },
  (t) => [index("approval_requests_version_idx").on(t.versionId), index("approval_requests_playbook_idx").on(t.playbookId, t.status)],
);

/** A publish at a given time, with an optional end after which the previous version returns. */
export const publishSchedules = sqliteTable(
  "publish_schedules",
  {
    id: text("id").primaryKey(),
    playbookId: text("playbook_id")
      .notNull()
      .references(() => playbooks.id),
    versionId: text("version_id")
      .notNull()
      .references(() => playbookVersions.id),
    startAt: text("start_at").notNull(),
    endAt: text("end_at"),
    /** scheduled | active | done | cancelled | failed */
    status: text("status").notNull(),
    comment: text("comment").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: text("created_at").notNull(),
    /** what was live when the window started (set at the start) */
    previousVersionId: text("previous_version_id"),
    startedAt: text("started_at"),
    endedAt: text("ended_at"),
    note: text("note"),
  },
  (t) => [index("publish_schedules_playbook_idx").on(t.playbookId, t.status), index("publish_schedules_version_idx").on(t.versionId)],
);

/**
 * Time-based work as rows, not setTimeouts: the scheduler claims a due timer and runs its handler in
 * one immediate transaction (so of several processes exactly one fires it), and a restart loses nothing.
 */
export const timers = sqliteTable(
  "timers",
  {
    id: text("id").primaryKey(),
    /** what to do, e.g. schedule.start; the handler is looked up by kind */
    kind: text("kind").notNull(),
    /** the row the timer is about (a schedule id, …) */
    refId: text("ref_id").notNull(),
    /** what else the handler needs (e.g. the ladder step of an SLA clock) */
    payload: text("payload"),
    dueAt: text("due_at").notNull(),
    createdAt: text("created_at").notNull(),
    /** null while pending */
    firedAt: text("fired_at"),
    cancelledAt: text("cancelled_at"),
    /** what the handler reported, or its error */
    result: text("result"),
  },
  (t) => [index("timers_pending_idx").on(t.firedAt, t.cancelledAt, t.dueAt), index("timers_ref_idx").on(t.refId)],
);

/** A what-if run of a draft or version over stored cases, with its progress and summary. */
export const backtests = sqliteTable(
  "backtests",
  {
    id: text("id").primaryKey(),
    playbookId: text("playbook_id")
      .notNull()
      .references(() => playbooks.id),
    /** draft | version */
    sourceKind: text("source_kind").notNull(),
    sourceRevision: integer("source_revision"),
    sourceVersionId: text("source_version_id"),
    sourceVersion: integer("source_version"),
    /** the tried PlaybookDocument as JSON (a draft keeps changing; the run keeps what it tried) */
    document: text("document").notNull(),
    contentHash: text("content_hash").notNull(),
    logicHash: text("logic_hash").notNull(),
    baselineVersionId: text("baseline_version_id"),
    baselineVersion: integer("baseline_version"),
    params: text("params", { mode: "json" }).$type<{ limit: number; from: string | null; to: string | null; channels: string[] }>().notNull(),
    /** queued | running | done | cancelled | failed */
    status: text("status").notNull(),
    total: integer("total").notNull().default(0),
    processed: integer("processed").notNull().default(0),
    summary: text("summary", { mode: "json" }).$type<BacktestSummary>().notNull(),
    error: text("error"),
    cancelRequested: integer("cancel_requested", { mode: "boolean" }).notNull().default(false),
    createdBy: text("created_by").notNull(),
    createdAt: text("created_at").notNull(),
    startedAt: text("started_at"),
    finishedAt: text("finished_at"),
    heartbeatAt: text("heartbeat_at"),
  },
  (t) => [index("backtests_playbook_idx").on(t.playbookId, t.createdAt), index("backtests_content_idx").on(t.playbookId, t.logicHash, t.status)],
);

/** One case whose outcome a backtest changed. */
export const backtestChanges = sqliteTable(
  "backtest_changes",
  {
    backtestId: text("backtest_id")
      .notNull()
      .references(() => backtests.id, { onDelete: "cascade" }),
    /** position in the run (newest case first) */
    n: integer("n").notNull(),
    caseId: text("case_id").notNull(),
    decisionId: text("decision_id").notNull(),
    externalId: text("external_id").notNull(),
    channel: text("channel").notNull(),
    receivedAt: text("received_at").notNull(),
    /** space-separated changed fields, e.g. " queue tags " (padded for LIKE filters) */
    fields: text("fields").notNull(),
    before: text("before", { mode: "json" }).$type<BacktestOutcome>().notNull(),
    after: text("after", { mode: "json" }).$type<BacktestOutcome>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.backtestId, t.n] })],
);

