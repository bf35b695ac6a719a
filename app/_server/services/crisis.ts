// Crisis detection and crisis mode. Every live case decision is matched against the published
// crisis playbooks' detectors; each match is a row in crisis_hits, and the window is counted in SQL
// inside the intake's immediate transaction, so several processes agree on it. Crossing a level's
// threshold raises an incident (at most one active per crisis playbook) with that level's protocol
// as a checklist; while it is active, crisisFacts() puts the playbook in `crisis.playbooks` and its
// override rules run on every case (engine/FACTS.md). Every change is a decision in the chained log.
import { randomUUID } from "node:crypto";
import { and, asc, count, desc, eq, gt, gte, inArray, isNotNull, lt, lte, max, min, sql } from "drizzle-orm";
import { Decision, type CrisisChecklistItem, type CrisisIncident, type CrisisIncidentDetail, type CrisisIncidentStatus, type CrisisDashboard, type CrisisPlaybook, type DecisionContext, type PlaybookTrace, type PlaybookVersionRef, type ProtocolPhase, type SlaBreachSummary, type TimerDecisionSummary } from "@/schemas";
import { CrisisChecklistRequest, CrisisIncidentsQuery, CrisisResolveRequest } from "@/schemas/crisis";
import { levelFor, matchDetectors, type CompiledPlaybook, type DetectorMatch, type Facts } from "@/engine";
import type { ServiceContext } from "../db/client";
import type { Exec } from "../db/tx";
import { cases, crisisChecklist, crisisHits, crisisIncidents, decisions, slaClocks } from "../db/schema";
import { NotFoundError, ServiceError, ValidationError, zodIssues } from "../errors";
import { emitAudit } from "./audit";
import { appendDecision } from "./chain";
import { parseStoredDecision } from "./decisions";
import { applyDecisionEffects, type DecisionEffectsInput } from "./effects";
import { compiledVersion } from "./snapshot";
import { addTimer, cancelTimers, type TimerHandler } from "./timers";

export const CRISIS_END = "crisis.end";
/** Who the log names when an incident ends by its own end time. */
export const CRISIS_ACTOR = "system:crisis";

const MINUTE = 60_000;
/** Relative thresholds compare with the same UTC hour over this many days before today. */
export const BASELINE_DAYS = 28;
/** The volume chart starts this long before the incident was raised. */
const VOLUME_LEAD_MINUTES = 30;
/** The volume chart keeps at most this many points (wider buckets for long incidents). */
const VOLUME_MAX_POINTS = 360;

type IncidentRow = typeof crisisIncidents.$inferSelect;

const iso = (ms: number) => new Date(ms).toISOString();

// ---------------------------------------------------------------------------------------------
// Crisis facts: merged into every case's facts before it is evaluated

/** The incidents that are active at `now`: not resolved, and their end time (if any) not passed. */
function activeIncidents(db: Exec, now: Date): IncidentRow[] {
  const at = now.toISOString();
  return db
    .select()
    .from(crisisIncidents)
    .where(and(eq(crisisIncidents.status, "active"), sql`(${crisisIncidents.endsAt} IS NULL OR ${crisisIncidents.endsAt} > ${at})`))
    .orderBy(asc(crisisIncidents.raisedAt))
    .all();
}

/** `crisis.active`, `crisis.level`, `crisis.playbooks`, `crisis.incidents` (engine/FACTS.md). */
export function crisisFacts(db: Exec, now: Date): Facts {
  const rows = activeIncidents(db, now);
  return {
    "crisis.active": rows.length > 0,
    "crisis.level": rows.reduce((m, r) => Math.max(m, r.level), 0),
    "crisis.playbooks": [...new Set(rows.map((r) => r.playbookId))].sort(),
    "crisis.incidents": rows.map((r) => ({ id: r.id, playbookId: r.playbookId, detectorId: r.detectorId, level: r.level, raisedAt: r.raisedAt })),
  };
}

// ---------------------------------------------------------------------------------------------
// Crisis decisions

interface CrisisChange {
  incident: Pick<IncidentRow, "id" | "playbookId" | "detectorId">;
  ref: PlaybookVersionRef;
  doc: CrisisPlaybook;
  context: Omit<Extract<DecisionContext, { type: "crisis" }>, "type" | "incidentId" | "playbookId">;
  /** what the change was decided on (the decision's trace.facts) */
  facts: Record<string, unknown>;
  /** raised / level raised: the detector's match, shown as the crisis playbook's trace */
  trigger?: PlaybookTrace["trigger"];
  now: Date;
}

