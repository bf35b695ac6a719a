// The version lifecycle over HTTP with real sessions: comments to publish, rollback, a scheduled
// window on the real clock (the server's scheduler ticks every 500 ms), four-eyes approval, the
// playbook file round trip, and the audit log of all of it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlowDocument } from "@/schemas";
import { apiClient, sampleCase } from "../support/api";
import { loginAs, sessionHeaders, type TestSession } from "../support/auth";
import { LIFECYCLE_ACCOUNT, lifecyclePlaybook } from "../support/playbooks";
import { startServer, type RunningServer } from "../support/server";

const PB = "lifecycle-routing";
let server: RunningServer;
let call: ReturnType<typeof apiClient>;
let admin: TestSession;
let strategist: TestSession;
let operator: TestSession;

/** A call as a signed-in person (cookie + CSRF header, no API key). */
const as = (s: TestSession) => (method: string, url: string, body?: unknown) => call(method, url, body, { key: null, headers: sessionHeaders(s) });

beforeAll(async () => {
  server = await startServer();
  call = apiClient(server);
  admin = await loginAs(server.baseUrl, "admin");
  strategist = await loginAs(server.baseUrl, "strategist");
  operator = await loginAs(server.baseUrl, "operator");
});
afterAll(async () => server?.stop());

/** The version of the test playbook the next case runs (posted by the channel's API key). */
async function versionForNextCase(): Promise<number | null> {
  const r = await call("POST", "/api/v1/cases", sampleCase({ channel: "email", text: "Necesito la factura", attributes: { account: LIFECYCLE_ACCOUNT } }));
  expect(r.status).toBe(201);
  const used = (r.body.decision.playbooks as { playbookId: string; version: number }[]).filter((p) => p.playbookId === PB);
  expect(used.length).toBeLessThanOrEqual(1);
  return used[0]?.version ?? null;
}

async function versions(): Promise<Record<number, { state: string; contentHash: string; createdBy: string }>> {
  const r = await call("GET", `/api/v1/playbooks/${PB}/versions`);
  expect(r.status).toBe(200);
  return Object.fromEntries(r.body.versions.map((v: { version: number }) => [v.version, v]));
}

/** A new version of the test playbook (a distinct name makes distinct content), imported as `who`. */
async function importVersion(who: TestSession, name: string, query = ""): Promise<{ status: number; body: any }> {
  return as(who)("POST", `/api/v1/playbooks${query}`, lifecyclePlaybook({ name }));
}

const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - Date.now())));

