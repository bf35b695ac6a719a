import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EngineClock } from "@/engine";
import { createTestContext } from "@/tests/support/db";
import { testRoutingPlaybook } from "@/tests/support/playbooks";
import { ValidationError } from "../errors";
import { syncPlaybookFiles } from "../startup";
import { authenticateApiKey, ensureAdminKey } from "./api-keys";
import { getCase, ingestCase } from "./cases";
import { chainHash, verifyChain } from "./chain";
import { getDecision, listDecisions, listDecisionsAfter } from "./decisions";
import { getPlaybook, importPlaybook, listPlaybooks } from "./playbooks";

let ctx: ReturnType<typeof createTestContext>;
beforeEach(() => {
  ctx = createTestContext();
});
afterEach(() => ctx.close());

let n = 0;
const aCase = (over: Record<string, unknown> = {}) => ({
  externalId: `u-${++n}`,
  channel: "whatsapp",
  text: "Quiero información de la maestría",
  customer: { id: `c-${n}`, name: "Ana" },
  attributes: { account: "http-tests" },
  ...over,
});

describe("intake", () => {
  it("stores the case, its decision and a chain link; retries return the first answer", async () => {
    importPlaybook(ctx, { document: testRoutingPlaybook("unit-q"), publish: true, comment: "test publish", actor: "test" });
    const first = await ingestCase(ctx, aCase({ externalId: "same" }));
    expect(first.duplicate).toBe(false);
    expect(first.decision.outcome.queue).toBe("unit-q");
    const again = await ingestCase(ctx, aCase({ externalId: "same" }));
    expect(again).toEqual({ ...first, duplicate: true });
    expect(getCase(ctx, first.caseId)?.decisions.map((d) => d.id)).toEqual([first.decisionId]);
    expect(getDecision(ctx, first.decisionId)?.seq).toBe(1);
    expect(verifyChain(ctx)).toEqual({ ok: true, checked: 1 });
  });

  it("evaluates each published playbook on its own conditions (two triggers on attributes.account)", async () => {
    // The example playbooks all scope themselves this way; a result cached across playbooks would leak between them.
    importPlaybook(ctx, { document: { ...testRoutingPlaybook("other-q"), id: "aaa-other-account", trigger: { condition: { all: [{ fact: "attributes", path: "$.account", operator: "equal", value: "other" }] } } }, publish: true, comment: "test publish", actor: "t" });
    importPlaybook(ctx, { document: testRoutingPlaybook("mine-q"), publish: true, comment: "test publish", actor: "t" });
    const r = await ingestCase(ctx, aCase());
    const triggers = Object.fromEntries(r.decision.trace.playbooks.map((p) => [p.playbookId, p.trigger?.matched]));
    expect(triggers).toEqual({ "aaa-other-account": false, "http-tests-routing": true });
    expect(r.decision.outcome.queue).toBe("mine-q");
  });

  it("concurrent duplicates inside one process give one case", async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => ingestCase(ctx, aCase({ externalId: "race" }))));
    expect(new Set(answers.map((a) => a.caseId)).size).toBe(1);
    expect(answers.filter((a) => !a.duplicate)).toHaveLength(1);
    expect(listDecisions(ctx, {}).items).toHaveLength(1);
  });

  it("rejects invalid cases with field paths and writes nothing", async () => {
    await expect(ingestCase(ctx, { ...aCase(), channel: "fax", customer: { id: "x", tier: "gold" } })).rejects.toThrow(ValidationError);
    try {
      await ingestCase(ctx, { ...aCase(), channel: "fax", customer: { id: "x", tier: "gold" } });
    } catch (e) {
      expect((e as ValidationError).issues.map((i) => i.path)).toEqual(["channel", "customer.tier"]);
    }
    expect(listDecisionsAfter(ctx, { limit: 10 })).toEqual([]);
  });

  it("uses the injected clock for receivedAt and decidedAt", async () => {
    const clock: EngineClock = { now: () => new Date("2026-03-02T15:00:00.000Z"), perf: () => 0 };
    const r = await ingestCase(ctx, aCase(), clock);
    expect(r.decision.decidedAt).toBe("2026-03-02T15:00:00.000Z");
    expect(getCase(ctx, r.caseId)?.case.receivedAt).toBe("2026-03-02T15:00:00.000Z");
  });
});

describe("the decision chain", () => {
  type Row = { seq: number; id: string; case_id: string | null; subject: string; decided_at: string; matched: number; partial: number; queue: string | null; priority: string | null; decision: string; prev_hash: string; hash: string };
  const rowsOf = () => ctx.sqlite.prepare("select * from decisions order by seq").all() as Row[];
  const content = (r: Row) => ({ seq: r.seq, id: r.id, caseId: r.case_id, subject: r.subject, decidedAt: r.decided_at, matched: !!r.matched, partial: !!r.partial, queue: r.queue, priority: r.priority, decision: r.decision });

  it("links every row to the previous one from the genesis hash", async () => {
    for (let i = 0; i < 3; i++) await ingestCase(ctx, aCase());
    const rows = rowsOf();
    expect(rows[0]?.prev_hash).toBe("0".repeat(64));
    rows.forEach((r, i) => {
      if (i > 0) expect(r.prev_hash).toBe(rows[i - 1]?.hash);
      expect(chainHash(r.prev_hash, content(r))).toBe(r.hash);
    });
  });

  it("detects a forged row appended at the end with a correct hash (the head no longer matches)", async () => {
    for (let i = 0; i < 2; i++) await ingestCase(ctx, aCase());
    const last = rowsOf()[1]!;
    const forged = { ...last, seq: 3, id: "forged", case_id: last.case_id };
    forged.prev_hash = last.hash;
    forged.hash = chainHash(forged.prev_hash, content(forged));
    ctx.sqlite
      .prepare("insert into decisions (seq, id, case_id, subject, decided_at, matched, partial, queue, priority, decision, prev_hash, hash) values (@seq, @id, @case_id, @subject, @decided_at, @matched, @partial, @queue, @priority, @decision, @prev_hash, @hash)")
      .run(forged);
    const r = verifyChain(ctx);
    expect(r.ok).toBe(false);
    expect(r.reason).toMatch(/head/);
  });
});

