// Backtests on a real SQLite file, run inline. The cases are stored through real intake
// (ingestCasesBulk) under a published base playbook; the tried version changes a subset that is
// known from how each case was generated (email with the word "factura" → facturacion, VIPs get
// a tag: tests/support/backtest-cases.ts), so the expectation never uses the service's comparison code.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { caught, createTestContext } from "@/tests/support/db";
import { flowCase, testFlow } from "@/tests/support/flows";
import { BT_START, BT_TEXTS, caseInput, expectedChanges, generatedCases, type GeneratedCase } from "@/tests/support/backtest-cases";
import { lifecyclePlaybook } from "@/tests/support/playbooks";
import type { BacktestChange, BacktestInfo } from "@/schemas/lifecycle";
import { runBacktest } from "./backtest-run";
import { cancelBacktest, failInterruptedBacktests, getBacktest, inlineLauncher, listBacktestChanges, startBacktest, type BacktestLauncher } from "./backtests";
import { ingestCasesBulk } from "./cases";
import { commitDraft, createPlaybook, publishDraft, saveDraft } from "./drafts";
import { importPlaybook } from "./playbooks";
import { listVersions } from "./versions";

const PB = "lifecycle-routing";
const ANA = "user:ana@pauta.test";
const OPE = "user:ope@pauta.test";

let ctx: ReturnType<typeof createTestContext>;
beforeEach(() => {
  ctx = createTestContext();
});
afterEach(() => ctx.close());

/** Base v1 published, `n` cases stored under it, the changed playbook imported as v2 (not published). */
async function seed(n: number): Promise<GeneratedCase[]> {
  importPlaybook(ctx, { document: lifecyclePlaybook(), actor: ANA, publish: true, comment: "base routing" });
  const cases = generatedCases(n);
  for (let i = 0; i < cases.length; i += 50) await ingestCasesBulk(ctx, cases.slice(i, i + 50).map(caseInput));
  expect(importPlaybook(ctx, { document: lifecyclePlaybook({ changed: true }), actor: ANA }).version).toBe(2);
  return cases;
}