/** Post cases until one runs `version`, failing at `deadline`. */
async function firstCaseOn(version: number, deadline: number): Promise<void> {
  for (;;) {
    if ((await versionForNextCase()) === version) return;
    expect(Date.now(), `no case ran v${version} by the deadline`).toBeLessThan(deadline);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("publishing and rolling back", () => {
  it("publishing needs a comment (422 naming comment); so does import with ?publish=true (naming query.comment)", async () => {
    const v1 = await importVersion(strategist, "first");
    expect(v1.status).toBe(201);
    expect(v1.body).toMatchObject({ version: 1, published: false, state: "validated" });
    for (const body of [{ version: 1 }, { version: 1, comment: " a " }]) {
      const r = await as(operator)("POST", `/api/v1/playbooks/${PB}/publish`, body);
      expect(r.status).toBe(422);
      expect(r.body.error.issues.map((i: { path: string }) => i.path)).toEqual(["comment"]);
    }
    expect(await versionForNextCase()).toBeNull();
    const ok = await as(operator)("POST", `/api/v1/playbooks/${PB}/publish`, { version: 1, comment: "first routing for lifecycle tests" });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ published: true, version: 1, publication: { kind: "publish", from: null, to: { version: 1 }, actor: "user:operator@pauta.test" } });
    expect(await versionForNextCase()).toBe(1);

    const noComment = await importVersion(admin, "second", "?publish=true");
    expect(noComment.status).toBe(422);
    expect(noComment.body.error.issues).toEqual([expect.objectContaining({ path: "query.comment" })]);
    const v2 = await importVersion(admin, "second", "?publish=true&comment=second%20routing");
    expect(v2.status).toBe(201);
    expect(v2.body).toMatchObject({ version: 2, published: true, state: "published" });
    expect(await versionForNextCase()).toBe(2);
  });

  it("rolls back to a version that was live before via /rollback, with a reason", async () => {
    const noReason = await as(operator)("POST", `/api/v1/playbooks/${PB}/rollback`, { version: 1 });
    expect(noReason.status).toBe(422);
    expect(noReason.body.error.issues.map((i: { path: string }) => i.path)).toEqual(["reason"]);
    const r = await as(operator)("POST", `/api/v1/playbooks/${PB}/rollback`, { version: 1, reason: "v2 was published by mistake" });
    expect(r.status).toBe(200);
    expect(r.body.publication).toMatchObject({ kind: "rollback", from: { version: 2 }, to: { version: 1 }, comment: "v2 was published by mistake" });
    expect(await versionForNextCase()).toBe(1);
    const v = await versions();
    expect([v[1]!.state, v[2]!.state]).toEqual(["published", "rolled_back"]);
    const again = await as(operator)("POST", `/api/v1/playbooks/${PB}/rollback`, { version: 1, reason: "once more" });
    expect(again.status).toBe(409);
  });

  it("a publish scheduled a few seconds ahead takes effect at its time, and its end brings the previous version back", async () => {
    const v3 = await importVersion(strategist, "weekend");
    expect(v3.body.version).toBe(3);
    const start = Date.now() + 2_500;
    const end = start + 3_000;
    const r = await as(operator)("POST", `/api/v1/playbooks/${PB}/publish`, { version: 3, comment: "weekend window", at: new Date(start).toISOString(), until: new Date(end).toISOString() });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ published: false, schedule: { status: "scheduled", version: 3 } });
    const sid = r.body.schedule.id as string;
    expect((await versions())[3]!.state).toBe("scheduled");

    // Before the start: every case runs v1.
    while (Date.now() < start - 400) {
      expect(await versionForNextCase()).toBe(1);
      await new Promise((res) => setTimeout(res, 150));
    }
    // Within a few ticks of 500 ms after the start the next case runs v3, and until the end it still does.
    await sleepUntil(start);
    await firstCaseOn(3, start + 3_000);
    const active = (await call("GET", `/api/v1/playbooks/${PB}/schedules`)).body.items.find((s: { id: string }) => s.id === sid);
    expect(active).toMatchObject({ status: "active", previous: { version: 1 }, note: "published v3 (was v1)" });
    await sleepUntil(end - 500);
    expect(await versionForNextCase()).toBe(3);
    await sleepUntil(end);
    await firstCaseOn(1, end + 3_000);
    const done = (await call("GET", `/api/v1/playbooks/${PB}/schedules`)).body.items.find((s: { id: string }) => s.id === sid);
    expect(done).toMatchObject({ status: "done", note: "window ended: v1 is live again" });
    const log = (await call("GET", `/api/v1/playbooks/${PB}/versions`)).body.publications.slice(0, 2);
    expect(log.map((p: { kind: string; actor: string }) => [p.kind, p.actor])).toEqual([
      ["schedule_end", "system:scheduler"],
      ["schedule_start", "system:scheduler"],
    ]);
    // The scheduled times were honoured to within a few ticks.
    expect(Date.parse(log[1].at)).toBeGreaterThanOrEqual(start);
    expect(Date.parse(log[1].at)).toBeLessThan(start + 2_000);
    expect(Date.parse(log[0].at)).toBeGreaterThanOrEqual(end);
    expect(Date.parse(log[0].at)).toBeLessThan(end + 2_000);
  });
});