const CHANGE_TEXT: Record<Extract<DecisionContext, { type: "crisis" }>["change"], string> = {
  raised: "raised",
  level_raised: "raised to a higher level",
  resolved: "resolved",
  expired: "ended (its end time passed)",
};

/** A crisis decision (validated): the level's notify targets hear of the change. Pure, so a replay rebuilds it. */
function buildCrisisDecision(c: CrisisChange, id: string): Decision {
  const level = c.doc.levels.find((l) => l.level === c.context.level);
  // the detector that counted (with two detectors, a level may be raised by the other one)
  const detector = c.doc.detectors.find((d) => d.id === (c.context.detectorId ?? c.incident.detectorId));
  const what = `Crisis '${c.doc.name}' level ${c.context.level}${level ? ` (${level.name})` : ""} ${CHANGE_TEXT[c.context.change]}`;
  const why =
    c.context.windowCount !== undefined && detector
      ? `: ${c.context.windowCount} cases in ${detector.windowMinutes} min (detector '${detector.name}', threshold ${round(c.context.threshold ?? 0)})`
      : c.context.note
        ? `: ${c.context.note}`
        : "";
  const message = `${what}${why}`;
  return Decision.parse({
    id,
    subject: "crisis",
    context: { type: "crisis", incidentId: c.incident.id, playbookId: c.incident.playbookId, ...c.context },
    decidedAt: c.now.toISOString(),
    matched: false,
    partial: false,
    outcome: { notifications: (level?.notify ?? []).map((target) => ({ target, message })) },
    firedRules: [],
    playbooks: [c.ref],
    errors: [],
    trace: {
      facts: c.facts,
      playbooks: c.trigger ? [{ ...c.ref, name: c.doc.name, trigger: c.trigger, rules: [], durationMs: 0 }] : [],
      conflicts: [],
      timings: { factsMs: 0, rulesMs: 0, totalMs: 0 },
    },
  });
}

/** Append a crisis decision to the chain and store its effects (its notifications go out). */
function appendCrisisDecision(tx: Exec, c: CrisisChange): Decision {
  const decision = buildCrisisDecision(c, randomUUID());
  appendDecision(tx, decision);
  applyDecisionEffects(tx, { decision, now: c.now, live: true });
  return decision;
}

/**
 * Replay a stored crisis decision: the level and threshold again from its recorded window count
 * and baseline with the recorded playbook version, and the decision rebuilt from them. `null` when
 * it is not a crisis decision; an error text when the version is gone.
 */
export function rebuildCrisisDecision(ctx: { db: Exec }, stored: Decision): Decision | string | null {
  const c = stored.context;
  const ref = stored.playbooks[0];
  if (stored.subject !== "crisis" || c?.type !== "crisis" || !ref) return null;
  const compiled = compiledVersion(ctx, ref.versionId);
  if (!compiled || compiled.document.kind !== "crisis") return `playbook ${ref.playbookId} v${ref.version} (${ref.versionId}) is not in the database`;
  const doc = compiled.document;
  const { type: _t, incidentId, playbookId, ...context } = c;
  if ((context.change === "raised" || context.change === "level_raised") && context.windowCount !== undefined) {
    const detector = doc.detectors.find((d) => d.id === context.detectorId);
    const reached = detector ? levelFor(detector, context.windowCount, context.baseline ?? 0) : null;
    if (!reached) return `no level of detector '${context.detectorId}' is reached by ${context.windowCount} cases`;
    context.level = reached.level;
    context.threshold = reached.threshold;
  }
  const trigger = stored.trace.playbooks[0]?.trigger;
  return buildCrisisDecision(
    { incident: { id: incidentId, playbookId, detectorId: context.detectorId ?? "" }, ref: { ...compiled.ref }, doc, context, facts: stored.trace.facts, ...(trigger ? { trigger } : {}), now: new Date(stored.decidedAt) },
    stored.id,
  );
}

const round = (n: number) => Math.round(n * 100) / 100;
const triggerOf = (m: DetectorMatch): PlaybookTrace["trigger"] => ({ matched: true, ...(m.conditions ? { conditions: m.conditions } : {}) });

