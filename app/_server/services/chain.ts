import { asc, desc, eq, gt, max } from "drizzle-orm";
import type { Decision, VerifyRangeResult, VerifyResult } from "@/schemas";
import type { ServiceContext } from "../db/client";
import type { Exec } from "../db/tx";
import { placeholders, prepared } from "../db/prepared";
import { decisions } from "../db/schema";
import { ValidationError } from "../errors";
import { canonicalJson, sha256 } from "./hash";
import { searchIndexOf, writeSearchRows } from "./search-index";
import { CHAIN_HEAD, readSetting, writeSetting } from "./settings";

export const GENESIS_HASH = "0".repeat(64);

type DecisionRow = typeof decisions.$inferSelect;
/** The hashed columns; the search columns are derived from the decision JSON and not hashed themselves. */
export type HashedRow = Pick<DecisionRow, "seq" | "id" | "caseId" | "subject" | "decidedAt" | "matched" | "partial" | "queue" | "priority" | "decision">;

/** What a row's hash covers: every column but the hashes, with the decision as parsed JSON. */
export function rowContent(row: HashedRow): Record<string, unknown> {
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

export function chainHash(prevHash: string, row: HashedRow): string {
  return sha256(prevHash + canonicalJson(rowContent(row)));
}

const appendStatements = (db: Exec) => ({
  head: db.select({ seq: decisions.seq, hash: decisions.hash }).from(decisions).orderBy(desc(decisions.seq)).limit(1).prepare(),
  insert: db
    .insert(decisions)
    .values(placeholders(["seq", "id", "caseId", "subject", "decidedAt", "matched", "partial", "queue", "priority", "decision", "prevHash", "hash", "channel", "externalId", "customerId"]))
    .prepare(),
});

/** Append a decision at the chain head. Call inside an immediate transaction so processes serialize here. */
export function appendDecision(tx: Exec, decision: Decision): { seq: number; hash: string } {
  const statements = prepared(tx, appendStatements);
  const head = statements.head.get();
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
  const search = searchIndexOf(decision);
  statements.insert.run({ ...row, prevHash, hash, ...search.columns });
  writeSearchRows(tx, row.seq, decision, search);
  writeSetting(tx, CHAIN_HEAD, `${row.seq}:${hash}`);
  return { seq: row.seq, hash };
}

const PAGE = 500;

/** What a walk over part of the chain found. `bad` is set at the first row that does not match. */
interface Walk {
  checked: number;
  lastSeq: number;
  prev: string;
  bad?: { id?: string; seq?: number; reason: string };
  /** no row left after lastSeq */
  end: boolean;
}

function parseHead(head: string | undefined): { seq: number; hash: string } | null {
  const m = head ? /^(\d+):([0-9a-f]{64})$/.exec(head) : null;
  return m ? { seq: Number(m[1]), hash: m[2]! } : null;
}

/**
 * Check up to `limit` rows after `lastSeq`, the previous row's hash being `prev`. Pauta assigns seq
 * 1, 2, 3… with no gaps and never deletes, so a gap, a broken link, a changed content and a row past
 * the recorded head are each tampering. At the end of the chain the recorded head must match.
 */
function walk(tx: Exec, from: { lastSeq: number; prev: string }, limit: number): Walk {
  const head = parseHead(readSetting(tx, CHAIN_HEAD));
  let { lastSeq, prev } = from;
  let checked = 0;
  // From the start of the chain, read every row, even one forged below seq 1.
  let floor = lastSeq === 0 ? Number.MIN_SAFE_INTEGER : lastSeq;
  while (checked < limit) {
    const want = Math.min(PAGE, limit - checked);
    const rows = tx
      .select()
      .from(decisions)
      .where(gt(decisions.seq, floor))
      .orderBy(asc(decisions.seq))
      .limit(want)
      .all();
    for (const row of rows) {
      const at = `decision seq ${row.seq}`;
      const fail = (reason: string): Walk => ({ checked, lastSeq, prev, end: true, bad: { id: row.id, seq: row.seq, reason: `${at}: ${reason}` } });
      if (row.prevHash !== prev) return fail("prev_hash does not match the previous row's hash (a row was removed or inserted before it)");
      if (row.seq !== lastSeq + 1)
        return fail(`expected seq ${lastSeq + 1} after seq ${lastSeq} (a row was removed or inserted before it)`);
      let expected: string;
      try {
        expected = chainHash(row.prevHash, row);
      } catch {
        return fail("the stored decision is not valid JSON");
      }
      if (expected !== row.hash) return fail("content does not match its hash (the row was altered)");
      if (!head || row.seq > head.seq) return fail(`the row is past the recorded chain head (${head ? `seq ${head.seq}` : "none"}): it was added outside Pauta`);
      // The search columns are not hashed but derived from the hashed decision: an edited one would mislead searches.
      const derived = searchIndexOf(JSON.parse(row.decision) as Decision).columns;
      if (derived.channel !== row.channel || derived.externalId !== row.externalId || derived.customerId !== row.customerId)
        return fail("its search columns (channel, external_id, customer_id) differ from the hashed decision (the row's index was altered)");
      prev = row.hash;
      lastSeq = floor = row.seq;
      checked++;
    }
    if (rows.length < want) {
      // End of the chain: the recorded head must be the last row (else rows were cut from the end).
      const actual = lastSeq > 0 ? { seq: lastSeq, hash: prev } : null;
      if (head?.seq !== actual?.seq || head?.hash !== actual?.hash)
        return {
          checked,
          lastSeq,
          prev,
          end: true,
          bad: { reason: `the chain ends at seq ${lastSeq} but the recorded head is ${head ? `seq ${head.seq}` : "missing"} (rows were removed from or added to the end outside Pauta)` },
        };
      return { checked, lastSeq, prev, end: true };
    }
  }
  return { checked, lastSeq, prev, end: false };
}

function asResult(w: Walk): VerifyResult {
  if (!w.bad) return { ok: true, checked: w.checked };
  return {
    ok: false,
    checked: w.checked,
    ...(w.bad.id ? { firstBadId: w.bad.id } : {}),
    ...(w.bad.seq !== undefined ? { firstBadSeq: w.bad.seq } : {}),
    reason: w.bad.reason,
  };
}

/** Walk every decision in seq order; name the first row whose content or link does not match. */
export function verifyChain(ctx: ServiceContext): VerifyResult {
  // One read transaction: a consistent snapshot even while cases keep arriving.
  return ctx.db.transaction((tx) => asResult(walk(tx, { lastSeq: 0, prev: GENESIS_HASH }, Number.MAX_SAFE_INTEGER)));
}

/**
 * One chunk of a resumable verification, for progress bars: check up to `limit` rows from `fromSeq`,
 * continuing from `prevHash` (the previous chunk's answer). Each chunk is its own consistent snapshot;
 * carrying prevHash makes the chunks link up exactly as one walk would.
 */
export function verifyChainRange(ctx: ServiceContext, input: { fromSeq?: number; limit: number; prevHash?: string }): VerifyRangeResult {
  return ctx.db.transaction((tx) => {
    const fromSeq = Math.max(input.fromSeq ?? 1, 1);
    // The last seq, not count(*): O(1) on the primary key, and equal to the count in an intact log (seqs are 1…n).
    const total = tx.select({ n: max(decisions.seq) }).from(decisions).get()?.n ?? 0;
    let prev = input.prevHash;
    if (prev === undefined) {
      // No carried hash: start from what the row before fromSeq says about itself.
      const before = fromSeq > 1 ? tx.select({ hash: decisions.hash }).from(decisions).where(eq(decisions.seq, fromSeq - 1)).get() : undefined;
      if (fromSeq > 1 && !before)
        throw new ValidationError("nothing to continue from", [{ path: "fromSeq", message: `there is no decision at seq ${fromSeq - 1}: pass the previous chunk's prevHash, or start at fromSeq 1` }]);
      prev = before?.hash ?? GENESIS_HASH;
    }
    const w = walk(tx, { lastSeq: fromSeq - 1, prev }, input.limit);
    return { ...asResult(w), total, done: w.end, nextSeq: w.end ? null : w.lastSeq + 1, prevHash: w.prev };
  });
}
