import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Role } from "@/app/_server/auth/permissions";
import { addCaseEvent } from "@/app/_server/services/case-events";
import { ingestCase } from "@/app/_server/services/cases";
import { importPlaybook } from "@/app/_server/services/playbooks";
import { createTestContext } from "@/tests/support/db";
import { testRoutingPlaybook } from "@/tests/support/playbooks";
import { createInnerContext } from "../init";
import { createCaller } from "../root";

// cases.timeline, audit.history, audit.facets and playbooks.version through tRPC, on a fresh database.
let db: ReturnType<typeof createTestContext>;
const as = (role: Role) => createCaller(createInnerContext({ db: db.db, actor: { kind: "user", user: { id: `u-${role}`, email: `${role}@test`, name: role, role } } }));
beforeEach(() => {
  (globalThis as { __pautaSnapshot?: unknown }).__pautaSnapshot = undefined;
  db = createTestContext();
});
afterEach(() => db.close());

const aCase = (externalId: string, channel = "whatsapp") => ({ externalId, channel, text: "Hola", customer: { id: "cust-9" }, attributes: { account: "http-tests" } });

describe("history procedures", () => {
  it("every reading role (auditor included) opens a case timeline across channels; nobody anonymous does", async () => {
    importPlaybook(db, { document: testRoutingPlaybook("q"), publish: true, comment: "test publish", actor: "system:test" });
    const first = await ingestCase(db, aCase("r-1"));
    const second = await ingestCase(db, aCase("r-2", "email"));
    addCaseEvent(db, first.caseId, { eventId: "ev", type: "resolved", occurredAt: new Date(Date.now() + 1000).toISOString() });
    for (const role of ["admin", "strategist", "operator", "auditor"] as const) {
      const tl = await as(role).cases.timeline({ id: second.caseId });
      expect(tl.cases.map((c) => c.channel).sort()).toEqual(["email", "whatsapp"]);
      expect(tl.entries.filter((e) => e.kind === "decision")).toHaveLength(2);
      expect(tl.entries.at(-1)).toMatchObject({ kind: "event", type: "resolved", caseId: first.caseId });
    }
    await expect(createCaller(createInnerContext({ db: db.db })).cases.timeline({ id: first.caseId })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(as("auditor").cases.timeline({ id: "missing" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("lists configuration history with filters and facets; a bad date is a BAD_REQUEST naming the field", async () => {
    importPlaybook(db, { document: testRoutingPlaybook("q"), publish: true, comment: "test publish", actor: "user:ana@test" });
    const page = await as("auditor").audit.history({ action: "playbook.published" });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ actor: "user:ana@test", entity: "playbook", decisionsUnder: { version: 1, count: 0 } });
    expect(await as("auditor").audit.facets()).toEqual({ actors: ["user:ana@test"], entities: ["playbook"], actions: ["playbook.imported", "playbook.published"] });
    await expect(as("auditor").audit.history({ from: "last week" })).rejects.toMatchObject({ code: "BAD_REQUEST", cause: { issues: [expect.objectContaining({ path: "from" })] } });
    await expect(createCaller(createInnerContext({ db: db.db })).audit.history({})).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("opens one exact playbook version", async () => {
    importPlaybook(db, { document: testRoutingPlaybook("q"), publish: true, comment: "test publish", actor: "system:test" });
    const v = await as("auditor").playbooks.version({ id: "http-tests-routing", version: 1 });
    expect(v.version).toMatchObject({ version: 1, state: "published", createdBy: "system:test" });
    expect(v.version.contentHash).toMatch(/^[0-9a-f]{64}$/);
    await expect(as("auditor").playbooks.version({ id: "http-tests-routing", version: 2 })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
