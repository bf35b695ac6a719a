import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { cases } from "./cases";

/**
 * Append-only and hash-chained: hash = sha256(prev_hash + canonical JSON of the row's content).
 *
 * Search columns and tables (channel, external_id, customer_id here; decision_rules, decision_tags,
 * decision_playbooks) are an index derived from the hashed decision JSON at write time, in the same
 * transaction. Every search index leads with its filter and ends with (decided_at, seq): results are
 * newest first by (decided_at, seq), so a filter plus a date range is one index range scan.
 */
export const decisions = sqliteTable(
  "decisions",
  {
    /** chain order; assigned inside the writing transaction */
    seq: integer("seq").primaryKey(),
    id: text("id").notNull().unique(),
    caseId: text("case_id").references(() => cases.id),
    subject: text("subject").notNull(),
    decidedAt: text("decided_at").notNull(),
    matched: integer("matched", { mode: "boolean" }).notNull(),
    partial: integer("partial", { mode: "boolean" }).notNull(),
    queue: text("queue"),
    priority: text("priority"),
    /** the full Decision (with its trace) as JSON */
    decision: text("decision").notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
    /** search copies of the facts channel, externalId and customer.id (null when the decision had none) */
    channel: text("channel"),
    externalId: text("external_id"),
    customerId: text("customer_id"),
  },
  (t) => [
    index("decisions_case_idx").on(t.caseId),
    index("decisions_decided_at_idx").on(t.decidedAt, t.seq),
    index("decisions_queue_idx").on(t.queue, t.decidedAt, t.seq),
    index("decisions_priority_idx").on(t.priority, t.decidedAt, t.seq),
    index("decisions_partial_idx").on(t.partial, t.decidedAt, t.seq),
    index("decisions_channel_idx").on(t.channel, t.decidedAt, t.seq),
    index("decisions_external_id_idx").on(t.externalId),
    index("decisions_customer_idx").on(t.customerId, t.decidedAt, t.seq),
  ],
);

/** Every rule a decision evaluated (status fired, not_fired or error), for "rule fired" and "rule did not fire" filters. */
export const decisionRules = sqliteTable(
  "decision_rules",
  {
    decisionSeq: integer("decision_seq")
      .notNull()
      .references(() => decisions.seq),
    playbookId: text("playbook_id").notNull(),
    ruleId: text("rule_id").notNull(),
    /** true when the rule fired; false when it was evaluated and did not (false conditions or an error) */
    fired: integer("fired", { mode: "boolean" }).notNull().default(true),
    decidedAt: text("decided_at").notNull().default(""),
  },
  (t) => [
    primaryKey({ columns: [t.decisionSeq, t.playbookId, t.ruleId] }),
    index("decision_rules_rule_idx").on(t.ruleId, t.fired, t.decidedAt, t.decisionSeq),
  ],
);

/** Which playbook versions a decision ran, for playbook and version filters (also when none of its rules fired). */
export const decisionPlaybooks = sqliteTable(
  "decision_playbooks",
  {
    decisionSeq: integer("decision_seq")
      .notNull()
      .references(() => decisions.seq),
    playbookId: text("playbook_id").notNull(),
    versionId: text("version_id").notNull(),
    decidedAt: text("decided_at").notNull().default(""),
  },
  (t) => [
    primaryKey({ columns: [t.decisionSeq, t.playbookId] }),
    index("decision_playbooks_playbook_idx").on(t.playbookId, t.decidedAt, t.decisionSeq),
    index("decision_playbooks_version_idx").on(t.versionId, t.decidedAt, t.decisionSeq),
  ],
);

/** The outcome's tags, for tag filters. */
export const decisionTags = sqliteTable(
  "decision_tags",
  {
    decisionSeq: integer("decision_seq")
      .notNull()
      .references(() => decisions.seq),
    tag: text("tag").notNull(),
    decidedAt: text("decided_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.decisionSeq, t.tag] }), index("decision_tags_tag_idx").on(t.tag, t.decidedAt, t.decisionSeq)],
);
