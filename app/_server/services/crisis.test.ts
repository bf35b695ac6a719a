import { readFileSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EngineClock } from "@/engine";
import type { Decision } from "@/schemas";
import { caught, createTestContext } from "@/tests/support/db";
import { fraudCase } from "@/tests/support/crisis";
import { openDb } from "../db/client";
import { auditLog, crisisHits, crisisIncidents, decisions, timers } from "../db/schema";
import { TIMER_HANDLERS } from "../scheduler";
import { ingestCase, ingestCasesBulk } from "./cases";
import { verifyChain } from "./chain";
import { baselineFor, crisisDashboard, crisisFacts, getIncident, listIncidents, resolveIncident, setChecklistItem } from "./crisis";
import { parseStoredDecision } from "./decisions";
import { importPlaybook } from "./playbooks";
import { replayStored } from "./replay";
import { fireDueTimers } from "./timers";

const example = (file: string) => JSON.parse(readFileSync(path.join(process.cwd(), "playbooks", file), "utf8")) as Record<string, unknown>;
const T0 = Date.parse("2026-03-02T15:00:00.000Z");
let at = T0;
const clock: EngineClock = { now: () => new Date(at), perf: () => 0 };
const minutes = (m: number) => (at += m * 60_000);

let ctx: ReturnType<typeof createTestContext>;
beforeEach(() => {
  at = T0;
  ctx = createTestContext();
  for (const f of ["cooperativa-ruteo.json", "crisis-fraude.json"]) importPlaybook(ctx, { document: example(f), publish: true, comment: "crisis tests", actor: "test" });
});
afterEach(() => ctx.close());

let run = 0;
/** Post `n` fraud complaints, one every `gapSeconds`. */
async function burst(n: number, gapSeconds = 10, c = ctx) {
  const r = `b${++run}`;
  const out = [];
  for (let i = 0; i < n; i++) {
    out.push(await ingestCase(c, fraudCase(i, r), clock));
    at += gapSeconds * 1000;
  }
  return out;
}
const crisisDecisions = (db = ctx.db): Decision[] =>
  db
    .select({ d: decisions.decision })
    .from(decisions)
    .where(eq(decisions.subject, "crisis"))
    .orderBy(decisions.seq)
    .all()
    .map((r) => parseStoredDecision(r.d));
const changes = () => crisisDecisions().map((d) => (d.context as { change: string; level: number }).change + ":" + (d.context as { level: number }).level);

