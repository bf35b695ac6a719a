import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineClock } from "@/engine";
import { createTestContext } from "@/tests/support/db";
import { ValidationError } from "../errors";
import { ingestCase } from "./cases";
import { verifyChain } from "./chain";
import { countDecisions, exportDecisionRows, searchDecisions, searchSql } from "./decisions";
import { importPlaybook } from "./playbooks";
import { reindexDecisionSearch } from "./search-index";

// One database for the whole file: the decisions are made once, each test only reads.
let ctx: ReturnType<typeof createTestContext>;

const playbook = (version: string) => ({
  schemaVersion: 1,
  id: "search-routing",
  kind: "routing",
  name: `Search tests ${version}`,
  settings: { conflictStrategy: "collect" },
  rules: [
    {
      id: "refund",
      name: "Refund requests",
      priority: 40,
      conditions: { all: [{ fact: "keywords", operator: "contains", value: "reembolso" }] },
      actions: [
        { type: "route", queue: "refunds" },
        { type: "set_priority", priority: "urgent" },
        { type: "add_tags", tags: ["refund", "money"] },
      ],
    },
    {
      id: "vip",
      name: "VIP customers",
      priority: 30,
      conditions: { all: [{ fact: "customerTier", operator: "equal", value: "vip" }] },
      actions: [
        { type: "route", queue: "vip" },
        { type: "add_tags", tags: ["vip"] },
      ],
    },
    {
      id: "pattern",
      name: "Pattern from the case (a bad one is an error)",
      priority: 20,
      conditions: { all: [{ fact: "text", operator: "matchesPattern", value: { fact: "attributes", path: "$.pattern" } }] },
      actions: [{ type: "add_tags", tags: ["pattern"] }],
    },
    {
      id: "fallback",
      name: "Everything else",
      priority: 1,
      conditions: { all: [{ fact: "channel", operator: "notEqual", value: "nothing" }] },
      actions: [{ type: "route", queue: "general" }],
    },
  ],
  ...(version === "v2" ? { description: "second version" } : {}),
});

const at = (iso: string): EngineClock => ({ now: () => new Date(iso), perf: () => 0 });

interface Made {
  ext: string;
  caseId: string;
  decisionId: string;
  channel: string;
  customer: string;
  day: string;
  queue?: string;
  tags: string[];
  partial: boolean;
  version: 1 | 2;
}
const made: Made[] = [];

async function make(i: number, version: 1 | 2) {
  const channel = ["whatsapp", "email", "webchat"][i % 3] as string;
  const refund = i % 4 === 0;
  const vip = i % 5 === 0;
  const bad = i % 7 === 0;
  const day = `2026-03-${String(1 + (i % 20)).padStart(2, "0")}`;
  const r = await ingestCase(
    ctx,
    {
      externalId: `s-${i}`,
      channel,
      text: refund ? "Quiero un reembolso de mi pedido" : "Hola, tengo una pregunta",
      customer: { id: `cust-${i % 6}`, name: "Ana", ...(vip ? { tier: "vip" } : {}) },
      attributes: { pattern: bad ? "([" : "zzz-never" },
    },
    at(`${day}T${String(10 + (i % 10)).padStart(2, "0")}:00:00.000Z`),
  );
  made.push({
    ext: `s-${i}`,
    caseId: r.caseId,
    decisionId: r.decisionId,
    channel,
    customer: `cust-${i % 6}`,
    day,
    queue: r.decision.outcome.queue,
    tags: r.decision.outcome.tags,
    partial: r.decision.partial,
    version,
  });
}

beforeAll(async () => {
  ctx = createTestContext();
  importPlaybook(ctx, { document: playbook("v1"), publish: true, comment: "test publish", actor: "test" });
  for (let i = 1; i <= 40; i++) await make(i, 1);
  importPlaybook(ctx, { document: playbook("v2"), publish: true, comment: "test publish", actor: "test" });
  for (let i = 41; i <= 60; i++) await make(i, 2);
});
afterAll(() => ctx.close());

/** Every page of a search, following nextCursor; checks the order on the way. */
function all(q: Record<string, unknown>, limit = 7): string[] {
  const ids: string[] = [];
  let cursor: string | undefined;
  let prev: { at: string; seq: number } | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const page = searchDecisions(ctx, { ...q, limit, ...(cursor ? { cursor } : {}) });
    for (const d of page.items) {
      if (prev) expect(d.decidedAt < prev.at || (d.decidedAt === prev.at && d.seq < prev.seq)).toBe(true);
      prev = { at: d.decidedAt, seq: d.seq };
      ids.push(d.id);
    }
    if (!page.nextCursor) return ids;
    cursor = page.nextCursor;
  }
  throw new Error("cursor never ended");
}

