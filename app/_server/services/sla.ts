// SLA clocks and escalation ladders. A case's routing decision names its SLA policy; the published
// escalation playbook that defines the policy gives the targets, the calendar and the ladder. Each
// clock is a row pinned to that playbook version; each ladder step due is a timer row. Events move
// the clocks (start, pause, resume, stop) and every change is a decision in the chained log; a
// step's timer fires the version's rules through the engine and logs that decision too.
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, ne } from "drizzle-orm";
import {
  Decision,
  type Case,
  type CaseEvent,
  type ClockChange,
  type DecisionContext,
  type EscalationPlaybook,
  type SlaClock,
  type SlaMetric,
  type SlaPolicy,
} from "@/schemas";
import {
  addSlaTime,
  compileCalendar,
  evaluate,
  selectTarget,
  slaTimeBetween,
  stepThresholdMs,
  targetMinutesFor,
  type CompiledCalendar,
  type CompiledPlaybook,
  type Facts,
} from "@/engine";
import type { Exec } from "../db/tx";
import { cases, decisions, slaClocks } from "../db/schema";
import { appendDecision } from "./chain";
import { crisisFacts } from "./crisis";
import { compiledVersion, publishedPlaybooks } from "./snapshot";
import { addTimer, cancelTimers, type TimerHandler } from "./timers";

export const SLA_STEP_TIMER = "sla.step";
export const SLA_BREACH_TIMER = "sla.breach";

type ClockRow = typeof slaClocks.$inferSelect;
const MINUTE = 60_000;

// ---------------------------------------------------------------------------------------------
// Policies and calendars

interface PolicyHit {
  playbook: CompiledPlaybook;
  doc: EscalationPlaybook;
  policy: SlaPolicy;
}

/** The published escalation playbook that defines a policy id (lowest precedence, then id, first). */
function findPolicy(playbooks: readonly CompiledPlaybook[], policyId: string): PolicyHit | undefined {
  const escalation = playbooks
    .filter((p) => p.document.kind === "escalation")
    .sort((a, b) => (a.document as EscalationPlaybook).precedence - (b.document as EscalationPlaybook).precedence || (a.ref.playbookId < b.ref.playbookId ? -1 : 1));
  for (const playbook of escalation) {
    const doc = playbook.document as EscalationPlaybook;
    const policy = doc.slaPolicies.find((p) => p.id === policyId);
    if (policy) return { playbook, doc, policy };
  }
  return undefined;
}

// Compiled calendars by version id + calendar id: versions are immutable, so this never goes stale.
const g = globalThis as unknown as { __pautaCalendars?: Map<string, CompiledCalendar> };

function calendarOf(versionId: string, doc: EscalationPlaybook, calendarId: string | null): CompiledCalendar | null {
  if (calendarId === null) return null;
  const cache = (g.__pautaCalendars ??= new Map());
  const key = `${versionId}:${calendarId}`;
  let c = cache.get(key);
  if (!c) {
    const cal = doc.calendars.find((x) => x.id === calendarId);
    if (!cal) throw new Error(`calendar '${calendarId}' is not in escalation playbook '${doc.id}'`);
    c = compileCalendar(cal);
    cache.set(key, c);
  }
  return c;
}

/** A clock's playbook version and calendar; the version is pinned, so this is stable. */
function clockContext(tx: Exec, clock: ClockRow): { playbook: CompiledPlaybook; doc: EscalationPlaybook; calendar: CompiledCalendar | null } {
  const playbook = compiledVersion({ db: tx }, clock.versionId);
  if (!playbook || playbook.document.kind !== "escalation") throw new Error(`escalation version ${clock.versionId} of clock ${clock.id} is missing`);
  const doc = playbook.document;
  return { playbook, doc, calendar: calendarOf(clock.versionId, doc, clock.calendarId) };
}

// ---------------------------------------------------------------------------------------------
// Clock arithmetic on rows

const iso = (d: Date) => d.toISOString();
const targetMs = (c: ClockRow) => c.targetMinutes * MINUTE;

/** SLA time consumed by `at` (a running clock keeps counting in its calendar). */
function elapsedAt(c: ClockRow, calendar: CompiledCalendar | null, at: Date): number {
  if (c.status !== "running" || c.segmentStartedAt === null) return c.elapsedMs;
  return c.elapsedMs + slaTimeBetween(calendar, new Date(c.segmentStartedAt), at);
}

