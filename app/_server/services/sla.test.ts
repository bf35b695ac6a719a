// SLA clocks and escalation ladders on a real SQLite file, with the time injected: ingestCase(…,
// clock), addCaseEvent(…, now) and fireDueTimers(ctx, now, TIMER_HANDLERS) stand in for "time
// passes", so a weekend and a Mexican public holiday are crossed in milliseconds. The calendar is
// Mexico City, Mon–Fri 09:00–18:00 (UTC−6, no daylight saving), with MX public holidays.
import { rmSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { Decision } from "@/schemas";
import { createTestContext } from "@/tests/support/db";
import { SLA_ACCOUNT, slaEscalationPlaybook, slaRoutingPlaybook } from "@/tests/support/playbooks";
import { openDb } from "../db/client";
import { decisions, timers } from "../db/schema";
import { TIMER_HANDLERS } from "../scheduler";
import { addCaseEvent } from "./case-events";
import { ingestCase } from "./cases";
import { verifyChain } from "./chain";
import { importPlaybook } from "./playbooks";
import { replayDecision } from "./replay";
import { listCaseClocks } from "./sla";
import { fireDueTimers } from "./timers";

let ctx: ReturnType<typeof createTestContext>;
beforeEach(() => {
  ctx = createTestContext();
  for (const document of [slaRoutingPlaybook(), slaEscalationPlaybook()]) importPlaybook(ctx, { document, actor: "user:ana@pauta.test", comment: "SLA tests", publish: true });
});
afterEach(() => ctx.close());

/** The connection closed and the file opened again: what a process restart leaves. */
function restart() {
  const { dbPath, dir } = ctx;
  ctx.sqlite.close();
  const { db, sqlite } = openDb(dbPath);
  ctx = { db, sqlite, dbPath, dir, close: () => (sqlite.close(), rmSync(dir, { recursive: true, force: true })) };
}

const FRIDAY_5PM = "2026-11-13T23:00:00.000Z"; // Friday 13 Nov 2026, 17:00 in Mexico City
const T = (isoUtc: string) => new Date(isoUtc);

async function vipCase(externalId: string, receivedAt = FRIDAY_5PM, tier: "vip" | "standard" = "vip") {
  const now = T(receivedAt);
  return ingestCase(
    ctx,
    { externalId, channel: "whatsapp", receivedAt, text: "Necesito ayuda con mi inscripción", customer: { id: `c-${externalId}`, tier }, attributes: { account: SLA_ACCOUNT } },
    { now: () => now, perf: () => performance.now() },
  );
}

function timedDecisions(caseId: string): Decision[] {
  return ctx.db
    .select({ decision: decisions.decision })
    .from(decisions)
    .where(and(eq(decisions.caseId, caseId), eq(decisions.subject, "timer")))
    .orderBy(decisions.seq)
    .all()
    .map((r) => Decision.parse(JSON.parse(r.decision)));
}

const fire = (isoUtc: string) => fireDueTimers(ctx, T(isoUtc), TIMER_HANDLERS);

describe("a VIP WhatsApp case across a weekend and a Mexican public holiday", () => {
  it("warns at 80 % and escalates at breach in business time; a restart between them loses and doubles nothing", async () => {
    const c = await vipCase("vip-1");
    expect(c.decision.outcome).toMatchObject({ slaPolicy: "whatsapp-vip", priority: "high", queue: "wa-vip" });
    const [first, resolution] = listCaseClocks(ctx.db, c.caseId, T(FRIDAY_5PM)).sort((a, b) => a.metric.localeCompare(b.metric));
    // 60 business minutes on Friday; Saturday, Sunday and Monday 16 Nov (Día de la Revolución) are
    // closed; Tuesday 09:00 resumes: 120 minutes are used up at 10:00 (16:00Z), 480 at 16:00 (22:00Z).
    expect(first).toMatchObject({ metric: "first_response", status: "running", targetMinutes: 120, dueAt: "2026-11-17T16:00:00.000Z", calendarId: "mx" });
    expect(resolution).toMatchObject({ metric: "resolution", status: "running", targetMinutes: 480, dueAt: "2026-11-17T22:00:00.000Z" });

    // Nothing is due over the weekend, nor during Monday's business hours (a holiday).
    expect(fire("2026-11-14T18:00:00.000Z")).toBe(0);
    expect(fire("2026-11-16T18:00:00.000Z")).toBe(0);
    expect(listCaseClocks(ctx.db, c.caseId, T("2026-11-16T18:00:00.000Z")).find((k) => k.metric === "first_response")!.elapsedMinutes).toBe(60);

    // 80 % of 120 = 96 minutes: Friday's 60 plus 36 on Tuesday → 09:36 (15:36Z).
    expect(fire("2026-11-17T15:35:59.000Z")).toBe(0);
    expect(fire("2026-11-17T15:36:00.000Z")).toBe(1);
    const [warning] = timedDecisions(c.caseId);
    expect(warning!.context).toMatchObject({ type: "sla_step", stepId: "aviso", at: "warning", metric: "first_response", dueAt: "2026-11-17T15:36:00.000Z", elapsedMinutes: 96, targetMinutes: 120 });
    expect(warning!.firedRules).toEqual([{ playbookId: "sla-tests-escalation", ruleId: "aviso-vip" }]);
    expect(warning!.outcome.notifications).toEqual([{ target: "supervisor", message: "Un caso VIP está por vencer" }]);
    expect(warning!.trace.facts).toMatchObject({ "sla.step": "aviso", customerTier: "vip", "current.priority": "high", "current.queue": "wa-vip" });

    restart();
    expect(fire("2026-11-17T15:59:59.000Z")).toBe(0);
    // The breach mark and the breach step are both due at 10:00.
    expect(fire("2026-11-17T16:00:00.000Z")).toBe(2);
    const after = timedDecisions(c.caseId);
    expect(after).toHaveLength(2);
    expect(after[1]!.context).toMatchObject({ stepId: "vencido", at: "breach", elapsedMinutes: 120 });
    expect(after[1]!.outcome).toMatchObject({ priority: "urgent", queue: "supervisores", notifications: [{ target: "gerente", message: "Venció la primera respuesta" }] });
    expect(listCaseClocks(ctx.db, c.caseId).find((k) => k.metric === "first_response")!.breachedAt).toBe("2026-11-17T16:00:00.000Z");

    // Again, and from a second process on the same file: nothing more fires for the first response.
    const other = openDb(ctx.dbPath);
    expect(fireDueTimers({ db: other.db }, T("2026-11-17T16:00:00.000Z"), TIMER_HANDLERS)).toBe(0);
    other.sqlite.close();
    restart();
    expect(fire("2026-11-17T21:59:00.000Z")).toBe(0);
    expect(fire("2026-11-17T22:00:00.000Z")).toBe(1); // the resolution clock's breach mark (no ladder step on resolution)
    expect(fire("2026-11-30T00:00:00.000Z")).toBe(0);
    expect(timedDecisions(c.caseId)).toHaveLength(2);
    const rows = ctx.db.select().from(timers).all();
    expect(rows.every((t) => t.firedAt !== null)).toBe(true);
    expect(verifyChain(ctx).ok).toBe(true);
    // A timed decision replays identically from its recorded facts and pinned version.
    for (const d of timedDecisions(c.caseId)) expect(replayDecision(ctx, d.id)).toMatchObject({ identical: true });
  });

  it("an agent reply stops the first-response clock before the warning; resolution waits on the customer and resumes when they write", async () => {
    const c = await vipCase("vip-2");
    const replied = addCaseEvent(ctx, c.caseId, { eventId: "r1", type: "agent_replied", occurredAt: "2026-11-13T23:30:00.000Z", text: "Hola, con gusto" }, T("2026-11-13T23:30:05.000Z"));
    expect(replied.decisionId).toBeDefined();
    const eventDecision = Decision.parse(JSON.parse(ctx.db.select().from(decisions).where(eq(decisions.id, replied.decisionId!)).get()!.decision));
    expect(eventDecision.subject).toBe("event");
    expect(eventDecision.context).toMatchObject({
      type: "case_event",
      eventType: "agent_replied",
      clocks: [
        { metric: "first_response", change: "stopped", met: true, elapsedMinutes: 30 },
        { metric: "resolution", change: "paused", elapsedMinutes: 30 },
      ],
    });
    // Retried with the same event id: the first answer, no second decision.
    expect(addCaseEvent(ctx, c.caseId, { eventId: "r1", type: "agent_replied", occurredAt: "2026-11-13T23:30:00.000Z" })).toMatchObject({ duplicate: true });

    expect(fire("2026-11-17T23:59:00.000Z")).toBe(0);
    expect(timedDecisions(c.caseId)).toEqual([]);
    const clocks = listCaseClocks(ctx.db, c.caseId, T("2026-11-17T23:59:00.000Z"));
    expect(clocks.find((k) => k.metric === "first_response")).toMatchObject({ status: "stopped", met: true, elapsedMinutes: 30 });
    expect(clocks.find((k) => k.metric === "resolution")).toMatchObject({ status: "paused", elapsedMinutes: 30 });

    // The customer writes on Wednesday 18 Nov at 10:00 (16:00Z): 450 business minutes remain → 17:30 local.
    addCaseEvent(ctx, c.caseId, { eventId: "c1", type: "customer_replied", occurredAt: "2026-11-18T16:00:00.000Z" }, T("2026-11-18T16:00:00.000Z"));
    const resumed = listCaseClocks(ctx.db, c.caseId, T("2026-11-18T17:00:00.000Z")).find((k) => k.metric === "resolution")!;
    expect(resumed).toMatchObject({ status: "running", elapsedMinutes: 90, dueAt: "2026-11-18T23:30:00.000Z" });

    addCaseEvent(ctx, c.caseId, { eventId: "done", type: "resolved", occurredAt: "2026-11-18T17:00:00.000Z" }, T("2026-11-18T17:00:00.000Z"));
    expect(listCaseClocks(ctx.db, c.caseId).find((k) => k.metric === "resolution")).toMatchObject({ status: "stopped", met: true, elapsedMinutes: 90 });
    expect(fire("2026-11-30T00:00:00.000Z")).toBe(0);
    expect(verifyChain(ctx).ok).toBe(true);
  });

  it("the ladder's conditions see the customer: a standard customer's warning is logged but notifies nobody", async () => {
    const c = await vipCase("std-1", FRIDAY_5PM, "standard");
    expect(c.decision.outcome.slaPolicy).toBe("whatsapp-estandar");
    // Calendar time: 80 % of 48 h = 38.4 h after Friday 23:00Z → Sunday 13:24Z.
    expect(fire("2026-11-15T13:23:59.000Z")).toBe(0);
    expect(fire("2026-11-15T13:24:00.000Z")).toBe(1);
    const [warning] = timedDecisions(c.caseId);
    expect(warning!.firedRules).toEqual([]);
    expect(warning!.outcome.notifications).toEqual([]);
    expect(warning!.trace.playbooks[0]!.rules.find((r) => r.ruleId === "aviso-vip")!.status).toBe("not_fired");
  });

  it("a customer's new message starts a next-response clock when the policy has that target; the agent's reply stops it", async () => {
    const c = await vipCase("std-2", FRIDAY_5PM, "standard");
    addCaseEvent(ctx, c.caseId, { eventId: "a1", type: "agent_replied", occurredAt: "2026-11-13T23:10:00.000Z" }, T("2026-11-13T23:10:00.000Z"));
    addCaseEvent(ctx, c.caseId, { eventId: "c1", type: "customer_replied", occurredAt: "2026-11-13T23:20:00.000Z" }, T("2026-11-13T23:20:00.000Z"));
    const next = listCaseClocks(ctx.db, c.caseId).find((k) => k.metric === "next_response")!;
    expect(next).toMatchObject({ status: "running", targetMinutes: 60, dueAt: "2026-11-14T00:20:00.000Z" });
    addCaseEvent(ctx, c.caseId, { eventId: "a2", type: "agent_replied", occurredAt: "2026-11-13T23:50:00.000Z" }, T("2026-11-13T23:50:00.000Z"));
    expect(listCaseClocks(ctx.db, c.caseId).find((k) => k.metric === "next_response")).toMatchObject({ status: "stopped", met: true, elapsedMinutes: 30 });
  });
});