describe("four-eyes approval", () => {
  it("an admin turns requireApproval on (audited as settings.changed); an operator may not", async () => {
    expect((await as(operator)("PUT", "/api/v1/settings", { requireApproval: true })).status).toBe(403);
    const r = await as(admin)("PUT", "/api/v1/settings", { requireApproval: true });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ requireApproval: true });
    expect((await call("GET", "/api/v1/settings")).body).toEqual({ requireApproval: true });
    const log = await call("GET", "/api/v1/audit/log?action=settings.changed");
    expect(log.body.items).toEqual([expect.objectContaining({ actor: "user:admin@pauta.test", entityId: "workspace", before: { requireApproval: false }, after: { requireApproval: true } })]);
    // v3 was live before (in its window): going back to it needs no approval; a never-live version does.
    const fresh = await importVersion(strategist, "never live");
    const refused = await as(operator)("POST", `/api/v1/playbooks/${PB}/publish`, { version: fresh.body.version, comment: "without approval" });
    expect(refused.status).toBe(409);
    expect(refused.body.error.issues[0]).toMatchObject({ code: "approval_required" });
  });

  it("a strategist's draft becomes a version awaiting approval; the strategist and API keys cannot approve; an operator approves the reviewed content and it publishes", async () => {
    const draft = await as(strategist)("GET", `/api/v1/playbooks/${PB}/draft`);
    expect(draft.status).toBe(200);
    const doc = draft.body.document as FlowDocument;
    const route = doc.graph.nodes.find((n) => n.type === "route" && (n.data as { queue?: string }).queue === "email-general");
    expect(route).toBeDefined();
    const changed = { ...doc, graph: { ...doc.graph, nodes: doc.graph.nodes.map((n) => (n.id === route!.id ? { ...n, data: { ...n.data, queue: "email-nuevo" } } : n)) } };
    const saved = await as(strategist)("PUT", `/api/v1/playbooks/${PB}/draft`, { baseRevision: draft.body.revision, document: changed });
    expect(saved.status).toBe(200);
    const made = await as(strategist)("POST", `/api/v1/playbooks/${PB}/draft/version`, { revision: saved.body.revision, comment: "email to the new queue", requestApproval: true });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ state: "awaiting_approval", published: false });
    const n = made.body.version as number;
    const { contentHash } = (await versions())[n]!;
    // What the approver compares: v1 against it, as rules and on the canvas.
    const diff = await as(operator)("GET", `/api/v1/playbooks/${PB}/diff?from=1&to=${n}`);
    expect(diff.status).toBe(200);
    expect(diff.body.rules).toEqual({ added: [], removed: [], changed: [{ id: "email", name: "Email", changes: [{ path: "actions[0].queue", before: "email-general", after: "email-nuevo" }] }] });
    expect(diff.body.canvas.diff).toEqual({ nodes: { [route!.id]: "changed" }, edges: { added: [], removed: [] } });
    expect(diff.body.document).toEqual([]);
    const url = `/api/v1/playbooks/${PB}/versions/${n}`;

    const byAuthor = await as(strategist)("POST", `${url}/approve`, { comment: "my own change", contentHash });
    expect(byAuthor.status).toBe(403);
    expect(byAuthor.body.error.message).toBe("'playbooks.approve' needs the role 'admin' or 'operator' (yours is 'strategist')");
    const byKey = await call("POST", `${url}/approve`, { comment: "a machine approving", contentHash });
    expect(byKey.status).toBe(403);
    expect(byKey.body.error.message).toMatch(/is for people only/);
    const stale = await as(operator)("POST", `${url}/approve`, { comment: "reviewed", contentHash: "0".repeat(64) });
    expect(stale.status).toBe(409);
    expect(stale.body.error.issues[0]).toMatchObject({ path: "contentHash", code: "changed_since_request" });
    const early = await as(operator)("POST", `/api/v1/playbooks/${PB}/publish`, { version: n, comment: "before approval" });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/awaiting approval \(asked by user:strategist@pauta.test\)/);

    const ok = await as(operator)("POST", `${url}/approve`, { comment: "reviewed the diff and the backtest", contentHash });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: "approved", decidedBy: "user:operator@pauta.test", requestedBy: "user:strategist@pauta.test" });
    const pub = await as(operator)("POST", `/api/v1/playbooks/${PB}/publish`, { version: n, comment: "approved change goes live" });
    expect(pub.status).toBe(200);
    expect(await versionForNextCase()).toBe(n);
  });

  it("the author may not approve even with the role; a rejected version does not publish; a request replaced by a newer one cannot be approved", async () => {
    // The admin made and asked for this one: the role allows approving, the four-eyes rule does not.
    const own = await importVersion(admin, "admin's own", "?requestApproval=true&comment=admin%20change");
    expect(own.status).toBe(201);
    expect(own.body).toMatchObject({ state: "awaiting_approval", approval: { status: "pending", requestedBy: "user:admin@pauta.test" } });
    const ownHash = (await versions())[own.body.version]!.contentHash;
    const self = await as(admin)("POST", `/api/v1/playbooks/${PB}/versions/${own.body.version}/approve`, { comment: "mine", contentHash: ownHash });
    expect(self.status).toBe(403);
    expect(self.body.error.message).toMatch(/^you made v\d+: a second person must approve it/);

    // A strategist's version, sent for approval on its own; rejected by the operator.
    const rej = await importVersion(strategist, "to reject");
    const asked = await as(strategist)("POST", `/api/v1/playbooks/${PB}/versions/${rej.body.version}/approval`, { comment: "please review" });
    expect(asked.status).toBe(201);
    // Asking for it withdrew the admin's pending request: approving that one now is a conflict.
    const withdrawn = await as(operator)("POST", `/api/v1/playbooks/${PB}/versions/${own.body.version}/approve`, { comment: "late", contentHash: ownHash });
    expect(withdrawn.status).toBe(409);
    expect(withdrawn.body.error.issues[0]).toMatchObject({ code: "changed_since_request" });
    expect(withdrawn.body.error.message).toMatch(/changed since you opened it/);

    const rejHash = (await versions())[rej.body.version]!.contentHash;
    const no = await as(operator)("POST", `/api/v1/playbooks/${PB}/versions/${rej.body.version}/reject`, { comment: "sends everything to one queue", contentHash: rejHash });
    expect(no.status).toBe(200);
    expect(no.body.status).toBe("rejected");
    const pub = await as(operator)("POST", `/api/v1/playbooks/${PB}/publish`, { version: rej.body.version, comment: "try anyway" });
    expect(pub.status).toBe(409);
    expect(pub.body.error.issues[0]).toMatchObject({ code: "rejected" });
    expect((await versions())[rej.body.version]!.state).toBe("rejected");
  });
});

