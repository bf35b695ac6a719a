// The acceptance test of the metric catalogue: 30 days of generated cases on a real SQLite file,
// driven through the app's own services with the time injected (intake, agent replies before and
// after the SLA target, the escalation ladder's timers, surveys, crisis incidents acknowledged
// after known delays). Every expected value is worked out from the generation plan alone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prng } from "@/engine/prng";
import { OKR_METRICS, type Channel, type MetricSeries, type OkrMetric } from "@/schemas";
import { createTestContext } from "@/tests/support/db";
import { TIMER_HANDLERS } from "../scheduler";
import { addCaseEvent } from "./case-events";
import { ingestCase } from "./cases";
import { resolveIncident, setChecklistItem, getIncident, listIncidents } from "./crisis";
import { metricSeries, okrDashboard, publishMarkers } from "./okr";
import { importPlaybookTx, validatePlaybook } from "./playbooks";
import { publishNowTx } from "./publishing";
import { fireDueTimers } from "./timers";

const ACCOUNT = "okr-tests";
const account = { all: [{ fact: "attributes", path: "$.account", operator: "equal", value: ACCOUNT }] };
const FIRST_RESPONSE_MIN = 60;
const ESCALATE_AFTER_BREACH_MIN = 30;

// Cases with attributes.routed get a queue at intake; every case gets the 60-minute policy.
const routing = {
  schemaVersion: 1,
  id: "okr-tests-routing",
  kind: "routing",
  name: "OKR tests routing",
  trigger: { condition: account },
  settings: { conflictStrategy: "collect" },
  rules: [
    { id: "sla", name: "Every case", priority: 10, conditions: { all: [{ fact: "attributes", path: "$.account", operator: "equal", value: ACCOUNT }] }, actions: [{ type: "apply_sla", policy: "okr-60" }] },
    { id: "route", name: "Routable", priority: 20, conditions: { all: [{ fact: "attributes", path: "$.routed", operator: "equal", value: true }] }, actions: [{ type: "route", queue: "general" }] },
  ],
};
// The ladder of escalamiento-sla.json in small: notify at 80 % (not an escalation), hand to supervision 30 min after the breach.
const escalation = {
  schemaVersion: 1,
  id: "okr-tests-escalation",
  kind: "escalation",
  name: "OKR tests escalation",
  slaPolicies: [{ id: "okr-60", name: "60 min", time: "calendar", targets: [{ firstResponseMinutes: FIRST_RESPONSE_MIN }] }],
  steps: [
    { id: "aviso", metric: "first_response", at: "warning", percent: 80 },
    { id: "vencido-30", metric: "first_response", at: "after_breach", minutes: ESCALATE_AFTER_BREACH_MIN },
  ],
  rules: [
    { id: "aviso", name: "Aviso", priority: 10, conditions: { all: [{ fact: "sla.step", operator: "equal", value: "aviso" }] }, actions: [{ type: "notify", target: "supervisor" }] },
    {
      id: "vencido-30",
      name: "A supervisión",
      priority: 10,
      conditions: { all: [{ fact: "sla.step", operator: "equal", value: "vencido-30" }] },
      actions: [
        { type: "route", queue: "supervision", team: "supervisores" },
        { type: "notify", target: "gerente" },
      ],
    },
  ],
};
// Three cases mentioning "fraude" within 15 minutes raise an incident; it expires after an hour.
const crisis = {
  schemaVersion: 1,
  id: "okr-tests-crisis",
  kind: "crisis",
  name: "OKR tests crisis",
  trigger: { condition: account },
  detectors: [{ id: "fraude", name: "Fraude", keywords: { es: ["fraude"] }, windowMinutes: 15, levels: [{ level: 1, threshold: 3 }] }],
  levels: [
    {
      level: 1,
      name: "Alerta",
      durationMinutes: 60,
      protocol: [
        { id: "identificar", phase: "identification", title: "Identificar", owner: "supervisor" },
        { id: "cuantificar", phase: "quantification", title: "Cuantificar", owner: "analista" },
      ],
    },
  ],
};

const DAYS = 30;
const DAY0 = Date.parse("2026-10-01T00:00:00.000Z");
const MIN = 60_000;
const CHANNELS: readonly Channel[] = ["whatsapp", "email", "twitter"];
const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);
const dayN = (n: number) => dayOf(DAY0 + n * 86_400_000);