/** Timers for the rest of a running clock: its breach, and each ladder step of its metric not yet reached. */
function scheduleRest(tx: Exec, c: ClockRow, doc: EscalationPlaybook, calendar: CompiledCalendar | null, from: Date, now: Date): string | null {
  const total = targetMs(c);
  const at = (threshold: number) => iso(addSlaTime(calendar, from, threshold - c.elapsedMs));
  let dueAt: string | null = null;
  if (c.breachedAt === null) {
    dueAt = at(Math.max(total, c.elapsedMs));
    addTimer(tx, { kind: SLA_BREACH_TIMER, refId: c.id, dueAt, now });
  } else {
    dueAt = c.breachedAt;
  }
  for (const step of doc.steps) {
    if (step.metric !== c.metric) continue;
    const threshold = stepThresholdMs(step, total);
    if (threshold <= c.elapsedMs) continue;
    addTimer(tx, { kind: SLA_STEP_TIMER, refId: c.id, dueAt: at(threshold), now, payload: step.id });
  }
  return dueAt;
}

function startClock(tx: Exec, hit: PolicyHit, input: { caseId: string; metric: SlaMetric; minutes: number; at: Date; now: Date }): ClockChange {
  const calendarId = hit.policy.time === "business" ? (hit.policy.calendar ?? null) : null;
  const calendar = calendarOf(hit.playbook.ref.versionId, hit.doc, calendarId);
  const row: ClockRow = {
    id: randomUUID(),
    caseId: input.caseId,
    playbookId: hit.playbook.ref.playbookId,
    versionId: hit.playbook.ref.versionId,
    policyId: hit.policy.id,
    metric: input.metric,
    time: hit.policy.time,
    calendarId,
    targetMinutes: input.minutes,
    status: "running",
    startedAt: iso(input.at),
    segmentStartedAt: iso(input.at),
    elapsedMs: 0,
    dueAt: null,
    breachedAt: null,
    stoppedAt: null,
    met: null,
    updatedAt: iso(input.now),
  };
  row.dueAt = scheduleRest(tx, row, hit.doc, calendar, input.at, input.now);
  tx.insert(slaClocks).values(row).run();
  return change(row, "started", 0);
}

