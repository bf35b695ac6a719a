import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testRoutingPlaybook } from "../support/playbooks";
import { apiClient, sampleCase } from "../support/api";
import { startServer, type RunningServer } from "../support/server";

// The history APIs over HTTP: the audit log's filters, a case's timeline, one exact playbook version.
let server: RunningServer;
let call: ReturnType<typeof apiClient>;

beforeAll(async () => {
  server = await startServer();
  call = apiClient(server);
});
afterAll(async () => server?.stop());

describe("GET /api/v1/audit/log", () => {
  it("filters by entity, action, actor and date, newest first, and pages with a cursor", async () => {
    const imported = await call("POST", "/api/v1/playbooks?publish=true&comment=test%20publish", testRoutingPlaybook("audit-q"));
    expect(imported.status, JSON.stringify(imported.body)).toBeLessThan(300);
    const key = await call("POST", "/api/v1/api-keys", { name: "audit-test", scopes: ["read"] });
    expect(key.status).toBe(201);

    const playbookChanges = await call("GET", "/api/v1/audit/log?entity=playbook&entityId=http-tests-routing");
    expect(playbookChanges.status).toBe(200);
    expect(playbookChanges.body.items.map((e: { action: string }) => e.action)).toEqual(["playbook.published", "playbook.imported"]);
    const actor: string = playbookChanges.body.items[0].actor;
    expect(actor).toMatch(/^api_key:/);

    const keys = await call("GET", `/api/v1/audit/log?entity=api_key&actor=${encodeURIComponent(actor)}`);
    expect(keys.body.items.map((e: { action: string; entityId: string }) => [e.action, e.entityId])).toEqual([["api_key.created", key.body.id]]);

    const today = new Date().toISOString().slice(0, 10);
    const todays = await call("GET", `/api/v1/audit/log?from=${today}&to=${today}`);
    expect(todays.body.items.length).toBeGreaterThanOrEqual(3);
    const future = await call("GET", "/api/v1/audit/log?from=2999-01-01");
    expect(future.body.items).toEqual([]);

    const first = await call("GET", "/api/v1/audit/log?limit=1");
    expect(first.body.items).toHaveLength(1);
    const second = await call("GET", `/api/v1/audit/log?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items[0].id).toBeLessThan(first.body.items[0].id);
  });

  it("answers 422 naming the field for a bad filter, and documents the filters in OpenAPI", async () => {
    const bad = await call("GET", "/api/v1/audit/log?from=yesterday&entity=Play-Book");
    expect(bad.status).toBe(422);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(["entity", "from"]);
    const doc = await call("GET", "/api/v1/openapi.json", undefined, { key: null });
    const params = (doc.body.paths["/api/v1/audit/log"].get.parameters as { name: string }[]).map((p) => p.name);
    expect(params).toEqual(expect.arrayContaining(["entity", "action", "actor", "entityId", "from", "to", "cursor", "limit"]));
  });
});

describe("GET /api/v1/cases/{id}/timeline and /api/v1/playbooks/{id}/versions/{version}", () => {
  it("returns a case's decisions and events with the same customer's other cases, in time order", async () => {
    const customer = { id: `tl-${Date.now()}`, name: "Ana" };
    const wa = await call("POST", "/api/v1/cases", { ...sampleCase(), externalId: `tl-wa-${Date.now()}`, channel: "whatsapp", customer });
    expect(wa.status, JSON.stringify(wa.body)).toBe(201);
    const later = new Date(Date.now() + 5_000).toISOString();
    expect((await call("POST", `/api/v1/cases/${wa.body.caseId}/events`, { eventId: "tl-1", type: "resolved", occurredAt: later })).status).toBe(201);
    const mail = await call("POST", "/api/v1/cases", { ...sampleCase(), externalId: `tl-mail-${Date.now()}`, channel: "email", customer });
    expect(mail.status).toBe(201);

    const tl = await call("GET", `/api/v1/cases/${mail.body.caseId}/timeline`);
    expect(tl.status).toBe(200);
    expect(tl.body.cases.map((c: { channel: string; current: boolean }) => [c.channel, c.current])).toEqual([
      ["whatsapp", false],
      ["email", true],
    ]);
    expect(tl.body.entries.map((e: { kind: string; channel: string }) => `${e.channel}:${e.kind}`)).toEqual(["whatsapp:case", "whatsapp:decision", "email:case", "email:decision", "whatsapp:event"]);
    expect(tl.body.entries[1].decisionId).toBe(wa.body.decisionId);

    const missing = await call("GET", "/api/v1/cases/nope/timeline");
    expect(missing.status).toBe(404);
    expect((await call("GET", `/api/v1/cases/${wa.body.caseId}/timeline`, undefined, { key: null })).status).toBe(401);
  });

  it("returns one exact playbook version, and says what to fix for a bad or unknown version", async () => {
    const list = await call("GET", "/api/v1/playbooks");
    const pb = list.body.items.find((p: { publishedVersion: number | null }) => p.publishedVersion !== null);
    const v = await call("GET", `/api/v1/playbooks/${pb.id}/versions/${pb.publishedVersion}`);
    expect(v.status).toBe(200);
    expect(v.body).toMatchObject({ playbook: { id: pb.id }, version: { version: pb.publishedVersion, state: "published" }, document: { id: pb.id } });
    expect(v.body.version.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const bad = await call("GET", `/api/v1/playbooks/${pb.id}/versions/first`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues).toEqual([{ path: "version", message: expect.any(String) }]);
    expect((await call("GET", `/api/v1/playbooks/${pb.id}/versions/999`)).status).toBe(404);
  });
});