type Behaviour = "met" | "late" | "escalated" | "open";
interface PlannedCase {
  i: number;
  at: number;
  channel: Channel;
  routed: boolean;
  behaviour: Behaviour;
  replyAt?: number;
  fraud: boolean;
  surveys: { at: number; csat?: number; nps?: number }[];
}
interface PlannedIncident {
  raisedAt: number;
  /** minutes after the raise, and how: a checklist item or resolving it; none: it expires untouched */
  ack?: { minutes: number; by: "checklist" | "resolve" };
}

/** The plan: ~8 cases a day over three channels, a fraud burst (an incident) every 6 days. */
function plan(): { cases: PlannedCase[]; incidents: PlannedIncident[]; end: number } {
  const rnd = prng(7);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const cases: PlannedCase[] = [];
  const incidents: PlannedIncident[] = [];
  const add = (at: number, fraud: boolean, behaviour?: Behaviour) => {
    const b: Behaviour = behaviour ?? (["met", "met", "met", "late", "escalated"] as const)[int(0, 4)]!;
    const replyAt = b === "met" ? at + int(5, 55) * MIN : b === "late" ? at + int(61, 85) * MIN : b === "escalated" ? at + 130 * MIN : undefined;
    const surveys: PlannedCase["surveys"] = [];
    if (b !== "open" && rnd() < 0.6) {
      const s: PlannedCase["surveys"][number] = { at: at + int(150, 200) * MIN };
      if (rnd() < 0.85) s.csat = int(1, 5);
      if (rnd() < 0.7) s.nps = int(0, 10);
      if (s.csat !== undefined || s.nps !== undefined) surveys.push(s);
    }
    cases.push({ i: cases.length, at, channel: CHANNELS[int(0, 2)]!, routed: rnd() < 0.75, behaviour: b, fraud, surveys, ...(replyAt ? { replyAt } : {}) });
  };
  for (let d = 0; d < DAYS; d++) {
    const n = int(5, 10);
    // 08:00–20:00 UTC: every reply, breach, escalation and survey of a case is over by 23:20 the same day
    for (let k = 0; k < n; k++) add(DAY0 + d * 86_400_000 + int(8 * 60, 20 * 60) * MIN, false);
    if (d % 6 === 2) {
      const start = DAY0 + d * 86_400_000 + 21 * 60 * MIN + int(0, 30) * MIN;
      for (let k = 0; k < 3; k++) add(start + k * 2 * MIN, true);
      const which = incidents.length % 3;
      incidents.push({ raisedAt: start + 4 * MIN, ...(which === 2 ? {} : { ack: { minutes: int(3, 40), by: which === 0 ? "checklist" : "resolve" } }) });
    }
  }
  // The last evening: clocks still running when the test stops (not settled, not counted by the SLA %).
  // (every other action is over by 23:20, so no timer of theirs comes due before the test stops at 23:40)
  const end = DAY0 + (DAYS - 1) * 86_400_000 + (23 * 60 + 40) * MIN;
  for (let k = 0; k < 3; k++) add(end - (15 - k) * MIN, false, "open");
  return { cases, incidents, end };
}

let ctx: ReturnType<typeof createTestContext>;
const P = plan();

/** Import and publish a playbook at a given time (the publish log is the dashboard's markers). */
function publishAt(document: unknown, at: number) {
  const v = validatePlaybook(document);
  if (!v.ok) throw new Error(JSON.stringify(v.issues));
  ctx.db.transaction((tx) => {
    const r = importPlaybookTx(tx, v.document, { actor: "test", comment: "okr tests", at: new Date(at).toISOString() });
    publishNowTx(tx, { playbookId: r.playbookId, versionId: r.versionId, comment: "okr tests", actor: "test", at: new Date(at).toISOString() });
  });
}
const FROM = dayN(0);
const TO = dayN(DAYS - 1);

