// Backtests (what-if): start one on a draft or a version, follow its progress, list the cases it
// changed, cancel it. The run itself (backtest-run.ts) happens in a worker thread, so the app keeps
// answering while 100,000 cases are replayed.
import { randomUUID } from "node:crypto";
import { Worker } from "node:worker_threads";
import { and, asc, desc, eq, gt, inArray, like } from "drizzle-orm";
import { BacktestChangesQuery, BacktestRequest, type BacktestChangePage, type BacktestInfo, type BacktestStatus } from "@/schemas/lifecycle";
import type { PlaybookDocument } from "@/schemas";
import type { ServiceContext } from "../db/client";
import { env } from "../env";
import type { Exec } from "../db/tx";
import { backtestChanges, backtests } from "../db/schema";
import { ServiceError, ValidationError, zodIssues } from "../errors";
import { emptySummary, runBacktest } from "./backtest-run";
import { savedDraftDocument } from "./drafts";
import { documentHash, logicHash, parseDocument, playbookRowOrThrow, versionRowById, versionRowOrThrow } from "./version-rows";

/** A running backtest that has not reported for this long is shown as stale (its process probably stopped). */
export const BACKTEST_STALE_MS = 60_000;
/** Backtests running at once in one workspace: each takes a core. */
export const MAX_RUNNING_BACKTESTS = 2;

type BacktestRow = typeof backtests.$inferSelect;

export function toBacktestInfo(r: BacktestRow, now = Date.now()): BacktestInfo {
  const stale = (r.status === "running" || r.status === "queued") && Date.parse(r.heartbeatAt ?? r.createdAt) < now - BACKTEST_STALE_MS;
  return {
    id: r.id,
    playbookId: r.playbookId,
    source: r.sourceKind === "draft" ? { draft: true, revision: r.sourceRevision ?? 0 } : { version: r.sourceVersion ?? 0, versionId: r.sourceVersionId ?? "" },
    contentHash: r.contentHash,
    logicHash: r.logicHash,
    baseline: r.baselineVersionId ? { versionId: r.baselineVersionId, version: r.baselineVersion ?? 0 } : null,
    params: { limit: r.params.limit, from: r.params.from, to: r.params.to, channels: r.params.channels as BacktestInfo["params"]["channels"] },
    status: r.status as BacktestStatus,
    total: r.total,
    processed: r.processed,
    summary: r.summary,
    error: r.error,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    stale,
  };
}

/** Runs a backtest somewhere (a worker thread in the app; inline in tests). */
export type BacktestLauncher = (ctx: ServiceContext, id: string) => void;

/** The app's launcher: a worker thread with its own connection to the same database file. */
export function workerLauncher(dbFile: string): BacktestLauncher {
  return (ctx, id) => {
    const worker = new Worker(new URL("./backtest-worker.ts", import.meta.url), { workerData: { dbFile, backtestId: id } });
    const fail = (why: string) =>
      ctx.db
        .update(backtests)
        .set({ status: "failed", error: why, finishedAt: new Date().toISOString() })
        .where(and(eq(backtests.id, id), inArray(backtests.status, ["queued", "running"])))
        .run();
    worker.on("error", (e) => {
      console.error(`[pauta] backtest ${id} failed`, e);
      fail(`the backtest stopped: ${e.message}`);
    });
    worker.on("exit", (code) => {
      if (code !== 0) fail(`the backtest's worker exited with code ${code}`);
    });
  };
}

/** The launcher the app uses: worker threads on the configured database file. */
export const appLauncher = (): BacktestLauncher => workerLauncher(env().DATABASE_URL);

/** Inline: run in this thread now (tests, and a fallback where threads are unavailable). */
export const inlineLauncher: BacktestLauncher = (ctx, id) => void runBacktest(ctx, id);

function documentToTry(ctx: ServiceContext, playbookId: string, source: BacktestRequest["source"]) {
  if ("draft" in source) {
    const d = savedDraftDocument(ctx, playbookId);
    return { doc: d.document, sourceKind: "draft" as const, sourceRevision: d.revision, sourceVersionId: null, sourceVersion: null };
  }
  const v = versionRowOrThrow(ctx.db, playbookId, source.version);
  return { doc: parseDocument(v.document), sourceKind: "version" as const, sourceRevision: null, sourceVersionId: v.id, sourceVersion: v.version };
}

