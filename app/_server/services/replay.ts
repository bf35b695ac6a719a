// Replay: re-run a stored decision's recorded facts against the exact playbook versions it recorded,
// and say whether today's engine gives the same answer. Nothing is written.
import { prng } from "@/engine/prng";
import { count, eq, inArray, max } from "drizzle-orm";
import { Decision, type ReplayDifference, type ReplayResult, type ReplaySampleResult } from "@/schemas";
import { evaluate, type CompiledPlaybook } from "@/engine";
import type { ServiceContext } from "../db/client";
import { decisions } from "../db/schema";
import { NotFoundError, ValidationError } from "../errors";
import { parseStoredDecision } from "./decisions";
import { rebuildCrisisDecision } from "./crisis";
import { compiledVersion } from "./snapshot";

const MAX_DIFFERENCES = 200;

/** Paths that legitimately differ between two runs of the same decision. */
function ignored(path: string): boolean {
  return path === "id" || path === "decidedAt" || path === "trace.timings" || /^trace\.playbooks\[\d+\]\.durationMs$/.test(path);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function child(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  const safe = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
  if (!path) return safe;
  return safe.startsWith('"') ? `${path}[${safe}]` : `${path}.${safe}`;
}

/**
 * Deterministic deep diff of two JSON values: object keys in sorted order, arrays by index. A key
 * whose value is undefined counts as absent (JSON drops it too). Stops after `limit` differences.
 */
export function diffJson(stored: unknown, replayed: unknown, opts: { skip?: (path: string) => boolean; limit?: number } = {}): ReplayDifference[] {
  const out: ReplayDifference[] = [];
  const limit = opts.limit ?? MAX_DIFFERENCES;
  const skip = opts.skip ?? (() => false);
  const add = (path: string, a: unknown, b: unknown) => {
    const d: ReplayDifference = { path };
    if (a !== undefined) d.stored = a as ReplayDifference["stored"];
    if (b !== undefined) d.replayed = b as ReplayDifference["replayed"];
    out.push(d);
  };
  const walk = (path: string, a: unknown, b: unknown): void => {
    if (out.length >= limit || skip(path)) return;
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) walk(child(path, i), a[i], b[i]);
      return;
    }
    if (isObject(a) && isObject(b)) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
      for (const k of keys) walk(child(path, k), a[k], b[k]);
      return;
    }
    if (a === b || (typeof a === "number" && typeof b === "number" && Object.is(a, b))) return;
    add(path || "(root)", a, b);
  };
  walk("", stored, replayed);
  return out;
}

/** Timings are all zero in a replay: only the answer matters, not how long it took. */
const frozenClock = (at: string) => ({ now: () => new Date(at), perf: () => 0 });

/** Replay one stored decision (already parsed). */
export function replayStored(ctx: ServiceContext, stored: Decision): ReplayResult {
  const playbooks: CompiledPlaybook[] = [];
  for (const ref of stored.playbooks) {
    let c: CompiledPlaybook | null;
    try {
      c = compiledVersion(ctx, ref.versionId);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      return { decisionId: stored.id, identical: false, differences: [], error: `playbook ${ref.playbookId} v${ref.version} (${ref.versionId}) no longer compiles: ${why}` };
    }
    if (!c) return { decisionId: stored.id, identical: false, differences: [], error: `playbook ${ref.playbookId} v${ref.version} (${ref.versionId}) is not in the database` };
    playbooks.push(c);
  }
  // A crisis change is not a rules evaluation: its level is worked out again from the recorded window count.
  const crisis = rebuildCrisisDecision(ctx, stored);
  if (typeof crisis === "string") return { decisionId: stored.id, identical: false, differences: [], error: crisis };
  if (crisis) {
    const differences = diffJson(stored, crisis, { skip: ignored });
    return { decisionId: stored.id, identical: differences.length === 0, differences };
  }
  // What an event or a ladder step was about is input, like the facts: kept as stored.
  const replayed = Decision.parse({
    ...evaluate({
      decisionId: stored.id,
      ...(stored.caseId !== undefined ? { caseId: stored.caseId } : {}),
      subject: stored.subject,
      facts: stored.trace.facts,
      factsMs: 0,
      playbooks,
      clock: frozenClock(stored.decidedAt),
    }),
    ...(stored.context !== undefined ? { context: stored.context } : {}),
  });
  const differences = diffJson(stored, replayed, { skip: ignored });
  return { decisionId: stored.id, identical: differences.length === 0, differences };
}

