import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, openDbFile, sampleCase } from "../support/api";
import { startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let call: ReturnType<typeof apiClient>;

beforeAll(async () => {
  server = await startServer();
  call = apiClient(server);
});
afterAll(async () => server?.stop());

describe("API keys and scopes", () => {
  it("creates a scoped key (secret shown once), enforces its scopes, and revokes it", async () => {
    const created = await call("POST", "/api/v1/api-keys", { name: "whatsapp-gateway", scopes: ["ingest"] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "whatsapp-gateway", scopes: ["ingest"], revokedAt: null });
    const key: string = created.body.key;
    expect(key.startsWith(created.body.prefix)).toBe(true);

    const ingest = apiClient({ baseUrl: server.baseUrl, apiKey: key });
    expect((await ingest("POST", "/api/v1/cases", sampleCase())).status).toBe(201);
    const denied = await ingest("GET", "/api/v1/decisions");
    expect(denied.status).toBe(403);
    expect(denied.body.error).toMatchObject({ code: "forbidden", issues: [{ path: "headers.authorization" }] });
    expect((await ingest("POST", "/api/v1/playbooks?publish=true&comment=test%20publish", {})).status).toBe(403);

    const list = await call("GET", "/api/v1/api-keys");
    expect(list.body.items).toHaveLength(2);
    expect(JSON.stringify(list.body)).not.toContain(key);

    const revoked = await call("DELETE", `/api/v1/api-keys/${created.body.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    const after = await ingest("POST", "/api/v1/cases", sampleCase());
    expect(after.status).toBe(401);

    const db = openDbFile(server.dbPath);
    try {
      const actions = db.prepare("select action from audit_log where entity_id = ? order by id").all(created.body.id) as { action: string }[];
      expect(actions.map((a) => a.action)).toEqual(["api_key.created", "api_key.revoked"]);
      expect(db.prepare("select count(*) as n from api_keys where hash = ?").get(key)).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });

  it("refuses to revoke the last key that can manage, and names bad fields", async () => {
    const admin = (await call("GET", "/api/v1/api-keys")).body.items.find((k: { name: string }) => k.name === "admin");
    const r = await call("DELETE", `/api/v1/api-keys/${admin.id}`);
    expect(r.status).toBe(409);
    expect(r.body.error.issues[0].path).toBe("id");
    const bad = await call("POST", "/api/v1/api-keys", { name: "", scopes: ["root"] });
    expect(bad.status).toBe(422);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(["name", "scopes.0"]));
    expect((await call("DELETE", "/api/v1/api-keys/nope")).status).toBe(404);
  });

  it("answers unknown /api/v1 paths with a JSON 404", async () => {
    const r = await call("GET", "/api/v1/no-such-thing", undefined, { key: null });
    expect(r.status).toBe(404);
    expect(r.headers.get("content-type")).toContain("application/json");
    expect(r.body.error).toMatchObject({ code: "not_found", issues: [{ path: "path" }] });
    expect((await call("POST", "/api/v1/cases/x/y/z", {})).status).toBe(404);
    const root = await call("GET", "/api/v1", undefined, { key: null });
    expect(root.status).toBe(200);
    expect(root.body.openapi).toBe("/api/v1/openapi.json");
  });
});
