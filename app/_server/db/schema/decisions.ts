import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { cases } from "./cases";

/** Append-only and hash-chained: hash = sha256(prev_hash + canonical JSON of the row's content). */
export const decisions = sqliteTable(
  "decisions",
  {
    /** chain order and cursor; assigned inside the writing transaction */
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
  },
  (t) => [index("decisions_case_idx").on(t.caseId), index("decisions_decided_at_idx").on(t.decidedAt), index("decisions_queue_idx").on(t.queue)],
);

/** Which rules fired in a decision, for `rule=` filters. */
export const decisionRules = sqliteTable(
  "decision_rules",
  {
    decisionSeq: integer("decision_seq")
      .notNull()
      .references(() => decisions.seq),
    playbookId: text("playbook_id").notNull(),
    ruleId: text("rule_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.decisionSeq, t.playbookId, t.ruleId] }), index("decision_rules_rule_idx").on(t.playbookId, t.ruleId, t.decisionSeq)],
);

/** Which playbook versions a decision ran, for `playbook=` filters (also when none of its rules fired). */
export const decisionPlaybooks = sqliteTable(
  "decision_playbooks",
  {
    decisionSeq: integer("decision_seq")
      .notNull()
      .references(() => decisions.seq),
    playbookId: text("playbook_id").notNull(),
    versionId: text("version_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.decisionSeq, t.playbookId] }), index("decision_playbooks_playbook_idx").on(t.playbookId, t.decisionSeq)],
);