const expected = (pred: (m: Made) => boolean) => made.filter(pred).map((m) => m.decisionId).sort();

describe("decision search", () => {
  it("made a mix worth searching", () => {
    expect(made).toHaveLength(60);
    expect(new Set(made.map((m) => m.queue))).toEqual(new Set(["refunds", "vip", "general"]));
    expect(made.some((m) => m.partial)).toBe(true);
    expect(verifyChain(ctx)).toMatchObject({ ok: true, checked: 60 });
  });

  it("pages through everything newest first with the cursor, no row twice or missed", () => {
    const ids = all({});
    expect(ids).toHaveLength(60);
    expect(new Set(ids).size).toBe(60);
    // Newest decidedAt first even though seq order differs (the days cycle).
    const first = searchDecisions(ctx, { limit: 1 }).items[0];
    expect(first?.decidedAt.slice(0, 10)).toBe("2026-03-20");
  });

  it.each<[string, Record<string, unknown>, (m: Made) => boolean]>([
    ["externalId", { externalId: "s-17" }, (m) => m.ext === "s-17"],
    ["channel", { channel: "email" }, (m) => m.channel === "email"],
    ["customerId", { customerId: "cust-2" }, (m) => m.customer === "cust-2"],
    ["queue", { queue: "refunds" }, (m) => m.queue === "refunds"],
    ["priority", { priority: "urgent" }, (m) => m.tags.includes("refund")],
    ["tag", { tag: "vip" }, (m) => m.tags.includes("vip")],
    ["partial=true", { partial: "true" }, (m) => m.partial],
    ["partial=false", { partial: false }, (m) => !m.partial],
    ["rule fired", { rule: "refund" }, (m) => m.tags.includes("refund")],
    ["rule fired with playbook", { rule: "vip", playbook: "search-routing" }, (m) => m.tags.includes("vip")],
    ["rule not fired", { ruleNotFired: "refund" }, (m) => !m.tags.includes("refund")],
    ["rule errored counts as not fired", { ruleNotFired: "pattern" }, () => true],
    ["playbook", { playbook: "search-routing" }, () => true],
    ["playbook version", { playbook: "search-routing", version: "2" }, (m) => m.version === 2],
    ["date range (dates)", { from: "2026-03-05", to: "2026-03-09" }, (m) => m.day >= "2026-03-05" && m.day <= "2026-03-09"],
    ["date range (date-times)", { from: "2026-03-05T12:00:00Z", to: "2026-03-06T11:00:00Z" }, (m) => made.indexOf(m) >= 0 && inRange(m, "2026-03-05T12:00:00.000Z", "2026-03-06T11:00:00.000Z")],
    ["rule and date range", { rule: "refund", from: "2026-03-04", to: "2026-03-16" }, (m) => m.tags.includes("refund") && m.day >= "2026-03-04" && m.day <= "2026-03-16"],
    ["queue and channel", { queue: "general", channel: "whatsapp" }, (m) => m.queue === "general" && m.channel === "whatsapp"],
    ["tag and rule not fired", { tag: "money", ruleNotFired: "vip" }, (m) => m.tags.includes("money") && !m.tags.includes("vip")],
    ["caseId", { caseId: "x" }, () => false],
    ["no match", { queue: "nowhere" }, () => false],
  ])("filters by %s", (_name, q, pred) => {
    const ids = all(q);
    expect(ids.slice().sort()).toEqual(expected(pred));
    expect(countDecisions(ctx, q)).toBe(ids.length);
  });

  it("filters by caseId and finds the case's decision", () => {
    const m = made[10] as Made;
    expect(searchDecisions(ctx, { caseId: m.caseId }).items.map((d) => d.id)).toEqual([m.decisionId]);
  });

  it("a rule that fired is never in its own not-fired results, and errors are partial", () => {
    const notFired = new Set(all({ ruleNotFired: "pattern" }));
    const partial = all({ partial: true });
    expect(partial.length).toBeGreaterThan(0);
    for (const id of partial) expect(notFired.has(id)).toBe(true);
    const fired = all({ rule: "refund" });
    const refundNotFired = new Set(all({ ruleNotFired: "refund" }));
    expect(fired.some((id) => refundNotFired.has(id))).toBe(false);
    expect(fired.length + refundNotFired.size).toBe(60);
  });

  it("summaries carry the search columns", () => {
    const d = searchDecisions(ctx, { externalId: "s-20" }).items[0];
    expect(d).toMatchObject({ externalId: "s-20", channel: "webchat", customerId: "cust-2", queue: "refunds", priority: "urgent" });
    expect(d?.tags?.slice().sort()).toEqual(["money", "refund", "vip"]);
    expect(d?.firedRules).toEqual(expect.arrayContaining([{ playbookId: "search-routing", ruleId: "refund" }]));
  });

  it("exports the whole result in batches, same rows as the search", () => {
    const rows = [...exportDecisionRows(ctx, { channel: "whatsapp" }, 4)].flat();
    expect(rows.map((r) => r.id)).toEqual(all({ channel: "whatsapp" }, 50));
    expect(rows[0]).toMatchObject({ channel: "whatsapp", hash: expect.stringMatching(/^[0-9a-f]{64}$/), playbooks: [expect.stringMatching(/^search-routing@/)] });
  });

  it.each<[Record<string, unknown>, string]>([
    [{ channel: "fax" }, "channel"],
    [{ priority: "whenever" }, "priority"],
    [{ from: "yesterday" }, "from"],
    [{ partial: "maybe" }, "partial"],
    [{ version: "2" }, "version"],
    [{ rule: "Not A Slug" }, "rule"],
    [{ cursor: "bm90LWEtY3Vyc29y" }, "cursor"],
    [{ limit: "0" }, "limit"],
  ])("refuses %j naming %s", (q, field) => {
    try {
      searchDecisions(ctx, q);
      expect.unreachable("should have thrown");
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).issues.map((i) => i.path)).toContain(field);
    }
  });

  it("re-indexing rebuilds the same index from the decisions' JSON, once, without touching the chain", () => {
    const snapshot = () => ["decision_rules", "decision_tags", "decision_playbooks"].map((t) => ctx.sqlite.prepare(`select * from ${t} order by 1, 2, 3`).all());
    const columns = () => ctx.sqlite.prepare("select seq, channel, external_id, customer_id, hash from decisions order by seq").all();
    const before = { rows: snapshot(), cols: columns() };
    // A database from before the index: no index rows, no search columns, no marker.
    ctx.sqlite.exec("delete from decision_rules; delete from decision_tags; delete from decision_playbooks; update decisions set channel = null, external_id = null, customer_id = null; delete from settings where key = 'search_index_version'");
    expect(searchDecisions(ctx, { rule: "refund" }).items).toEqual([]);
    expect(reindexDecisionSearch(ctx)).toBe(60);
    expect({ rows: snapshot(), cols: columns() }).toEqual(before);
    expect(reindexDecisionSearch(ctx)).toBe(0);
    expect(verifyChain(ctx)).toMatchObject({ ok: true, checked: 60 });
  });

  // Every filter alone and the common pairs must walk an index (no full scan of decisions, no temp sort on big ranges).
  it.each<Record<string, unknown>>([
    {},
    { rule: "refund", from: "2026-03-01", to: "2026-03-10" },
    { ruleNotFired: "vip" },
    { tag: "vip" },
    { externalId: "s-1" },
    { caseId: "x" },
    { customerId: "cust-1" },
    { queue: "vip", channel: "email" },
    { priority: "urgent" },
    { partial: true },
    { playbook: "search-routing" },
    { playbook: "search-routing", version: 1 },
    { versionId: "x" },
    { from: "2026-03-02", to: "2026-03-03" },
    { rule: "vip", cursor: Buffer.from("2026-03-02T10:00:00.000Z|5").toString("base64url") },
  ])("uses an index for %j", (q) => {
    const { sql, params } = searchSql(ctx, q);
    const plan = (ctx.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(params as unknown[])) as { detail: string }[]).map((r) => r.detail);
    const text = plan.join("\n");
    expect(text).not.toMatch(/SCAN (decisions|decision_rules|decision_tags|decision_playbooks)\b(?! USING)/);
    if (!q.externalId && !q.caseId) expect(text).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/);
  });
});

function inRange(m: Made, from: string, to: string): boolean {
  const i = made.indexOf(m) + 1;
  const iso = `${m.day}T${String(10 + (i % 10)).padStart(2, "0")}:00:00.000Z`;
  return iso >= from && iso <= to;
}