describe("crisis detection at intake", () => {
  it("counts matching cases, raises level 1 at 10 and level 2 at 20, with the protocol and the decisions", async () => {
    const first = await burst(9);
    expect(listIncidents(ctx)).toEqual([]);
    expect(first[0]!.decision.trace.facts["crisis.active"]).toBe(false);
    await burst(1);
    const [inc] = listIncidents(ctx, { status: "active" });
    expect(inc).toMatchObject({ level: 1, levelName: "Alerta", detectorId: "fraude-negativo", windowCount: 10, windowMinutes: 15, checklistTotal: 4, checklistDone: 0 });
    expect(inc!.endsAt).toBe(new Date(Date.parse(inc!.raisedAt) + 240 * 60_000).toISOString());
    await burst(10);
    const detail = getIncident(ctx, inc!.id, clock);
    expect(detail).toMatchObject({ level: 2, levelName: "Crisis", windowCount: 20, checklistTotal: 8 });
    expect(new Set(detail.checklist.map((i) => i.phase))).toEqual(new Set(["identification", "quantification", "mitigation", "reporting"]));
    expect(detail.checklist.filter((i) => i.level === 2).map((i) => i.owner)).toContain("gerencia-riesgo");
    // level 2 lasts 8 h from when it was raised
    expect(detail.endsAt).toBe(new Date(at - 10_000 + 480 * 60_000).toISOString());
    expect(changes()).toEqual(["raised:1", "level_raised:2"]);
    const [raised, leveled] = crisisDecisions();
    expect(raised!.context).toMatchObject({ type: "crisis", incidentId: inc!.id, playbookId: "crisis-fraude", detectorId: "fraude-negativo", windowCount: 10, threshold: 10 });
    expect(raised!.playbooks).toEqual([expect.objectContaining({ playbookId: "crisis-fraude", kind: "crisis" })]);
    expect(raised!.outcome.notifications.map((n) => n.target)).toEqual(["supervisor-fraude"]);
    expect(leveled!.outcome.notifications.map((n) => n.target)).toEqual(["supervisor-fraude", "gerencia-riesgo"]);
    expect(leveled!.outcome.notifications[0]!.message).toMatch(/level 2 \(Crisis\) raised to a higher level: 20 cases in 15 min/);
    expect(detail.decisions.map((d) => d.context.type === "crisis" && d.context.change)).toEqual(["raised", "level_raised"]);
    expect(detail.volume.bucketMinutes).toBe(1);
    expect(detail.volume.points.reduce((s, p) => s + p.count, 0)).toBe(20);
    expect(verifyChain(ctx).ok).toBe(true);
  });

  it("crisis mode: matching cases get the overrides, others route normally; the facts say so", async () => {
    await burst(10);
    const [m] = await burst(1);
    const d = m!.decision;
    expect(d.trace.facts).toMatchObject({ "crisis.active": true, "crisis.level": 1, "crisis.playbooks": ["crisis-fraude"] });
    expect(d.outcome).toMatchObject({ queue: "crisis", team: "equipo-crisis", replyApproval: { reason: expect.stringContaining("Crisis") }, autoReply: { locale: "es" } });
    expect(d.outcome.tags).toContain("crisis-fraude");
    expect(d.firedRules).toContainEqual({ playbookId: "crisis-fraude", ruleId: "crisis-fraude-contencion" });
    // the cooperative's own fraud rule still fires; its queue loses to the crisis override
    expect(d.trace.conflicts.find((c) => c.field === "queue")?.winner.playbookId).toBe("crisis-fraude");
    const other = await ingestCase(ctx, { ...fraudCase(0, "other"), text: "Quiero abrir una cuenta de ahorro, ¿qué requisitos hay?" }, clock);
    expect(other.decision.outcome.queue).not.toBe("crisis");
    expect(other.decision.outcome.replyApproval).toBeUndefined();
    expect(other.decision.trace.facts["crisis.active"]).toBe(true);
  });

  it("the window slides: cases older than 15 minutes do not count", async () => {
    await burst(9, 60); // minutes 0–8
    minutes(10); // now minute 19: the window starts at minute 4
    await burst(5, 10);
    // 14 cases in 20 minutes, never 10 within 15
    expect(listIncidents(ctx)).toEqual([]);
    expect(ctx.db.select().from(crisisHits).all()).toHaveLength(14);
  });

  it("bulk imports, other accounts and positive texts count nowhere", async () => {
    await ingestCasesBulk(ctx, Array.from({ length: 25 }, (_, i) => fraudCase(i, "bulk")), clock);
    for (let i = 0; i < 12; i++) await ingestCase(ctx, fraudCase(i, "acct", { attributes: { account: "otra" } }), clock);
    for (let i = 0; i < 12; i++) await ingestCase(ctx, fraudCase(i, "pos", { text: `Gracias, excelente servicio, no hubo ningún fraude ${i}` }), clock);
    expect(ctx.db.select().from(crisisHits).all()).toEqual([]);
    expect(listIncidents(ctx)).toEqual([]);
  });

  it("one active incident per playbook, also with two connections on one file", async () => {
    const other = openDb(ctx.dbPath);
    try {
      const ctx2 = { db: other.db };
      const r = `two${++run}`;
      await Promise.all(
        Array.from({ length: 30 }, async (_, i) => {
          at += 1000;
          return ingestCase(i % 2 ? ctx2 : ctx, fraudCase(i, r), clock);
        }),
      );
      const rows = ctx.db.select().from(crisisIncidents).all();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ status: "active", level: 2 });
      expect(changes()).toEqual(["raised:1", "level_raised:2"]);
    } finally {
      other.sqlite.close();
    }
  });

  it("resolve: a person with a note ends crisis mode; the window restarts after it", async () => {
    await burst(20);
    const [inc] = listIncidents(ctx, { status: "active" });
    expect(caught(() => resolveIncident(ctx, { id: inc!.id, body: {}, actor: "user:op@test" }, clock)).issues[0]!.path).toBe("note");
    const done = resolveIncident(ctx, { id: inc!.id, body: { note: "cuentas bloqueadas, comunicado publicado" }, actor: "user:op@test" }, clock);
    expect(done).toMatchObject({ status: "resolved", resolvedBy: "user:op@test", resolution: "cuentas bloqueadas, comunicado publicado" });
    expect(caught(() => resolveIncident(ctx, { id: inc!.id, body: { note: "otra vez" }, actor: "user:op@test" }, clock)).code).toBe("conflict");
    expect(crisisFacts(ctx.db, new Date(at))["crisis.active"]).toBe(false);
    expect(ctx.db.select().from(timers).where(eq(timers.refId, inc!.id)).all().every((t) => t.cancelledAt !== null)).toBe(true);
    // the burst is still inside 15 minutes, but a resolved crisis closes its window: no new incident
    const [next] = await burst(5);
    expect(next!.decision.outcome.queue).toBe("prevencion-fraude");
    expect(next!.decision.outcome.replyApproval).toBeUndefined();
    expect(listIncidents(ctx, { status: "active" })).toEqual([]);
    expect(changes()).toEqual(["raised:1", "level_raised:2", "resolved:2"]);
    expect(crisisDecisions().at(-1)!.context).toMatchObject({ by: "user:op@test", note: "cuentas bloqueadas, comunicado publicado" });
    expect(ctx.db.select().from(auditLog).where(eq(auditLog.action, "crisis.resolved")).all()).toHaveLength(1);
    expect(caught(() => resolveIncident(ctx, { id: "nope", body: { note: "no existe" }, actor: "x" }, clock)).code).toBe("not_found");
  });

  it("expires at its end time through the scheduler's timer", async () => {
    await burst(10);
    const [inc] = listIncidents(ctx, { status: "active" });
    minutes(239);
    expect(fireDueTimers(ctx, new Date(at), TIMER_HANDLERS)).toBe(0);
    expect(crisisFacts(ctx.db, new Date(at))["crisis.active"]).toBe(true);
    minutes(2);
    // past the end time crisis mode is off even before the timer fires
    expect(crisisFacts(ctx.db, new Date(at))["crisis.active"]).toBe(false);
    expect(fireDueTimers(ctx, new Date(at), TIMER_HANDLERS)).toBe(1);
    expect(getIncident(ctx, inc!.id, clock)).toMatchObject({ status: "expired", endedAt: new Date(at).toISOString() });
    expect(changes()).toEqual(["raised:1", "expired:1"]);
    expect(fireDueTimers(ctx, new Date(at + 60_000), TIMER_HANDLERS)).toBe(0);
    expect(verifyChain(ctx).ok).toBe(true);
  });

  it("checklist items: done and undone with who and when, audited", async () => {
    await burst(10);
    const [inc] = listIncidents(ctx, { status: "active" });
    const item = setChecklistItem(ctx, { id: inc!.id, itemId: "identificar-riesgo", body: { done: true, note: "cuentas hackeadas" }, actor: "user:op@test" }, clock);
    expect(item).toMatchObject({ doneAt: new Date(at).toISOString(), doneBy: "user:op@test", note: "cuentas hackeadas", phase: "identification" });
    expect(getIncident(ctx, inc!.id, clock).checklistDone).toBe(1);
    const undone = setChecklistItem(ctx, { id: inc!.id, itemId: "identificar-riesgo", body: { done: false }, actor: "user:op@test" }, clock);
    expect(undone).toMatchObject({ doneAt: null, doneBy: null });
    expect(ctx.db.select().from(auditLog).all().filter((a) => a.action.startsWith("crisis.checklist_")).map((a) => a.action)).toEqual(["crisis.checklist_done", "crisis.checklist_undone"]);
    expect(caught(() => setChecklistItem(ctx, { id: inc!.id, itemId: "nope", body: { done: true }, actor: "x" })).code).toBe("not_found");
    expect(caught(() => setChecklistItem(ctx, { id: inc!.id, itemId: "identificar-riesgo", body: { done: "yes" }, actor: "x" })).issues[0]!.path).toBe("done");
  });

  it("the dashboard lists active and recent incidents", async () => {
    await burst(10);
    const board = crisisDashboard(ctx, clock);
    expect(board.active).toHaveLength(1);
    expect(board.active[0]!.checklist).toHaveLength(4);
    expect(board.recent).toEqual([]);
    expect(board.breaches).toEqual([]);
    expect(board.escalations).toEqual([]);
  });
});