function allChanges(id: string): BacktestChange[] {
  const out: BacktestChange[] = [];
  let cursor: string | undefined;
  do {
    const page = listBacktestChanges(ctx, id, { limit: 7, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

const brief = (c: BacktestChange) => ({ externalId: c.externalId, channel: c.channel, fields: c.fields, before: { queue: c.before.queue, tags: c.before.tags }, after: { queue: c.after.queue, tags: c.after.tags } });

describe("a backtest of a version", () => {
  it("reports exactly the cases whose outcome changes, with before / after, against the published version", async () => {
    const cases = await seed(120);
    const bt = startBacktest(ctx, { playbookId: PB, request: { source: { version: 2 }, limit: 1000 }, actor: OPE }, inlineLauncher);
    const want = expectedChanges(cases);
    const queueMoves = cases.filter((g) => g.channel === "email" && g.text === BT_TEXTS[0]).length;
    const vips = cases.filter((g) => g.vip).length;
    // Hand count: email (i%3=0) with "factura" (i%4=0) is i%12=0 → 10 of 120; VIPs i%7=0 → 18; both (i%84=0) → 2.
    expect([queueMoves, vips, want.length]).toEqual([10, 18, 26]);

    expect(bt).toMatchObject({ status: "done", total: 120, processed: 120, source: { version: 2 }, baseline: { version: 1 }, createdBy: OPE, error: null });
    expect(bt.summary).toEqual({
      compared: 120,
      changed: 26,
      byField: { queue: 10, team: 0, priority: 0, tags: 18, skills: 0, slaPolicy: 0, autoReply: 0, notifications: 0 },
      queueMoves: [{ from: "email-general", to: "facturacion", count: 10 }],
      errors: 0,
    });
    const got = allChanges(bt.id);
    expect(got.map(brief)).toEqual(want);
    expect(got.every((c) => c.caseId && c.decisionId)).toBe(true);
    // Cases checked by hand: 0 (email, factura, VIP) changes both; 1 (whatsapp, plural "facturas") and 2 ("facturación") do not;
    // 14 (webchat, VIP) gains the tag only; 7 (whatsapp, VIP) keeps its queue and tag and gains vip.
    const byId = (i: number) => got.find((c) => c.externalId === `bt-${String(i).padStart(6, "0")}`);
    expect(byId(0)).toMatchObject({ fields: ["queue", "tags"], before: { queue: "email-general", tags: [] }, after: { queue: "facturacion", tags: ["vip"] } });
    expect(byId(1)).toBeUndefined();
    expect(byId(2)).toBeUndefined();
    expect(byId(14)).toMatchObject({ channel: "webchat", fields: ["tags"], before: { queue: null, tags: [] }, after: { queue: null, tags: ["vip"] } });
    expect(byId(7)).toMatchObject({ channel: "whatsapp", fields: ["tags"], before: { queue: "wa-general", tags: ["wa"] }, after: { queue: "wa-general", tags: ["vip", "wa"] } });
    expect(listBacktestChanges(ctx, bt.id, { field: "queue", limit: 500 }).items.map((c) => c.externalId)).toEqual(want.filter((c) => c.fields.includes("queue")).map((c) => c.externalId));
  });

  it("filters by date range, by channel, and takes the newest N", async () => {
    const cases = await seed(90);
    const run = (request: Record<string, unknown>) => {
      const bt = startBacktest(ctx, { playbookId: PB, request: { source: { version: 2 }, ...request }, actor: OPE }, inlineLauncher);
      return { bt, changes: allChanges(bt.id) };
    };

    const newest = run({ limit: 25 });
    const newest25 = [...cases].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt)).slice(0, 25);
    expect(newest.bt).toMatchObject({ status: "done", total: 25, processed: 25 });
    expect(newest.changes.map(brief)).toEqual(expectedChanges(newest25));

    const email = run({ channels: ["email"] });
    const emails = cases.filter((g) => g.channel === "email");
    expect(email.bt.total).toBe(emails.length);
    expect(email.changes.map(brief)).toEqual(expectedChanges(emails));

    // [from, to): cases 30…59.
    const from = new Date(BT_START + 30_000).toISOString();
    const to = new Date(BT_START + 60_000).toISOString();
    const range = run({ from, to, channels: ["email", "webchat"] });
    const inRange = cases.filter((g) => g.receivedAt >= from && g.receivedAt < to && g.channel !== "whatsapp");
    expect(inRange).toHaveLength(20);
    expect(range.bt).toMatchObject({ total: 20, params: { from, to, channels: ["email", "webchat"], limit: 10_000 } });
    expect(range.changes.map(brief)).toEqual(expectedChanges(inRange));
  });

  it("can be cancelled while it runs: it stops at its next batch and keeps what it compared", async () => {
    const cases = await seed(100);
    let ticks = 0;
    // The run reads the clock once per batch; at the second batch a person presses cancel.
    const launcher: BacktestLauncher = (c, id) =>
      void runBacktest(c, id, {
        batch: 10,
        clock: () => {
          if (++ticks === 3) cancelBacktest(c, id);
          return new Date();
        },
      });
    const started = startBacktest(ctx, { playbookId: PB, request: { source: { version: 2 } }, actor: OPE }, launcher);
    const bt = getBacktest(ctx, started.id);
    expect(bt.status).toBe("cancelled");
    expect(bt.total).toBe(100);
    expect(bt.processed).toBeGreaterThanOrEqual(20);
    expect(bt.processed).toBeLessThan(100);
    expect(bt.processed % 10).toBe(0);
    expect(bt.summary.compared).toBe(bt.processed);
    const compared = [...cases].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt)).slice(0, bt.processed);
    expect(allChanges(bt.id).map(brief)).toEqual(expectedChanges(compared));
    expect(caught(() => cancelBacktest(ctx, bt.id)).message).toMatch(/cancelled already/);
  });

  it("pages through cases received at the same instant without skipping or repeating one", async () => {
    await seed(0);
    const same = generatedCases(23).map((g) => ({ ...g, receivedAt: new Date(BT_START).toISOString() }));
    await ingestCasesBulk(ctx, same.map(caseInput));
    const launcher: BacktestLauncher = (c, id) => void runBacktest(c, id, { batch: 4 });
    const bt = getBacktest(ctx, startBacktest(ctx, { playbookId: PB, request: { source: { version: 2 } }, actor: OPE }, launcher).id);
    expect(bt).toMatchObject({ status: "done", total: 23, processed: 23 });
    const got = allChanges(bt.id);
    expect(new Set(got.map((c) => c.caseId)).size).toBe(got.length);
    expect(got.map((c) => c.externalId).sort()).toEqual(expectedChanges(same).map((c) => c.externalId).sort());
  });

  it("one at a time per playbook: a second start while one is queued is a conflict naming it", async () => {
    await seed(5);
    const never: BacktestLauncher = () => {};
    const queued = startBacktest(ctx, { playbookId: PB, request: { source: { version: 2 } }, actor: OPE }, never);
    const e = caught(() => startBacktest(ctx, { playbookId: PB, request: { source: { version: 2 } }, actor: OPE }, never));
    expect(e.code).toBe("conflict");
    expect(e.details).toEqual({ backtestId: queued.id });
    // A queued backtest is cancelled at once.
    expect(cancelBacktest(ctx, queued.id).status).toBe("cancelled");
    expect(startBacktest(ctx, { playbookId: PB, request: { source: { version: 2 } }, actor: OPE }, inlineLauncher).status).toBe("done");
  });
});