// ---------------------------------------------------------------------------------------------
// Detection at intake

/** The end of the playbook's last ended incident: a resolved crisis closes its window, counting starts afresh. */
function lastEndedAt(tx: Exec, playbookId: string): string | null {
  return (
    tx
      .select({ at: max(crisisIncidents.endedAt) })
      .from(crisisIncidents)
      .where(and(eq(crisisIncidents.playbookId, playbookId), isNotNull(crisisIncidents.endedAt)))
      .get()?.at ?? null
  );
}

/**
 * The usual count per window at this UTC hour: the detector's hits at the same hour on the
 * `BASELINE_DAYS` days before today, divided by the number of windows those hours hold
 * (days × 60 / windowMinutes). Days before the detector's first hit are not counted as zero
 * days: the days are those since its first hit (at least 1, at most BASELINE_DAYS).
 */
export function baselineFor(tx: Exec, input: { playbookId: string; detectorId: string; windowMinutes: number; now: Date }): number {
  const { playbookId, detectorId, now } = input;
  const hourStart = Math.floor(now.getTime() / (60 * MINUTE)) * 60 * MINUTE;
  const dayStart = hourStart - now.getUTCHours() * 60 * MINUTE;
  const from = dayStart - BASELINE_DAYS * 24 * 60 * MINUTE;
  const where = and(eq(crisisHits.playbookId, playbookId), eq(crisisHits.detectorId, detectorId));
  const first = tx.select({ at: min(crisisHits.at) }).from(crisisHits).where(where).get()?.at;
  if (!first || Date.parse(first) >= dayStart) return 0;
  const n =
    tx
      .select({ n: count() })
      .from(crisisHits)
      .where(and(where, eq(crisisHits.hour, now.getUTCHours()), gte(crisisHits.at, iso(from)), lt(crisisHits.at, iso(dayStart))))
      .get()?.n ?? 0;
  const days = Math.min(BASELINE_DAYS, Math.max(1, Math.ceil((dayStart - Math.max(from, Date.parse(first))) / (24 * 60 * MINUTE))));
  return n / ((days * 60) / input.windowMinutes);
}

/** End an incident (resolved by a person or expired), cancel its end timer and log the decision. */
function endIncident(tx: Exec, row: IncidentRow, input: { status: "resolved" | "expired"; now: Date; by?: string; note?: string }): Decision | null {
  const compiled = compiledVersion({ db: tx }, row.versionId);
  const at = input.now.toISOString();
  tx.update(crisisIncidents)
    .set({ status: input.status, endedAt: at, ...(input.by !== undefined ? { resolvedBy: input.by, resolution: input.note ?? null } : {}) })
    .where(eq(crisisIncidents.id, row.id))
    .run();
  cancelTimers(tx, row.id, input.now, CRISIS_END);
  if (!compiled || compiled.document.kind !== "crisis") return null;
  return appendCrisisDecision(tx, {
    incident: row,
    ref: { ...compiled.ref },
    doc: compiled.document,
    context: {
      change: input.status,
      level: row.level,
      detectorId: row.detectorId,
      ...(input.by !== undefined ? { by: input.by } : {}),
      ...(input.note !== undefined ? { note: input.note } : {}),
    },
    facts: { "crisis.incidentId": row.id, "crisis.status": row.status, "crisis.endsAt": row.endsAt, "crisis.now": at },
    now: input.now,
  });
}

/** A level's protocol items the incident does not have yet, appended after the existing ones. */
function addProtocol(tx: Exec, incidentId: string, level: CrisisPlaybook["levels"][number] | undefined): void {
  if (!level) return;
  const have = tx.select({ itemId: crisisChecklist.itemId, position: crisisChecklist.position }).from(crisisChecklist).where(eq(crisisChecklist.incidentId, incidentId)).all();
  const ids = new Set(have.map((h) => h.itemId));
  let position = have.reduce((m, h) => Math.max(m, h.position + 1), 0);
  for (const item of level.protocol) {
    if (ids.has(item.id)) continue;
    tx.insert(crisisChecklist).values({ incidentId, itemId: item.id, position: position++, phase: item.phase, title: item.title, owner: item.owner, level: level.level }).run();
  }
}

