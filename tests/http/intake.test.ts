import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, countRows, openDbFile, sampleCase } from "../support/api";
import { routesInCode } from "../support/routes";
import { startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let call: ReturnType<typeof apiClient>;

beforeAll(async () => {
  server = await startServer();
  call = apiClient(server);
});
afterAll(async () => server?.stop());

describe("POST /api/v1/cases", () => {
  it("decides synchronously with the example playbooks (cooperativa: fraud → prevencion-fraude)", async () => {
    const res = await call("POST", "/api/v1/cases", {
      externalId: "coop-fraude-1",
      channel: "whatsapp",
      text: "Me clonaron la tarjeta de débito y hay cargos que NO RECONOZCO",
      customer: { id: "socio-10021", name: "José Antonio Martínez", tier: "standard", segment: "socio", region: "central", country: "SV" },
      attributes: { account: "cooperativa-sv" },
    });
    expect(res.status).toBe(201);
    expect(res.body.duplicate).toBe(false);
    expect(res.body.matched).toBe(true);
    expect(res.body.decision.id).toBe(res.body.decisionId);
    expect(res.body.decision.caseId).toBe(res.body.caseId);
    expect(res.body.decision.outcome.queue).toBe("prevencion-fraude");
    expect(res.body.decision.trace.playbooks.length).toBeGreaterThan(0);
    expect(res.headers.get("location")).toBe(`/api/v1/cases/${res.body.caseId}`);
  });

  it("returns the first answer for a retried externalId, with duplicate: true and one row", async () => {
    const c = sampleCase();
    const first = await call("POST", "/api/v1/cases", c);
    expect(first.status).toBe(201);
    // The retry differs in text: still the first answer (the key is source + externalId).
    const again = await call("POST", "/api/v1/cases", { ...c, text: "otro texto" });
    expect(again.status).toBe(200);
    expect(again.body.duplicate).toBe(true);
    expect(again.body.caseId).toBe(first.body.caseId);
    expect(again.body.decisionId).toBe(first.body.decisionId);
    expect(again.body.decision).toEqual(first.body.decision);
    const db = openDbFile(server.dbPath);
    try {
      expect(db.prepare("select count(*) as n from cases where external_id = ?").get(c.externalId)).toEqual({ n: 1 });
      expect(db.prepare("select count(*) as n from decisions where case_id = ?").get(first.body.caseId)).toEqual({ n: 1 });
    } finally {
      db.close();
    }
  });

  it("keeps (source, externalId) unique: the same externalId from another source is another case", async () => {
    const c = sampleCase({ source: "crm-a" });
    const a = await call("POST", "/api/v1/cases", c);
    const b = await call("POST", "/api/v1/cases", { ...c, source: "crm-b" });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.caseId).not.toBe(a.body.caseId);
  });

  it("answers concurrent duplicates with one case: one 201, the rest 200 with the same ids", async () => {
    const c = sampleCase();
    const before = countRows(server.dbPath, "cases");
    const answers = await Promise.all(Array.from({ length: 12 }, () => call("POST", "/api/v1/cases", c)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(11);
    expect(new Set(answers.map((a) => a.body.caseId)).size).toBe(1);
    expect(new Set(answers.map((a) => a.body.decisionId)).size).toBe(1);
    expect(countRows(server.dbPath, "cases")).toBe(before + 1);
  });
});

describe("reading cases and decisions", () => {
  it("GET /cases/:id returns the case with its decisions; GET /decisions/:id the full trace", async () => {
    const created = await call("POST", "/api/v1/cases", sampleCase({ customer: { id: "reader-1", name: "Luis", country: "co" } }));
    const c = await call("GET", `/api/v1/cases/${created.body.caseId}`);
    expect(c.status).toBe(200);
    expect(c.body.case.id).toBe(created.body.caseId);
    expect(c.body.case.input.customer.country).toBe("CO");
    expect(c.body.decisions.map((d: { id: string }) => d.id)).toEqual([created.body.decisionId]);

    const d = await call("GET", `/api/v1/decisions/${created.body.decisionId}`);
    expect(d.status).toBe(200);
    expect(d.body.decision).toEqual(created.body.decision);
    expect(d.body.seq).toBeGreaterThan(0);
    expect(d.body.case.id).toBe(created.body.caseId);
    expect(d.body.decision.trace.facts.channel).toBe("whatsapp");
  });

  it("answers 404 naming the id for unknown cases and decisions", async () => {
    for (const path of ["/api/v1/cases/nope", "/api/v1/decisions/nope", "/api/v1/playbooks/nope"]) {
      const r = await call("GET", path);
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe("not_found");
      expect(r.body.error.issues[0].path).toBe("id");
    }
  });

  it("lists decisions newest first with cursor pagination and filters", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await call("POST", "/api/v1/cases", sampleCase())).body.decisionId);
    const page1 = await call("GET", "/api/v1/decisions?limit=2");
    expect(page1.status).toBe(200);
    expect(page1.body.items.map((d: { id: string }) => d.id)).toEqual([ids[4], ids[3]]);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await call("GET", `/api/v1/decisions?limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items.map((d: { id: string }) => d.id)).toEqual([ids[2], ids[1]]);
    const seqs = [...page1.body.items, ...page2.body.items].map((d: { seq: number }) => d.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));

    // Walk every page: every decision once.
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const r: { body: { items: { id: string }[]; nextCursor: string | null } } = await call("GET", `/api/v1/decisions?limit=3${cursor ? `&cursor=${cursor}` : ""}`);
      all.push(...r.body.items.map((d) => d.id));
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(countRows(server.dbPath, "decisions"));

    const last = await call("GET", `/api/v1/decisions/${ids[4]}`);
    const byCase = await call("GET", `/api/v1/decisions?caseId=${last.body.decision.caseId}`);
    expect(byCase.body.items.map((d: { id: string }) => d.id)).toEqual([ids[4]]);
    expect(byCase.body.items[0].externalId).toBeTruthy();
    expect(byCase.body.items[0].channel).toBe("whatsapp");

    const from = last.body.decision.decidedAt;
    const since = await call("GET", `/api/v1/decisions?from=${encodeURIComponent(from)}`);
    expect(since.body.items.map((d: { id: string }) => d.id)).toContain(ids[4]);
    const future = await call("GET", `/api/v1/decisions?from=${encodeURIComponent("2999-01-01T00:00:00Z")}`);
    expect(future.body.items).toEqual([]);
    const bad = await call("GET", "/api/v1/decisions?from=yesterday&cursor=abc");
    expect(bad.status).toBe(422);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path)).toContain("from");
  });

  it("filters by playbook and by fired rule", async () => {
    const fraud = await call("POST", "/api/v1/cases", {
      externalId: "coop-fraude-filter",
      channel: "whatsapp",
      text: "Me clonaron la tarjeta y hay cargos que no reconozco",
      customer: { id: "socio-1", name: "Ana", tier: "standard", region: "central", country: "SV" },
      attributes: { account: "cooperativa-sv" },
    });
    const fired = fraud.body.decision.firedRules as { playbookId: string; ruleId: string }[];
    expect(fired.length).toBeGreaterThan(0);
    const { playbookId, ruleId } = fired[0]!;
    const byRule = await call("GET", `/api/v1/decisions?rule=${ruleId}&playbook=${playbookId}`);
    expect(byRule.body.items.map((d: { id: string }) => d.id)).toContain(fraud.body.decisionId);
    for (const d of byRule.body.items) expect(d.firedRules).toContainEqual({ playbookId, ruleId });
    const byPlaybook = await call("GET", `/api/v1/decisions?playbook=${playbookId}`);
    expect(byPlaybook.body.items.map((d: { id: string }) => d.id)).toContain(fraud.body.decisionId);
    const none = await call("GET", `/api/v1/decisions?rule=no-such-rule`);
    expect(none.body.items).toEqual([]);
  });
});

describe("case events", () => {
  it("records events idempotently on eventId, lists them in order, and names bad fields", async () => {
    const created = await call("POST", "/api/v1/cases", sampleCase());
    const base = `/api/v1/cases/${created.body.caseId}/events`;
    const reply = { eventId: "ev-1", type: "agent_replied", occurredAt: "2026-03-02T10:05:00-06:00", text: "Hola" };
    const a = await call("POST", base, reply);
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ caseId: created.body.caseId, eventId: "ev-1", type: "agent_replied", duplicate: false });
    const retry = await call("POST", base, reply);
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ id: a.body.id, duplicate: true });
    expect((await call("POST", base, { eventId: "ev-0", type: "survey_answered", occurredAt: "2026-03-02T09:00:00Z", csat: 5 })).status).toBe(201);
    const list = await call("GET", base);
    expect(list.body.items.map((e: { eventId: string }) => e.eventId)).toEqual(["ev-0", "ev-1"]);
    const bad = await call("POST", base, { eventId: "ev-2", type: "survey_answered", occurredAt: "yesterday", csat: 9 });
    expect(bad.status).toBe(422);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(["occurredAt", "csat"]));
    const unknownType = await call("POST", base, { eventId: "ev-3", type: "teleported", occurredAt: "2026-03-02T09:00:00Z" });
    expect(unknownType.status).toBe(422);
    expect(unknownType.body.error.issues[0].path).toBe("type");
    expect((await call("POST", "/api/v1/cases/nope/events", reply)).status).toBe(404);
  });
});

describe("GET /api/v1/openapi.json", () => {
  it("is generated from the schemas and lists every path", async () => {
    const r = await call("GET", "/api/v1/openapi.json", undefined, { key: null });
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe("3.1.0");
    for (const p of [
      "/api/v1/health",
      "/api/v1/cases",
      "/api/v1/cases/{id}",
      "/api/v1/decisions",
      "/api/v1/decisions/{id}",
      "/api/v1/simulate",
      "/api/v1/audit/verify",
      "/api/v1/playbooks",
      "/api/v1/playbooks/{id}",
      "/api/v1/playbooks/validate",
      "/api/v1/playbooks/{id}/publish",
      "/api/v1/cases/{id}/events",
      "/api/v1/api-keys",
    ])
      expect(Object.keys(r.body.paths)).toContain(p);
    expect(r.body.components.schemas.CaseInput.properties.channel).toBeDefined();
    expect(r.body.components.schemas.Channel.enum).toContain("whatsapp");
    expect(r.body.components.securitySchemes.bearer.scheme).toBe("bearer");
    // Request bodies and answers point at the shared schemas, not hand-written copies.
    expect(r.body.paths["/api/v1/cases"].post.requestBody.content["application/json"].schema.$ref).toBe("#/components/schemas/CaseInput");
    expect(r.body.paths["/api/v1/cases"].post.responses["201"].content["application/json"].schema.$ref).toMatch(/CaseCreated/);
    expect(r.body.paths["/api/v1/cases"].post.responses["422"].content["application/json"].schema.$ref).toMatch(/ApiError/);
    // Every method of every route file is described (not the catch-all for unknown paths, nor /api/v1 itself, which points here).
    const missing = routesInCode()
      .filter((route) => !route.dir.includes("[...") && route.dir !== "/api/v1")
      .flatMap((route) => route.methods.map((m) => ({ m, p: route.dir.replace(/\[(\w+)\]/g, "{$1}") })))
      .filter(({ m, p }) => !r.body.paths[p]?.[m.toLowerCase()])
      .map(({ m, p }) => `${m} ${p}`);
    expect(missing, "routes missing from the OpenAPI document").toEqual([]);
  });
});