function change(c: ClockRow, kind: ClockChange["change"], elapsedMs: number, met?: boolean): ClockChange {
  const out: ClockChange = { clockId: c.id, metric: c.metric as SlaMetric, policyId: c.policyId, change: kind, elapsedMinutes: round(elapsedMs / MINUTE), targetMinutes: c.targetMinutes };
  if (met !== undefined) out.met = met;
  return out;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

function pauseClock(tx: Exec, c: ClockRow, at: Date, now: Date): ClockChange {
  const { calendar } = clockContext(tx, c);
  const elapsed = elapsedAt(c, calendar, at);
  tx.update(slaClocks).set({ status: "paused", elapsedMs: elapsed, segmentStartedAt: null, dueAt: null, updatedAt: iso(now) }).where(eq(slaClocks.id, c.id)).run();
  cancelTimers(tx, c.id, now);
  return change(c, "paused", elapsed);
}

function resumeClock(tx: Exec, c: ClockRow, at: Date, now: Date): ClockChange {
  const { doc, calendar } = clockContext(tx, c);
  const resumed: ClockRow = { ...c, status: "running", segmentStartedAt: iso(at), stoppedAt: null, met: null, updatedAt: iso(now) };
  resumed.dueAt = scheduleRest(tx, resumed, doc, calendar, at, now);
  tx.update(slaClocks)
    .set({ status: "running", segmentStartedAt: resumed.segmentStartedAt, dueAt: resumed.dueAt, stoppedAt: null, met: null, updatedAt: iso(now) })
    .where(eq(slaClocks.id, c.id))
    .run();
  return change(c, "resumed", c.elapsedMs);
}

function stopClock(tx: Exec, c: ClockRow, at: Date, now: Date): ClockChange {
  const { calendar } = clockContext(tx, c);
  const elapsed = elapsedAt(c, calendar, at);
  const met = c.breachedAt === null && elapsed <= targetMs(c);
  tx.update(slaClocks)
    .set({ status: "stopped", elapsedMs: elapsed, segmentStartedAt: null, dueAt: null, stoppedAt: iso(at), met, updatedAt: iso(now) })
    .where(eq(slaClocks.id, c.id))
    .run();
  cancelTimers(tx, c.id, now);
  return change(c, "stopped", elapsed, met);
}

// ---------------------------------------------------------------------------------------------
// Intake: a routed case starts its clocks

/** Start the first-response and resolution clocks of a live case whose decision names an SLA policy. */
export function startCaseClocks(tx: Exec, input: { decision: Decision; case: Case; now: Date; playbooks?: readonly CompiledPlaybook[] }): ClockChange[] {
  const { decision, now } = input;
  const policyId = decision.outcome.slaPolicy;
  if (!policyId || !decision.caseId) return [];
  const hit = findPolicy(input.playbooks ?? publishedPlaybooks({ db: tx }), policyId);
  if (!hit) return [];
  const target = selectTarget(hit.policy, input.case.channel, decision.outcome.priority);
  if (!target) return [];
  // The customer has been waiting since they wrote (never a future time).
  const received = new Date(input.case.receivedAt ?? now.toISOString());
  const at = received.getTime() > now.getTime() ? now : received;
  const started: ClockChange[] = [];
  for (const metric of ["first_response", "resolution"] as const) {
    const minutes = targetMinutesFor(target, metric);
    if (minutes !== undefined) started.push(startClock(tx, hit, { caseId: decision.caseId, metric, minutes, at, now }));
  }
  return started;
}

// ---------------------------------------------------------------------------------------------
// Events move the clocks

function openClocks(tx: Exec, caseId: string): ClockRow[] {
  return tx.select().from(slaClocks).where(and(eq(slaClocks.caseId, caseId), ne(slaClocks.status, "stopped"))).orderBy(asc(slaClocks.startedAt)).all();
}

/** What an event does to a case's clocks (documented in engine/FACTS.md, "SLA clocks"). */
export function applyEventToClocks(tx: Exec, input: { caseId: string; event: CaseEvent; now: Date }): ClockChange[] {
  const { caseId, event, now } = input;
  const occurred = new Date(event.occurredAt);
  const at = occurred.getTime() > now.getTime() ? now : occurred;
  const open = openClocks(tx, caseId);
  const changes: ClockChange[] = [];
  const of = (m: SlaMetric) => open.filter((c) => c.metric === m);
  switch (event.type) {
    case "agent_replied":
      // The agent answered: response clocks stop; resolution waits on the customer.
      for (const c of [...of("first_response"), ...of("next_response")]) changes.push(stopClock(tx, c, at, now));
      for (const c of of("resolution")) if (c.status === "running") changes.push(pauseClock(tx, c, at, now));
      break;
    case "customer_replied": {
      for (const c of of("resolution")) if (c.status === "paused") changes.push(resumeClock(tx, c, at, now));
      if (of("next_response").length === 0) {
        const started = startNextResponse(tx, caseId, at, now);
        if (started) changes.push(started);
      }
      break;
    }
    case "resolved":
      for (const c of open) changes.push(stopClock(tx, c, at, now));
      break;
    case "reopened": {
      // Resolution time goes on from where it stopped.
      const last = tx
        .select()
        .from(slaClocks)
        .where(and(eq(slaClocks.caseId, caseId), eq(slaClocks.metric, "resolution")))
        .orderBy(desc(slaClocks.startedAt))
        .limit(1)
        .get();
      if (last && last.status === "stopped") changes.push(resumeClock(tx, last, at, now));
      break;
    }
    default:
      break;
  }
  return changes;
}

/** A customer's new message starts a next-response clock when the case's policy has that target. */
function startNextResponse(tx: Exec, caseId: string, at: Date, now: Date): ClockChange | null {
  const first = tx.select().from(slaClocks).where(eq(slaClocks.caseId, caseId)).orderBy(asc(slaClocks.startedAt)).limit(1).get();
  if (!first) return null;
  const { playbook, doc } = clockContext(tx, first);
  const policy = doc.slaPolicies.find((p) => p.id === first.policyId);
  const c = tx.select({ channel: cases.channel }).from(cases).where(eq(cases.id, caseId)).get();
  if (!policy || !c) return null;
  const target = selectTarget(policy, c.channel as Case["channel"], currentState(tx, caseId).priority as Decision["outcome"]["priority"]);
  const minutes = target && targetMinutesFor(target, "next_response");
  if (minutes === undefined || !target) return null;
  return startClock(tx, { playbook, doc, policy }, { caseId, metric: "next_response", minutes, at, now });
}

// ---------------------------------------------------------------------------------------------
// Facts for event and timer decisions

/**
 * The case's queue, team and priority now: the latest decision that set each. Stored decisions were
 * validated when written, so plain JSON is read here (this runs for every step and event).
 */
function currentState(tx: Exec, caseId: string): { queue?: string; team?: string; priority?: string } {
  const rows = tx.select({ decision: decisions.decision }).from(decisions).where(eq(decisions.caseId, caseId)).orderBy(asc(decisions.seq)).all();
  const state: { queue?: string; team?: string; priority?: string } = {};
  for (const r of rows) {
    const o = (JSON.parse(r.decision) as Decision).outcome;
    if (o.queue !== undefined) state.queue = o.queue;
    if (o.team !== undefined) state.team = o.team;
    if (o.priority !== undefined) state.priority = o.priority;
  }
  return state;
}

/** The facts the case was decided on at intake, plus where it stands now (`current.*`). */
function caseFacts(tx: Exec, caseId: string): Facts {
  const first = tx.select({ decision: decisions.decision }).from(decisions).where(and(eq(decisions.caseId, caseId), eq(decisions.subject, "case"))).orderBy(asc(decisions.seq)).limit(1).get();
  const facts: Facts = first ? { ...(JSON.parse(first.decision) as Decision).trace.facts } : {};
  // Only what is known: a fact the case does not have stays absent (and JSON-serializable).
  const now = currentState(tx, caseId);
  if (now.queue !== undefined) facts["current.queue"] = now.queue;
  if (now.team !== undefined) facts["current.team"] = now.team;
  if (now.priority !== undefined) facts["current.priority"] = now.priority;
  return facts;
}

const fixedClock = (now: Date) => ({ now: () => now, perf: () => performance.now() });

/** Store a decision (event or timer) with its chain link; the caller applies its effects. */
function store(tx: Exec, decision: Decision): Decision {
  const parsed = Decision.parse(decision);
  appendDecision(tx, parsed);
  return parsed;
}

/** The decision an event produces: its clock changes, on the case's facts plus `event.*`. */
/**
 * The decision of a case event: its clock changes in `context`. A drafted reply also runs the given
 * (published) tone playbooks on the case's facts, the crisis facts of the moment and `reply.*`
 * (engine/FACTS.md, "Tone"), so they can require approval of the reply.
 */
export function eventDecision(tx: Exec, input: { caseId: string; event: CaseEvent; changes: ClockChange[]; now: Date; tonePlaybooks?: readonly CompiledPlaybook[] }): Decision {
  const { caseId, event, now } = input;
  const facts = caseFacts(tx, caseId);
  facts["event.type"] = event.type;
  facts["event.occurredAt"] = new Date(event.occurredAt).toISOString();
  if (event.actor !== undefined) facts["event.actor"] = event.actor;
  if (event.type === "survey_answered") {
    if (event.csat !== undefined) facts["event.csat"] = event.csat;
    if (event.nps !== undefined) facts["event.nps"] = event.nps;
  }
  const drafted = event.type === "reply_drafted";
  if (drafted) {
    Object.assign(facts, crisisFacts(tx, now));
    facts["reply.text"] = event.text;
    if (typeof facts.language === "string") facts["reply.locale"] = facts.language;
  }
  const playbooks = drafted ? (input.tonePlaybooks ?? []) : [];
  const decision = evaluate({ decisionId: randomUUID(), caseId, subject: "event", facts, playbooks, clock: fixedClock(now) });
  const context: DecisionContext = { type: "case_event", eventId: event.eventId, eventType: event.type, occurredAt: new Date(event.occurredAt).toISOString(), clocks: input.changes };
  return store(tx, { ...decision, context });
}

// ---------------------------------------------------------------------------------------------
// Timers

function loadClock(tx: Exec, id: string): ClockRow | undefined {
  return tx.select().from(slaClocks).where(eq(slaClocks.id, id)).get();
}

function markBreached(tx: Exec, c: ClockRow, at: string, now: Date): void {
  if (c.breachedAt !== null) return;
  tx.update(slaClocks).set({ breachedAt: at, updatedAt: iso(now) }).where(eq(slaClocks.id, c.id)).run();
  c.breachedAt = at;
}

/** The target passes: the clock is marked breached (the ladder's breach step, if any, is its own timer). */
export const SLA_BREACH_HANDLER: TimerHandler = {
  run(tx, timer, now) {
    const c = loadClock(tx, timer.refId);
    if (!c || c.status !== "running") return "skipped: the clock is not running";
    markBreached(tx, c, timer.dueAt, now);
    return "breached";
  },
};

/**
 * A ladder step is reached: run the clock's escalation version on the case's facts plus `sla.*`,
 * log the timed decision, and apply its effects (notifications; queue and priority are in the
 * decision, so `current.*` sees them from now on).
 */
export function stepHandler(applyEffects: (tx: Exec, decision: Decision, now: Date) => void): TimerHandler {
  return {
    run(tx, timer, now) {
      const c = loadClock(tx, timer.refId);
      if (!c || c.status !== "running") return "skipped: the clock is not running";
      const { playbook, doc, calendar } = clockContext(tx, c);
      const step = doc.steps.find((s) => s.id === timer.payload);
      if (!step) throw new Error(`step '${timer.payload}' is not in ${doc.id} v${playbook.ref.version}`);
      const dueAt = new Date(timer.dueAt);
      const elapsed = elapsedAt(c, calendar, dueAt);
      // The breach timer falls due at the same instant as a breach step; whichever fires first marks it.
      if (elapsed >= targetMs(c)) markBreached(tx, c, iso(addSlaTime(calendar, new Date(c.segmentStartedAt!), Math.max(0, targetMs(c) - c.elapsedMs))), now);
      const facts = caseFacts(tx, c.caseId);
      Object.assign(facts, {
        "sla.step": step.id,
        "sla.at": step.at,
        "sla.metric": c.metric,
        "sla.policy": c.policyId,
        "sla.targetMinutes": c.targetMinutes,
        "sla.elapsedMinutes": round(elapsed / MINUTE),
        "sla.breached": c.breachedAt !== null,
      });
      const decision = evaluate({ decisionId: randomUUID(), caseId: c.caseId, subject: "timer", facts, playbooks: [playbook], clock: fixedClock(now) });
      const context: DecisionContext = {
        type: "sla_step",
        clockId: c.id,
        policyId: c.policyId,
        metric: c.metric as SlaMetric,
        stepId: step.id,
        at: step.at,
        dueAt: timer.dueAt,
        targetMinutes: c.targetMinutes,
        elapsedMinutes: round(elapsed / MINUTE),
      };
      const stored = store(tx, { ...decision, context });
      applyEffects(tx, stored, now);
      return stored.firedRules.length > 0 ? `decision ${stored.id}: ${stored.firedRules.map((r) => r.ruleId).join(", ")}` : `decision ${stored.id}: no rule fired`;
    },
  };
}


// ---------------------------------------------------------------------------------------------
// Reading

function toClock(c: ClockRow, now: Date, calendar: CompiledCalendar | null): SlaClock {
  const out: SlaClock = {
    id: c.id,
    caseId: c.caseId,
    playbookId: c.playbookId,
    versionId: c.versionId,
    policyId: c.policyId,
    metric: c.metric as SlaMetric,
    time: c.time as SlaClock["time"],
    targetMinutes: c.targetMinutes,
    status: c.status as SlaClock["status"],
    startedAt: c.startedAt,
    elapsedMinutes: round(elapsedAt(c, calendar, now) / MINUTE),
  };
  if (c.calendarId !== null) out.calendarId = c.calendarId;
  if (c.dueAt !== null) out.dueAt = c.dueAt;
  if (c.breachedAt !== null) out.breachedAt = c.breachedAt;
  if (c.stoppedAt !== null) out.stoppedAt = c.stoppedAt;
  if (c.met !== null) out.met = c.met;
  return out;
}

/** A case's clocks, oldest first, with their elapsed time as of `now`. */
export function listCaseClocks(db: Exec, caseId: string, now: Date = new Date()): SlaClock[] {
  return db
    .select()
    .from(slaClocks)
    .where(eq(slaClocks.caseId, caseId))
    .orderBy(asc(slaClocks.startedAt), asc(slaClocks.metric))
    .all()
    .map((c) => toClock(c, now, clockContext(db, c).calendar));
}