/**
 * Count a live case decision in the crisis windows (one call in effects.ts). For each crisis
 * playbook version the decision ran with, its detectors are matched on the decision's facts; a
 * match is a hit, the window is counted (since the later of now − window and the playbook's last
 * ended incident), and reaching a level raises an incident or its level. Other subjects (timers,
 * events, crisis changes themselves) and bulk imports count nowhere.
 */
export function recordDetections(tx: Exec, input: DecisionEffectsInput): void {
  const { decision, now } = input;
  if (!input.live || decision.subject !== "case" || decision.caseId === undefined) return;
  const caseId = decision.caseId;
  const at = now.toISOString();
  for (const ref of decision.playbooks) {
    if (ref.kind !== "crisis") continue;
    // The versions the decision ran with, so the detection is the one its facts give.
    const compiled = compiledVersion({ db: tx }, ref.versionId);
    if (!compiled || compiled.document.kind !== "crisis") continue;
    const doc = compiled.document;
    for (const m of matchDetectors(compiled as CompiledPlaybook, decision.trace.facts)) {
      if (!m.matched) continue;
      const detector = doc.detectors.find((d) => d.id === m.detectorId)!;
      tx.insert(crisisHits).values({ playbookId: ref.playbookId, detectorId: detector.id, caseId, at, hour: now.getUTCHours() }).run();

      let active = tx.select().from(crisisIncidents).where(and(eq(crisisIncidents.playbookId, ref.playbookId), eq(crisisIncidents.status, "active"))).get();
      if (active?.endsAt && active.endsAt <= at) {
        // Its end time passed and the scheduler has not fired yet: it ends now, before counting.
        endIncident(tx, active, { status: "expired", now });
        active = undefined;
      }
      const windowStart = iso(now.getTime() - detector.windowMinutes * MINUTE);
      const ended = lastEndedAt(tx, ref.playbookId);
      const since = ended && ended > windowStart ? ended : windowStart;
      const windowCount =
        tx
          .select({ n: count() })
          .from(crisisHits)
          .where(and(eq(crisisHits.playbookId, ref.playbookId), eq(crisisHits.detectorId, detector.id), gt(crisisHits.at, since), lte(crisisHits.at, at)))
          .get()?.n ?? 0;
      const baseline = detector.mode === "relative" ? baselineFor(tx, { playbookId: ref.playbookId, detectorId: detector.id, windowMinutes: detector.windowMinutes, now }) : undefined;
      const reached = levelFor(detector, windowCount, baseline ?? 0);
      if (active && active.detectorId === detector.id) {
        tx.update(crisisIncidents).set({ windowCount }).where(eq(crisisIncidents.id, active.id)).run();
        active = { ...active, windowCount };
      }
      if (!reached || (active && reached.level <= active.level)) continue;

      const level = doc.levels.find((l) => l.level === reached.level);
      const facts = {
        "crisis.caseId": caseId,
        "crisis.caseDecisionId": decision.id,
        "crisis.detectorId": detector.id,
        "crisis.keyword": m.keyword ?? null,
        "crisis.windowStart": since,
        "crisis.windowCount": windowCount,
        "crisis.baseline": baseline ?? null,
        "crisis.threshold": reached.threshold,
        "crisis.level": reached.level,
      };
      const context = { level: reached.level, detectorId: detector.id, windowCount, threshold: reached.threshold, ...(baseline !== undefined ? { baseline } : {}) };
      if (!active) {
        const id = randomUUID();
        const endsAt = level?.durationMinutes ? iso(now.getTime() + level.durationMinutes * MINUTE) : null;
        const row: IncidentRow = {
          id,
          playbookId: ref.playbookId,
          versionId: ref.versionId,
          detectorId: detector.id,
          level: reached.level,
          status: "active",
          raisedAt: at,
          caseId,
          windowCount,
          endsAt,
          endedAt: null,
          resolvedBy: null,
          resolution: null,
        };
        tx.insert(crisisIncidents).values(row).run();
        addProtocol(tx, id, level);
        if (endsAt) addTimer(tx, { kind: CRISIS_END, refId: id, dueAt: endsAt, now });
        appendCrisisDecision(tx, { incident: row, ref: { ...ref }, doc, context: { change: "raised", ...context }, facts, trigger: triggerOf(m), now });
      } else {
        // A higher level counts its own duration from now (never shortening the incident); a level without one has no end time.
        const endsAt = level?.durationMinutes ? iso(Math.max(now.getTime() + level.durationMinutes * MINUTE, active.endsAt ? Date.parse(active.endsAt) : 0)) : null;
        tx.update(crisisIncidents).set({ level: reached.level, endsAt }).where(eq(crisisIncidents.id, active.id)).run();
        addProtocol(tx, active.id, level);
        if (endsAt !== active.endsAt) {
          cancelTimers(tx, active.id, now, CRISIS_END);
          if (endsAt) addTimer(tx, { kind: CRISIS_END, refId: active.id, dueAt: endsAt, now });
        }
        appendCrisisDecision(tx, { incident: active, ref: { ...ref }, doc, context: { change: "level_raised", ...context }, facts, trigger: triggerOf(m), now });
      }
    }
  }
}

