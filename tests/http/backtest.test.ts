// Acceptance: a backtest of 100,000 stored cases over HTTP. The database file is seeded before the
// server starts, through the app's own bulk intake (tests/support/backtest-cases.ts); the tried
// version changes a subset known from how each case was generated. The run happens in the
// server's worker thread: progress is polled, the server keeps answering cases and health checks,
// and the result is compared case by case with the expectation computed in the test.
// PAUTA_BACKTEST_CASES=5000 makes a quick run while working on it (fewer progress steps are then
// required, and the run may end before the cancel test presses cancel).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, sampleCase } from "../support/api";
import { expectedChanges, generatedCase, generatedCases, seedBacktestDb } from "../support/backtest-cases";
import { LIFECYCLE_ACCOUNT, lifecyclePlaybook } from "../support/playbooks";
import { startServer, type RunningServer } from "../support/server";

const N = Number(process.env.PAUTA_BACKTEST_CASES ?? 100_000);
const PB = "lifecycle-routing";
const dir = mkdtempSync(path.join(tmpdir(), "pauta-backtest-"));
let server: RunningServer;
let call: ReturnType<typeof apiClient>;

beforeAll(async () => {
  const seeded = await seedBacktestDb(path.join(dir, "pauta.db"), N);
  console.log(`[backtest] seeded ${N} cases in ${(seeded.ms / 1000).toFixed(1)} s (${(seeded.ms / N).toFixed(2)} ms/case), file ${(seeded.bytes / 2 ** 20).toFixed(0)} MiB`);
  // No example playbooks: only the test playbook runs, so the stored traces stay small.
  const emptyPlaybooks = mkdtempSync(path.join(dir, "playbooks-"));
  server = await startServer({ dbPath: path.join(dir, "pauta.db"), env: { PAUTA_PLAYBOOKS_DIR: emptyPlaybooks } });
  call = apiClient(server);
}, 600_000);
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