describe("a backtest whose process stopped", () => {
  it("is shown as stale after a minute without progress, can be cancelled, and is marked failed at the next start", async () => {
    await seed(3);
    const never: BacktestLauncher = () => {};
    const fresh = startBacktest(ctx, { playbookId: PB, request: { source: { version: 2 } }, actor: OPE }, never);
    const old = new Date(Date.now() - 2 * 60_000).toISOString();
    ctx.sqlite.prepare("UPDATE backtests SET status = 'running', heartbeat_at = ? WHERE id = ?").run(old, fresh.id);
    expect(getBacktest(ctx, fresh.id)).toMatchObject({ status: "running", stale: true });
    // A stale run does not block a new one; the new one is live, so the start-up sweep leaves it alone.
    const live = startBacktest(ctx, { playbookId: PB, request: { source: { version: 2 } }, actor: OPE }, never);
    expect(failInterruptedBacktests(ctx)).toBe(1);
    expect(getBacktest(ctx, fresh.id)).toMatchObject({ status: "failed", error: "interrupted: the process running it stopped; start it again" });
    expect(getBacktest(ctx, live.id).status).toBe("queued");
  });
});

describe("what a backtest can try", () => {
  it("the saved draft (source draft, with its revision) as well as a version", async () => {
    createPlaybook(ctx, { id: "flow", name: "Flow", actor: ANA });
    const r1 = saveDraft(ctx, { id: "flow", baseRevision: 1, document: testFlow("flow"), actor: ANA }).revision;
    publishDraft(ctx, { id: "flow", revision: r1, comment: "first drawing", actor: OPE });
    const vip = [flowCase(), flowCase(), flowCase()];
    const others = [flowCase({ tier: "standard" }), flowCase({ channel: "email" })];
    await ingestCasesBulk(ctx, [...vip, ...others]);
    const r2 = saveDraft(ctx, { id: "flow", baseRevision: r1, document: testFlow("flow", { vipQueue: "vip-priority" }), actor: ANA }).revision;

    const bt = startBacktest(ctx, { playbookId: "flow", request: { source: { draft: true } }, actor: ANA }, inlineLauncher);
    expect(bt).toMatchObject({ status: "done", source: { draft: true, revision: r2 }, baseline: { version: 1 }, total: 5 });
    expect(bt.summary).toMatchObject({ changed: 3, byField: expect.objectContaining({ queue: 3, tags: 0 }), queueMoves: [{ from: "vip-wa", to: "vip-priority", count: 3 }] });
    expect(allChanges(bt.id).map((c) => c.externalId).sort()).toEqual(vip.map((c) => c.externalId).sort());

    // The same content as a version: the same answer, now naming the version.
    const v2 = commitDraft(ctx, { id: "flow", revision: r2, actor: ANA });
    const byVersion = startBacktest(ctx, { playbookId: "flow", request: { source: { version: v2.version } }, actor: ANA }, inlineLauncher);
    expect(byVersion).toMatchObject({ source: { version: 2, versionId: v2.versionId }, contentHash: bt.contentHash, logicHash: bt.logicHash });
    expect(byVersion.summary).toEqual(bt.summary);
  });

  it("refuses a playbook that does not route", () => {
    importPlaybook(ctx, { document: { schemaVersion: 1, id: "tono", kind: "tone", name: "Tono de marca" }, actor: ANA });
    const e = caught(() => startBacktest(ctx, { playbookId: "tono", request: { source: { version: 1 } }, actor: OPE }, inlineLauncher));
    expect(e.code).toBe("invalid_request");
    expect(e.message).toMatch(/'tono' is a tone playbook/);
    expect(e.issues[0]).toMatchObject({ path: "playbookId" });
    expect(caught(() => startBacktest(ctx, { playbookId: "no-such-playbook", request: {}, actor: OPE }, inlineLauncher)).code).toBe("not_found");
    expect(caught(() => startBacktest(ctx, { playbookId: PB, request: { limit: 0 }, actor: OPE }, inlineLauncher)).issues[0]).toMatchObject({ path: "limit" });
  });

  it("versions that differ only in layout share the logic hash, so a backtest of one is shown with the other", async () => {
    createPlaybook(ctx, { id: "flow", name: "Flow", actor: ANA });
    const r1 = saveDraft(ctx, { id: "flow", baseRevision: 1, document: testFlow("flow"), actor: ANA }).revision;
    publishDraft(ctx, { id: "flow", revision: r1, comment: "first drawing", actor: OPE });
    await ingestCasesBulk(ctx, [flowCase(), flowCase({ tier: "standard" })]);
    const changed = testFlow("flow", { vipQueue: "vip-priority" });
    const r2 = saveDraft(ctx, { id: "flow", baseRevision: r1, document: changed, actor: ANA }).revision;
    const v2 = commitDraft(ctx, { id: "flow", revision: r2, actor: ANA });
    const moved = { ...changed, name: "Flow, tidied up", graph: { ...changed.graph, nodes: changed.graph.nodes.map((n) => ({ ...n, position: { x: n.position.x + 40, y: n.position.y * 2 } })) } };
    const r3 = saveDraft(ctx, { id: "flow", baseRevision: r2, document: moved, actor: ANA }).revision;
    const v3 = commitDraft(ctx, { id: "flow", revision: r3, actor: ANA });
    expect(v3.version).toBe(3);

    const bt = startBacktest(ctx, { playbookId: "flow", request: { source: { version: 2 } }, actor: ANA }, inlineLauncher);
    const versions = listVersions(ctx, "flow").versions;
    const v2Item = versions.find((v) => v.version === 2)!;
    const v3Item = versions.find((v) => v.version === 3)!;
    expect(v3Item.contentHash).not.toBe(v2Item.contentHash);
    expect(v2Item.backtest?.id).toBe(bt.id);
    expect(v3Item.backtest?.id).toBe(bt.id);
    expect((v3Item.backtest as BacktestInfo).logicHash).toBe(bt.logicHash);
    // A change in what routes is another logic hash: the published v1 has no backtest of its own.
    expect(versions.find((v) => v.version === 1)!.backtest).toBeNull();
    expect(v2.versionId).toBe(v2Item.id);
  });
});
