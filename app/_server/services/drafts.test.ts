import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { compileFlow } from "@/engine/flow";
import { createTestContext } from "@/tests/support/db";
import { flowCase, testFlow } from "@/tests/support/flows";
import { auditLog } from "../db/schema";
import { ServiceError } from "../errors";
import { ingestCase } from "./cases";
import { commitDraft, createPlaybook, decisionCanvas, DraftInvalidError, getDraft, publishDraft, recentCases, saveDraft, StaleDraftError, tryDraft } from "./drafts";
import { getPlaybook, importPlaybook, listPlaybooks, validatePlaybook } from "./playbooks";
import { simulate } from "./simulate";

let ctx: ReturnType<typeof createTestContext>;
beforeEach(() => {
  ctx = createTestContext();
  ctx.sqlite.prepare("INSERT INTO users (id, email, name, role, password_hash, created_at) VALUES ('u1', 'ana@pauta.test', 'Ana López', 'strategist', 'x', '2026-01-01T00:00:00.000Z')").run();
});
afterEach(() => ctx.close());

const ANA = "user:ana@pauta.test";
const BEN = "user:ben@pauta.test";
const auditActions = (id: string) =>
  ctx.db
    .select({ action: auditLog.action })
    .from(auditLog)
    .where(eq(auditLog.entityId, id))
    .all()
    .map((r) => r.action);

describe("creating and saving drafts", () => {
  it("a new playbook is an empty draft at revision 1, listed with no versions", () => {
    const d = createPlaybook(ctx, { id: "nuevo", name: "Nuevo", locale: "en", actor: ANA });
    expect(d).toMatchObject({ playbookId: "nuevo", revision: 1, baseVersion: null, updatedBy: "Ana López" });
    expect(d.document.graph.nodes.map((n) => n.type)).toEqual(["trigger"]);
    expect(d.document.locale).toBe("en");
    expect(d.issues).toContainEqual(expect.objectContaining({ severity: "warning", code: "no_actions" }));
    expect(listPlaybooks(ctx)).toEqual([expect.objectContaining({ id: "nuevo", publishedVersion: null, latestVersion: 0, ruleCount: 0 })]);
    expect(getPlaybook(ctx, "nuevo")).toMatchObject({ versions: [], publishedDocument: null, latestDocument: null });
    expect(auditActions("nuevo")).toEqual(["playbook.created"]);
    expect(() => createPlaybook(ctx, { id: "nuevo", name: "Otra vez", actor: ANA })).toThrow(/already exists/);
    expect(() => createPlaybook(ctx, { id: "Not A Slug", name: "", actor: ANA })).toThrow(ServiceError);
  });

  it("saves with errors (the issues come back), refuses a stale save naming who saved when, and checks the id", () => {
    createPlaybook(ctx, { id: "flow", name: "Flow", actor: ANA });
    const broken = testFlow("flow", { vipQueue: "" });
    const s = saveDraft(ctx, { id: "flow", baseRevision: 1, document: broken, actor: ANA });
    expect(s.revision).toBe(2);
    expect(s.issues).toContainEqual(expect.objectContaining({ severity: "error", nodeId: "route-vip", path: "queue" }));

    let stale: unknown;
    try {
      saveDraft(ctx, { id: "flow", baseRevision: 1, document: testFlow("flow"), actor: BEN });
    } catch (e) {
      stale = e;
    }
    expect(stale).toBeInstanceOf(StaleDraftError);
    const err = stale as StaleDraftError;
    expect(err.code).toBe("conflict");
    expect(err.message).toMatch(new RegExp(`^Ana López saved this draft at ${s.updatedAt.slice(11, 16)} UTC \\(revision 2\\), after you opened it\\. Reload`));
    expect(err.details).toEqual({ current: { revision: 2, updatedBy: "Ana López", updatedByActor: ANA, updatedAt: s.updatedAt } });
    expect(getDraft(ctx, "flow").revision).toBe(2);

    expect(() => saveDraft(ctx, { id: "flow", baseRevision: 2, document: testFlow("other"), actor: ANA })).toThrow(/not 'flow'/);
  });

  it("audits one row per editing session, without the document", () => {
    createPlaybook(ctx, { id: "flow", name: "Flow", actor: ANA });
    let rev = 1;
    for (let i = 0; i < 3; i++) rev = saveDraft(ctx, { id: "flow", baseRevision: rev, document: testFlow("flow"), actor: ANA }).revision;
    rev = saveDraft(ctx, { id: "flow", baseRevision: rev, document: testFlow("flow"), actor: BEN }).revision;
    // Ana's first save continues the session she started by creating it; Ben's starts his own.
    expect(auditActions("flow")).toEqual(["playbook.created", "playbook.draft_saved"]);
    const row = ctx.db.select().from(auditLog).where(eq(auditLog.action, "playbook.draft_saved")).get();
    expect(row).toMatchObject({ actor: BEN, after: expect.objectContaining({ revision: 5, nodes: 7, edges: 6 }) });
    expect(JSON.stringify(row?.after)).not.toContain("graph");
  });
});