/** The scheduler ends an incident at its end time (registered in scheduler.ts). */
export const CRISIS_TIMERS: Record<string, TimerHandler> = {
  [CRISIS_END]: {
    run(tx, timer, now) {
      const row = tx.select().from(crisisIncidents).where(eq(crisisIncidents.id, timer.refId)).get();
      if (!row || row.status !== "active") return `skipped: the incident is ${row?.status ?? "gone"}`;
      if (row.endsAt && row.endsAt > now.toISOString()) return `skipped: the incident now ends at ${row.endsAt}`;
      const d = endIncident(tx, row, { status: "expired", now });
      return `expired at level ${row.level}${d ? ` (decision ${d.id})` : ""}`;
    },
  },
};

// ---------------------------------------------------------------------------------------------
// People: resolve, checklist

export interface Clock {
  now(): Date;
}
const wallClock: Clock = { now: () => new Date() };

function incidentRow(db: Exec, id: string): IncidentRow {
  const row = db.select().from(crisisIncidents).where(eq(crisisIncidents.id, id)).get();
  if (!row) throw new NotFoundError("crisis incident", id);
  return row;
}

/** A person ends the crisis: the incident is resolved with their note and normal routing returns. */
export function resolveIncident(ctx: ServiceContext, input: { id: string; body: unknown; actor: string }, clock: Clock = wallClock): CrisisIncidentDetail {
  const parsed = CrisisResolveRequest.safeParse(input.body);
  if (!parsed.success) throw new ValidationError("invalid resolution", zodIssues(parsed.error));
  const now = clock.now();
  ctx.db.transaction(
    (tx) => {
      const row = incidentRow(tx, input.id);
      if (row.status !== "active") throw new ServiceError("conflict", `the incident is already ${row.status}`, [{ path: "id", message: `incident '${row.id}' is ${row.status}, not active` }]);
      if (row.endsAt && row.endsAt <= now.toISOString()) {
        endIncident(tx, row, { status: "expired", now });
        throw new ServiceError("conflict", "the incident already ended at its end time", [{ path: "id", message: `incident '${row.id}' ended at ${row.endsAt}` }]);
      }
      endIncident(tx, row, { status: "resolved", now, by: input.actor, note: parsed.data.note });
      emitAudit(tx, { actor: input.actor, action: "crisis.resolved", entityId: row.id, at: now.toISOString(), before: { status: row.status, level: row.level }, after: { status: "resolved", note: parsed.data.note } });
    },
    { behavior: "immediate" },
  );
  return getIncident(ctx, input.id, clock);
}

/** Mark a checklist item done (who and when) or not done again; audited. */
export function setChecklistItem(ctx: ServiceContext, input: { id: string; itemId: string; body: unknown; actor: string }, clock: Clock = wallClock): CrisisChecklistItem {
  const parsed = CrisisChecklistRequest.safeParse(input.body);
  if (!parsed.success) throw new ValidationError("invalid checklist change", zodIssues(parsed.error));
  const at = clock.now().toISOString();
  return ctx.db.transaction(
    (tx) => {
      incidentRow(tx, input.id);
      const key = and(eq(crisisChecklist.incidentId, input.id), eq(crisisChecklist.itemId, input.itemId));
      const item = tx.select().from(crisisChecklist).where(key).get();
      if (!item) throw new NotFoundError("checklist item", input.itemId);
      const next = parsed.data.done
        ? { doneAt: item.doneAt ?? at, doneBy: item.doneBy ?? input.actor, note: parsed.data.note ?? item.note }
        : { doneAt: null, doneBy: null, note: parsed.data.note ?? null };
      tx.update(crisisChecklist).set(next).where(key).run();
      emitAudit(tx, {
        actor: input.actor,
        action: parsed.data.done ? "crisis.checklist_done" : "crisis.checklist_undone",
        entityId: input.id,
        at,
        before: { itemId: item.itemId, doneAt: item.doneAt, doneBy: item.doneBy, note: item.note },
        after: { itemId: item.itemId, ...next },
      });
      return toItem({ ...item, ...next });
    },
    { behavior: "immediate" },
  );
}

