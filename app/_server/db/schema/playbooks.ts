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
    /** the newest time this version went live (the publish log has every time) */
    publishedAt: text("published_at"),
    /** the author's note: what changed and why */
    comment: text("comment"),
  },
  (t) => [uniqueIndex("playbook_versions_playbook_version_uq").on(t.playbookId, t.version), index("playbook_versions_state_idx").on(t.state)],
);

/**
 * Small named counters and markers: `publish_generation` (bumped by every publish so each process
 * recompiles on its next case), `chain_head` (seq:hash of the last decision, to detect a removed
 * tail) and the workspace settings (`workspace.*`).
 */
export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

/**
 * The shared working copy of a playbook on the canvas: one per playbook, saved with optimistic
 * concurrency (a save names the revision it started from; a save over a newer one is refused).
 * Drafts never route cases: publishing compiles the draft into a new immutable version.
 */
export const playbookDrafts = sqliteTable("playbook_drafts", {
  playbookId: text("playbook_id")
    .primaryKey()
    .references(() => playbooks.id),
  /** 1 for the first save, +1 per save */
  revision: integer("revision").notNull(),
  /** the version this draft started from (the newest one when it was first saved, or the one it was last published as); null for a new playbook */
  baseVersion: integer("base_version"),
  /** the FlowDocument as JSON (parsed with its schema when read) */
  document: text("document").notNull(),
  updatedAt: text("updated_at").notNull(),
  /** the audit actor string of the last saver ("user:<email>" or "api_key:<prefix>") */
  updatedBy: text("updated_by").notNull(),
});
