import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, openDbFile, sampleCase } from "../support/api";
import { testRoutingPlaybook } from "../support/playbooks";
import { startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let call: ReturnType<typeof apiClient>;

beforeAll(async () => {
  server = await startServer();
  call = apiClient(server);
});
afterAll(async () => server?.stop());

type FiredRule = { playbookId: string; ruleId: string };

describe("playbooks over HTTP", () => {
  it("lists the example playbooks, published at start-up", async () => {
    const r = await call("GET", "/api/v1/playbooks");
    expect(r.status).toBe(200);
    const ids = r.body.items.map((p: { id: string }) => p.id);
    expect(ids).toEqual(expect.arrayContaining(["posgrados-whatsapp", "cooperativa-ruteo", "delivery-reembolsos"]));
    for (const p of r.body.items) {
      expect(p.publishedVersion).toBe(1);
      // every rule set has rules; an OKR set has objectives instead
      if (p.kind !== "okr") expect(p.ruleCount, p.id).toBeGreaterThan(0);
    }
  });

  it("validates a document: ok, or issues by field", async () => {
    const ok = await call("POST", "/api/v1/playbooks/validate", testRoutingPlaybook("q"));
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ ok: true, issues: [] });
    const doc = testRoutingPlaybook("q");
    (doc.rules[1]!.actions[0] as { type: string }).type = "teleport";
    const bad = await call("POST", "/api/v1/playbooks/validate", doc);
    expect(bad.status).toBe(200);
    expect(bad.body.ok).toBe(false);
    expect(bad.body.issues.map((i: { path: string }) => i.path)).toContain("rules.1.actions.0.type");
  });

  it("imports a version (201), re-imports the same document as a no-op (200), publishes with ?publish=true and a comment", async () => {
    const a = await call("POST", "/api/v1/playbooks", testRoutingPlaybook("http-v1"));
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ playbookId: "http-tests-routing", version: 1, created: true, published: false, state: "validated" });
    const same = await call("POST", "/api/v1/playbooks", testRoutingPlaybook("http-v1"));
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ version: 1, created: false });
    // Not published yet: the case is not routed by it.
    const before = await call("POST", "/api/v1/cases", sampleCase());
    expect(before.body.decision.playbooks.map((p: { playbookId: string }) => p.playbookId)).not.toContain("http-tests-routing");
    const pub = await call("POST", "/api/v1/playbooks?publish=true&comment=test%20publish", testRoutingPlaybook("http-v1"));
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({ version: 1, created: false, published: true, state: "published" });
    const after = await call("POST", "/api/v1/cases", sampleCase());
    expect(after.body.decision.outcome.queue).toBe("http-v1");
  });

  it("isolates a throwing rule: 201, decision partial, error recorded, the other rules still fire", async () => {
    const r = await call("POST", "/api/v1/cases", sampleCase({ attributes: { account: "http-tests", pattern: "([unclosed" } }));
    expect(r.status).toBe(201);
    const d = r.body.decision;
    expect(d.partial).toBe(true);
    expect(d.errors).toContainEqual(expect.objectContaining({ playbookId: "http-tests-routing", ruleId: "pattern-rule" }));
    expect(d.firedRules).toContainEqual({ playbookId: "http-tests-routing", ruleId: "always" });
    expect(d.outcome.queue).toBe("http-v1");
    const pb = d.trace.playbooks.find((p: { playbookId: string }) => p.playbookId === "http-tests-routing");
    const rule = pb.rules.find((x: { ruleId: string }) => x.ruleId === "pattern-rule");
    expect(rule.status).toBe("error");
    expect(rule.error).toEqual(expect.any(String));
    // Every other published playbook was still evaluated.
    expect(d.trace.playbooks.length).toBeGreaterThanOrEqual(4);
    // A valid pattern from the same fact works.
    const ok = await call("POST", "/api/v1/cases", sampleCase({ attributes: { account: "http-tests", pattern: "maestr[ií]a" } }));
    expect(ok.body.decision.partial).toBe(false);
    expect(ok.body.decision.outcome.tags).toEqual(expect.arrayContaining(["pattern", "always"]));
    // Stored as acknowledged.
    const stored = await call("GET", `/api/v1/decisions/${r.body.decisionId}`);
    expect(stored.body.decision.partial).toBe(true);
  });

  it("a newly published version takes effect on the next case, without restart, and can be rolled back", async () => {
    const v2 = await call("POST", "/api/v1/playbooks?publish=true&comment=test%20publish", testRoutingPlaybook("http-v2"));
    expect(v2.status).toBe(201);
    expect(v2.body).toMatchObject({ version: 2, published: true });
    const c = await call("POST", "/api/v1/cases", sampleCase());
    expect(c.body.decision.outcome.queue).toBe("http-v2");
    const ref = c.body.decision.playbooks.find((p: { playbookId: string }) => p.playbookId === "http-tests-routing");
    expect(ref).toMatchObject({ version: 2, versionId: v2.body.versionId });

    const back = await call("POST", "/api/v1/playbooks/http-tests-routing/publish", { version: 1, comment: "test publish" });
    expect(back.status).toBe(200);
    expect((await call("POST", "/api/v1/cases", sampleCase())).body.decision.outcome.queue).toBe("http-v1");

    const detail = await call("GET", "/api/v1/playbooks/http-tests-routing");
    expect(detail.status).toBe(200);
    expect(detail.body.playbook).toMatchObject({ publishedVersion: 1, latestVersion: 2 });
    expect(detail.body.versions.map((v: { version: number; state: string }) => [v.version, v.state])).toEqual([
      [2, "superseded"],
      [1, "published"],
    ]);
    expect(detail.body.publishedDocument.rules[1].actions[0].queue).toBe("http-v1");
    expect(detail.body.latestDocument.rules[1].actions[0].queue).toBe("http-v2");
    const missing = await call("POST", "/api/v1/playbooks/http-tests-routing/publish", { version: 9, comment: "test publish" });
    expect(missing.status).toBe(404);
  });

  it("writes every configuration change to the audit log, and the stored version is immutable", async () => {
    const db = openDbFile(server.dbPath);
    try {
      const rows = db.prepare("select action, actor, before, after from audit_log where entity_id = ? order by id").all("http-tests-routing") as { action: string; actor: string }[];
      expect(rows.map((r) => r.action)).toEqual(["playbook.imported", "playbook.published", "playbook.imported", "playbook.published", "playbook.published"]);
      for (const r of rows) expect(r.actor).toMatch(/^api_key:/);
      const v1 = db.prepare("select document from playbook_versions where playbook_id = ? and version = 1").get("http-tests-routing") as { document: string };
      expect(JSON.parse(v1.document).rules[1].actions[0].queue).toBe("http-v1");
    } finally {
      db.close();
    }
    const page1 = await call("GET", "/api/v1/audit/log?entityId=http-tests-routing&limit=3");
    expect(page1.status).toBe(200);
    expect(page1.body.items.map((e: { action: string }) => e.action)).toEqual(["playbook.published", "playbook.published", "playbook.imported"]);
    expect(page1.body.items[0].before).toMatchObject({ publishedVersionId: expect.any(String) });
    const page2 = await call("GET", `/api/v1/audit/log?entityId=http-tests-routing&limit=3&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items.map((e: { action: string }) => e.action)).toEqual(["playbook.published", "playbook.imported"]);
    expect(page2.body.nextCursor).toBeNull();
  });

  it("a kind change of an existing playbook is a 409 naming kind", async () => {
    const r = await call("POST", "/api/v1/playbooks", { schemaVersion: 1, id: "http-tests-routing", kind: "tone", name: "x" });
    expect(r.status).toBe(409);
    expect(r.body.error.issues[0].path).toBe("kind");
  });
});

describe("several processes on one database", () => {
  it("a second process starting on the same file is idempotent, and sees a publish made by the first on its next case", async () => {
    const second = await startServer({ dbPath: server.dbPath });
    try {
      const call2 = apiClient({ baseUrl: second.baseUrl, apiKey: server.apiKey });
      // Start-up of the second process imported nothing new and created no second admin key.
      const db = openDbFile(server.dbPath);
      try {
        expect(db.prepare("select count(*) as n from api_keys").get()).toEqual({ n: 1 });
        expect(db.prepare("select count(*) as n from playbook_versions where playbook_id = 'cooperativa-ruteo'").get()).toEqual({ n: 1 });
      } finally {
        db.close();
      }
      expect((await call2("POST", "/api/v1/cases", sampleCase())).body.decision.outcome.queue).toBe("http-v1");
      const v3 = await call("POST", "/api/v1/playbooks?publish=true&comment=test%20publish", testRoutingPlaybook("http-v3"));
      expect(v3.body).toMatchObject({ version: 3, published: true });
      const seen = await call2("POST", "/api/v1/cases", sampleCase());
      expect(seen.body.decision.outcome.queue).toBe("http-v3");

      // Both processes append to one chain.
      const fired: FiredRule[] = seen.body.decision.firedRules;
      expect(fired).toContainEqual({ playbookId: "http-tests-routing", ruleId: "always" });
      expect((await call2("GET", "/api/v1/audit/verify")).body.ok).toBe(true);
    } finally {
      await second.stop();
    }
  });
});
