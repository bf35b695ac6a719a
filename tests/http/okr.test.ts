// The OKR and metric routes against the real server: shapes, field-level 4xx, and the example OKR
// set's dashboard with the publishes of the startup import on its time axis.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MetricSeries, OkrDashboard, OkrLintResponse } from "@/schemas/okr";
import { loginAs, sessionHeaders, trpcCall, type TestSession } from "../support/auth";
import { startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let strategist: TestSession;
let get: (path: string) => Promise<{ status: number; body: any }>;
beforeAll(async () => {
  server = await startServer();
  strategist = await loginAs(server.baseUrl, "strategist");
  get = async (path) => {
    const res = await fetch(server.baseUrl + path, { headers: sessionHeaders(strategist) });
    return { status: res.status, body: await res.json() };
  };
}, 120_000);
afterAll(() => server?.stop());

const today = () => new Date().toISOString().slice(0, 10);
const issuePaths = (body: any) => (body.error.issues as { path: string }[]).map((i) => i.path);

describe("GET /api/v1/metrics/{metric}", () => {
  it("answers a MetricSeries with a point per day", async () => {
    const r = await get(`/api/v1/metrics/volume?from=2026-01-01&to=2026-01-07&channel=whatsapp`);
    expect(r.status).toBe(200);
    const s = MetricSeries.parse(r.body);
    expect(s).toMatchObject({ metric: "volume", channel: "whatsapp", from: "2026-01-01", to: "2026-01-07", value: 0, count: 0 });
    expect(s.points).toHaveLength(7);
  });

  it("refuses bad parameters with the field that is wrong", async () => {
    const unknown = await get(`/api/v1/metrics/happiness?from=2026-01-01&to=2026-01-07`);
    expect(unknown.status).toBe(422);
    expect(issuePaths(unknown.body)).toEqual(["metric"]);
    const missing = await get(`/api/v1/metrics/nps?to=2026-01-07&channel=fax`);
    expect(missing.status).toBe(422);
    expect(issuePaths(missing.body).sort()).toEqual(["channel", "from"]);
    const backwards = await get(`/api/v1/metrics/nps?from=2026-02-01&to=2026-01-07`);
    expect(backwards.status).toBe(422);
    expect(issuePaths(backwards.body)).toEqual(["to"]);
  });
});

describe("the OKR dashboard", () => {
  it("shows the example set's key results and the publishes of the startup import as markers", async () => {
    const r = await get(`/api/v1/okr/okr-atencion/dashboard?from=${today()}&to=${today()}`);
    expect(r.status).toBe(200);
    const d = OkrDashboard.parse(r.body);
    expect(d).toMatchObject({ playbookId: "okr-atencion", version: 1, lint: [] });
    expect(d.objectives.flatMap((o) => o.keyResults)).toHaveLength(12);
    expect(d.markers.map((m) => m.playbookId)).toEqual(expect.arrayContaining(["okr-atencion", "escalamiento-sla", "cooperativa-ruteo"]));
    expect(d.markers.every((m) => m.action === "published")).toBe(true);
    // the same over tRPC, and the index page's list
    const t = await trpcCall(server.baseUrl, "query", "okr.dashboard", { playbookId: "okr-atencion", from: today(), to: today() }, sessionHeaders(strategist));
    expect(t.status).toBe(200);
    expect(t.body.result.data.markers).toEqual(d.markers.map((m) => ({ ...m })));
    const list = await trpcCall(server.baseUrl, "query", "okr.list", undefined, sessionHeaders(strategist));
    expect(list.body.result.data).toEqual([expect.objectContaining({ playbookId: "okr-atencion", objectives: 4, keyResults: 12, warnings: 0, published: true })]);
  });

  it("404 for a playbook that is not an OKR set, 422 for a bad range", async () => {
    const notOkr = await get(`/api/v1/okr/escalamiento-sla/dashboard`);
    expect(notOkr.status).toBe(404);
    const bad = await get(`/api/v1/okr/okr-atencion/dashboard?from=2026-13-01`);
    expect(bad.status).toBe(422);
    expect(issuePaths(bad.body)).toEqual(["from"]);
  });
});

describe("POST /api/v1/okr/lint", () => {
  it("lints a document and names the bad fields of one that does not parse", async () => {
    const post = (body: unknown) =>
      fetch(server.baseUrl + "/api/v1/okr/lint", { method: "POST", headers: { ...sessionHeaders(strategist), "content-type": "application/json" }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: await r.json() }));
    const doc = {
      schemaVersion: 1,
      id: "okr-http",
      kind: "okr",
      name: "OKR",
      locale: "en",
      objectives: [{ id: "o1", title: "Every customer answered within an hour", keyResults: [{ id: "k1", title: "Analyze complaints", metric: "nps", target: 40, targetDate: "2027-01-01" }] }],
    };
    const ok = await post(doc);
    expect(ok.status).toBe(200);
    const { issues } = OkrLintResponse.parse(ok.body);
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      ["objectives", "too_few_objectives"],
      ["objectives[0].keyResults", "few_key_results"],
      ["objectives[0].keyResults[0].title", "activity_verb"],
    ]);
    expect(issues[2]!.message).toMatch(/^"Analyze" describes an activity/);
    const bad = await post({ ...doc, objectives: [{ id: "o1", title: "x", keyResults: [{ id: "k1", title: "y", metric: "happiness", target: 1 }] }] });
    expect(bad.status).toBe(422);
    expect(issuePaths(bad.body)).toEqual(["objectives.0.keyResults.0.metric"]);
  });
});
