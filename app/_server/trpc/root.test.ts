import { TRPCError } from "@trpc/server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ingestCase } from "@/app/_server/services/cases";
import { importPlaybook } from "@/app/_server/services/playbooks";
import { explainDecision } from "@/engine/explain";
import { createTestContext } from "@/tests/support/db";
import { testRoutingPlaybook } from "@/tests/support/playbooks";
import { createInnerContext } from "./init";
import { createCaller } from "./root";

// The UI's procedures, called directly on a fresh database (no HTTP, no Next).
let db: ReturnType<typeof createTestContext>;
let api: ReturnType<typeof createCaller>;
beforeEach(() => {
  db = createTestContext();
  // An admin holds every permission; authorization itself is covered below and in tests/http/authz.test.ts.
  api = createCaller(createInnerContext({ db: db.db, actor: { kind: "user", user: { id: "u-admin", email: "admin@test", name: "Admin", role: "admin" } } }));
});
afterEach(() => db.close());

let n = 0;
const aCase = (over: Record<string, unknown> = {}) => ({
  externalId: `ui-${++n}`,
  channel: "whatsapp",
  text: "Quiero información de la maestría",
  customer: { id: `c-${n}`, name: "Ana" },
  attributes: { account: "http-tests" },
  ...over,
});

describe("playbooks router", () => {
  it("lists playbooks with their published version and opens one", async () => {
    importPlaybook(db, { document: testRoutingPlaybook("ui-q"), publish: true, comment: "test publish", actor: "test" });
    const list = await api.playbooks.list();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: "http-tests-routing", kind: "routing", publishedVersion: 1 });
    const detail = await api.playbooks.get({ id: "http-tests-routing" });
    expect(detail.publishedDocument?.kind).toBe("routing");
    expect(detail.versions[0]?.state).toBe("published");
  });

  it("answers NOT_FOUND for an unknown playbook and BAD_REQUEST for a malformed id", async () => {
    await expect(api.playbooks.get({ id: "nope" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(api.playbooks.get({ id: "Not A Slug" })).rejects.toBeInstanceOf(TRPCError);
    await expect(api.playbooks.get({ id: "Not A Slug" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("decisions router", () => {
  it("feeds the live list: newest first, then only what came after the newest seen", async () => {
    importPlaybook(db, { document: testRoutingPlaybook("ui-q"), publish: true, comment: "test publish", actor: "test" });
    const a = await ingestCase(db, aCase());
    const b = await ingestCase(db, aCase());
    const page = await api.decisions.list({ limit: 10 });
    expect(page.items.map((d) => d.id)).toEqual([b.decisionId, a.decisionId]);
    expect(page.items[0]).toMatchObject({ queue: "ui-q", channel: "whatsapp", externalId: expect.stringMatching(/^ui-/) });

    const top = page.items[0]?.seq ?? 0;
    expect(await api.decisions.after({ afterSeq: top })).toEqual([]);
    const c = await ingestCase(db, aCase());
    expect((await api.decisions.after({ afterSeq: top })).map((d) => d.id)).toEqual([c.decisionId]);
  });

  it("opens a decision with its case, and the explanation reads it", async () => {
    importPlaybook(db, { document: testRoutingPlaybook("ui-q"), publish: true, comment: "test publish", actor: "test" });
    const created = await ingestCase(db, aCase({ attributes: { account: "http-tests", pattern: "(" } }));
    const got = await api.decisions.get({ id: created.decisionId });
    expect(got.case?.id).toBe(created.caseId);
    expect(got.decision.partial).toBe(true);
    const ex = explainDecision(got.decision, "en");
    expect(ex.summary.text).toMatch(/^Routed to ui-q/);
    expect(ex.playbooks[0]?.rules.find((r) => r.ruleId === "pattern-rule")?.status).toBe("error");
  });

  it("maps service errors once: an invalid cursor is BAD_REQUEST naming the field", async () => {
    const err = await api.decisions.list({ cursor: "not-a-cursor" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect(err).toMatchObject({ code: "BAD_REQUEST", cause: { issues: [{ path: "cursor" }] } });
  });

  it("answers NOT_FOUND for an unknown decision", async () => {
    await expect(api.decisions.get({ id: "missing" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("authorization", () => {
  it("refuses anonymous callers with UNAUTHORIZED and a short role with FORBIDDEN naming the role", async () => {
    const anonymous = createCaller(createInnerContext({ db: db.db }));
    await expect(anonymous.playbooks.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const auditor = createCaller(createInnerContext({ db: db.db, actor: { kind: "user", user: { id: "u-a", email: "a@test", name: "A", role: "auditor" } } }));
    await expect(auditor.playbooks.list()).resolves.toEqual([]);
    await expect(auditor.users.invite({ email: "x@test.com", role: "strategist" })).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("'admin'") });
  });

  it("refuses a cookie mutation whose CSRF header is missing", async () => {
    const admin = createCaller(
      createInnerContext({ db: db.db, actor: { kind: "user", user: { id: "u-admin", email: "admin@test", name: "Admin", role: "admin" } }, csrf: { ok: false, message: "missing x-csrf-token" } }),
    );
    await expect(admin.users.invite({ email: "x@test.com", role: "strategist" })).rejects.toMatchObject({ code: "FORBIDDEN", message: "missing x-csrf-token" });
    await expect(admin.users.list()).resolves.toEqual([]);
  });
});
