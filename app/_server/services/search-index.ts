import { asc, eq, gt } from "drizzle-orm";
import type { Decision } from "@/schemas";
import type { ServiceContext } from "../db/client";
import type { Exec } from "../db/tx";
import { placeholders, prepared } from "../db/prepared";
import { decisionPlaybooks, decisionRules, decisionTags, decisions } from "../db/schema";
import { parseStoredDecision } from "./decisions";
import { readSetting, writeSetting } from "./settings";

function str(v: unknown): string | null {
  return typeof v === "string" && v !== "" ? v : null;
}

/**
 * The search index of a decision, all derived from its (hashed) JSON, so a verifier or a re-index can
 * recompute it from the chain alone. Rules are every rule the decision evaluated (fired, not_fired or
 * error); disabled and skipped rules were not evaluated and are left out.
 */
export function searchIndexOf(decision: Decision): {
  columns: { channel: string | null; externalId: string | null; customerId: string | null };
  rules: { playbookId: string; ruleId: string; fired: boolean }[];
  playbooks: { playbookId: string; versionId: string }[];
  tags: string[];
} {
  const facts = decision.trace.facts;
  const customer = facts.customer;
  const customerId = customer && typeof customer === "object" && !Array.isArray(customer) ? str(customer.id) : null;
  const rules = new Map<string, { playbookId: string; ruleId: string; fired: boolean }>();
  for (const p of decision.trace.playbooks)
    for (const r of p.rules)
      if (r.status === "fired" || r.status === "not_fired" || r.status === "error") {
        const key = `${p.playbookId}\u0000${r.ruleId}`;
        rules.set(key, { playbookId: p.playbookId, ruleId: r.ruleId, fired: (rules.get(key)?.fired ?? false) || r.status === "fired" });
      }
  // firedRules is the decision's own answer; the trace agrees with it, but the answer wins.
  for (const f of decision.firedRules) rules.set(`${f.playbookId}\u0000${f.ruleId}`, { ...f, fired: true });
  const playbooks = new Map(decision.playbooks.map((p) => [p.playbookId, { playbookId: p.playbookId, versionId: p.versionId }]));
  return {
    columns: { channel: str(facts.channel), externalId: str(facts.externalId), customerId },
    rules: [...rules.values()],
    playbooks: [...playbooks.values()],
    tags: [...new Set(decision.outcome.tags)],
  };
}

// One row per statement: the number of rules, playbooks and tags varies, a prepared statement's does not.
const rowStatements = (db: Exec) => ({
  rule: db.insert(decisionRules).values(placeholders(["decisionSeq", "decidedAt", "playbookId", "ruleId", "fired"])).prepare(),
  playbook: db.insert(decisionPlaybooks).values(placeholders(["decisionSeq", "decidedAt", "playbookId", "versionId"])).prepare(),
  tag: db.insert(decisionTags).values(placeholders(["decisionSeq", "decidedAt", "tag"])).prepare(),
});

/** The index-table rows of one decision (its decisions row carries the columns). Call in the writing transaction. */
export function writeSearchRows(tx: Exec, seq: number, decision: Decision, search = searchIndexOf(decision)): void {
  const statements = prepared(tx, rowStatements);
  const at = { decisionSeq: seq, decidedAt: decision.decidedAt };
  for (const r of search.rules) statements.rule.run({ ...at, ...r });
  for (const p of search.playbooks) statements.playbook.run({ ...at, ...p });
  for (const tag of search.tags) statements.tag.run({ ...at, tag });
}

/** Bump when searchIndexOf changes: the next start rebuilds the index of every stored decision. */
export const SEARCH_INDEX_VERSION = "1";
const SEARCH_INDEX_KEY = "search_index_version";
const BATCH = 500;

/**
 * Rebuild the search index of decisions stored before it existed (or under an older version of it),
 * from each decision's JSON, in batches of short transactions so intake keeps flowing. Only the
 * derived columns and tables change: the hashed columns and the chain are untouched. Returns how many
 * decisions were re-indexed (0 when the index is current).
 */
export function reindexDecisionSearch(ctx: ServiceContext): number {
  if (readSetting(ctx.db, SEARCH_INDEX_KEY) === SEARCH_INDEX_VERSION) return 0;
  let lastSeq = 0;
  let done = 0;
  for (;;) {
    const n = ctx.db.transaction(
      (tx) => {
        const rows = tx.select({ seq: decisions.seq, decision: decisions.decision }).from(decisions).where(gt(decisions.seq, lastSeq)).orderBy(asc(decisions.seq)).limit(BATCH).all();
        for (const row of rows) {
          lastSeq = row.seq;
          let decision: Decision;
          try {
            decision = parseStoredDecision(row.decision);
          } catch {
            // An unreadable row is the chain verifier's finding to report; the index just skips it.
            continue;
          }
          tx.update(decisions).set(searchIndexOf(decision).columns).where(eq(decisions.seq, row.seq)).run();
          tx.delete(decisionRules).where(eq(decisionRules.decisionSeq, row.seq)).run();
          tx.delete(decisionPlaybooks).where(eq(decisionPlaybooks.decisionSeq, row.seq)).run();
          tx.delete(decisionTags).where(eq(decisionTags.decisionSeq, row.seq)).run();
          writeSearchRows(tx, row.seq, decision);
        }
        return rows.length;
      },
      { behavior: "immediate" },
    );
    done += n;
    if (n < BATCH) break;
  }
  writeSetting(ctx.db, SEARCH_INDEX_KEY, SEARCH_INDEX_VERSION);
  return done;
}
