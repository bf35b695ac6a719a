// Decision search and export over HTTP: filters, cursor, CSV/JSONL that parse back, field-named 4xx.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DecisionExportRow } from "@/schemas";
import { apiClient, sampleCase } from "../support/api";
import { testRoutingPlaybook } from "../support/playbooks";
import { startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let call: ReturnType<typeof apiClient>;
// This run's customer id: every search is narrowed by it, so the example playbooks' cases do not interfere.
const customer = `search-${Date.now().toString(36)}`;
const made: { externalId: string; decisionId: string; channel: string; partial: boolean }[] = [];

beforeAll(async () => {
  server = await startServer();
  call = apiClient(server);
  expect((await call("POST", "/api/v1/playbooks?publish=true&comment=test%20publish", testRoutingPlaybook("search-q"))).status).toBeLessThan(300);
  const cases = [
    { channel: "whatsapp" },
    { channel: "email" },
    { channel: "whatsapp", attributes: { account: "http-tests", pattern: "([unclosed" } },
    { channel: "webchat", attributes: { account: "http-tests", pattern: "Hola" } },
    // A CSV field with a comma, a quote and a line break must survive the round trip.
    { channel: "whatsapp", externalId: `quoted, "on purpose"\nsecond line ${customer}` },
  ];
  for (const c of cases) {
    const body = sampleCase({ ...c, customer: { id: customer, name: "Ana López" } });
    const r = await call("POST", "/api/v1/cases", body);
    expect(r.status).toBe(201);
    made.push({ externalId: body.externalId as string, decisionId: r.body.decisionId, channel: c.channel, partial: r.body.decision.partial });
  }
}, 120_000);
afterAll(async () => server?.stop());

const q = (params: Record<string, string>) => new URLSearchParams({ customerId: customer, ...params }).toString();
const ids = (items: { id: string }[]) => items.map((d) => d.id).sort();
const expectIds = (pred: (m: (typeof made)[number]) => boolean) => made.filter(pred).map((m) => m.decisionId).sort();

describe("GET /api/v1/decisions (search)", () => {
  it("applies each filter", async () => {
    const get = async (params: Record<string, string>) => {
      const r = await call("GET", `/api/v1/decisions?${q(params)}`);
      expect(r.status).toBe(200);
      return ids(r.body.items);
    };
    expect(await get({})).toEqual(expectIds(() => true));
    expect(await get({ channel: "whatsapp" })).toEqual(expectIds((m) => m.channel === "whatsapp"));
    expect(await get({ externalId: made[1]!.externalId })).toEqual([made[1]!.decisionId]);
    // "always" fires on WhatsApp only: the other channels evaluated it and it did not fire.
    expect(await get({ rule: "always" })).toEqual(expectIds((m) => m.channel === "whatsapp"));
    expect(await get({ ruleNotFired: "always", playbook: "http-tests-routing" })).toEqual(expectIds((m) => m.channel !== "whatsapp"));
    expect(await get({ rule: "pattern-rule" })).toEqual([made[3]!.decisionId]);
    expect(await get({ tag: "always", queue: "search-q" })).toEqual(expectIds((m) => m.channel === "whatsapp"));
    expect(await get({ partial: "true" })).toEqual(expectIds((m) => m.partial));
    // (Without attributes.pattern the pattern rule errors too: both kinds must be present for this to test anything.)
    expect(new Set(made.map((m) => m.partial))).toEqual(new Set([true, false]));
    expect(await get({ partial: "false" })).toEqual(expectIds((m) => !m.partial));
    expect(await get({ from: "2000-01-01", to: "2000-12-31" })).toEqual([]);
    expect(await get({ from: new Date(Date.now() - 3_600_000).toISOString() })).toEqual(expectIds(() => true));
  });

  it("pages with the cursor, newest first, without repeats", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r: { status: number; body: { items: { id: string; decidedAt: string }[]; nextCursor: string | null } } = await call(
        "GET",
        `/api/v1/decisions?${q({ limit: "2", ...(cursor ? { cursor } : {}) })}`,
      );
      expect(r.status).toBe(200);
      seen.push(...r.body.items.map((i) => i.id));
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(made.map((m) => m.decisionId).reverse());
  });

  it.each([
    ["channel=fax", "channel"],
    ["priority=soon", "priority"],
    ["from=last-week", "from"],
    ["partial=maybe", "partial"],
    ["version=2", "version"],
    ["cursor=%25%25", "cursor"],
    ["limit=9999", "limit"],
    ["rules=always", "rules"],
    ["queue=a&queue=b", "queue"],
  ])("refuses %s with 422 naming %s", async (query, field) => {
    const r = await call("GET", `/api/v1/decisions?${query}`);
    expect(r.status).toBe(422);
    expect(r.body.error.issues.map((i: { path: string }) => i.path)).toContain(field);
  });
});