beforeAll(async () => {
  ctx = createTestContext();
  for (const document of [routing, escalation, crisis]) publishAt(document, DAY0 - 86_400_000);
  // Every action in time order; before each, the timers due by then fire (the scheduler, in fast-forward).
  type Action = { at: number; run: () => Promise<unknown> | unknown };
  const actions: Action[] = [];
  const caseIds = new Map<number, string>();
  for (const c of P.cases) {
    actions.push({
      at: c.at,
      run: async () => {
        const now = new Date(c.at);
        const text = c.fraud ? `Me hicieron un fraude con la tarjeta ${c.i}` : `Consulta número ${c.i} sobre mi pedido`;
        const r = await ingestCase(
          ctx,
          { externalId: `okr-${c.i}`, channel: c.channel, language: "es", receivedAt: now.toISOString(), text, customer: { id: `cli-${c.i}` }, attributes: { account: ACCOUNT, routed: c.routed } },
          { now: () => now, perf: () => 0 },
        );
        caseIds.set(c.i, r.caseId);
      },
    });
    if (c.replyAt)
      actions.push({ at: c.replyAt, run: () => addCaseEvent(ctx, caseIds.get(c.i)!, { eventId: "reply", type: "agent_replied", occurredAt: new Date(c.replyAt!).toISOString() }, new Date(c.replyAt!)) });
    c.surveys.forEach((s, j) =>
      actions.push({
        at: s.at,
        run: () =>
          addCaseEvent(
            ctx,
            caseIds.get(c.i)!,
            { eventId: `survey-${j}`, type: "survey_answered", occurredAt: new Date(s.at).toISOString(), ...(s.csat !== undefined ? { csat: s.csat } : {}), ...(s.nps !== undefined ? { nps: s.nps } : {}) },
            new Date(s.at),
          ),
      }),
    );
  }
  for (const inc of P.incidents) {
    if (!inc.ack) continue;
    const at = inc.raisedAt + inc.ack.minutes * MIN;
    const by = inc.ack.by;
    actions.push({
      at,
      run: () => {
        const [active] = listIncidents(ctx, { status: "active" });
        const clock = { now: () => new Date(at) };
        if (by === "resolve") resolveIncident(ctx, { id: active!.id, body: { note: "contenido" }, actor: "user:op@test" }, clock);
        else {
          setChecklistItem(ctx, { id: active!.id, itemId: "identificar", body: { done: true }, actor: "user:op@test" }, clock);
          // later actions on the same incident do not move its acknowledgement
          setChecklistItem(ctx, { id: active!.id, itemId: "cuantificar", body: { done: true }, actor: "user:op@test" }, { now: () => new Date(at + 5 * MIN) });
        }
      },
    });
  }
  actions.sort((a, b) => a.at - b.at);
  const fireUntil = (t: number) => {
    while (fireDueTimers(ctx, new Date(t), TIMER_HANDLERS) > 0);
  };
  for (const a of actions) {
    fireUntil(a.at);
    await a.run();
  }
  fireUntil(P.end);
}, 120_000);
afterAll(() => ctx.close());

// ---------------------------------------------------------------------------------------------
// The expected values, from the plan

interface Expected {
  value: number | null;
  count: number;
}
const ratio = (part: number, whole: number): Expected => ({ value: whole === 0 ? null : (100 * part) / whole, count: whole });
const inRange = (t: number, from: string, to: string) => dayOf(t) >= from && dayOf(t) <= to;
const daysIn = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;

function expected(metric: OkrMetric, from: string, to: string, channel?: Channel): Expected {
  const cs = P.cases.filter((c) => !channel || c.channel === channel);
  const arrived = cs.filter((c) => inRange(c.at, from, to));
  const answers = cs.flatMap((c) => c.surveys).filter((s) => inRange(s.at, from, to));
  const csat = answers.flatMap((s) => (s.csat === undefined ? [] : [s.csat]));
  const nps = answers.flatMap((s) => (s.nps === undefined ? [] : [s.nps]));
  const share = (f: (n: number) => boolean) => ratio(nps.filter(f).length, nps.length);
  switch (metric) {
    case "first_response_sla_met_pct": {
      const settled = arrived.filter((c) => c.behaviour !== "open");
      return ratio(settled.filter((c) => c.behaviour === "met").length, settled.length);
    }
    case "auto_routed_pct":
      return ratio(arrived.filter((c) => c.routed).length, arrived.length);
    case "escalated_to_supervisor_pct":
      return ratio(arrived.filter((c) => c.behaviour === "escalated").length, arrived.length);
    case "sla_breaches_per_day": {
      const n = cs.filter((c) => (c.behaviour === "late" || c.behaviour === "escalated") && inRange(c.at + FIRST_RESPONSE_MIN * MIN, from, to)).length;
      return { value: n / daysIn(from, to), count: n };
    }
    case "csat_avg":
      return { value: csat.length ? csat.reduce((s, x) => s + x, 0) / csat.length : null, count: csat.length };
    case "csat_4_plus_pct":
      return ratio(csat.filter((x) => x >= 4).length, csat.length);
    case "nps":
      return { value: nps.length ? (100 * (nps.filter((x) => x >= 9).length - nps.filter((x) => x <= 6).length)) / nps.length : null, count: nps.length };
    case "nps_promoters_pct":
      return share((x) => x >= 9);
    case "nps_passives_pct":
      return share((x) => x === 7 || x === 8);
    case "nps_detractors_pct":
      return share((x) => x <= 6);
    case "crisis_time_to_ack_minutes": {
      const acked = P.incidents.filter((i) => i.ack && inRange(i.raisedAt, from, to));
      return { value: acked.length ? acked.reduce((s, i) => s + i.ack!.minutes, 0) / acked.length : null, count: acked.length };
    }
    case "volume":
      return { value: arrived.length / daysIn(from, to), count: arrived.length };
  }
}

