import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EngineClock } from "@/engine";
import { createTestContext } from "@/tests/support/db";
import { testRoutingPlaybook } from "@/tests/support/playbooks";
import { emitAudit, listAuditLog } from "./audit";
import { addCaseEvent } from "./case-events";
import { ingestCase } from "./cases";
import { diffJson, getAuditHistory, getCaseTimeline, getPlaybookVersion } from "./history";
import { importPlaybook } from "./playbooks";
import { publishVersion, rollbackPlaybook, SCHEDULE_TIMERS } from "./publishing";
import { fireDueTimers } from "./timers";

let ctx: ReturnType<typeof createTestContext>;
beforeEach(() => {
  // The compiled snapshot is per process and keyed by publish generation, which restarts at 1 in every fresh database.
  (globalThis as { __pautaSnapshot?: unknown }).__pautaSnapshot = undefined;
  ctx = createTestContext();
});
afterEach(() => ctx.close());

/** A clock fixed at a given instant, so decisions land where the test says in the timeline. */
const at = (iso: string): EngineClock => ({ now: () => new Date(iso), perf: () => 0 });

const aCase = (externalId: string, over: Record<string, unknown> = {}) => ({
  externalId,
  channel: "whatsapp",
  text: "Quiero información de la maestría",
  customer: { id: "cust-1", name: "Ana" },
  attributes: { account: "http-tests" },
  ...over,
});

describe("case timeline", () => {
  it("puts the case, its decision and its events in time order, whatever order they were recorded in", async () => {
    importPlaybook(ctx, { document: testRoutingPlaybook("q-1"), publish: true, comment: "test publish", actor: "test" });
    const c = await ingestCase(ctx, aCase("t-1", { receivedAt: "2026-01-01T10:00:00.000Z" }), at("2026-01-01T10:00:01.000Z"));
    // Recorded out of order: the later event first.
    addCaseEvent(ctx, c.caseId, { eventId: "e-2", type: "resolved", occurredAt: "2026-01-01T12:00:00Z" });
    addCaseEvent(ctx, c.caseId, { eventId: "e-1", type: "agent_replied", occurredAt: "2026-01-01T11:00:00Z", text: "Hola" });
    const tl = getCaseTimeline(ctx, c.caseId);
    expect(tl?.entries.map((e) => (e.kind === "event" ? `event:${e.type}` : e.kind))).toEqual(["case", "decision", "event:agent_replied", "event:resolved"]);
    const d = tl?.entries.find((e) => e.kind === "decision");
    expect(d).toMatchObject({ decisionId: c.decisionId, queue: "q-1", matched: true, channel: "whatsapp" });
    expect(tl?.cases).toEqual([expect.objectContaining({ id: c.caseId, current: true })]);
  });

  it("shows the same customer's cases on other channels, labelled by channel, and no one else's", async () => {
    importPlaybook(ctx, { document: testRoutingPlaybook("q-1"), publish: true, comment: "test publish", actor: "test" });
    const wa = await ingestCase(ctx, aCase("wa-1", { receivedAt: "2026-02-01T09:00:00.000Z" }), at("2026-02-01T09:00:00.500Z"));
    const phone = await ingestCase(ctx, aCase("call-1", { channel: "phone", receivedAt: "2026-02-01T15:00:00.000Z" }), at("2026-02-01T15:00:00.500Z"));
    await ingestCase(ctx, aCase("other-1", { customer: { id: "cust-2" }, receivedAt: "2026-02-01T12:00:00.000Z" }), at("2026-02-01T12:00:00.500Z"));
    addCaseEvent(ctx, wa.caseId, { eventId: "wa-e", type: "customer_replied", occurredAt: "2026-02-01T10:00:00Z" });

    const tl = getCaseTimeline(ctx, phone.caseId);
    expect(tl?.cases.map((c) => [c.channel, c.current])).toEqual([
      ["whatsapp", false],
      ["phone", true],
    ]);
    expect(tl?.entries.map((e) => `${e.channel}:${e.kind}`)).toEqual(["whatsapp:case", "whatsapp:decision", "whatsapp:event", "phone:case", "phone:decision"]);
    expect(tl?.entries.every((e) => e.caseId === wa.caseId || e.caseId === phone.caseId)).toBe(true);
    // Opened from the other side, the same conversation.
    expect(getCaseTimeline(ctx, wa.caseId)?.entries).toHaveLength(5);
  });

  it("answers null for an unknown case", () => {
    expect(getCaseTimeline(ctx, "nope")).toBeNull();
  });
});