/** RFC 4180: fields separated by commas, quoted fields may hold commas, CRLF and doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(field), (field = "");
    else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += c;
  }
  if (field || row.length) throw new Error("CSV does not end with CRLF");
  return rows;
}

describe("GET /api/v1/decisions/export", () => {
  it("CSV: a header row, one quoted-correctly line per decision, the search's filters, X-Total-Count", async () => {
    const res = await fetch(`${server.baseUrl}/api/v1/decisions/export?${q({ format: "csv" })}`, { headers: { authorization: `Bearer ${server.apiKey}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="pauta-decisions-.*\.csv"/);
    expect(res.headers.get("x-total-count")).toBe(String(made.length));
    const [header, ...rows] = parseCsv(await res.text());
    expect(header).toEqual(["seq", "id", "decidedAt", "caseId", "externalId", "channel", "customerId", "queue", "priority", "tags", "firedRules", "playbooks", "matched", "partial", "hash"]);
    expect(rows).toHaveLength(made.length);
    const col = (name: string) => header!.indexOf(name);
    expect(rows.map((r) => r[col("id")])).toEqual(made.map((m) => m.decisionId).reverse());
    expect(rows.map((r) => r[col("externalId")]).sort()).toEqual(made.map((m) => m.externalId).sort());
    for (const r of rows) {
      expect(r).toHaveLength(header!.length);
      expect(r[col("customerId")]).toBe(customer);
      expect(r[col("hash")]).toMatch(/^[0-9a-f]{64}$/);
    }
    const wa = rows.find((r) => r[col("id")] === made[0]!.decisionId)!;
    expect(wa[col("firedRules")]).toBe("http-tests-routing/always");
    expect(wa[col("queue")]).toBe("search-q");
  });

  it("JSONL: every line parses as a DecisionExportRow and the filters apply", async () => {
    const res = await fetch(`${server.baseUrl}/api/v1/decisions/export?${q({ format: "jsonl", channel: "whatsapp" })}`, {
      headers: { authorization: `Bearer ${server.apiKey}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    const text = await res.text();
    expect(text.endsWith("\n")).toBe(true);
    const rows = text.trimEnd().split("\n").map((l) => DecisionExportRow.parse(JSON.parse(l)));
    expect(rows.map((r) => r.id).sort()).toEqual(expectIds((m) => m.channel === "whatsapp"));
    expect(res.headers.get("x-total-count")).toBe(String(rows.length));
    expect(rows.every((r) => r.channel === "whatsapp" && r.tags.includes("always"))).toBe(true);
  });

  it("refuses a bad format or filter naming the field, and a key without the read scope", async () => {
    const bad = await call("GET", `/api/v1/decisions/export?format=xml`);
    expect(bad.status).toBe(422);
    expect(bad.body.error.issues[0].path).toBe("format");
    const badFilter = await call("GET", `/api/v1/decisions/export?format=csv&channel=fax`);
    expect(badFilter.status).toBe(422);
    expect(badFilter.body.error.issues.map((i: { path: string }) => i.path)).toContain("channel");
    const created = await call("POST", "/api/v1/api-keys", { name: "ingest-only", scopes: ["ingest"] });
    expect(created.status).toBe(201);
    const ingest = apiClient({ baseUrl: server.baseUrl, apiKey: created.body.key });
    const denied = await ingest("GET", `/api/v1/decisions/export?format=csv`);
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toMatch(/read/);
    expect((await call("GET", `/api/v1/decisions/export?format=csv`, undefined, { key: null })).status).toBe(401);
  });
});
