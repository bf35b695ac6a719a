import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Crisis detectors' sliding windows: one row per case a detector counted. Counting rows in the
 * database (not in memory) is what lets several processes agree on a window.
 */
export const crisisHits = sqliteTable(
  "crisis_hits",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    playbookId: text("playbook_id").notNull(),
    detectorId: text("detector_id").notNull(),
    caseId: text("case_id").notNull(),
    at: text("at").notNull(),
    /** UTC hour of `at` (0–23): relative thresholds compare with the usual count at that hour */
    hour: integer("hour").notNull(),
  },
  (t) => [index("crisis_hits_window_idx").on(t.playbookId, t.detectorId, t.at), index("crisis_hits_hour_idx").on(t.playbookId, t.detectorId, t.hour, t.at)],
);

/** A crisis: raised by a detector, at most one active per crisis playbook. */
export const crisisIncidents = sqliteTable(
  "crisis_incidents",
  {
    id: text("id").primaryKey(),
    playbookId: text("playbook_id").notNull(),
    versionId: text("version_id").notNull(),
    detectorId: text("detector_id").notNull(),
    level: integer("level").notNull(),
    /** active | resolved | expired */
    status: text("status").notNull(),
    raisedAt: text("raised_at").notNull(),
    /** the case whose arrival crossed the threshold */
    caseId: text("case_id"),
    windowCount: integer("window_count").notNull(),
    /** the incident ends by itself at this time (the level's duration), unless resolved first */
    endsAt: text("ends_at"),
    endedAt: text("ended_at"),
    resolvedBy: text("resolved_by"),
    resolution: text("resolution"),
  },
  (t) => [index("crisis_incidents_status_idx").on(t.status, t.playbookId), index("crisis_incidents_raised_idx").on(t.raisedAt)],
);

/** The incident's protocol as a checklist: identification, quantification, mitigation, reporting. */
export const crisisChecklist = sqliteTable(
  "crisis_checklist",
  {
    incidentId: text("incident_id")
      .notNull()
      .references(() => crisisIncidents.id),
    itemId: text("item_id").notNull(),
    position: integer("position").notNull(),
    phase: text("phase").notNull(),
    title: text("title").notNull(),
    owner: text("owner").notNull(),
    /** the level that added the item (a raised level adds its own protocol) */
    level: integer("level").notNull(),
    doneAt: text("done_at"),
    doneBy: text("done_by"),
    note: text("note"),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.itemId] })],
);