describe("configuration history", () => {
  const v2 = () => {
    const doc = testRoutingPlaybook("q-2");
    doc.rules = doc.rules.filter((r) => r.id !== "pattern-rule");
    doc.rules[0]!.priority = 20;
    doc.rules.push({ id: "vip", name: "VIP customers", priority: 90, conditions: { all: [{ fact: "channel", operator: "equal", value: "email" }] }, actions: [{ type: "route", queue: "vip" }] });
    return doc;
  };

  it("diffs a new version's rules against the previous version and counts the decisions made under a publish", async () => {
    importPlaybook(ctx, { document: testRoutingPlaybook("q-1"), publish: true, comment: "test publish", actor: "user:ana@example.com" });
    await ingestCase(ctx, aCase("h-1"));
    importPlaybook(ctx, { document: v2(), publish: false, actor: "user:ana@example.com" });
    publishVersion(ctx, { playbookId: "http-tests-routing", version: 2, comment: "test publish", actor: "api_key:pk_abc" });
    await ingestCase(ctx, aCase("h-2"));
    await ingestCase(ctx, aCase("h-3"));

    const page = getAuditHistory(ctx, { entity: "playbook" });
    expect(page.items.map((e) => e.action)).toEqual(["playbook.published", "playbook.imported", "playbook.published", "playbook.imported"]);
    const [publish2, import2, publish1] = page.items;
    expect(publish2?.actor).toBe("api_key:pk_abc");
    expect(publish2?.decisionsUnder).toEqual({ playbookId: "http-tests-routing", version: 2, count: 2 });
    expect(publish1?.decisionsUnder).toEqual({ playbookId: "http-tests-routing", version: 1, count: 1 });
    for (const e of [publish2, import2]) {
      expect(e?.playbook?.from?.version).toBe(1);
      expect(e?.playbook?.to?.version).toBe(2);
      expect(e?.playbook?.rules.added).toEqual([{ id: "vip", name: "VIP customers" }]);
      expect(e?.playbook?.rules.removed).toEqual([{ id: "pattern-rule", name: "Pattern taken from the case" }]);
      const always = e?.playbook?.rules.changed.find((r) => r.id === "always");
      expect(always?.changes).toEqual(expect.arrayContaining([{ path: "priority", before: 10, after: 20 }, { path: "actions[0].queue", before: "q-1", after: "q-2" }]));
    }
    // The first import has nothing before it: every rule is new.
    expect(page.items[3]?.playbook?.from).toBeNull();
    expect(page.items[3]?.playbook?.rules.added).toHaveLength(2);
    expect(publish2?.changes.map((c) => c.path)).toEqual(["comment", "generation", "publishedVersionId", "version"]);
  });

  it("a rollback and a scheduled window's start and end each show their rule diff and the decisions made under the version they made live", async () => {
    const id = "http-tests-routing";
    importPlaybook(ctx, { document: testRoutingPlaybook("q-1"), publish: true, comment: "test publish", actor: "test" });
    await ingestCase(ctx, aCase("r-1"));
    importPlaybook(ctx, { document: v2(), publish: true, comment: "v2 goes live", actor: "test" });
    await ingestCase(ctx, aCase("r-2"));
    rollbackPlaybook(ctx, { playbookId: id, version: 1, reason: "v2 misroutes", actor: "user:op@example.com" });
    await ingestCase(ctx, aCase("r-3"));

    const now = new Date();
    const start = new Date(now.getTime() + 60_000);
    publishVersion(ctx, { playbookId: id, version: 2, comment: "weekend window", at: start.toISOString(), until: new Date(start.getTime() + 60_000).toISOString(), actor: "user:op@example.com" });
    fireDueTimers(ctx, new Date(start.getTime() + 1), SCHEDULE_TIMERS);
    fireDueTimers(ctx, new Date(start.getTime() + 60_001), SCHEDULE_TIMERS);

    const items = getAuditHistory(ctx, { entity: "playbook" }).items;
    const of = (action: string) => items.find((e) => e.action === action);
    const rollback = of("playbook.rolled_back");
    expect(rollback?.playbook).toMatchObject({ from: { version: 2 }, to: { version: 1 } });
    expect(rollback?.playbook?.rules.added).toEqual([{ id: "pattern-rule", name: "Pattern taken from the case" }]);
    expect(rollback?.decisionsUnder).toEqual({ playbookId: id, version: 1, count: 2 });
    const started = of("playbook.schedule_started");
    expect(started?.playbook).toMatchObject({ from: { version: 1 }, to: { version: 2 } });
    expect(started?.playbook?.rules.added).toEqual([{ id: "vip", name: "VIP customers" }]);
    expect(started?.decisionsUnder).toEqual({ playbookId: id, version: 2, count: 1 });
    const ended = of("playbook.schedule_ended");
    expect(ended?.playbook).toMatchObject({ from: { version: 2 }, to: { version: 1 } });
    expect(ended?.decisionsUnder?.version).toBe(1);
    // Scheduling and cancelling change nothing live: their before/after is the diff.
    expect(of("playbook.publish_scheduled")?.playbook).toBeNull();
    expect(of("playbook.publish_scheduled")?.changes.map((c) => c.path)).toEqual(expect.arrayContaining(["scheduleId", "startAt", "state"]));
  });

  it("filters by entity, action, actor and date, and pages with a cursor", () => {
    emitAudit(ctx.db, { actor: "user:ana@example.com", action: "api_key.created", entityId: "k1", at: "2026-03-01T10:00:00.000Z", after: { name: "a" } });
    emitAudit(ctx.db, { actor: "api_key:pk_x", action: "api_key.revoked", entityId: "k1", at: "2026-03-02T10:00:00.000Z" });
    emitAudit(ctx.db, { actor: "user:ana@example.com", action: "playbook.imported", entityId: "p", at: "2026-03-03T10:00:00.000Z" });
    emitAudit(ctx.db, { actor: "user:bo@example.com", action: "api_key.created", entityId: "k2", at: "2026-03-04T10:00:00.000Z" });
    const ids = (q: Record<string, string | number>) => getAuditHistory(ctx, q).items.map((e) => `${e.action}@${e.at.slice(0, 10)}`);

    expect(ids({ entity: "api_key" })).toEqual(["api_key.created@2026-03-04", "api_key.revoked@2026-03-02", "api_key.created@2026-03-01"]);
    expect(ids({ action: "api_key.created", actor: "user:ana@example.com" })).toEqual(["api_key.created@2026-03-01"]);
    expect(ids({ from: "2026-03-02", to: "2026-03-03" })).toEqual(["playbook.imported@2026-03-03", "api_key.revoked@2026-03-02"]);
    expect(ids({ from: "2026-03-02T12:00:00Z" })).toEqual(["api_key.created@2026-03-04", "playbook.imported@2026-03-03"]);
    // "_" in an entity is literal, not a LIKE wildcard.
    expect(ids({ entity: "api" })).toEqual([]);

    const first = getAuditHistory(ctx, { limit: 3 });
    expect(first.items).toHaveLength(3);
    const second = getAuditHistory(ctx, { limit: 3, cursor: first.nextCursor! });
    expect(second.items.map((e) => e.at)).toEqual(["2026-03-01T10:00:00.000Z"]);
    expect(second.nextCursor).toBeNull();
    expect(() => listAuditLog(ctx, { from: "yesterday" })).toThrow(/invalid audit query/);
  });

  it("diffs JSON leaves with paths; arrays that change length are shown whole", () => {
    expect(diffJson({ a: 1, b: { c: [1, 2] } }, { a: 1, b: { c: [1, 3] }, d: true })).toEqual([
      { path: "b.c[1]", before: 2, after: 3 },
      { path: "d", after: true },
    ]);
    expect(diffJson({ tags: ["a"] }, { tags: ["a", "b"] })).toEqual([{ path: "tags", before: ["a"], after: ["a", "b"] }]);
    expect(diffJson(null, null)).toEqual([]);
  });
});

describe("one playbook version", () => {
  it("returns that exact version's document, state, neighbours and decision count", async () => {
    importPlaybook(ctx, { document: testRoutingPlaybook("q-1"), publish: true, comment: "test publish", actor: "test" });
    await ingestCase(ctx, aCase("v-1"));
    importPlaybook(ctx, { document: testRoutingPlaybook("q-2"), publish: true, comment: "test publish", actor: "user:ana@example.com" });
    const v1 = getPlaybookVersion(ctx, "http-tests-routing", 1);
    expect(v1?.version.state).toBe("superseded");
    expect(v1?.decisionCount).toBe(1);
    expect(v1?.previous).toBeNull();
    expect(v1?.next).toBe(2);
    expect(v1?.document.kind === "routing" && v1.document.rules[1]?.actions[0]).toEqual({ type: "route", queue: "q-1" });
    const v2 = getPlaybookVersion(ctx, "http-tests-routing", 2);
    expect(v2?.version).toMatchObject({ state: "published", createdBy: "user:ana@example.com" });
    expect(v2?.decisionCount).toBe(0);
    expect(getPlaybookVersion(ctx, "http-tests-routing", 3)).toBeNull();
    expect(getPlaybookVersion(ctx, "nope", 1)).toBeNull();
  });
});