export function replayDecision(ctx: ServiceContext, decisionId: string): ReplayResult {
  const row = ctx.db.select({ decision: decisions.decision }).from(decisions).where(eq(decisions.id, decisionId)).get();
  if (!row) throw new NotFoundError("decision", decisionId);
  let stored: Decision;
  try {
    stored = parseStoredDecision(row.decision);
  } catch (e) {
    return { decisionId, identical: false, differences: [], error: `the stored decision cannot be read: ${e instanceof Error ? e.message : String(e)}` };
  }
  return replayStored(ctx, stored);
}


/**
 * The sample: `size` distinct chain positions in 1..untilSeq drawn with the seed (Floyd's algorithm),
 * in ascending order. Positions are the seqs Pauta assigned (1, 2, 3… without gaps).
 */
function samplePositions(size: number, untilSeq: number, seed: number): number[] {
  const n = untilSeq;
  if (size >= n) return Array.from({ length: n }, (_, i) => i + 1);
  const rnd = prng(seed);
  const chosen = new Set<number>();
  for (let j = n - size + 1; j <= n; j++) {
    const t = 1 + Math.floor(rnd() * j);
    chosen.add(chosen.has(t) ? j : t);
  }
  return [...chosen].sort((a, b) => a - b);
}

export const SAMPLE_CHUNK_MAX = 500;

/**
 * Replay a random sample of all decisions. Chunked for progress bars: pass back seed and untilSeq
 * with `offset` = the previous answer's nextOffset; the same seed over the same log is the same sample.
 */
export function replaySample(
  ctx: ServiceContext,
  input: { size: number; seed?: number; untilSeq?: number; offset?: number; limit?: number },
): ReplaySampleResult {
  if (!Number.isInteger(input.size) || input.size < 1 || input.size > 10_000)
    throw new ValidationError("invalid sample", [{ path: "size", message: "a whole number from 1 to 10000" }]);
  const seed = input.seed ?? Math.floor(Math.random() * 2 ** 31);
  const untilSeq = input.untilSeq ?? ctx.db.select({ m: max(decisions.seq) }).from(decisions).get()?.m ?? 0;
  const positions = samplePositions(input.size, untilSeq, seed);
  const offset = Math.max(0, input.offset ?? 0);
  const limit = input.limit ?? positions.length;
  const slice = positions.slice(offset, offset + limit);
  const result: ReplaySampleResult = { seed, untilSeq, sampled: positions.length, checked: 0, identical: 0, different: 0, differentIds: [], nextOffset: null };
  for (let i = 0; i < slice.length; i += SAMPLE_CHUNK_MAX) {
    const part = slice.slice(i, i + SAMPLE_CHUNK_MAX);
    const rows = ctx.db.select({ seq: decisions.seq, id: decisions.id, decision: decisions.decision }).from(decisions).where(inArray(decisions.seq, part)).all();
    const bySeq = new Map(rows.map((r) => [r.seq, r]));
    for (const seq of part) {
      const row = bySeq.get(seq);
      result.checked++;
      if (!row) {
        // A drawn position with no row: the log lost it (chain verification says more).
        result.different++;
        result.differentIds.push(`seq:${seq}`);
        continue;
      }
      let identical: boolean;
      try {
        identical = replayStored(ctx, parseStoredDecision(row.decision)).identical;
      } catch {
        identical = false;
      }
      if (identical) result.identical++;
      else {
        result.different++;
        result.differentIds.push(row.id);
      }
    }
  }
  const next = offset + slice.length;
  result.nextOffset = next < positions.length ? next : null;
  return result;
}

/** How many decisions there are (for the sample size field's maximum). */
export function countDecisions(ctx: ServiceContext): number {
  return ctx.db.select({ n: count() }).from(decisions).get()?.n ?? 0;
}