describe(`a backtest of ${N} stored cases`, () => {
  let backtestId: string;

  it("runs in the background with growing progress while the server keeps answering, and reports the changed cases exactly", async () => {
    const v2 = await call("POST", "/api/v1/playbooks", lifecyclePlaybook({ changed: true }));
    expect(v2.body).toMatchObject({ version: 2, published: false });
    const t0 = performance.now();
    const started = await call("POST", `/api/v1/playbooks/${PB}/backtests`, { source: { version: 2 }, limit: 100_000 });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: expect.stringMatching(/^(queued|running)$/), source: { version: 2 }, baseline: { version: 1 } });
    backtestId = started.body.id;

    const progress: number[] = [];
    const caseMs: number[] = [];
    const healthMs: number[] = [];
    let info = started.body;
    while (info.status === "queued" || info.status === "running") {
      await sleep(250);
      info = (await call("GET", `/api/v1/backtests/${backtestId}`)).body;
      progress.push(info.processed);
      // Once the first batch is read, cases arriving now are newer than anything selected: they do not change the run.
      if (info.status === "running" && info.processed > 0 && info.processed < info.total) {
        const c = await timed(() => call("POST", "/api/v1/cases", sampleCase({ attributes: { account: LIFECYCLE_ACCOUNT } })));
        expect(c.value.status).toBe(201);
        caseMs.push(c.ms);
        const h = await timed(() => fetch(`${server.baseUrl}/api/v1/health`));
        expect(h.value.status).toBe(200);
        healthMs.push(h.ms);
      }
      expect(performance.now() - t0, "the backtest did not finish in 5 minutes").toBeLessThan(300_000);
    }
    const runMs = performance.now() - t0;
    expect(info.error).toBeNull();
    expect(info.status).toBe("done");

    // Progress grew step by step, never backwards.
    const during = progress.filter((p) => p > 0 && p < N);
    const steps = N >= 50_000 ? 3 : 1;
    expect(new Set(during).size, `progress seen: ${progress.join(" ")}`).toBeGreaterThanOrEqual(steps);
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1]!);
    // The app stayed responsive: intake answered and health within a second while it ran.
    expect(caseMs.length).toBeGreaterThanOrEqual(steps);
    expect(Math.max(...healthMs)).toBeLessThan(1_000);
    expect(Math.max(...caseMs)).toBeLessThan(2_000);

    const cases = generatedCases(N);
    const want = expectedChanges(cases);
    const queue = want.filter((c) => c.fields.includes("queue")).length;
    const tags = want.filter((c) => c.fields.includes("tags")).length;
    expect(info).toMatchObject({ total: N, processed: N });
    expect(info.summary).toEqual({
      compared: N,
      changed: want.length,
      byField: { queue, team: 0, priority: 0, tags, skills: 0, slaPolicy: 0, autoReply: 0, notifications: 0 },
      queueMoves: [{ from: "email-general", to: "facturacion", count: queue }],
      errors: 0,
    });
    console.log(
      `[backtest] ${N} cases compared in ${(runMs / 1000).toFixed(1)} s; ${want.length} changed (queue ${queue}, tags ${tags}); while it ran: ${caseMs.length} cases posted (slowest ${Math.max(...caseMs).toFixed(0)} ms), health slowest ${Math.max(...healthMs).toFixed(0)} ms`,
    );

    // Every changed case, page by page, against the expectation: the same cases in the same order with the same before / after.
    const got: { externalId: string; channel: string; caseId: string; fields: string[]; before: { queue: string | null; tags: string[] }; after: { queue: string | null; tags: string[] } }[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: typeof got; nextCursor: string | null } } = await call("GET", `/api/v1/backtests/${backtestId}/changes?limit=500${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.status).toBe(200);
      got.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(got.length).toBe(want.length);
    const brief = got.map((c) => ({ externalId: c.externalId, channel: c.channel, fields: c.fields, before: { queue: c.before.queue, tags: c.before.tags }, after: { queue: c.after.queue, tags: c.after.tags } }));
    expect(brief).toEqual(want);

    // A hand-checked subset, by externalId.
    const find = (i: number) => got.find((c) => c.externalId === generatedCase(i).externalId);
    expect(find(0)).toMatchObject({ channel: "email", fields: ["queue", "tags"], before: { queue: "email-general", tags: [] }, after: { queue: "facturacion", tags: ["vip"] } });
    expect(find(12)).toMatchObject({ channel: "email", fields: ["queue"], before: { queue: "email-general", tags: [] }, after: { queue: "facturacion", tags: [] } });
    expect(find(7)).toMatchObject({ channel: "whatsapp", fields: ["tags"], before: { queue: "wa-general", tags: ["wa"] }, after: { queue: "wa-general", tags: ["vip", "wa"] } });
    expect(find(14)).toMatchObject({ channel: "webchat", fields: ["tags"], before: { queue: null, tags: [] }, after: { queue: null, tags: ["vip"] } });
    // Unchanged: 1 (whatsapp, "facturas"), 2 (webchat, "facturación"), 3 (email, no invoice), 6 (email, "facturación", not VIP).
    for (const i of [1, 2, 3, 6]) expect(find(i), `case ${i}`).toBeUndefined();
    // Each change links to its stored case.
    const linked = await call("GET", `/api/v1/cases/${find(12)!.caseId}`);
    expect(linked.body.case.externalId).toBe(generatedCase(12).externalId);
    // Only one field's changes.
    const onlyQueue = await call("GET", `/api/v1/backtests/${backtestId}/changes?field=queue&limit=500`);
    expect(onlyQueue.body.items.map((c: { externalId: string }) => c.externalId)).toEqual(want.filter((c) => c.fields.includes("queue")).slice(0, 500).map((c) => c.externalId));

    // The summary is kept with the version, and an approval request for it carries it to the approver.
    const listed = (await call("GET", `/api/v1/playbooks/${PB}/versions`)).body.versions.find((v: { version: number }) => v.version === 2);
    expect(listed.backtest).toMatchObject({ id: backtestId, summary: info.summary });
    const asked = await call("POST", `/api/v1/playbooks/${PB}/versions/2/approval`, { comment: "see the backtest" });
    expect(asked.body.backtestId).toBe(backtestId);
  }, 600_000);

  it("a second run can be cancelled while it runs; it stops early and keeps what it compared", async () => {
    const started = await call("POST", `/api/v1/playbooks/${PB}/backtests`, { source: { version: 2 }, limit: 100_000 });
    expect(started.status).toBe(202);
    const id = started.body.id as string;
    let info = started.body;
    while (info.processed === 0 && (info.status === "queued" || info.status === "running")) {
      await sleep(100);
      info = (await call("GET", `/api/v1/backtests/${id}`)).body;
    }
    const cancel = await call("POST", `/api/v1/backtests/${id}/cancel`);
    expect(cancel.status).toBe(200);
    while (info.status === "running") {
      await sleep(100);
      info = (await call("GET", `/api/v1/backtests/${id}`)).body;
    }
    expect(info.status).toBe("cancelled");
    expect(info.processed).toBeLessThan(info.total);
    expect(info.summary.compared).toBe(info.processed);
    const again = await call("POST", `/api/v1/backtests/${id}/cancel`);
    expect(again.status).toBe(409);
    // The finished run is still the one shown with the version.
    const listed = (await call("GET", `/api/v1/playbooks/${PB}/versions`)).body.versions.find((v: { version: number }) => v.version === 2);
    expect(listed.backtest.id).toBe(backtestId);
  }, 300_000);
});