describe("decision queries", () => {
  it("pages newest first and follows the live feed by seq", async () => {
    for (let i = 0; i < 5; i++) await ingestCase(ctx, aCase());
    const p1 = listDecisions(ctx, { limit: 2 });
    expect(p1.items.map((d) => d.seq)).toEqual([5, 4]);
    const p2 = listDecisions(ctx, { limit: 2, cursor: p1.nextCursor ?? undefined });
    expect(p2.items.map((d) => d.seq)).toEqual([3, 2]);
    const p3 = listDecisions(ctx, { limit: 2, cursor: p2.nextCursor ?? undefined });
    expect(p3).toMatchObject({ nextCursor: null });
    expect(p3.items.map((d) => d.seq)).toEqual([1]);
    expect(listDecisionsAfter(ctx, { afterSeq: 3, limit: 10 }).map((d) => d.seq)).toEqual([5, 4]);
    expect(listDecisionsAfter(ctx, { limit: 1 }).map((d) => d.seq)).toEqual([5]);
  });
});

describe("playbooks", () => {
  it("imports versions, skips identical documents, publishes and audits in one transaction", () => {
    const a = importPlaybook(ctx, { document: testRoutingPlaybook("q1"), publish: false, actor: "t" });
    expect(a).toMatchObject({ version: 1, created: true, published: false });
    expect(importPlaybook(ctx, { document: testRoutingPlaybook("q1"), publish: false, actor: "t" })).toMatchObject({ version: 1, created: false });
    const b = importPlaybook(ctx, { document: testRoutingPlaybook("q2"), publish: true, comment: "test publish", actor: "t" });
    expect(b).toMatchObject({ version: 2, created: true, published: true, state: "published" });
    const detail = getPlaybook(ctx, "http-tests-routing");
    expect(detail?.versions.map((v) => [v.version, v.state])).toEqual([
      [2, "published"],
      [1, "validated"],
    ]);
    expect(listPlaybooks(ctx)).toEqual([expect.objectContaining({ id: "http-tests-routing", publishedVersion: 2, latestVersion: 2, ruleCount: 2 })]);
  });

  it("refuses a document that does not compile, naming the path", () => {
    const doc = testRoutingPlaybook("q");
    (doc.rules[0]!.conditions.all[0] as { operator: string }).operator = "noSuchOperator";
    expect(() => importPlaybook(ctx, { document: doc, publish: true, comment: "test publish", actor: "t" })).toThrow(ValidationError);
    expect(listPlaybooks(ctx)).toEqual([]);
  });

  it("syncs playbook files: new or changed files are published, unchanged ones (and API edits) are left alone", () => {
    const dir = path.join(ctx.dir, "playbooks");
    mkdirSync(path.join(dir, "samples"), { recursive: true });
    writeFileSync(path.join(dir, "a.json"), JSON.stringify(testRoutingPlaybook("file-v1")));
    writeFileSync(path.join(dir, "broken.json"), "{ not json");
    writeFileSync(path.join(dir, "samples", "cases.json"), JSON.stringify({ cases: [] }));
    const first = syncPlaybookFiles(ctx, dir);
    expect(first.map((s) => [path.basename(s.file), s.status])).toEqual([
      ["a.json", "imported"],
      ["broken.json", "invalid"],
    ]);
    expect(syncPlaybookFiles(ctx, dir).find((s) => s.file.endsWith("a.json"))?.status).toBe("unchanged");
    importPlaybook(ctx, { document: testRoutingPlaybook("api-v2"), publish: true, comment: "test publish", actor: "t" });
    syncPlaybookFiles(ctx, dir);
    expect(getPlaybook(ctx, "http-tests-routing")?.playbook.publishedVersion).toBe(2);
    writeFileSync(path.join(dir, "a.json"), JSON.stringify(testRoutingPlaybook("file-v3")));
    expect(syncPlaybookFiles(ctx, dir)[0]).toMatchObject({ status: "imported", version: 3 });
  });
});

describe("api keys", () => {
  it("creates the first admin key once, stores only its hash, and authenticates it", () => {
    const k = ensureAdminKey(ctx, "bootstrap-key-0123456789");
    expect(k).toMatchObject({ created: true, key: "bootstrap-key-0123456789", fromEnv: true });
    expect(ensureAdminKey(ctx, "another-key-0123456789")).toEqual({ created: false });
    expect(authenticateApiKey(ctx, "bootstrap-key-0123456789")?.scopes).toEqual(["ingest", "read", "manage"]);
    expect(authenticateApiKey(ctx, "another-key-0123456789")).toBeNull();
    const raw = ctx.sqlite.prepare("select hash, prefix from api_keys").all() as { hash: string; prefix: string }[];
    expect(raw).toHaveLength(1);
    expect(raw[0]?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(raw)).not.toContain("bootstrap-key-0123456789");
  });

  it("generates a random key when no bootstrap key is given", () => {
    const k = ensureAdminKey(ctx, undefined);
    expect(k.created && k.key).toMatch(/^pk_[A-Za-z0-9_-]{32}$/);
  });
});
