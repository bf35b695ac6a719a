// The canvas editor's server side over HTTP: creating a playbook, the shared draft with optimistic
// concurrency, publishing a draft, the simulate API's draft mode, "try it" and "show on canvas".
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Decision, FlowDocument, FlowIssue } from "@/schemas";
import { apiClient } from "../support/api";
import { createUser, loginAs, sessionHeaders, trpcCall, type TestSession } from "../support/auth";
import { flowCase, testFlow } from "../support/flows";
import { REPO_ROOT, startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let call: ReturnType<typeof apiClient>;
let ana: TestSession;
let ben: TestSession;
let operator: TestSession;
let auditor: TestSession;

/** A call as a signed-in person (cookie + CSRF header, no API key). */
const as = (s: TestSession) => (method: string, url: string, body?: unknown) => call(method, url, body, { key: null, headers: sessionHeaders(s) });

beforeAll(async () => {
  server = await startServer();
  call = apiClient(server);
  const admin = await loginAs(server.baseUrl, "admin");
  ana = await createUser(server.baseUrl, admin, "ana@pauta.test", "strategist", { name: "Ana López" });
  ben = await createUser(server.baseUrl, admin, "ben@pauta.test", "strategist", { name: "Ben Ortiz" });
  operator = await loginAs(server.baseUrl, "operator");
  auditor = await loginAs(server.baseUrl, "auditor");
});
afterAll(async () => server?.stop());

const ID = "editor-flow";
const draftUrl = `/api/v1/playbooks/${ID}/draft`;

describe("a new playbook and its draft", () => {
  it("creating one gives an empty draft at revision 1, listed on /playbooks with no versions", async () => {
    const r = await as(ana)("POST", "/api/v1/playbooks", { id: ID, name: "Editor flow", locale: "es" });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ playbookId: ID, revision: 1, baseVersion: null, updatedBy: "Ana López" });
    expect((r.body.document as FlowDocument).graph.nodes.map((n) => n.type)).toEqual(["trigger"]);
    expect(r.body.issues.filter((i: FlowIssue) => i.severity === "error")).toEqual([]);

    const list = await call("GET", "/api/v1/playbooks");
    expect(list.body.items).toContainEqual(expect.objectContaining({ id: ID, publishedVersion: null, latestVersion: 0, ruleCount: 0 }));
    const detail = await call("GET", `/api/v1/playbooks/${ID}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ versions: [], publishedDocument: null, latestDocument: null });
    const page = await fetch(`${server.baseUrl}/playbooks/${ID}`, { headers: { cookie: ana.cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`/playbooks/${ID}/edit`);

    expect((await call("GET", draftUrl)).body).toMatchObject({ revision: 1, document: { id: ID } });
    const again = await as(ana)("POST", "/api/v1/playbooks", { id: ID, name: "Twice" });
    expect(again.status).toBe(409);
    expect(again.body.error.issues[0].path).toBe("id");
    const bad = await as(ana)("POST", "/api/v1/playbooks", { id: "Not a slug", name: "" });
    expect(bad.status).toBe(422);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(["id", "name"]);
  });

  it("a create request with a kind creates that kind: a crisis draft, or a tone playbook's starter document", async () => {
    const crisis = await as(ana)("POST", "/api/v1/playbooks", { id: "crisis-nuevo", name: "Crisis", kind: "crisis" });
    expect(crisis.status).toBe(201);
    expect(crisis.body).toMatchObject({ playbookId: "crisis-nuevo", revision: 1, document: { kind: "crisis" } });
    const tone = await as(ana)("POST", "/api/v1/playbooks", { id: "tono-nuevo", name: "Tono", kind: "tone", locale: "en" });
    expect(tone.status).toBe(201);
    expect(tone.body).toMatchObject({ playbookId: "tono-nuevo", kind: "tone", baseVersion: null, document: { kind: "tone", locale: "en", bannedPhrases: [] } });
    // its versions are imported documents, as for every playbook
    const v1 = await as(ana)("POST", "/api/v1/playbooks", { ...tone.body.document, bannedPhrases: [{ phrase: "le garantizamos" }] });
    expect(v1.status).toBe(201);
    expect(v1.body).toMatchObject({ playbookId: "tono-nuevo", version: 1, state: "validated" });
  });

  it("a draft with errors is saved, and its issues come back on their nodes", async () => {
    const r = await as(ana)("PUT", draftUrl, { baseRevision: 1, document: testFlow(ID, { vipQueue: "" }) });
    expect(r.status).toBe(200);
    expect(r.body.revision).toBe(2);
    expect(r.body.issues).toContainEqual(expect.objectContaining({ severity: "error", nodeId: "route-vip", path: "queue" }));
    const read = await call("GET", draftUrl);
    expect(read.body).toMatchObject({ revision: 2, updatedBy: "Ana López", updatedAt: r.body.updatedAt });
    expect(read.body.document.graph.nodes).toHaveLength(7);

    const wrongId = await as(ana)("PUT", draftUrl, { baseRevision: 2, document: testFlow("another-id") });
    expect(wrongId.status).toBe(422);
    expect(wrongId.body.error.issues[0].path).toBe("document.id");
  });

  it("a stale save is refused with 409 naming who saved and when; nothing is overwritten", async () => {
    const saved = (await call("GET", draftUrl)).body as { revision: number; updatedAt: string };
    const r = await as(ben)("PUT", draftUrl, { baseRevision: 1, document: testFlow(ID, { vipQueue: "bens-queue" }) });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toBe(
      `Ana López saved this draft at ${saved.updatedAt.slice(11, 16)} UTC (revision 2), after you opened it. Reload to get their changes; your copy was not saved.`,
    );
    expect(r.body.error.current).toEqual({ revision: 2, updatedBy: "Ana López", updatedByActor: "user:ana@pauta.test", updatedAt: saved.updatedAt });
    // tRPC: CONFLICT, with the same machine field.
    const t = await trpcCall(server.baseUrl, "mutation", "playbooks.saveDraft", { id: ID, baseRevision: 1, document: testFlow(ID) }, sessionHeaders(ben));
    expect(t.status).toBe(409);
    expect(t.body.error.data).toMatchObject({ code: "CONFLICT", current: { revision: 2, updatedBy: "Ana López" } });
    expect((await call("GET", draftUrl)).body.revision).toBe(2);
  });

  it("of concurrent saves from the same revision exactly one wins", async () => {
    const saves = await Promise.all(
      Array.from({ length: 6 }, (_, i) => as(i % 2 ? ana : ben)("PUT", draftUrl, { baseRevision: 2, document: testFlow(ID, { vipQueue: i === 0 ? "" : `q-${i}` }) })),
    );
    expect(saves.map((s) => s.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
    const winner = saves.findIndex((s) => s.status === 200);
    const read = await call("GET", draftUrl);
    expect(read.body.revision).toBe(3);
    const route = (read.body.document as FlowDocument).graph.nodes.find((n) => n.id === "route-vip");
    expect(route?.data).toEqual({ queue: winner === 0 ? "" : `q-${winner}` });
  });
});

describe("publishing a draft", () => {
  it("is refused while the draft has errors (422 naming node and field), and accepted once fixed", async () => {
    const r3 = await as(ana)("PUT", draftUrl, { baseRevision: 3, document: testFlow(ID, { vipQueue: "" }) });
    expect(r3.status).toBe(200);
    const refused = await as(operator)("POST", `${draftUrl}/publish`, { revision: 4, comment: "test publish" });
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toMatch(/cannot publish: the draft has 1 error \(route-vip: /);
    expect(refused.body.error.issues).toContainEqual(expect.objectContaining({ path: "nodes.route-vip.queue", nodeId: "route-vip", code: "field" }));
    expect(refused.body.error.flowIssues).toContainEqual(expect.objectContaining({ nodeId: "route-vip", path: "queue", severity: "error" }));
    expect((await call("GET", `/api/v1/playbooks/${ID}`)).body.versions).toEqual([]);

    // A strategist may save but not publish; an operator publishes.
    expect((await as(ana)("POST", `${draftUrl}/publish`, { revision: 4, comment: "test publish" })).status).toBe(403);
    const fixed = await as(ana)("PUT", draftUrl, { baseRevision: 4, document: testFlow(ID) });
    expect(fixed.body.issues.filter((i: FlowIssue) => i.severity === "error")).toEqual([]);
    // Publishing what you have not seen is refused like a stale save.
    const stale = await as(operator)("POST", `${draftUrl}/publish`, { revision: 4, comment: "test publish" });
    expect(stale.status).toBe(409);
    const pub = await as(operator)("POST", `${draftUrl}/publish`, { revision: 5, comment: "test publish" });
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({ playbookId: ID, version: 1, published: true, state: "published", draft: { revision: 5, baseVersion: 1 } });
    const detail = await call("GET", `/api/v1/playbooks/${ID}`);
    expect(detail.body.playbook).toMatchObject({ publishedVersion: 1, ruleCount: 3 });
    expect(detail.body.publishedDocument.graph.nodes).toHaveLength(7);
    const audit = await call("GET", `/api/v1/audit/log?entityId=${ID}`);
    // Autosaves are audited once per editing session (who won the race above decides whether Ben had one), never one row per save.
    const actions = audit.body.items.map((e: { action: string }) => e.action) as string[];
    expect(actions.slice(0, 2)).toEqual(["playbook.published", "playbook.imported"]);
    expect(actions.at(-1)).toBe("playbook.created");
    expect(actions.slice(2, -1).every((a) => a === "playbook.draft_saved")).toBe(true);
    expect(actions.length - 3).toBeLessThanOrEqual(2);
  });
});

const queues = (ds: Decision[]) => ds.map((d) => d.outcome.queue ?? null);

describe("running drafts", () => {
  it("simulate's draft mode: matching and non-matching cases get the decisions the drawing says", async () => {
    const r = await call("POST", "/api/v1/simulate", {
      mode: "draft",
      playbookId: ID,
      cases: [flowCase(), flowCase({ tier: "standard" }), flowCase({ channel: "email" }), { ...flowCase(), attributes: { account: "someone-else" } }],
    });
    expect(r.status).toBe(200);
    expect(r.body.mode).toBe("draft");
    expect(queues(r.body.decisions)).toEqual(["vip-wa", "wa-general", "other-channels", null]);
    expect(r.body.decisions[0].outcome.tags).toEqual(["vip"]);
    expect(r.body.decisions[0].trace.playbooks.map((p: { playbookId: string }) => p.playbookId)).toEqual([ID]);
    expect(r.body.decisions[3].matched).toBe(false);

    // An edit shows up in draft mode before it is published; errors are refused with the issues.
    await as(ana)("PUT", draftUrl, { baseRevision: 5, document: testFlow(ID, { vipQueue: "vip-v2" }) });
    expect(queues((await call("POST", "/api/v1/simulate", { mode: "draft", playbookId: ID, cases: [flowCase()] })).body.decisions)).toEqual(["vip-v2"]);
    expect(queues((await call("POST", "/api/v1/simulate", { mode: "published", cases: [flowCase()] })).body.decisions)).toEqual(["vip-wa"]);
    await as(ana)("PUT", draftUrl, { baseRevision: 6, document: testFlow(ID, { vipQueue: "" }) });
    const bad = await call("POST", "/api/v1/simulate", { mode: "draft", playbookId: ID, cases: [flowCase()] });
    expect(bad.status).toBe(422);
    expect(bad.body.error.issues).toContainEqual(expect.objectContaining({ path: "nodes.route-vip.queue" }));
    const missing = await call("POST", "/api/v1/simulate", { mode: "draft", playbookId: "no-such-playbook", cases: [flowCase()] });
    expect(missing.status).toBe(404);
  });

  it("try it (tRPC) returns the decision and the path drawn on the canvas, for an unsaved document", async () => {
    const t = await trpcCall(server.baseUrl, "mutation", "playbooks.tryDraft", { document: testFlow(ID), case: flowCase({ tier: "standard" }) }, sessionHeaders(ana));
    expect(t.status).toBe(200);
    const { decision, overlay } = t.body.result.data;
    expect(decision.outcome.queue).toBe("wa-general");
    expect(overlay.nodes["is-vip"]).toMatchObject({ state: "failed", branch: "false" });
    expect(overlay.nodes["route-wa"].state).toBe("fired");
    expect(overlay.nodes["route-vip"].state).not.toBe("fired");
    expect(overlay.edges).toEqual(expect.arrayContaining(["e1", "e2", "e5"]));
    const broken = await trpcCall(server.baseUrl, "mutation", "playbooks.tryDraft", { document: testFlow(ID, { vipQueue: "" }), case: flowCase() }, sessionHeaders(ana));
    expect(broken.status).toBe(400);
    expect(broken.body.error.data.issues).toContainEqual(expect.objectContaining({ path: "nodes.route-vip.queue" }));
  });

  it("a logged decision opens on the canvas of its version, the fired action node marked; recent cases list the case", async () => {
    const c = await call("POST", "/api/v1/cases", flowCase());
    expect(c.status).toBe(201);
    expect(c.body.decision.outcome.queue).toBe("vip-wa");
    const canvas = await trpcCall(server.baseUrl, "query", "decisions.canvas", { decisionId: c.body.decisionId, playbookId: ID }, sessionHeaders(auditor));
    expect(canvas.status).toBe(200);
    const data = canvas.body.result.data;
    expect(data).toMatchObject({ playbookId: ID, version: 1, caseId: c.body.caseId });
    expect(data.document.graph.nodes).toHaveLength(7);
    expect(data.overlay.nodes["route-vip"]).toMatchObject({ state: "fired", ruleId: "vip-whatsapp" });
    expect(data.overlay.nodes["is-vip"]).toMatchObject({ state: "passed", branch: "true" });
    expect(data.overlay.nodes["route-other"]?.state).not.toBe("fired");
    const notRun = await trpcCall(server.baseUrl, "query", "decisions.canvas", { decisionId: c.body.decisionId, playbookId: "cooperativa-ruteo-nope" }, sessionHeaders(auditor));
    expect(notRun.status).toBe(404);

    const recent = await trpcCall(server.baseUrl, "query", "playbooks.recentCases", { limit: 3 }, sessionHeaders(ana));
    expect(recent.status).toBe(200);
    expect(recent.body.result.data[0]).toMatchObject({ id: c.body.caseId, channel: "whatsapp", excerpt: expect.stringContaining("necesito ayuda") });
  });
});

describe("an example playbook on the canvas", () => {
  const samples = (id: string) => (JSON.parse(readFileSync(path.join(REPO_ROOT, "playbooks/samples", `${id}.json`), "utf8")) as { cases: { case: Record<string, unknown> }[] }).cases.map((s) => s.case);
  const summary = (d: Decision) => ({
    queue: d.outcome.queue ?? null,
    priority: d.outcome.priority ?? null,
    tags: [...d.outcome.tags].sort(),
    skills: [...d.outcome.skills].sort(),
    fired: d.trace.playbooks.flatMap((p) => p.rules.filter((r) => r.status === "fired").map((r) => `${p.playbookId}/${r.ruleId}`)).sort(),
  });

  it("opens from its rules (imported and laid out), and publishing it unchanged gives the same decisions", async () => {
    const id = "posgrados-whatsapp";
    const draft = await call("GET", `/api/v1/playbooks/${id}/draft`);
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({ revision: 0, baseVersion: 1, updatedBy: null });
    const doc = draft.body.document as FlowDocument;
    const rules = (await call("GET", `/api/v1/playbooks/${id}`)).body.publishedDocument.rules as { id: string }[];
    expect(doc.graph.nodes.filter((n) => n.type === "trigger")).toHaveLength(1);
    expect(doc.graph.nodes.filter((n) => n.type === "condition")).toHaveLength(rules.length);
    expect(draft.body.issues.filter((i: FlowIssue) => i.severity === "error")).toEqual([]);

    const cases = samples(id);
    const before = await call("POST", "/api/v1/simulate", { mode: "published", cases });
    expect(before.status).toBe(200);
    // The draft alone decides these cases as the published playbooks do (the others do not take them).
    const asDraft = await call("POST", "/api/v1/simulate", { mode: "draft", playbookId: id, cases });
    expect(asDraft.body.decisions.map(summary)).toEqual(before.body.decisions.map(summary));

    const pub = await as(operator)("POST", `/api/v1/playbooks/${id}/draft/publish`, { revision: 0, comment: "test publish" });
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({ version: 2, published: true, draft: { revision: 0, baseVersion: 2 } });
    const v2 = (await call("GET", `/api/v1/playbooks/${id}`)).body.publishedDocument;
    expect(v2.graph.nodes.length).toBe(doc.graph.nodes.length);
    expect(v2.rules.map((r: { id: string }) => r.id).sort()).toEqual(rules.map((r) => r.id).sort());
    const after = await call("POST", "/api/v1/simulate", { mode: "published", cases });
    expect(after.body.decisions.map(summary)).toEqual(before.body.decisions.map(summary));
    // Version 2 opens from its own graph now.
    expect((await call("GET", `/api/v1/playbooks/${id}/draft`)).body.document.graph).toEqual(v2.graph);
  });

  it("an imported document whose rules differ from its graph is refused naming `rules`", async () => {
    const v2 = (await call("GET", "/api/v1/playbooks/posgrados-whatsapp")).body.publishedDocument;
    const tampered = { ...v2, rules: v2.rules.slice(1) };
    const r = await call("POST", "/api/v1/playbooks", tampered);
    expect(r.status).toBe(422);
    expect(r.body.error.issues.map((i: { path: string }) => i.path)).toEqual(["rules"]);
    const filled = await call("POST", "/api/v1/playbooks/validate", { ...v2, rules: [] });
    expect(filled.body).toEqual({ ok: true, issues: [] });
  });
});

describe("the OpenAPI document", () => {
  it("describes the draft routes and the simulate API's draft mode", async () => {
    const doc = (await call("GET", "/api/v1/openapi.json", undefined, { key: null })).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/v1/playbooks/{id}/draft", "/api/v1/playbooks/{id}/draft/publish"]));
    expect(Object.keys(doc.paths["/api/v1/playbooks/{id}/draft"])).toEqual(expect.arrayContaining(["get", "put"]));
    expect(JSON.stringify(doc.components.schemas.SimulateRequest)).toContain('"draft"');
    expect(doc.components.schemas).toHaveProperty("PlaybookDraft");
    expect(doc.components.schemas).toHaveProperty("CreatePlaybookRequest");
  });
});
