import { asc, desc, gt } from "drizzle-orm";
import type { Decision, VerifyResult } from "@/schemas";
import type { ServiceContext } from "../db/client";
import type { Exec } from "../db/tx";
import { decisionPlaybooks, decisionRules, decisions } from "../db/schema";
import { canonicalJson, sha256 } from "./hash";
import { CHAIN_HEAD, readSetting, writeSetting } from "./settings";

export const GENESIS_HASH = "0".repeat(64);

type DecisionRow = typeof decisions.$inferSelect;

/** What a row's hash covers: every column but the hashes, with the decision as parsed JSON. */
function rowContent(row: Omit<DecisionRow, "hash" | "prevHash">): unknown {
  return {
    seq: row.seq,
    id: row.id,
    caseId: row.caseId,
    subject: row.subject,
    decidedAt: row.decidedAt,
    matched: row.matched,
    partial: row.partial,
    queue: row.queue,
    priority: row.priority,
    decision: JSON.parse(row.decision) as unknown,
  };
}

export function chainHash(prevHash: string, row: Omit<DecisionRow, "hash" | "prevHash">): string {
  return sha256(prevHash + canonicalJson(rowContent(row)));
}

/** Append a decision at the chain head. Call inside an immediate transaction so processes serialize here. */
export function appendDecision(tx: Exec, decision: Decision): { seq: number; hash: string } {
  const head = tx.select({ seq: decisions.seq, hash: decisions.hash }).from(decisions).orderBy(desc(decisions.seq)).limit(1).get();
  const prevHash = head?.hash ?? GENESIS_HASH;
  const row = {
    seq: (head?.seq ?? 0) + 1,
    id: decision.id,
    caseId: decision.caseId ?? null,
    subject: decision.subject,
    decidedAt: decision.decidedAt,
    matched: decision.matched,
    partial: decision.partial,
    queue: decision.outcome.queue ?? null,
    priority: decision.outcome.priority ?? null,
    decision: JSON.stringify(decision),
  };
  const hash = chainHash(prevHash, row);
  tx.insert(decisions).values({ ...row, prevHash, hash }).run();
  const fired = new Map(decision.firedRules.map((r) => [`${r.playbookId}\u0000${r.ruleId}`, r]));
  if (fired.size) tx.insert(decisionRules).values([...fired.values()].map((r) => ({ decisionSeq: row.seq, ...r }))).run();
  const used = new Map(decision.playbooks.map((p) => [p.playbookId, p]));
  if (used.size)
    tx.insert(decisionPlaybooks)
      .values([...used.values()].map((p) => ({ decisionSeq: row.seq, playbookId: p.playbookId, versionId: p.versionId })))
      .run();
  writeSetting(tx, CHAIN_HEAD, `${row.seq}:${hash}`);
  return { seq: row.seq, hash };
}

const PAGE = 500;

/** Walk every decision in seq order; name the first row whose content or link does not match. */
export function verifyChain(ctx: ServiceContext): VerifyResult {
  // One read transaction: a consistent snapshot even while cases keep arriving.
  return ctx.db.transaction((tx) => {
    let prev = GENESIS_HASH;
    let lastSeq = 0;
    let checked = 0;
    for (;;) {
      const rows = tx.select().from(decisions).where(gt(decisions.seq, lastSeq)).orderBy(asc(decisions.seq)).limit(PAGE).all();
      for (const row of rows) {
        if (row.prevHash !== prev)
          return { ok: false, checked, firstBadId: row.id, reason: `decision seq ${row.seq}: prev_hash does not match the previous row's hash (a row was removed or inserted before it)` };
        let expected: string;
        try {
          expected = chainHash(row.prevHash, row);
        } catch {
          return { ok: false, checked, firstBadId: row.id, reason: `decision seq ${row.seq}: the stored decision is not valid JSON` };
        }
        if (expected !== row.hash) return { ok: false, checked, firstBadId: row.id, reason: `decision seq ${row.seq}: content does not match its hash (the row was altered)` };
        prev = row.hash;
        lastSeq = row.seq;
        checked++;
      }
      if (rows.length < PAGE) break;
    }
    const head = readSetting(tx, CHAIN_HEAD);
    const actual = checked ? `${lastSeq}:${prev}` : undefined;
    if (head !== actual)
      return { ok: false, checked, reason: `the chain ends at seq ${lastSeq} but the recorded head is ${head ? `seq ${head.split(":")[0]}` : "missing"} (rows were removed from or added to the end outside Pauta)` };
    return { ok: true, checked };
  });
}
