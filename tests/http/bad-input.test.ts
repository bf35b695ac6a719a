import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, countRows, sampleCase } from "../support/api";
import { startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let call: ReturnType<typeof apiClient>;

beforeAll(async () => {
  server = await startServer();
  call = apiClient(server);
});
afterAll(async () => server?.stop());

function paths(body: { error: { issues: { path: string }[] } }): string[] {
  return body.error.issues.map((i) => i.path);
}

describe("bad input gets a 4xx naming the field, and writes nothing", () => {
  it("invalid JSON → 400 invalid_json naming body", async () => {
    const r = await call("POST", "/api/v1/cases", undefined, { raw: '{"externalId": "x", ' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("invalid_json");
    expect(paths(r.body)).toEqual(["body"]);
  });

  it("empty body → 400 naming body", async () => {
    const r = await call("POST", "/api/v1/cases", undefined, { raw: "" });
    expect(r.status).toBe(400);
    expect(paths(r.body)).toEqual(["body"]);
  });

  it("a JSON value that is not an object → 422 naming body", async () => {
    const r = await call("POST", "/api/v1/cases", [1, 2]);
    expect(r.status).toBe(422);
    expect(paths(r.body)).toEqual(["body"]);
  });

  it("wrong types → 422 with one issue per field path", async () => {
    const r = await call("POST", "/api/v1/cases", sampleCase({ externalId: 42, customer: { id: "c1", tier: "platinum", followers: -3 }, attributes: { nested: { a: 1 } } }));
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe("invalid_request");
    expect(paths(r.body)).toEqual(expect.arrayContaining(["externalId", "customer.tier", "customer.followers", "attributes.nested"]));
    for (const i of r.body.error.issues) expect(i.message).toEqual(expect.any(String));
  });

  it("unknown channel → 422 naming channel", async () => {
    const r = await call("POST", "/api/v1/cases", sampleCase({ channel: "telegraph" }));
    expect(r.status).toBe(422);
    expect(paths(r.body)).toEqual(["channel"]);
    expect(r.body.error.issues[0].message).toContain("whatsapp");
  });

  it("missing or blank text → 422 naming text", async () => {
    const { text: _omit, ...noText } = sampleCase();
    const r = await call("POST", "/api/v1/cases", noText);
    expect(r.status).toBe(422);
    expect(paths(r.body)).toEqual(["text"]);
    const blank = await call("POST", "/api/v1/cases", sampleCase({ text: "   " }));
    expect(blank.status).toBe(422);
    expect(paths(blank.body)).toEqual(["text"]);
  });

  it("missing customer and a bad country code name their fields", async () => {
    const { customer: _c, ...noCustomer } = sampleCase();
    expect(paths((await call("POST", "/api/v1/cases", noCustomer)).body)).toEqual(["customer"]);
    const r = await call("POST", "/api/v1/cases", sampleCase({ customer: { id: "c", country: "Mexico" } }));
    expect(paths(r.body)).toEqual(["customer.country"]);
  });

  it("a 2 MB body → 413 naming body (whatever Content-Length says)", async () => {
    const big = sampleCase({ text: "a".repeat(2 * 1024 * 1024) });
    const r = await call("POST", "/api/v1/cases", big);
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe("payload_too_large");
    expect(paths(r.body)).toEqual(["body"]);
  });

  it("a 2 MB body sent chunked (no Content-Length) → 413 naming body", async () => {
    const chunk = new TextEncoder().encode("a".repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 32) return controller.close();
        sent++;
        controller.enqueue(chunk);
      },
    });
    const res = await fetch(`${server.baseUrl}/api/v1/cases`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.apiKey}`, "content-type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { issues: { path: string }[] } }).error.issues[0]?.path).toBe("body");
  });

  it("missing, malformed or wrong API key → 401 naming the Authorization header", async () => {
    for (const opts of [{ key: null }, { key: "wrong-key-wrong-key" }, { key: null, headers: { authorization: "Basic abc" } }]) {
      const r = await call("POST", "/api/v1/cases", sampleCase(), opts);
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe("unauthorized");
      expect(paths(r.body)).toEqual(["headers.authorization"]);
      expect(r.headers.get("www-authenticate")).toContain("Bearer");
    }
    for (const path of ["/api/v1/decisions", "/api/v1/playbooks", "/api/v1/audit/verify"]) expect((await call("GET", path, undefined, { key: null })).status).toBe(401);
  });

  it("bad playbook documents → 422 naming the field; bad publish flag → 400", async () => {
    const r = await call("POST", "/api/v1/playbooks", { schemaVersion: 1, id: "Bad Id", kind: "routing", name: "x", rules: [{ id: "r1", name: "r", conditions: { all: [] }, actions: [] }] });
    expect(r.status).toBe(422);
    expect(paths(r.body)).toEqual(expect.arrayContaining(["id", "rules.0.actions"]));
    const q = await call("POST", "/api/v1/playbooks?publish=yes", {});
    expect(q.status).toBe(400);
    expect(paths(q.body)).toEqual(["query.publish"]);
  });

  it("nothing above wrote a case, a decision or a playbook version", async () => {
    expect(countRows(server.dbPath, "cases")).toBe(0);
    expect(countRows(server.dbPath, "decisions")).toBe(0);
    expect(countRows(server.dbPath, "playbook_versions")).toBe(countRows(server.dbPath, "playbooks"));
  });

  it("the server is still healthy and never answered 500", async () => {
    expect((await call("GET", "/api/v1/health", undefined, { key: null })).status).toBe(200);
    expect(server.output()).not.toMatch(/unexpected error/);
  });
});