describe("relative thresholds", () => {
  it("the baseline is the average count per window at the same UTC hour over the days since the first hit", async () => {
    const rel = { ...example("crisis-fraude.json"), id: "crisis-relativa", detectors: [{ ...(example("crisis-fraude.json").detectors as object[])[0], mode: "relative", minCases: 5, levels: [{ level: 1, threshold: 3 }, { level: 2, threshold: 8 }] }] };
    importPlaybook(ctx, { document: rel, publish: true, comment: "relative", actor: "test" });
    const hit = (when: number, i: number) => ctx.db.insert(crisisHits).values({ playbookId: "crisis-relativa", detectorId: "fraude-negativo", caseId: `h${i}`, at: new Date(when).toISOString(), hour: new Date(when).getUTCHours() }).run();
    // 4 days ago and 2 days ago, at 15:xx UTC: 6 hits each; other hours do not count
    for (let i = 0; i < 6; i++) {
      hit(T0 - 4 * 86_400_000 + i * 60_000, i);
      hit(T0 - 2 * 86_400_000 + i * 60_000, 10 + i);
      hit(T0 - 2 * 86_400_000 + 3 * 3_600_000, 20 + i);
    }
    // 12 hits at that hour over 4 days, 4 windows of 15 min per hour: 12 / 16 = 0.75 per window
    expect(baselineFor(ctx.db, { playbookId: "crisis-relativa", detectorId: "fraude-negativo", windowMinutes: 15, now: new Date(T0 + 5 * 60_000) })).toBe(0.75);
    // level 1 needs max(3 × 0.75, 5) = 5 cases, level 2 8 × 0.75 = 6
    await burst(4);
    expect(listIncidents(ctx).filter((i) => i.playbookId === "crisis-relativa")).toEqual([]);
    await burst(1);
    const raised = crisisDecisions().find((d) => d.context?.type === "crisis" && d.context.playbookId === "crisis-relativa")!;
    expect(raised.context).toMatchObject({ change: "raised", level: 1, windowCount: 5, threshold: 5, baseline: 0.75 });
    await burst(1);
    expect(crisisDecisions().at(-1)!.context).toMatchObject({ change: "level_raised", level: 2, windowCount: 6, threshold: 6 });
  });
});

describe("replay", () => {
  it("replays every decision of a crisis identical: case decisions in crisis mode and the crisis changes", async () => {
    await burst(21);
    const [inc] = listIncidents(ctx, { status: "active" });
    resolveIncident(ctx, { id: inc!.id, body: { note: "resuelto en la prueba" }, actor: "user:op@test" }, clock);
    const all = ctx.db.select({ d: decisions.decision }).from(decisions).orderBy(decisions.seq).all().map((r) => parseStoredDecision(r.d));
    expect(all.filter((d) => d.subject === "crisis")).toHaveLength(3);
    for (const d of all) expect(replayStored(ctx, d), `${d.subject} ${d.id}`).toEqual({ decisionId: d.id, identical: true, differences: [] });
    // an altered window count gives another level: the replay says so
    const raised = all.find((d) => d.context?.type === "crisis" && d.context.change === "level_raised")!;
    const altered = { ...raised, context: { ...raised.context!, windowCount: 12 } } as Decision;
    expect(replayStored(ctx, altered).differences.map((x) => x.path)).toEqual(expect.arrayContaining(["context.level", "context.threshold"]));
  });
});