describe("playbook files", () => {
  it("a version exported as a file validates and imports again, as another playbook and into a fresh server", async () => {
    const live = (await call("GET", `/api/v1/playbooks/${PB}`)).body.playbook.publishedVersion as number;
    const res = await fetch(`${server.baseUrl}/api/v1/playbooks/${PB}/file?version=${live}`, { headers: { authorization: `Bearer ${server.apiKey}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${PB}.json"`);
    expect(res.headers.get("x-pauta-version")).toBe(String(live));
    const file = JSON.parse(await res.text());
    expect(file).toMatchObject({ id: PB, kind: "routing" });
    expect((await call("POST", "/api/v1/playbooks/validate", file)).body).toEqual({ ok: true, issues: [] });

    // Into the same server as a copy (requireApproval is on here, so the copy waits for approval).
    const copy = await as(admin)("POST", "/api/v1/playbooks?requestApproval=true&comment=copy%20of%20the%20live%20routing", { ...file, id: "lifecycle-copy" });
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({ playbookId: "lifecycle-copy", version: 1, state: "awaiting_approval" });

    const fresh = await startServer();
    try {
      const r = await apiClient(fresh)("POST", "/api/v1/playbooks?publish=true&comment=from%20git", file);
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ playbookId: PB, version: 1, published: true });
      const original = (await versions())[live]!.contentHash;
      expect((await apiClient(fresh)("GET", `/api/v1/playbooks/${PB}/versions`)).body.versions[0].contentHash).toBe(original);
    } finally {
      await fresh.stop();
    }
  });
});

describe("the audit log", () => {
  it("has every lifecycle action with before / after", async () => {
    const items: { action: string; actor: string; before: unknown; after: unknown }[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: typeof items; nextCursor: string | null } } = await call("GET", `/api/v1/audit/log?entityId=${PB}&limit=100${cursor ? `&cursor=${cursor}` : ""}`);
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    const actions = new Set(items.map((i) => i.action));
    for (const a of [
      "playbook.imported",
      "playbook.published",
      "playbook.rolled_back",
      "playbook.publish_scheduled",
      "playbook.schedule_started",
      "playbook.schedule_ended",
      "playbook.draft_saved",
      "playbook.approval_requested",
      "playbook.approval_withdrawn",
      "playbook.approved",
      "playbook.rejected",
    ])
      expect(actions, a).toContain(a);
    for (const i of items) {
      expect(i.after, i.action).toEqual(expect.any(Object));
      if (i.action !== "playbook.imported" && i.action !== "playbook.draft_saved") expect(i.before, i.action).toEqual(expect.any(Object));
    }
    const rollback = items.find((i) => i.action === "playbook.rolled_back");
    expect(rollback).toMatchObject({ actor: "user:operator@pauta.test", before: { version: 2 }, after: { version: 1, comment: "v2 was published by mistake" } });
    const approved = items.find((i) => i.action === "playbook.approved");
    expect(approved).toMatchObject({ actor: "user:operator@pauta.test", before: { state: "awaiting_approval" }, after: { state: "approved", comment: "reviewed the diff and the backtest" } });
  });
});
