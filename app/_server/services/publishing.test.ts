// Publishing, rollback and scheduled publishes on a real SQLite file. The scheduler's clock is
// injected: publishVersion(…, clock) and fireDueTimers(ctx, now, TIMER_HANDLERS) stand in for
// "time passes", so a weekend window is tested in milliseconds.
import { rmSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import { caught, createTestContext } from "@/tests/support/db";
import { testRoutingPlaybook } from "@/tests/support/playbooks";
import { openDb, type ServiceContext } from "../db/client";
import { auditLog, playbookPublications, playbooks, playbookVersions, publishSchedules, timers } from "../db/schema";
import { TIMER_HANDLERS } from "../scheduler";
import { decideApproval, requestApproval } from "./approvals";
import { ingestCase } from "./cases";
import { importPlaybook } from "./playbooks";
import { cancelSchedule, publishVersion, rollbackPlaybook, SCHEDULER_ACTOR, type Clock } from "./publishing";
import { readPublishGeneration } from "./settings";
import { fireDueTimers } from "./timers";
import { updateWorkspaceSettings } from "./workspace";

const PB = "http-tests-routing";
const ANA = "user:ana@pauta.test"; // strategist: writes versions
const OPE = "user:ope@pauta.test"; // operator: publishes
const REV = "user:rev@pauta.test"; // a second operator: approves

let ctx: ReturnType<typeof createTestContext>;
beforeEach(() => {
  ctx = createTestContext();
});
afterEach(() => ctx.close());

const T0 = Date.parse("2030-03-01T10:00:00.000Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const clockAt = (minutes: number): Clock => ({ now: () => at(minutes) });
const iso = (minutes: number) => at(minutes).toISOString();

/** A new version of the test playbook that routes WhatsApp to `queue`; returns its number. */
function newVersion(c: ServiceContext, queue: string, id = PB): number {
  return importPlaybook(c, { document: { ...testRoutingPlaybook(queue), id }, actor: ANA }).version;
}

function publish(c: ServiceContext, version: number, minutes = 0, id = PB) {
  return publishVersion(c, { playbookId: id, version, comment: `v${version} goes live`, actor: OPE }, clockAt(minutes));
}

/** The live version number of a playbook, read from its row. */
function live(c: ServiceContext, id = PB): number | null {
  const p = c.db.select().from(playbooks).where(eq(playbooks.id, id)).get();
  if (!p?.publishedVersionId) return null;
  return c.db.select().from(playbookVersions).where(eq(playbookVersions.id, p.publishedVersionId)).get()!.version;
}

/** The version the next case really runs (the engine's snapshot, not the row). */
async function versionForNextCase(c: ServiceContext, id = PB): Promise<number | null> {
  const r = await ingestCase(c, { externalId: `case-${Math.random()}`, channel: "whatsapp", text: "Hola", customer: { id: "c1" }, attributes: { account: "http-tests" } });
  const used = r.decision.playbooks.filter((p) => p.playbookId === id);
  expect(used.length).toBeLessThanOrEqual(1);
  return used[0]?.version ?? null;
}

function states(c: ServiceContext, id = PB): Record<number, string> {
  return Object.fromEntries(
    c.db
      .select({ version: playbookVersions.version, state: playbookVersions.state })
      .from(playbookVersions)
      .where(eq(playbookVersions.playbookId, id))
      .all()
      .map((r) => [r.version, r.state]),
  );
}

const publications = (c: ServiceContext, id = PB) => c.db.select().from(playbookPublications).where(eq(playbookPublications.playbookId, id)).orderBy(asc(playbookPublications.id)).all();
const audit = (c: ServiceContext, action?: string) =>
  c.db
    .select()
    .from(auditLog)
    .where(action ? eq(auditLog.action, action as typeof auditLog.$inferSelect.action) : undefined)
    .orderBy(asc(auditLog.id))
    .all();
const scheduleRow = (c: ServiceContext, id: string) => c.db.select().from(publishSchedules).where(eq(publishSchedules.id, id)).get()!;

describe("publishing now", () => {
  it("needs a comment: nothing is written without one", () => {
    const v1 = newVersion(ctx, "q1");
    const audits = audit(ctx).length;
    for (const comment of ["", "  ", " ok "]) {
      const e = caught(() => publishVersion(ctx, { playbookId: PB, version: v1, comment, actor: OPE }));
      expect(e.code).toBe("invalid_request");
      expect(e.issues).toEqual([expect.objectContaining({ path: "comment", message: expect.stringMatching(/say why/) })]);
    }
    expect(live(ctx)).toBeNull();
    expect(publications(ctx)).toEqual([]);
    expect(audit(ctx).length).toBe(audits);
    expect(readPublishGeneration(ctx.db)).toBe(0);
  });

  it("moves the live version, bumps the publish generation, and writes the publish log and the audit row with before / after", async () => {
    const v1 = newVersion(ctx, "q1");
    const v2 = newVersion(ctx, "q2");
    const ids = Object.fromEntries(ctx.db.select().from(playbookVersions).all().map((v) => [v.version, v.id]));
    const r1 = publish(ctx, v1, 0);
    expect(r1).toMatchObject({ version: 1, published: true, schedule: null, publication: { kind: "publish", from: null, to: { id: ids[1], version: 1 }, actor: OPE, comment: "v1 goes live", at: iso(0) } });
    expect(readPublishGeneration(ctx.db)).toBe(1);
    expect(await versionForNextCase(ctx)).toBe(1);

    const r2 = publish(ctx, v2, 5);
    expect(r2.publication).toMatchObject({ kind: "publish", from: { version: 1 }, to: { version: 2 } });
    expect(live(ctx)).toBe(2);
    expect(readPublishGeneration(ctx.db)).toBe(2);
    expect(await versionForNextCase(ctx)).toBe(2);
    expect(publications(ctx).map((p) => [p.kind, p.fromVersionId, p.toVersionId, p.generation])).toEqual([
      ["publish", null, ids[1], 1],
      ["publish", ids[1], ids[2], 2],
    ]);
    expect(audit(ctx, "playbook.published").map((a) => [a.actor, a.at, a.before, a.after])).toEqual([
      [OPE, iso(0), { publishedVersionId: null, version: null }, { publishedVersionId: ids[1], version: 1, generation: 1, comment: "v1 goes live" }],
      [OPE, iso(5), { publishedVersionId: ids[1], version: 1 }, { publishedVersionId: ids[2], version: 2, generation: 2, comment: "v2 goes live" }],
    ]);
    expect(states(ctx)).toEqual({ 1: "superseded", 2: "published" });
  });

  it("is one transaction: when the audit row cannot be written, the live version, the generation and the log stay as they were", async () => {
    newVersion(ctx, "q1");
    newVersion(ctx, "q2");
    publish(ctx, 1);
    ctx.sqlite.exec("CREATE TRIGGER no_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log unavailable'); END");
    expect(() => publish(ctx, 2)).toThrow(/audit log unavailable/);
    ctx.sqlite.exec("DROP TRIGGER no_audit");
    expect(live(ctx)).toBe(1);
    expect(readPublishGeneration(ctx.db)).toBe(1);
    expect(publications(ctx)).toHaveLength(1);
    expect(states(ctx)).toEqual({ 1: "published", 2: "validated" });
    expect(await versionForNextCase(ctx)).toBe(1);
  });

  it("publishing the live version again is a no-op", () => {
    newVersion(ctx, "q1");
    publish(ctx, 1);
    const audits = audit(ctx).length;
    expect(publish(ctx, 1, 1)).toMatchObject({ version: 1, published: false, publication: null, schedule: null });
    expect(publications(ctx)).toHaveLength(1);
    expect(audit(ctx).length).toBe(audits);
    expect(readPublishGeneration(ctx.db)).toBe(1);
  });
});

describe("rollback", () => {
  it("only to a version that was live before; recorded as a rollback with the reason, the version taken off is rolled back", async () => {
    newVersion(ctx, "q1");
    newVersion(ctx, "q2");
    newVersion(ctx, "q3");
    publish(ctx, 1, 0);
    publish(ctx, 2, 1);

    const never = caught(() => rollbackPlaybook(ctx, { playbookId: PB, version: 3, reason: "try v3", actor: OPE }));
    expect(never.code).toBe("invalid_request");
    expect(never.message).toMatch(/v3 was never live.*publish it instead/);
    const current = caught(() => rollbackPlaybook(ctx, { playbookId: PB, version: 2, reason: "again", actor: OPE }));
    expect(current.code).toBe("conflict");
    expect(current.message).toMatch(/live version already/);
    const noReason = caught(() => rollbackPlaybook(ctx, { playbookId: PB, version: 1, reason: " ", actor: OPE }));
    expect(noReason.issues[0]).toMatchObject({ path: "reason" });
    expect(live(ctx)).toBe(2);

    const r = rollbackPlaybook(ctx, { playbookId: PB, version: 1, reason: "v2 sends WhatsApp to the wrong queue", actor: OPE }, clockAt(2));
    expect(r).toMatchObject({ version: 1, published: true, publication: { kind: "rollback", from: { version: 2 }, to: { version: 1 }, comment: "v2 sends WhatsApp to the wrong queue", at: iso(2) } });
    expect(live(ctx)).toBe(1);
    expect(await versionForNextCase(ctx)).toBe(1);
    expect(states(ctx)).toEqual({ 1: "published", 2: "rolled_back", 3: "validated" });
    const row = audit(ctx, "playbook.rolled_back");
    expect(row).toHaveLength(1);
    expect(row[0]).toMatchObject({ actor: OPE, before: { version: 2 }, after: { version: 1, comment: "v2 sends WhatsApp to the wrong queue" } });
    // Rolling back to the rolled-back version is allowed too: it was live before.
    expect(rollbackPlaybook(ctx, { playbookId: PB, version: 2, reason: "the queue was fine after all", actor: OPE }).published).toBe(true);
    expect(states(ctx)).toEqual({ 1: "rolled_back", 2: "published", 3: "validated" });
  });
});

describe("version states", () => {
  it("are derived through validated → awaiting approval → approved → scheduled → published → superseded / rolled back, and rejected", () => {
    newVersion(ctx, "q1");
    publish(ctx, 1, 0);
    updateWorkspaceSettings(ctx, { update: { requireApproval: true }, actor: "user:admin@pauta.test" });

    newVersion(ctx, "q2");
    expect(states(ctx)[2]).toBe("validated");
    const req = requestApproval(ctx, { playbookId: PB, version: 2, comment: "new queue", actor: ANA, now: at(1) });
    expect(states(ctx)[2]).toBe("awaiting_approval");
    decideApproval(ctx, { playbookId: PB, version: 2, decision: "approve", comment: "looks right", contentHash: req.contentHash, actor: REV, now: at(2) });
    expect(states(ctx)[2]).toBe("approved");
    publishVersion(ctx, { playbookId: PB, version: 2, comment: "weekend", at: iso(60), actor: OPE }, clockAt(3));
    expect(states(ctx)[2]).toBe("scheduled");
    expect(fireDueTimers(ctx, at(60), TIMER_HANDLERS)).toBe(1);
    expect(states(ctx)).toEqual({ 1: "superseded", 2: "published" });

    newVersion(ctx, "q3");
    const r3 = requestApproval(ctx, { playbookId: PB, version: 3, actor: ANA, now: at(61) });
    decideApproval(ctx, { playbookId: PB, version: 3, decision: "approve", comment: "ok", contentHash: r3.contentHash, actor: REV, now: at(62) });
    publish(ctx, 3, 63);
    expect(states(ctx)).toEqual({ 1: "superseded", 2: "superseded", 3: "published" });
    rollbackPlaybook(ctx, { playbookId: PB, version: 2, reason: "q3 overflowed", actor: OPE }, clockAt(64));
    expect(states(ctx)).toEqual({ 1: "superseded", 2: "published", 3: "rolled_back" });

    newVersion(ctx, "q4");
    const r4 = requestApproval(ctx, { playbookId: PB, version: 4, actor: ANA, now: at(65) });
    decideApproval(ctx, { playbookId: PB, version: 4, decision: "reject", comment: "q4 does not exist", contentHash: r4.contentHash, actor: REV, now: at(66) });
    expect(states(ctx)[4]).toBe("rejected");
  });
});

describe("scheduled publishes (injected clock)", () => {
  it("is not live before its time, is live after the timer fires at its time, and its end restores the previous version", async () => {
    newVersion(ctx, "q1");
    newVersion(ctx, "q2");
    publish(ctx, 1, 0);
    const r = publishVersion(ctx, { playbookId: PB, version: 2, comment: "crisis weekend", at: iso(60), until: iso(180), actor: OPE }, clockAt(1));
    expect(r).toMatchObject({ published: false, publication: null, schedule: { status: "scheduled", startAt: iso(60), endAt: iso(180), version: 2, createdBy: OPE } });
    const sid = r.schedule!.id;
    expect(audit(ctx, "playbook.publish_scheduled")[0]).toMatchObject({ actor: OPE, before: { version: 2, state: "validated" }, after: { state: "scheduled", scheduleId: sid, startAt: iso(60), endAt: iso(180) } });

    expect(fireDueTimers(ctx, at(59), TIMER_HANDLERS)).toBe(0);
    expect(live(ctx)).toBe(1);
    expect(await versionForNextCase(ctx)).toBe(1);

    expect(fireDueTimers(ctx, at(60), TIMER_HANDLERS)).toBe(1);
    expect(live(ctx)).toBe(2);
    expect(await versionForNextCase(ctx)).toBe(2);
    expect(scheduleRow(ctx, sid)).toMatchObject({ status: "active", startedAt: iso(60), note: "published v2 (was v1)" });

    expect(fireDueTimers(ctx, at(179), TIMER_HANDLERS)).toBe(0);
    expect(fireDueTimers(ctx, at(180), TIMER_HANDLERS)).toBe(1);
    expect(live(ctx)).toBe(1);
    expect(await versionForNextCase(ctx)).toBe(1);
    expect(scheduleRow(ctx, sid)).toMatchObject({ status: "done", endedAt: iso(180), note: "window ended: v1 is live again" });
    expect(publications(ctx).map((p) => [p.kind, p.actor, p.at, p.scheduleId])).toEqual([
      ["publish", OPE, iso(0), null],
      ["schedule_start", SCHEDULER_ACTOR, iso(60), sid],
      ["schedule_end", SCHEDULER_ACTOR, iso(180), sid],
    ]);
    expect(audit(ctx, "playbook.schedule_started")[0]).toMatchObject({ actor: SCHEDULER_ACTOR, before: { version: 1 }, after: { version: 2, scheduleId: sid } });
    expect(audit(ctx, "playbook.schedule_ended")[0]).toMatchObject({ actor: SCHEDULER_ACTOR, before: { version: 2 }, after: { version: 1, scheduleId: sid } });
    expect(states(ctx)).toEqual({ 1: "published", 2: "superseded" });
  });

  it("refuses a start in the past and an end before the start", () => {
    newVersion(ctx, "q1");
    expect(caught(() => publishVersion(ctx, { playbookId: PB, version: 1, comment: "late", at: iso(10), actor: OPE }, clockAt(10))).issues[0]).toMatchObject({ path: "at" });
    expect(caught(() => publishVersion(ctx, { playbookId: PB, version: 1, comment: "backwards", at: iso(20), until: iso(15), actor: OPE }, clockAt(10))).issues[0]).toMatchObject({ path: "until" });
    expect(ctx.db.select().from(publishSchedules).all()).toEqual([]);
  });

  it("a version published during the window is left live at the end, and the schedule says so", () => {
    newVersion(ctx, "q1");
    newVersion(ctx, "q2");
    newVersion(ctx, "q3");
    publish(ctx, 1, 0);
    const sid = publishVersion(ctx, { playbookId: PB, version: 2, comment: "window", at: iso(60), until: iso(120), actor: OPE }, clockAt(1)).schedule!.id;
    fireDueTimers(ctx, at(60), TIMER_HANDLERS);
    publish(ctx, 3, 90);
    expect(fireDueTimers(ctx, at(120), TIMER_HANDLERS)).toBe(1);
    expect(live(ctx)).toBe(3);
    expect(scheduleRow(ctx, sid)).toMatchObject({ status: "done", note: "window ended; v3 had been published during it, so it stays live" });
    expect(publications(ctx).map((p) => p.kind)).toEqual(["publish", "schedule_start", "publish"]);
  });

  it("cancelled before it starts, nothing goes live; its timers do not fire", () => {
    newVersion(ctx, "q1");
    newVersion(ctx, "q2");
    publish(ctx, 1, 0);
    const sid = publishVersion(ctx, { playbookId: PB, version: 2, comment: "window", at: iso(60), until: iso(120), actor: OPE }, clockAt(1)).schedule!.id;
    expect(states(ctx)[2]).toBe("scheduled");
    const c = cancelSchedule(ctx, { playbookId: PB, scheduleId: sid, actor: OPE }, clockAt(30));
    expect(c).toMatchObject({ status: "cancelled", endedAt: iso(30), note: `cancelled by ${OPE} before it started` });
    expect(states(ctx)[2]).toBe("validated");
    expect(fireDueTimers(ctx, at(200), TIMER_HANDLERS)).toBe(0);
    expect(live(ctx)).toBe(1);
    expect(ctx.db.select().from(timers).all().map((t) => t.cancelledAt)).toEqual([iso(30), iso(30)]);
    expect(audit(ctx, "playbook.schedule_cancelled")[0]).toMatchObject({ actor: OPE, before: { scheduleId: sid, status: "scheduled" }, after: { status: "cancelled" } });
    expect(caught(() => cancelSchedule(ctx, { playbookId: PB, scheduleId: sid, actor: OPE })).code).toBe("conflict");
  });

  it("the rules at the start apply: approval required since the schedule was made stops an unapproved version (failed, with why)", () => {
    newVersion(ctx, "q1");
    newVersion(ctx, "q2");
    publish(ctx, 1, 0);
    const sid = publishVersion(ctx, { playbookId: PB, version: 2, comment: "window", at: iso(60), until: iso(120), actor: OPE }, clockAt(1)).schedule!.id;
    updateWorkspaceSettings(ctx, { update: { requireApproval: true }, actor: "user:admin@pauta.test" });
    expect(fireDueTimers(ctx, at(60), TIMER_HANDLERS)).toBe(1);
    expect(live(ctx)).toBe(1);
    expect(scheduleRow(ctx, sid)).toMatchObject({ status: "failed", note: expect.stringContaining("requires approval") });
    expect(fireDueTimers(ctx, at(120), TIMER_HANDLERS)).toBe(0);
    expect(states(ctx)[2]).toBe("validated");
  });

  it("cancelling an active window's end keeps the version live", () => {
    newVersion(ctx, "q1");
    newVersion(ctx, "q2");
    publish(ctx, 1, 0);
    const sid = publishVersion(ctx, { playbookId: PB, version: 2, comment: "window", at: iso(60), until: iso(120), actor: OPE }, clockAt(1)).schedule!.id;
    fireDueTimers(ctx, at(60), TIMER_HANDLERS);
    expect(cancelSchedule(ctx, { playbookId: PB, scheduleId: sid, actor: OPE }, clockAt(70))).toMatchObject({ status: "done", note: `end cancelled by ${OPE}: nothing is restored when the window would have ended` });
    expect(fireDueTimers(ctx, at(120), TIMER_HANDLERS)).toBe(0);
    expect(live(ctx)).toBe(2);
    expect(states(ctx)).toEqual({ 1: "superseded", 2: "published" });
  });

  it("a timer fires exactly once, whether fireDueTimers is called twice or from a second connection to the same file", () => {
    newVersion(ctx, "q1");
    newVersion(ctx, "q2");
    publish(ctx, 1, 0);
    publishVersion(ctx, { playbookId: PB, version: 2, comment: "window", at: iso(60), until: iso(120), actor: OPE }, clockAt(1));
    const other = openDb(ctx.dbPath);
    try {
      const ctx2 = { db: other.db };
      expect(fireDueTimers(ctx2, at(60), TIMER_HANDLERS)).toBe(1);
      expect(fireDueTimers(ctx, at(60), TIMER_HANDLERS)).toBe(0);
      expect(fireDueTimers(ctx2, at(61), TIMER_HANDLERS)).toBe(0);
      expect(fireDueTimers(ctx, at(120), TIMER_HANDLERS)).toBe(1);
      expect(fireDueTimers(ctx2, at(120), TIMER_HANDLERS)).toBe(0);
      expect(fireDueTimers(ctx, at(500), TIMER_HANDLERS)).toBe(0);
    } finally {
      other.sqlite.close();
    }
    expect(publications(ctx).map((p) => p.kind)).toEqual(["publish", "schedule_start", "schedule_end"]);
    expect(ctx.db.select().from(timers).all().every((t) => t.firedAt !== null)).toBe(true);
    expect(live(ctx)).toBe(1);
  });

  it("a start that fails marks its schedule failed (its end is cancelled), and the other due timers still fire", () => {
    const OTHER = "other-routing";
    newVersion(ctx, "q1");
    newVersion(ctx, "q2");
    newVersion(ctx, "o1", OTHER);
    newVersion(ctx, "o2", OTHER);
    publish(ctx, 1, 0);
    publish(ctx, 1, 0, OTHER);
    const failing = publishVersion(ctx, { playbookId: PB, version: 2, comment: "window", at: iso(60), until: iso(120), actor: OPE }, clockAt(1)).schedule!.id;
    const fine = publishVersion(ctx, { playbookId: OTHER, version: 2, comment: "other", at: iso(60), actor: OPE }, clockAt(1)).schedule!.id;
    // A real failure inside the start's transaction: this playbook's row refuses the update.
    ctx.sqlite.exec(`CREATE TRIGGER stuck BEFORE UPDATE OF published_version_id ON playbooks WHEN NEW.id = '${PB}' BEGIN SELECT RAISE(ABORT, 'row is locked by maintenance'); END`);
    const generation = readPublishGeneration(ctx.db);
    const errors = console.error;
    console.error = () => {};
    try {
      expect(fireDueTimers(ctx, at(60), TIMER_HANDLERS)).toBe(2);
    } finally {
      console.error = errors;
    }
    ctx.sqlite.exec("DROP TRIGGER stuck");
    expect(live(ctx)).toBe(1);
    expect(live(ctx, OTHER)).toBe(2);
    // Only the successful start moved the generation: the failed one rolled back to its savepoint.
    expect(readPublishGeneration(ctx.db)).toBe(generation + 1);
    expect(scheduleRow(ctx, failing)).toMatchObject({ status: "failed", endedAt: iso(60), note: "could not publish at the start: row is locked by maintenance" });
    expect(scheduleRow(ctx, fine)).toMatchObject({ status: "done", note: "published v2 (was v1)" });
    const rows = ctx.db.select().from(timers).all();
    expect(rows.find((t) => t.refId === failing && t.kind === "schedule.start")).toMatchObject({ firedAt: iso(60), result: "error: row is locked by maintenance" });
    expect(rows.find((t) => t.refId === failing && t.kind === "schedule.end")).toMatchObject({ firedAt: null, cancelledAt: iso(60) });
    expect(states(ctx)).toEqual({ 1: "published", 2: "validated" });
    expect(fireDueTimers(ctx, at(120), TIMER_HANDLERS)).toBe(0);
  });

  it("a restart (the connection closed and the file reopened) between scheduling, start and end loses nothing", async () => {
    newVersion(ctx, "q1");
    newVersion(ctx, "q2");
    publish(ctx, 1, 0);
    const sid = publishVersion(ctx, { playbookId: PB, version: 2, comment: "window", at: iso(60), until: iso(120), actor: OPE }, clockAt(1)).schedule!.id;
    const { dbPath, dir } = ctx;
    const reopen = () => {
      ctx.sqlite.close();
      const { db, sqlite } = openDb(dbPath);
      ctx = { db, sqlite, dbPath, dir, close: () => (sqlite.close(), rmSync(dir, { recursive: true, force: true })) };
    };
    reopen();
    expect(fireDueTimers(ctx, at(60), TIMER_HANDLERS)).toBe(1);
    expect(live(ctx)).toBe(2);
    reopen();
    expect(live(ctx)).toBe(2);
    expect(await versionForNextCase(ctx)).toBe(2);
    expect(fireDueTimers(ctx, at(120), TIMER_HANDLERS)).toBe(1);
    reopen();
    expect(live(ctx)).toBe(1);
    expect(await versionForNextCase(ctx)).toBe(1);
    expect(scheduleRow(ctx, sid).status).toBe("done");
  });
});
