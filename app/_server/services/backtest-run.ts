// The backtest loop: the newest stored cases (after the filters), each case's recorded facts run
// through the published playbooks and through the same set with the tried version in place of the
// playbook's published one; every case whose outcome differs is stored with both outcomes. Runs in
// a worker thread in the app (backtests.ts) and inline in tests; progress, summary and cancellation
// go through the backtest's row, so any process can show or stop it.
import { and, desc, eq, gte, inArray, lt, lte, or, sql, type SQL } from "drizzle-orm";
import type { BacktestField, BacktestOutcome, BacktestSummary } from "@/schemas/lifecycle";
import { BACKTEST_FIELDS } from "@/schemas/lifecycle";
import type { Outcome } from "@/schemas";
import { compilePlaybook, evaluate, type CompiledPlaybook, type Facts } from "@/engine";
import type { ServiceContext } from "../db/client";
import { withoutIndex } from "../db/dialect";
import { backtestChanges, backtests, cases, decisions } from "../db/schema";
import { compiledVersion, publishedPlaybooks } from "./snapshot";
import { parseDocument } from "./version-rows";

export const BACKTEST_BATCH = 500;

export function emptySummary(): BacktestSummary {
  return { compared: 0, changed: 0, byField: Object.fromEntries(BACKTEST_FIELDS.map((f) => [f, 0])) as Record<BacktestField, number>, queueMoves: [], errors: 0 };
}

const sorted = (xs: readonly string[]) => [...new Set(xs)].sort();

/** The compared part of an outcome (lists as sorted sets: their order means nothing). */
export function projectOutcome(o: Outcome): BacktestOutcome {
  return {
    queue: o.queue ?? null,
    team: o.team ?? null,
    priority: o.priority ?? null,
    tags: sorted(o.tags),
    skills: sorted(o.skills),
    slaPolicy: o.slaPolicy ?? null,
    autoReply: o.autoReply?.text ?? null,
    notifications: sorted(o.notifications.map((n) => n.target)),
  };
}

/** The fields in which two projected outcomes differ. */
export function changedFields(a: BacktestOutcome, b: BacktestOutcome): BacktestField[] {
  return BACKTEST_FIELDS.filter((f) => JSON.stringify(a[f]) !== JSON.stringify(b[f]));
}

type Row = { caseId: string; receivedAt: string; externalId: string; channel: string; decisionId: string; decision: string };

/** Runs the backtest whose row is `id` (status queued) to its end: done, cancelled or failed. */
export function runBacktest(ctx: ServiceContext, id: string, opts: { batch?: number; clock?: () => Date } = {}): string {
  const now = opts.clock ?? (() => new Date());
  const batch = opts.batch ?? BACKTEST_BATCH;
  const bt = ctx.db.select().from(backtests).where(eq(backtests.id, id)).get();
  if (!bt || bt.status !== "queued") return bt?.status ?? "missing";
  const started = now().toISOString();
  ctx.db.update(backtests).set({ status: "running", startedAt: started, heartbeatAt: started }).where(eq(backtests.id, id)).run();
  try {
    return loop(ctx, bt, batch, now);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    ctx.db.update(backtests).set({ status: "failed", error: message, finishedAt: now().toISOString() }).where(eq(backtests.id, id)).run();
    return "failed";
  }
}