function expectSeries(s: MetricSeries, metric: OkrMetric, from: string, to: string, channel?: Channel) {
  const whole = expected(metric, from, to, channel);
  expect(s.count, `${metric} ${from}..${to} ${channel ?? ""} count`).toBe(whole.count);
  if (whole.value === null) expect(s.value).toBeNull();
  else expect(s.value, `${metric} ${from}..${to} ${channel ?? ""}`).toBeCloseTo(whole.value, 6);
  expect(s.points.map((p) => p.date)).toEqual(Array.from({ length: daysIn(from, to) }, (_, k) => dayOf(Date.parse(from) + k * 86_400_000)));
  for (const p of s.points) {
    const day = expected(metric, p.date, p.date, channel);
    expect(p.count, `${metric} ${p.date} count`).toBe(day.count);
    const counted = metric === "volume" || metric === "sla_breaches_per_day";
    if (day.value === null) expect(p.value, `${metric} ${p.date}`).toBe(counted ? 0 : null);
    else expect(p.value, `${metric} ${p.date}`).toBeCloseTo(day.value, 6);
  }
}

const METRICS = OKR_METRICS;

describe("the metric catalogue over 30 generated days", () => {
  it("generated what the plan says: incidents raised, every clock of a replied case settled", () => {
    expect(listIncidents(ctx).length).toBe(P.incidents.length);
    expect(P.cases.length).toBeGreaterThan(150);
    const settled = ctx.sqlite.prepare("SELECT count(*) AS n FROM sla_clocks WHERE met IS NOT NULL OR breached_at IS NOT NULL").get() as { n: number };
    expect(settled.n).toBe(P.cases.filter((c) => c.behaviour !== "open").length);
    // the plan covers every path: met, breached, escalated, open; ack by checklist, by resolving, never
    expect(new Set(P.cases.map((c) => c.behaviour))).toEqual(new Set(["met", "late", "escalated", "open"]));
    expect(P.incidents.map((i) => i.ack?.by ?? "none")).toEqual(expect.arrayContaining(["checklist", "resolve", "none"]));
    // the untouched ones expired with nothing done; the resolved ones were resolved
    const all = listIncidents(ctx);
    expect(all.filter((i) => i.status === "expired" && getIncident(ctx, i.id).checklistDone === 0).length).toBe(P.incidents.filter((i) => !i.ack).length);
    expect(all.filter((i) => i.status === "resolved").length).toBe(P.incidents.filter((i) => i.ack?.by === "resolve").length);
  });

  it.each(METRICS)("%s: whole range and every day equal the plan's values", (metric) => {
    expectSeries(metricSeries(ctx.db, { metric, from: FROM, to: TO }), metric, FROM, TO);
  });

  it.each(METRICS.filter((m) => m !== "crisis_time_to_ack_minutes"))("%s: per channel and over a sub-range", (metric) => {
    for (const channel of CHANNELS) expectSeries(metricSeries(ctx.db, { metric, channel, from: FROM, to: TO }), metric, FROM, TO, channel);
    expectSeries(metricSeries(ctx.db, { metric, from: dayN(5), to: dayN(11) }), metric, dayN(5), dayN(11));
    expectSeries(metricSeries(ctx.db, { metric, channel: "email", from: dayN(20), to: dayN(20) }), metric, dayN(20), dayN(20), "email");
  });

  it("crisis time to acknowledge ignores the channel (an incident is not one channel's) and does not echo it", () => {
    const s = metricSeries(ctx.db, { metric: "crisis_time_to_ack_minutes", channel: "whatsapp", from: FROM, to: TO });
    expect(s.channel).toBeUndefined();
    expectSeries(s, "crisis_time_to_ack_minutes", FROM, TO);
  });

  it("breakdowns: volume per channel, NPS groups", () => {
    const v = metricSeries(ctx.db, { metric: "volume", from: FROM, to: TO });
    expect(v.breakdown).toEqual(Object.fromEntries(CHANNELS.map((ch) => [ch, P.cases.filter((c) => c.channel === ch).length]).filter(([, n]) => n !== 0).sort()));
    const nps = P.cases.flatMap((c) => c.surveys).flatMap((s) => (s.nps === undefined || !inRange(s.at, FROM, TO) ? [] : [s.nps]));
    for (const metric of ["nps", "nps_promoters_pct", "nps_passives_pct", "nps_detractors_pct"] as const)
      expect(metricSeries(ctx.db, { metric, from: FROM, to: TO }).breakdown).toEqual({
        promoters: nps.filter((x) => x >= 9).length,
        passives: nps.filter((x) => x === 7 || x === 8).length,
        detractors: nps.filter((x) => x <= 6).length,
      });
  });

  it("a range with nothing in it: ratios are null, counts are 0", () => {
    const empty = { from: "2025-01-01", to: "2025-01-03" };
    expect(metricSeries(ctx.db, { metric: "csat_avg", ...empty })).toMatchObject({ value: null, count: 0, points: [{ value: null, count: 0 }, {}, {}] });
    expect(metricSeries(ctx.db, { metric: "volume", ...empty })).toMatchObject({ value: 0, count: 0, points: [{ value: 0, count: 0 }, {}, {}] });
  });
});