describe("publishing drafts", () => {
  it("refuses a draft with errors node by node, then publishes the fixed one as a version with its graph", () => {
    createPlaybook(ctx, { id: "flow", name: "Flow", actor: ANA });
    const r2 = saveDraft(ctx, { id: "flow", baseRevision: 1, document: testFlow("flow", { vipQueue: "" }), actor: ANA }).revision;
    let refused: unknown;
    try {
      publishDraft(ctx, { id: "flow", revision: r2, comment: "test publish", actor: ANA });
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(DraftInvalidError);
    expect((refused as DraftInvalidError).issues).toContainEqual(expect.objectContaining({ path: "nodes.route-vip.queue", nodeId: "route-vip" }));
    expect(getPlaybook(ctx, "flow")?.versions).toEqual([]);

    expect(() => publishDraft(ctx, { id: "flow", revision: 1, comment: "test publish", actor: ANA })).toThrow(StaleDraftError);
    const r3 = saveDraft(ctx, { id: "flow", baseRevision: r2, document: testFlow("flow"), actor: ANA }).revision;
    const pub = publishDraft(ctx, { id: "flow", revision: r3, comment: "test publish", actor: ANA });
    expect(pub).toMatchObject({ version: 1, published: true, created: true, draft: { revision: r3, baseVersion: 1 } });
    const detail = getPlaybook(ctx, "flow");
    expect(detail?.publishedDocument).toMatchObject({ kind: "routing", graph: { nodes: expect.any(Array) } });
    const rules = detail?.publishedDocument?.kind === "routing" ? detail.publishedDocument.rules : [];
    expect(rules.map((r) => [r.id, r.nodeId])).toEqual(expect.arrayContaining([["vip-whatsapp", "route-vip"]]));
    // Publishing the same draft again creates nothing new.
    expect(publishDraft(ctx, { id: "flow", revision: r3, comment: "test publish", actor: ANA })).toMatchObject({ version: 1, created: false });
  });

  it("commitDraft writes a validated version without publishing it", () => {
    createPlaybook(ctx, { id: "flow", name: "Flow", actor: ANA });
    const r = saveDraft(ctx, { id: "flow", baseRevision: 1, document: testFlow("flow"), actor: ANA }).revision;
    expect(commitDraft(ctx, { id: "flow", revision: r, actor: ANA })).toMatchObject({ version: 1, state: "validated", published: false });
    expect(getPlaybook(ctx, "flow")?.playbook.publishedVersion).toBeNull();
  });
});

describe("running drafts", () => {
  it("simulate's draft mode runs the saved draft alone; errors are refused with the issues", async () => {
    createPlaybook(ctx, { id: "flow", name: "Flow", actor: ANA });
    saveDraft(ctx, { id: "flow", baseRevision: 1, document: testFlow("flow"), actor: ANA });
    const r = await simulate(ctx, { mode: "draft", playbookId: "flow", cases: [flowCase(), flowCase({ tier: "standard" }), flowCase({ channel: "email" })] });
    expect(r.mode).toBe("draft");
    const outcomes = r.mode === "draft" ? r.decisions.map((d) => [d.outcome.queue, d.outcome.tags]) : [];
    expect(outcomes).toEqual([
      ["vip-wa", ["vip"]],
      ["wa-general", []],
      ["other-channels", []],
    ]);
    saveDraft(ctx, { id: "flow", baseRevision: 2, document: testFlow("flow", { vipQueue: "" }), actor: ANA });
    await expect(simulate(ctx, { mode: "draft", playbookId: "flow", cases: [flowCase()] })).rejects.toBeInstanceOf(DraftInvalidError);
  });

  it("tryDraft returns the decision and the path on the canvas", async () => {
    const r = await tryDraft({ document: testFlow("unsaved"), case: flowCase() });
    expect(r.decision.outcome.queue).toBe("vip-wa");
    expect(r.overlay.nodes["route-vip"]?.state).toBe("fired");
    expect(r.overlay.nodes["route-other"]?.state).not.toBe("fired");
    expect(r.overlay.edges).toEqual(expect.arrayContaining(["e1", "e2", "e3"]));
  });

  it("a logged decision opens on the canvas of the version it ran, with its overlay; recent cases list it", async () => {
    createPlaybook(ctx, { id: "flow", name: "Flow", actor: ANA });
    saveDraft(ctx, { id: "flow", baseRevision: 1, document: testFlow("flow"), actor: ANA });
    publishDraft(ctx, { id: "flow", revision: 2, comment: "test publish", actor: ANA });
    const older = await ingestCase(ctx, { ...flowCase({ channel: "email" }), receivedAt: "2030-01-01T00:00:00.000Z" });
    const c = await ingestCase(ctx, flowCase({ tier: "standard" }));
    const canvas = decisionCanvas(ctx, { decisionId: c.decisionId, playbookId: "flow" });
    expect(canvas).toMatchObject({ playbookId: "flow", version: 1, caseId: c.caseId });
    expect(canvas.overlay.nodes["route-wa"]?.state).toBe("fired");
    expect(canvas.overlay.nodes["is-vip"]).toMatchObject({ state: "failed", branch: "false" });
    expect(() => decisionCanvas(ctx, { decisionId: c.decisionId, playbookId: "nope" })).toThrow(/not found/);
    // Newest stored first, whatever time the customer wrote.
    expect(recentCases(ctx, { limit: 5 })).toEqual([
      expect.objectContaining({ id: c.caseId, channel: "whatsapp", excerpt: expect.stringContaining("necesito ayuda") }),
      expect.objectContaining({ id: older.caseId, channel: "email" }),
    ]);
    expect(recentCases(ctx, { limit: 1 })).toHaveLength(1);
  });
});

describe("importing documents with a graph", () => {
  const compiled = () => {
    const p = compileFlow(testFlow("imported")).playbook;
    if (!p) throw new Error("the test flow does not compile");
    return p;
  };

  it("fills empty rules from the graph, and refuses rules that differ naming `rules`", () => {
    const p = compiled();
    const filled = validatePlaybook({ ...p, rules: [], trigger: undefined });
    expect(filled.ok).toBe(true);
    if (filled.ok && filled.document.kind === "routing") expect(filled.document.rules).toEqual(p.rules);

    const tampered = { ...p, rules: p.rules.map((r) => (r.id === "vip-whatsapp" ? { ...r, actions: [{ type: "route", queue: "elsewhere" }] } : r)) };
    const refused = validatePlaybook(tampered);
    expect(refused).toMatchObject({ ok: false, issues: [expect.objectContaining({ path: "rules", message: expect.stringContaining("vip-whatsapp") })] });
    expect(() => importPlaybook(ctx, { document: tampered, publish: false, actor: ANA })).toThrow(/invalid/);
    expect(importPlaybook(ctx, { document: p, publish: false, actor: ANA })).toMatchObject({ version: 1 });
  });

  it("refuses a graph with errors, naming the node", () => {
    const p = compiled();
    const graph = { ...p.graph!, nodes: p.graph!.nodes.map((n) => (n.id === "route-other" ? { ...n, data: { queue: "" } } : n)) };
    expect(validatePlaybook({ ...p, graph, rules: [] })).toMatchObject({ ok: false, issues: expect.arrayContaining([expect.objectContaining({ path: "graph.nodes.route-other.queue" })]) });
  });
});