/** Start a backtest of a routing playbook's draft or version against its published version. */
export function startBacktest(ctx: ServiceContext, input: { playbookId: string; request: unknown; actor: string }, launch: BacktestLauncher): BacktestInfo {
  const parsed = BacktestRequest.safeParse(input.request ?? {});
  if (!parsed.success) throw new ValidationError("invalid backtest request", zodIssues(parsed.error));
  const req = parsed.data;
  const p = playbookRowOrThrow(ctx.db, input.playbookId);
  if (p.kind !== "routing")
    throw new ValidationError(`a backtest compares routing outcomes, and '${p.id}' is a ${p.kind} playbook`, [{ path: "playbookId", message: "not a routing playbook" }]);
  const { doc, ...source } = documentToTry(ctx, p.id, req.source);
  const now = new Date();
  const row = ctx.db.transaction(
    (tx) => {
      const active = tx.select().from(backtests).where(inArray(backtests.status, ["queued", "running"])).all().map((r) => toBacktestInfo(r, now.getTime())).filter((b) => !b.stale);
      const mine = active.find((b) => b.playbookId === p.id);
      if (mine) throw new ServiceError("conflict", `a backtest of '${p.id}' is already running (${mine.processed} of ${mine.total} cases): wait for it or cancel it`, [{ path: "playbookId", message: "already running" }], { details: { backtestId: mine.id } });
      if (active.length >= MAX_RUNNING_BACKTESTS) throw new ServiceError("conflict", `${active.length} backtests are running already; try again when one finishes`, [{ path: "playbookId", message: "too many running" }]);
      const baseline = versionRowById(tx, p.publishedVersionId);
      const r: BacktestRow = {
        id: randomUUID(),
        playbookId: p.id,
        ...source,
        document: JSON.stringify(doc satisfies PlaybookDocument),
        contentHash: documentHash(doc),
        logicHash: logicHash(doc),
        baselineVersionId: baseline?.id ?? null,
        baselineVersion: baseline?.version ?? null,
        params: { limit: req.limit, from: req.from ?? null, to: req.to ?? null, channels: req.channels },
        status: "queued",
        total: 0,
        processed: 0,
        summary: emptySummary(),
        error: null,
        cancelRequested: false,
        createdBy: input.actor,
        createdAt: now.toISOString(),
        startedAt: null,
        finishedAt: null,
        heartbeatAt: now.toISOString(),
      };
      tx.insert(backtests).values(r).run();
      return r;
    },
    { behavior: "immediate" },
  );
  launch(ctx, row.id);
  return getBacktest(ctx, row.id);
}

function backtestRow(db: Exec, id: string): BacktestRow {
  const r = db.select().from(backtests).where(eq(backtests.id, id)).get();
  if (!r) throw new ServiceError("not_found", `backtest '${id}' not found`, [{ path: "id", message: "no backtest with this id" }]);
  return r;
}

export function getBacktest(ctx: ServiceContext, id: string): BacktestInfo {
  return toBacktestInfo(backtestRow(ctx.db, id));
}

export function listBacktests(ctx: ServiceContext, playbookId: string, limit = 20): BacktestInfo[] {
  return ctx.db.select().from(backtests).where(eq(backtests.playbookId, playbookId)).orderBy(desc(backtests.createdAt)).limit(limit).all().map((r) => toBacktestInfo(r));
}

/** The newest finished backtest of some content of a playbook (by logic hash). */
export function latestBacktestOf(db: Exec, playbookId: string, hash: string): BacktestInfo | null {
  const r = db
    .select()
    .from(backtests)
    .where(and(eq(backtests.playbookId, playbookId), eq(backtests.logicHash, hash), eq(backtests.status, "done")))
    .orderBy(desc(backtests.createdAt))
    .limit(1)
    .get();
  return r ? toBacktestInfo(r) : null;
}

/** The cases a backtest changed, in run order (newest case first), optionally only those where one field changed. */
export function listBacktestChanges(ctx: ServiceContext, id: string, query: Record<string, unknown>): BacktestChangePage {
  backtestRow(ctx.db, id);
  const parsed = BacktestChangesQuery.safeParse(query);
  if (!parsed.success) throw new ValidationError("invalid query", zodIssues(parsed.error));
  const q = parsed.data;
  const rows = ctx.db
    .select()
    .from(backtestChanges)
    .where(and(eq(backtestChanges.backtestId, id), q.field ? like(backtestChanges.fields, `% ${q.field} %`) : undefined, q.cursor ? gt(backtestChanges.n, Number(q.cursor)) : undefined))
    .orderBy(asc(backtestChanges.n))
    .limit(q.limit + 1)
    .all();
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => ({
      caseId: r.caseId,
      decisionId: r.decisionId,
      externalId: r.externalId,
      channel: r.channel,
      receivedAt: r.receivedAt,
      fields: r.fields.trim().split(" ") as BacktestChangePage["items"][number]["fields"],
      before: r.before,
      after: r.after,
    })),
    nextCursor: rows.length > q.limit ? String(page[page.length - 1]!.n) : null,
  };
}

/** Ask a running backtest to stop (it does at its next batch); a queued or stale one stops now. */
export function cancelBacktest(ctx: ServiceContext, id: string): BacktestInfo {
  return ctx.db.transaction(
    (tx) => {
      const r = backtestRow(tx, id);
      const info = toBacktestInfo(r);
      if (r.status !== "queued" && r.status !== "running") throw new ServiceError("conflict", `the backtest is ${r.status} already`, [{ path: "id", message: `already ${r.status}` }]);
      if (r.status === "queued" || info.stale) tx.update(backtests).set({ status: "cancelled", cancelRequested: true, finishedAt: new Date().toISOString() }).where(eq(backtests.id, id)).run();
      else tx.update(backtests).set({ cancelRequested: true }).where(eq(backtests.id, id)).run();
      return toBacktestInfo(backtestRow(tx, id));
    },
    { behavior: "immediate" },
  );
}

/** At start-up: backtests left running by a process that stopped are marked failed, saying so. */
export function failInterruptedBacktests(ctx: ServiceContext): number {
  const rows = ctx.db.select().from(backtests).where(inArray(backtests.status, ["queued", "running"])).all();
  let n = 0;
  for (const r of rows) {
    if (!toBacktestInfo(r).stale) continue;
    ctx.db.update(backtests).set({ status: "failed", error: "interrupted: the process running it stopped; start it again", finishedAt: new Date().toISOString() }).where(eq(backtests.id, r.id)).run();
    n++;
  }
  return n;
}
