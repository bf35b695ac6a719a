import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const playbooks = sqliteTable("playbooks", {
  id: text("id").primaryKey(),
  kind: text("kind").notNull(),
  name: text("name").notNull(),
  description: text("description"),
  createdAt: text("created_at").notNull(),
  updatedAt: text("updated_at").notNull(),
  /** the version cases run against; null until the first publish */
  publishedVersionId: text("published_version_id"),
});

/** Immutable once published: a new document is always a new version. */
export const playbookVersions = sqliteTable(
  "playbook_versions",
  {
    id: text("id").primaryKey(),
    playbookId: text("playbook_id")
      .notNull()
      .references(() => playbooks.id),
    version: integer("version").notNull(),
    state: text("state").notNull(),
    /** the validated PlaybookDocument as JSON */
    document: text("document").notNull(),
    /** sha256 of the canonical JSON of the document: re-importing the same file is a no-op */
    contentHash: text("content_hash").notNull(),
    createdAt: text("created_at").notNull(),
    createdBy: text("created_by").notNull(),
    publishedAt: text("published_at"),
  },
  (t) => [uniqueIndex("playbook_versions_playbook_version_uq").on(t.playbookId, t.version), index("playbook_versions_state_idx").on(t.state)],
);

/**
 * Small named counters and markers: `publish_generation` (bumped by every publish so each process
 * recompiles on its next case) and `chain_head` (seq:hash of the last decision, to detect a removed tail).
 */
export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});
