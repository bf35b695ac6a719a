import { index, integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { cases } from "./cases";

/**
 * One SLA clock of a case (first response, next response or resolution), pinned to the escalation
 * playbook version whose policy it follows. Time is SLA time: business milliseconds for a
 * business-time policy. `elapsedMs` is what was consumed before the current running segment.
 */
export const slaClocks = sqliteTable(
  "sla_clocks",
  {
    id: text("id").primaryKey(),
    caseId: text("case_id")
      .notNull()
      .references(() => cases.id),
    playbookId: text("playbook_id").notNull(),
    versionId: text("version_id").notNull(),
    policyId: text("policy_id").notNull(),
    /** first_response | next_response | resolution */
    metric: text("metric").notNull(),
    /** business | calendar */
    time: text("time").notNull(),
    calendarId: text("calendar_id"),
    targetMinutes: real("target_minutes").notNull(),
    /** running | paused | stopped */
    status: text("status").notNull(),
    startedAt: text("started_at").notNull(),
    /** when the current running segment began; null while paused or stopped */
    segmentStartedAt: text("segment_started_at"),
    elapsedMs: real("elapsed_ms").notNull().default(0),
    /** when it breaches if it keeps running; null while paused or stopped */
    dueAt: text("due_at"),
    breachedAt: text("breached_at"),
    stoppedAt: text("stopped_at"),
    /** stopped: 1 when within target */
    met: integer("met", { mode: "boolean" }),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("sla_clocks_case_idx").on(t.caseId, t.metric, t.status), index("sla_clocks_status_idx").on(t.status, t.dueAt)],
);
