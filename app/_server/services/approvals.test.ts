// Four-eyes approval on a real SQLite file: what the workspace setting refuses, who may approve,
// and that an approval is for exact content (a newer request, another hash or an altered row
// cannot be approved).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import { caught, createTestContext } from "@/tests/support/db";
import { testRoutingPlaybook } from "@/tests/support/playbooks";
import { approvalRequests, auditLog, playbookPublications, playbooks, playbookVersions } from "../db/schema";
import { decideApproval, requestApproval, withdrawApproval } from "./approvals";
import { importPlaybook } from "./playbooks";
import { publishVersion, rollbackPlaybook } from "./publishing";
import { getWorkspaceSettings, updateWorkspaceSettings } from "./workspace";

const PB = "http-tests-routing";
const ANA = "user:ana@pauta.test"; // strategist: the author
const OPE = "user:ope@pauta.test"; // operator: asks and publishes
const REV = "user:rev@pauta.test"; // a second operator: reviews
const ADMIN = "user:admin@pauta.test";

let ctx: ReturnType<typeof createTestContext>;
beforeEach(() => {
  ctx = createTestContext();
});
afterEach(() => ctx.close());

const newVersion = (queue: string, actor = ANA) => importPlaybook(ctx, { document: testRoutingPlaybook(queue), actor }).version;
const publish = (version: number) => publishVersion(ctx, { playbookId: PB, version, comment: `v${version} goes live`, actor: OPE });
const hashOf = (version: number) => ctx.db.select().from(playbookVersions).where(eq(playbookVersions.version, version)).get()!.contentHash;
const approve = (version: number, actor: string, contentHash = hashOf(version), decision: "approve" | "reject" = "approve") =>
  decideApproval(ctx, { playbookId: PB, version, decision, comment: `${decision} v${version}`, contentHash, actor });
const liveVersion = () => {
  const id = ctx.db.select().from(playbooks).where(eq(playbooks.id, PB)).get()?.publishedVersionId;
  return id ? ctx.db.select().from(playbookVersions).where(eq(playbookVersions.id, id)).get()!.version : null;
};
const stateOf = (version: number) => ctx.db.select().from(playbookVersions).where(eq(playbookVersions.version, version)).get()!.state;
const audit = () => ctx.db.select().from(auditLog).orderBy(asc(auditLog.id)).all();
/** Everything a refused call could have written. */
const snapshot = () => ({
  publications: ctx.db.select().from(playbookPublications).all().length,
  audit: audit().length,
  requests: ctx.db.select().from(approvalRequests).all(),
  live: liveVersion(),
});

/** v1 live; the workspace then requires approval; v2 is a new, never-live version by Ana. */
function setUp() {
  newVersion("q1");
  publish(1);
  updateWorkspaceSettings(ctx, { update: { requireApproval: true }, actor: ADMIN });
  newVersion("q2");
}

describe("the workspace setting", () => {
  it("is off by default; turning it on is audited with before / after (and a no-op change is not)", () => {
    expect(getWorkspaceSettings(ctx.db)).toEqual({ requireApproval: false });
    expect(updateWorkspaceSettings(ctx, { update: { requireApproval: true }, actor: ADMIN })).toEqual({ requireApproval: true });
    updateWorkspaceSettings(ctx, { update: { requireApproval: true }, actor: ADMIN });
    const rows = audit().filter((a) => a.action === "settings.changed");
    expect(rows).toEqual([expect.objectContaining({ actor: ADMIN, entityId: "workspace", before: { requireApproval: false }, after: { requireApproval: true } })]);
    expect(caught(() => updateWorkspaceSettings(ctx, { update: { requireApproval: "yes" }, actor: ADMIN })).code).toBe("invalid_request");
  });
});