describe("the OKR dashboard on the same data", () => {
  it("measures each key result over its own range, with progress from the baseline and the publish markers", () => {
    publishAt(
      {
          schemaVersion: 1,
          id: "okr-tests-set",
          kind: "okr",
          name: "OKR tests",
          locale: "es",
          objectives: [
            {
              id: "a-tiempo",
              title: "Respuestas a tiempo",
              keyResults: [
                { id: "sla", title: "90 % a tiempo", metric: "first_response_sla_met_pct", baseline: 50, target: 90, startDate: dayN(0), targetDate: "2027-03-31" },
                { id: "wa", title: "Volumen de WhatsApp", metric: "volume", channel: "whatsapp", target: 10, startDate: dayN(10), targetDate: dayN(19) },
              ],
            },
          ],
      },
      DAY0 + 3 * 86_400_000,
    );
    const d = okrDashboard(ctx, { playbookId: "okr-tests-set", now: new Date(P.end) });
    expect(d).toMatchObject({ playbookId: "okr-tests-set", version: 1, from: FROM, to: TO });
    const [sla, wa] = d.objectives[0]!.keyResults;
    const slaValue = expected("first_response_sla_met_pct", FROM, TO).value!;
    expect(sla!.series).toMatchObject({ from: FROM, to: TO });
    expect(sla!.current).toBeCloseTo(slaValue, 6);
    expect(sla!.baselineUsed).toBe(50);
    expect(sla!.progress).toBeCloseTo((slaValue - 50) / 40, 6);
    // no baseline: the metric on its start day; the range ends at its target date (before today)
    expect(wa!.series).toMatchObject({ from: dayN(10), to: dayN(19), channel: "whatsapp" });
    const waStart = expected("volume", dayN(10), dayN(10), "whatsapp").count;
    const waCurrent = expected("volume", dayN(10), dayN(19), "whatsapp").value!;
    expect(wa!.baselineUsed).toBe(waStart);
    expect(wa!.current).toBeCloseTo(waCurrent, 6);
    // too few objectives and key results: the set's lint comes along
    expect(d.lint.map((i) => i.code)).toEqual(expect.arrayContaining(["too_few_objectives", "few_key_results"]));
    // the publishes in the range: the set's own (the others were published the day before)
    expect(d.markers).toEqual([{ at: new Date(DAY0 + 3 * 86_400_000).toISOString(), playbookId: "okr-tests-set", playbookName: "OKR tests", kind: "okr", version: 1, action: "published", comment: "okr tests" }]);
    expect(publishMarkers(ctx.db, dayN(-1), dayN(-1)).map((m) => m.playbookId).sort()).toEqual(["okr-tests-crisis", "okr-tests-escalation", "okr-tests-routing"]);
  });
});