function loop(ctx: ServiceContext, bt: typeof backtests.$inferSelect, batch: number, now: () => Date): string {
  // The tried version takes the place of the playbook's published one; every other published playbook stays.
  const others = publishedPlaybooks(ctx).filter((p) => p.ref.playbookId !== bt.playbookId);
  const baselineOwn = bt.baselineVersionId ? compiledVersion(ctx, bt.baselineVersionId) : null;
  const tried = compilePlaybook(parseDocument(bt.document), { versionId: bt.sourceVersionId ?? `draft:${bt.playbookId}@${bt.sourceRevision ?? 0}`, version: bt.sourceVersion ?? (bt.baselineVersion ?? 0) + 1 });
  const byId = (list: CompiledPlaybook[]) => list.sort((a, b) => a.ref.playbookId.localeCompare(b.ref.playbookId));
  const baseline = byId([...others, ...(baselineOwn ? [baselineOwn] : [])]);
  const candidate = byId([...others, tried]);

  // Each batch must walk cases newest first on their received_at index, looking each decision up
  // by its case: a cross join (the join condition in the WHERE) keeps cases the outer table, and the
  // channel filter is kept off the channel index. Otherwise SQLite scanned every matching
  // decision, JSON included, and sorted them all again for every batch (minutes for 100,000 cases).
  const where: SQL[] = [eq(decisions.caseId, cases.id), eq(decisions.subject, "case")];
  if (bt.params.from) where.push(gte(cases.receivedAt, new Date(bt.params.from).toISOString()));
  if (bt.params.to) where.push(lt(cases.receivedAt, new Date(bt.params.to).toISOString()));
  if (bt.params.channels.length) where.push(inArray(withoutIndex(cases.channel), bt.params.channels));
  const selected = ctx.db
    .select({ n: sql<number>`count(*)` })
    .from(cases)
    .crossJoin(decisions)
    .where(and(...where))
    .get();
  const total = Math.min(bt.params.limit, selected?.n ?? 0);
  ctx.db.update(backtests).set({ total }).where(eq(backtests.id, bt.id)).run();

  const summary = emptySummary();
  const moves = new Map<string, { from: string | null; to: string | null; count: number }>();
  let processed = 0;
  let cursor: { receivedAt: string; caseId: string } | null = null;
  while (processed < total) {
    const page: Row[] = ctx.db
      .select({ caseId: cases.id, receivedAt: cases.receivedAt, externalId: cases.externalId, channel: cases.channel, decisionId: decisions.id, decision: decisions.decision })
      .from(cases)
      .crossJoin(decisions)
      .where(and(...where, cursor ? and(lte(cases.receivedAt, cursor.receivedAt), or(lt(cases.receivedAt, cursor.receivedAt), lt(cases.id, cursor.caseId))) : undefined))
      .orderBy(desc(cases.receivedAt), desc(cases.id))
      .limit(Math.min(batch, total - processed))
      .all();
    if (page.length === 0) break;
    const changes: (typeof backtestChanges.$inferInsert)[] = [];
    for (const [i, r] of page.entries()) {
      const stored = JSON.parse(r.decision) as { decidedAt: string; trace: { facts: Facts } };
      const clock = { now: () => new Date(stored.decidedAt), perf: () => 0 };
      const common = { decisionId: r.decisionId, caseId: r.caseId, subject: "case" as const, facts: stored.trace.facts, factsMs: 0, clock };
      const before = evaluate({ ...common, playbooks: baseline });
      const after = evaluate({ ...common, playbooks: candidate });
      const a = projectOutcome(before.outcome);
      const b = projectOutcome(after.outcome);
      const fields = changedFields(a, b);
      summary.compared++;
      if (after.errors.some((e) => e.playbookId === bt.playbookId)) summary.errors++;
      if (fields.length) {
        summary.changed++;
        for (const f of fields) summary.byField[f]++;
        if (fields.includes("queue")) {
          const key = `${a.queue}\u0000${b.queue}`;
          const m = moves.get(key) ?? { from: a.queue, to: b.queue, count: 0 };
          m.count++;
          moves.set(key, m);
        }
        changes.push({ backtestId: bt.id, n: processed + i + 1, caseId: r.caseId, decisionId: r.decisionId, externalId: r.externalId, channel: r.channel, receivedAt: r.receivedAt, fields: ` ${fields.join(" ")} `, before: a, after: b });
      }
    }
    processed += page.length;
    const last = page[page.length - 1]!;
    cursor = { receivedAt: last.receivedAt, caseId: last.caseId };
    summary.queueMoves = [...moves.values()].sort((x, y) => y.count - x.count || String(x.to).localeCompare(String(y.to))).slice(0, 10);
    const cancelled = ctx.db.transaction(
      (tx) => {
        if (changes.length) tx.insert(backtestChanges).values(changes).run();
        const flag = tx.select({ cancel: backtests.cancelRequested }).from(backtests).where(eq(backtests.id, bt.id)).get();
        tx.update(backtests).set({ processed, summary, heartbeatAt: now().toISOString() }).where(eq(backtests.id, bt.id)).run();
        return !!flag?.cancel;
      },
      { behavior: "immediate" },
    );
    if (cancelled) {
      ctx.db.update(backtests).set({ status: "cancelled", finishedAt: now().toISOString() }).where(eq(backtests.id, bt.id)).run();
      return "cancelled";
    }
  }
  ctx.db.update(backtests).set({ status: "done", total: processed, processed, summary, finishedAt: now().toISOString(), heartbeatAt: now().toISOString() }).where(eq(backtests.id, bt.id)).run();
  return "done";
}