describe("publishing with requireApproval on", () => {
  it("refuses an unapproved never-live version (409 approval_required), writing nothing", () => {
    setUp();
    const before = snapshot();
    const e = caught(() => publish(2));
    expect(e.code).toBe("conflict");
    expect(e.issues).toEqual([expect.objectContaining({ path: "version", code: "approval_required" })]);
    expect(e.message).toMatch(/requires approval before publishing: v2 is not approved — ask for approval first/);
    // A scheduled publish is refused the same way, and so is an import that publishes.
    expect(caught(() => publishVersion(ctx, { playbookId: PB, version: 2, comment: "later", at: new Date(Date.now() + 3_600_000).toISOString(), actor: OPE })).issues[0]?.code).toBe("approval_required");
    expect(caught(() => importPlaybook(ctx, { document: testRoutingPlaybook("q3"), actor: OPE, publish: true, comment: "import and go" })).issues[0]?.code).toBe("approval_required");
    expect(snapshot()).toEqual(before);
    expect(ctx.db.select().from(playbookVersions).all()).toHaveLength(2);
  });

  it("the author cannot approve, nor can the requester; a second person approves and the version publishes", () => {
    setUp();
    const req = requestApproval(ctx, { playbookId: PB, version: 2, comment: "queue q2 for the campaign", actor: OPE });
    expect(req).toMatchObject({ status: "pending", requestedBy: OPE, contentHash: hashOf(2), comment: "queue q2 for the campaign" });
    expect(caught(() => publish(2)).message).toMatch(/awaiting approval \(asked by user:ope@pauta.test\)/);

    const before = snapshot();
    const byAuthor = caught(() => approve(2, ANA));
    expect(byAuthor.code).toBe("forbidden");
    expect(byAuthor.message).toMatch(/^you made v2: a second person must approve it/);
    expect(byAuthor.issues[0]).toMatchObject({ code: "own_change" });
    const byRequester = caught(() => approve(2, OPE));
    expect(byRequester.code).toBe("forbidden");
    expect(byRequester.message).toMatch(/^you asked for this approval: a second person must approve it/);
    expect(caught(() => approve(2, ANA, hashOf(2), "reject")).message).toMatch(/a second person must reject it/);
    expect(snapshot()).toEqual(before);

    expect(approve(2, REV)).toMatchObject({ status: "approved", decidedBy: REV, decisionComment: "approve v2" });
    expect(stateOf(2)).toBe("approved");
    expect(publish(2).published).toBe(true);
    expect(liveVersion()).toBe(2);
    expect(caught(() => approve(2, REV)).code).toBe("conflict");
    // Going back to a version that was live before needs no approval.
    expect(rollbackPlaybook(ctx, { playbookId: PB, version: 1, reason: "back to q1", actor: OPE }).published).toBe(true);
    expect(liveVersion()).toBe(1);
  });

  it("a rejected version cannot be published (nor scheduled), even with the setting off again", () => {
    setUp();
    requestApproval(ctx, { playbookId: PB, version: 2, actor: ANA });
    expect(approve(2, REV, hashOf(2), "reject")).toMatchObject({ status: "rejected", decidedBy: REV });
    expect(stateOf(2)).toBe("rejected");
    const e = caught(() => publish(2));
    expect(e.code).toBe("conflict");
    expect(e.issues[0]).toMatchObject({ code: "rejected" });
    expect(e.message).toMatch(/v2 was rejected by user:rev@pauta.test: "reject v2"/);
    updateWorkspaceSettings(ctx, { update: { requireApproval: false }, actor: ADMIN });
    expect(caught(() => publish(2)).issues[0]).toMatchObject({ code: "rejected" });
    expect(caught(() => requestApproval(ctx, { playbookId: PB, version: 2, actor: ANA })).message).toMatch(/was rejected.*make a new version|new version/);
    expect(caught(() => rollbackPlaybook(ctx, { playbookId: PB, version: 2, reason: "sneak it in", actor: OPE })).code).toBe("invalid_request");
    expect(liveVersion()).toBe(1);
  });

  it("a newer request withdraws the older one: approving the older is a conflict (changed since the request)", () => {
    setUp();
    const old = requestApproval(ctx, { playbookId: PB, version: 2, actor: ANA });
    newVersion("q3");
    requestApproval(ctx, { playbookId: PB, version: 3, actor: ANA });
    expect(ctx.db.select().from(approvalRequests).where(eq(approvalRequests.id, old.id)).get()).toMatchObject({ status: "withdrawn", decisionComment: "replaced by the request for v3" });
    expect(stateOf(2)).toBe("validated");
    const e = caught(() => approve(2, REV, old.contentHash));
    expect(e.code).toBe("conflict");
    expect(e.issues[0]).toMatchObject({ code: "changed_since_request" });
    expect(e.message).toMatch(/changed since you opened it: it was replaced by the request for v3/);
    expect(approve(3, REV).status).toBe("approved");
  });

  it("the newest request is the last one asked, even within the same millisecond as the one it follows", () => {
    setUp();
    const now = new Date("2030-01-01T00:00:00.000Z");
    // Eight times, so that breaking the tie at random would fail all but once in 256 runs.
    for (let k = 0; k < 8; k++) {
      const n = k === 0 ? 2 : newVersion(`tie-${k}`);
      requestApproval(ctx, { playbookId: PB, version: n, actor: ANA, now });
      withdrawApproval(ctx, { playbookId: PB, version: n, actor: ANA, isAdmin: false, now });
      requestApproval(ctx, { playbookId: PB, version: n, actor: ANA, now });
      expect(stateOf(n)).toBe("awaiting_approval");
      expect(decideApproval(ctx, { playbookId: PB, version: n, decision: "approve", comment: "ok", contentHash: hashOf(n), actor: REV, now }).status).toBe("approved");
    }
  });

  it("approving with another content hash than the request's is a conflict", () => {
    setUp();
    requestApproval(ctx, { playbookId: PB, version: 2, actor: ANA });
    const e = caught(() => approve(2, REV, "0".repeat(64)));
    expect(e.code).toBe("conflict");
    expect(e.issues[0]).toMatchObject({ path: "contentHash", code: "changed_since_request" });
    expect(e.message).toMatch(/you reviewed content 000000000000, but the request for v2 is for [0-9a-f]{12}/);
    expect(stateOf(2)).toBe("awaiting_approval");
  });

  it("a stored version altered in SQL cannot be approved, and an approval given before the alteration no longer publishes it", () => {
    setUp();
    requestApproval(ctx, { playbookId: PB, version: 2, actor: ANA });
    const alter = (queue: string, version: number) => {
      const row = ctx.db.select().from(playbookVersions).where(eq(playbookVersions.version, version)).get()!;
      ctx.sqlite.prepare("UPDATE playbook_versions SET document = ? WHERE id = ?").run(JSON.stringify({ ...JSON.parse(row.document), rules: testRoutingPlaybook(queue).rules }), row.id);
    };
    alter("attacker-queue", 2);
    const e = caught(() => approve(2, REV));
    expect(e.code).toBe("conflict");
    expect(e.message).toMatch(/no longer has the content it was requested with/);

    newVersion("q3");
    requestApproval(ctx, { playbookId: PB, version: 3, actor: ANA });
    approve(3, REV);
    alter("attacker-queue", 3);
    expect(caught(() => publish(3)).issues[0]).toMatchObject({ code: "approval_required" });
    expect(liveVersion()).toBe(1);
  });

  it("writes requested / approved / rejected / withdrawn to the audit log with before / after", () => {
    setUp();
    const r2 = requestApproval(ctx, { playbookId: PB, version: 2, comment: "please", actor: ANA });
    withdrawApproval(ctx, { playbookId: PB, version: 2, reason: "one more change", actor: ANA, isAdmin: false });
    expect(caught(() => withdrawApproval(ctx, { playbookId: PB, version: 2, actor: ANA, isAdmin: false })).code).toBe("conflict");
    newVersion("q3");
    const r3 = requestApproval(ctx, { playbookId: PB, version: 3, actor: ANA });
    expect(caught(() => withdrawApproval(ctx, { playbookId: PB, version: 3, actor: REV, isAdmin: false })).code).toBe("forbidden");
    approve(3, REV, hashOf(3), "reject");
    newVersion("q4");
    const r4 = requestApproval(ctx, { playbookId: PB, version: 4, actor: ANA });
    newVersion("q5");
    const r5 = requestApproval(ctx, { playbookId: PB, version: 5, actor: ANA });
    approve(5, REV);

    const rows = audit()
      .filter((a) => a.action.startsWith("playbook.approval") || a.action === "playbook.approved" || a.action === "playbook.rejected")
      .map((a) => ({ action: a.action, actor: a.actor, before: a.before, after: a.after }));
    expect(rows).toEqual([
      { action: "playbook.approval_requested", actor: ANA, before: { version: 2, state: "validated" }, after: expect.objectContaining({ version: 2, state: "awaiting_approval", requestId: r2.id, contentHash: hashOf(2), comment: "please" }) },
      { action: "playbook.approval_withdrawn", actor: ANA, before: { requestId: r2.id, version: 2, status: "pending" }, after: { requestId: r2.id, status: "withdrawn", reason: "withdrawn: one more change" } },
      { action: "playbook.approval_requested", actor: ANA, before: { version: 3, state: "validated" }, after: expect.objectContaining({ version: 3, requestId: r3.id }) },
      { action: "playbook.rejected", actor: REV, before: expect.objectContaining({ version: 3, state: "awaiting_approval", requestId: r3.id, requestedBy: ANA }), after: expect.objectContaining({ version: 3, state: "rejected", comment: "reject v3" }) },
      { action: "playbook.approval_requested", actor: ANA, before: { version: 4, state: "validated" }, after: expect.objectContaining({ version: 4, requestId: r4.id }) },
      { action: "playbook.approval_withdrawn", actor: ANA, before: { requestId: r4.id, version: 4, status: "pending" }, after: { requestId: r4.id, status: "withdrawn", reason: "replaced by the request for v5" } },
      { action: "playbook.approval_requested", actor: ANA, before: { version: 5, state: "validated" }, after: expect.objectContaining({ version: 5, requestId: r5.id }) },
      { action: "playbook.approved", actor: REV, before: expect.objectContaining({ version: 5, state: "awaiting_approval", requestId: r5.id }), after: expect.objectContaining({ version: 5, state: "approved", contentHash: hashOf(5), comment: "approve v5" }) },
    ]);
  });
});