// ---------------------------------------------------------------------------------------------
// Queries for the dashboard and the API

function toItem(r: typeof crisisChecklist.$inferSelect): CrisisChecklistItem {
  return { itemId: r.itemId, phase: r.phase as ProtocolPhase, title: r.title, owner: r.owner, level: r.level, doneAt: r.doneAt, doneBy: r.doneBy, note: r.note };
}

function toIncident(ctx: ServiceContext, r: IncidentRow, done: { done: number; total: number }): CrisisIncident {
  let compiled: CompiledPlaybook | null = null;
  try {
    compiled = compiledVersion(ctx, r.versionId);
  } catch {
    // an old version that no longer compiles still shows, with its ids as names
  }
  const doc = compiled?.document.kind === "crisis" ? compiled.document : undefined;
  const detector = doc?.detectors.find((d) => d.id === r.detectorId);
  return {
    id: r.id,
    playbookId: r.playbookId,
    playbookName: doc?.name ?? r.playbookId,
    versionId: r.versionId,
    detectorId: r.detectorId,
    detectorName: detector?.name ?? r.detectorId,
    windowMinutes: detector?.windowMinutes ?? 0,
    level: r.level,
    levelName: doc?.levels.find((l) => l.level === r.level)?.name ?? `${r.level}`,
    status: r.status as CrisisIncidentStatus,
    raisedAt: r.raisedAt,
    caseId: r.caseId,
    windowCount: r.windowCount,
    endsAt: r.endsAt,
    endedAt: r.endedAt,
    resolvedBy: r.resolvedBy,
    resolution: r.resolution,
    checklistDone: done.done,
    checklistTotal: done.total,
  };
}

function checklistCounts(ctx: ServiceContext, ids: string[]): Map<string, { done: number; total: number }> {
  if (ids.length === 0) return new Map();
  const rows = ctx.db
    .select({ id: crisisChecklist.incidentId, total: count(), done: count(crisisChecklist.doneAt) })
    .from(crisisChecklist)
    .where(inArray(crisisChecklist.incidentId, ids))
    .groupBy(crisisChecklist.incidentId)
    .all();
  return new Map(rows.map((r) => [r.id, { done: r.done, total: r.total }]));
}

function incidents(ctx: ServiceContext, rows: IncidentRow[]): CrisisIncident[] {
  const counts = checklistCounts(
    ctx,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toIncident(ctx, r, counts.get(r.id) ?? { done: 0, total: 0 }));
}

/** Incidents newest first, optionally of one status (`?status=active`). */
export function listIncidents(ctx: ServiceContext, query: Record<string, unknown> = {}): CrisisIncident[] {
  const parsed = CrisisIncidentsQuery.safeParse(query);
  if (!parsed.success) throw new ValidationError("invalid incident query", zodIssues(parsed.error));
  const q = parsed.data;
  const rows = ctx.db
    .select()
    .from(crisisIncidents)
    .where(q.status ? eq(crisisIncidents.status, q.status) : undefined)
    .orderBy(desc(crisisIncidents.raisedAt))
    .limit(q.limit)
    .all();
  return incidents(ctx, rows);
}

/** The detector's hits per bucket from 30 minutes before the incident was raised until it ended (or now). */
function volumeOf(ctx: ServiceContext, r: IncidentRow, now: Date): CrisisIncidentDetail["volume"] {
  const from = Math.floor((Date.parse(r.raisedAt) - VOLUME_LEAD_MINUTES * MINUTE) / MINUTE) * MINUTE;
  const to = Math.max(from + MINUTE, r.endedAt ? Date.parse(r.endedAt) : now.getTime());
  const minutes = Math.ceil((to - from) / MINUTE);
  const bucketMinutes = Math.max(1, Math.ceil(minutes / VOLUME_MAX_POINTS));
  const perMinute = ctx.db
    .select({ minute: sql<string>`substr(${crisisHits.at}, 1, 16)`, n: count() })
    .from(crisisHits)
    .where(and(eq(crisisHits.playbookId, r.playbookId), eq(crisisHits.detectorId, r.detectorId), gte(crisisHits.at, iso(from)), lte(crisisHits.at, iso(to))))
    .groupBy(sql`substr(${crisisHits.at}, 1, 16)`)
    .all();
  const points = Array.from({ length: Math.ceil(minutes / bucketMinutes) }, (_, i) => ({ at: iso(from + i * bucketMinutes * MINUTE), count: 0 }));
  for (const p of perMinute) {
    const i = Math.floor((Date.parse(`${p.minute}:00.000Z`) - from) / (bucketMinutes * MINUTE));
    if (points[i]) points[i].count += p.n;
  }
  return { bucketMinutes, from: iso(from), to: iso(to), points };
}

/** One incident with its checklist (in protocol order), its volume series and its decisions. */
export function getIncident(ctx: ServiceContext, id: string, clock: Clock = wallClock): CrisisIncidentDetail {
  const r = incidentRow(ctx.db, id);
  return detailOf(ctx, r, clock.now());
}

function detailOf(ctx: ServiceContext, r: IncidentRow, now: Date): CrisisIncidentDetail {
  const items = ctx.db.select().from(crisisChecklist).where(eq(crisisChecklist.incidentId, r.id)).orderBy(asc(crisisChecklist.position)).all();
  const base = toIncident(ctx, r, { done: items.filter((i) => i.doneAt !== null).length, total: items.length });
  const logged = ctx.db
    .select({ decision: decisions.decision })
    .from(decisions)
    .where(and(eq(decisions.subject, "crisis"), sql`json_extract(${decisions.decision}, '$.context.incidentId') = ${r.id}`))
    .orderBy(asc(decisions.seq))
    .all()
    .map((row) => parseStoredDecision(row.decision))
    .filter((d) => d.context !== undefined)
    .map((d) => ({ decisionId: d.id, decidedAt: d.decidedAt, context: d.context! }));
  return { ...base, checklist: items.map(toItem), volume: volumeOf(ctx, r, now), decisions: logged };
}

/** Recent SLA breaches, newest first (the SLA service writes breached_at). */
export function recentBreaches(ctx: ServiceContext, limit = 20): SlaBreachSummary[] {
  return ctx.db
    .select({ clockId: slaClocks.id, caseId: slaClocks.caseId, channel: cases.channel, playbookId: slaClocks.playbookId, policyId: slaClocks.policyId, metric: slaClocks.metric, breachedAt: slaClocks.breachedAt })
    .from(slaClocks)
    .innerJoin(cases, eq(cases.id, slaClocks.caseId))
    .where(isNotNull(slaClocks.breachedAt))
    .orderBy(desc(slaClocks.breachedAt))
    .limit(limit)
    .all()
    .map((r) => ({ ...r, breachedAt: r.breachedAt! }));
}

/** Recent timed decisions (escalation steps), newest first. */
export function recentTimerDecisions(ctx: ServiceContext, limit = 20): TimerDecisionSummary[] {
  return ctx.db
    .select({ decision: decisions.decision, caseId: decisions.caseId, queue: decisions.queue, priority: decisions.priority })
    .from(decisions)
    .where(eq(decisions.subject, "timer"))
    .orderBy(desc(decisions.seq))
    .limit(limit)
    .all()
    .map((r) => {
      const d = parseStoredDecision(r.decision);
      return { decisionId: d.id, caseId: r.caseId, decidedAt: d.decidedAt, queue: r.queue, priority: r.priority, context: d.context ?? null };
    });
}

/** Everything the crisis dashboard shows, in one read. */
export function crisisDashboard(ctx: ServiceContext, clock: Clock = wallClock): CrisisDashboard {
  const now = clock.now();
  const active = ctx.db.select().from(crisisIncidents).where(eq(crisisIncidents.status, "active")).orderBy(desc(crisisIncidents.raisedAt)).all();
  const recent = ctx.db.select().from(crisisIncidents).where(sql`${crisisIncidents.status} <> 'active'`).orderBy(desc(crisisIncidents.raisedAt)).limit(20).all();
  return {
    active: active.map((r) => detailOf(ctx, r, now)),
    recent: incidents(ctx, recent),
    breaches: recentBreaches(ctx),
    escalations: recentTimerDecisions(ctx),
  };
}
