// The metric catalogue (definitions in METRICS.md), computed in SQL from Pauta's own tables, and
// the OKR dashboard: each key result's series, progress and the publishes that may have moved it.
import { sql, type SQL } from "drizzle-orm";
import {
  MetricSeriesRequest,
  OkrDashboardQuery,
  OkrPlaybook,
  type KeyResultProgress,
  type MetricPoint,
  type MetricSeries,
  type OkrDashboard,
  type OkrKeyResult,
  type OkrLintResponse,
  type OkrMetric,
  type OkrSetSummary,
  type PlaybookKind,
  type PublishMarker,
} from "@/schemas";
import { keyResultProgress, lintOkr } from "@/engine/okr";
import type { Exec } from "../db/tx";
import type { ServiceContext } from "../db/client";
import { NotFoundError, ValidationError, zodIssues } from "../errors";

const DAY_MS = 86_400_000;
export const DEFAULT_RANGE_DAYS = 30;

const dayOf = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (day: string, n: number) => dayOf(new Date(Date.parse(`${day}T00:00:00.000Z`) + n * DAY_MS));

function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** What one day's rows add up to; a metric's value is a function of these sums, so the range value is exact. */
interface Sums {
  n: number;
  a: number;
  b: number;
  c: number;
}
type Row = Sums & { day: string };

interface MetricDef {
  /** filters by the case's channel */
  byChannel: boolean;
  /** SELECT day, n, a, b, c … GROUP BY day over [start, end) (ISO instants), optionally one channel */
  query(start: string, end: string, channel: SQL): SQL;
  value(s: Sums, days: number): number | null;
  /** the range's breakdown from its sums */
  breakdown?(s: Sums): Record<string, number>;
}

const pct = (part: number, whole: number) => (whole === 0 ? null : (100 * part) / whole);
const mean = (sum: number, n: number) => (n === 0 ? null : sum / n);

// A case-based metric joins cases as c; `channel` is an empty fragment or "AND c.channel = ?".
const casesOnDays = (start: string, end: string, channel: SQL, a: SQL, b: SQL = sql`0`) => sql`
  SELECT substr(c.received_at, 1, 10) AS day, count(*) AS n, coalesce(sum(${a}), 0) AS a, coalesce(sum(${b}), 0) AS b, 0 AS c
  FROM cases c WHERE c.received_at >= ${start} AND c.received_at < ${end} ${channel} GROUP BY day`;


const surveys = (field: "csat" | "nps", start: string, end: string, channel: SQL, a: SQL, b: SQL = sql`0`, c: SQL = sql`0`) => sql`
  SELECT substr(e.occurred_at, 1, 10) AS day, count(*) AS n, coalesce(sum(${a}), 0) AS a, coalesce(sum(${b}), 0) AS b, coalesce(sum(${c}), 0) AS c
  FROM (SELECT e.occurred_at, json_extract(e.payload, ${`$.${field}`}) AS v FROM case_events e JOIN cases c ON c.id = e.case_id
        WHERE e.type = 'survey_answered' AND e.occurred_at >= ${start} AND e.occurred_at < ${end} ${channel}) e
  WHERE e.v IS NOT NULL GROUP BY day`;

const NPS_SQL = (start: string, end: string, channel: SQL) => surveys("nps", start, end, channel, sql`e.v >= 9`, sql`e.v BETWEEN 7 AND 8`, sql`e.v <= 6`);
const npsBreakdown = (s: Sums) => ({ promoters: s.a, passives: s.b, detractors: s.c });

const METRICS: Record<OkrMetric, MetricDef> = {
  first_response_sla_met_pct: {
    byChannel: true,
    // Settled first-response clocks (met, or breached) by the day the clock started: the day the customer wrote.
    query: (start, end, channel) => sql`
      SELECT substr(k.started_at, 1, 10) AS day, count(*) AS n, coalesce(sum(k.met = 1), 0) AS a, 0 AS b, 0 AS c
      FROM sla_clocks k JOIN cases c ON c.id = k.case_id
      WHERE k.metric = 'first_response' AND (k.met IS NOT NULL OR k.breached_at IS NOT NULL)
        AND k.started_at >= ${start} AND k.started_at < ${end} ${channel} GROUP BY day`,
    value: (s) => pct(s.a, s.n),
  },
  auto_routed_pct: {
    byChannel: true,
    query: (start, end, channel) =>
      casesOnDays(start, end, channel, sql`EXISTS (SELECT 1 FROM decisions d WHERE d.case_id = c.id AND d.subject = 'case' AND d.queue IS NOT NULL)`),
    value: (s) => pct(s.a, s.n),
  },
  escalated_to_supervisor_pct: {
    byChannel: true,
    query: (start, end, channel) =>
      casesOnDays(start, end, channel, sql`EXISTS (SELECT 1 FROM decisions d WHERE d.case_id = c.id AND d.subject = 'timer' AND d.queue IS NOT NULL)`),
    value: (s) => pct(s.a, s.n),
  },
  sla_breaches_per_day: {
    byChannel: true,
    // A clock breached when the breach timer marked it, or (the timer late) when it stopped past its target.
    query: (start, end, channel) => sql`
      SELECT substr(coalesce(k.breached_at, k.stopped_at), 1, 10) AS day, count(*) AS n, 0 AS a, 0 AS b, 0 AS c
      FROM sla_clocks k JOIN cases c ON c.id = k.case_id
      WHERE ((k.breached_at >= ${start} AND k.breached_at < ${end}) OR (k.breached_at IS NULL AND k.met = 0 AND k.stopped_at >= ${start} AND k.stopped_at < ${end})) ${channel}
      GROUP BY day`,
    value: (s, days) => s.n / days,
  },
  csat_avg: {
    byChannel: true,
    query: (start, end, channel) => surveys("csat", start, end, channel, sql`e.v`),
    value: (s) => mean(s.a, s.n),
  },
  csat_4_plus_pct: {
    byChannel: true,
    query: (start, end, channel) => surveys("csat", start, end, channel, sql`e.v >= 4`),
    value: (s) => pct(s.a, s.n),
  },
  nps: { byChannel: true, query: NPS_SQL, value: (s) => (s.n === 0 ? null : (100 * (s.a - s.c)) / s.n), breakdown: npsBreakdown },
  nps_promoters_pct: { byChannel: true, query: NPS_SQL, value: (s) => pct(s.a, s.n), breakdown: npsBreakdown },
  nps_passives_pct: { byChannel: true, query: NPS_SQL, value: (s) => pct(s.b, s.n), breakdown: npsBreakdown },
  nps_detractors_pct: { byChannel: true, query: NPS_SQL, value: (s) => pct(s.c, s.n), breakdown: npsBreakdown },
  crisis_time_to_ack_minutes: {
    byChannel: false,
    // Acknowledged: the first person's action on the incident in the audit log (a checklist item done, or resolving it).
    query: (start, end) => sql`
      SELECT substr(i.raised_at, 1, 10) AS day, count(*) AS n, sum(round((julianday(i.ack) - julianday(i.raised_at)) * 86400000)) AS a, 0 AS b, 0 AS c
      FROM (SELECT r.raised_at, (SELECT min(l.at) FROM audit_log l WHERE l.entity_id = r.id AND l.action IN ('crisis.checklist_done', 'crisis.resolved')) AS ack
            FROM crisis_incidents r WHERE r.raised_at >= ${start} AND r.raised_at < ${end}) i
      WHERE i.ack IS NOT NULL GROUP BY day`,
    // Whole milliseconds per incident in SQL (julianday's float would add noise), minutes here.
    value: (s) => (s.n === 0 ? null : s.a / s.n / 60_000),
  },
  volume: {
    byChannel: true,
    query: (start, end, channel) => casesOnDays(start, end, channel, sql`0`),
    value: (s, days) => s.n / days,
  },
};

/** Count metrics are 0 on a day with nothing; ratios and means have no value then. */
const COUNTED: ReadonlySet<OkrMetric> = new Set(["sla_breaches_per_day", "volume"]);

/** A metric request from the outside (query string, tRPC): ValidationError naming each bad field. */
export function parseMetricRequest(raw: Record<string, unknown>): MetricSeriesRequest {
  const parsed = MetricSeriesRequest.safeParse(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== null && v !== undefined)));
  if (!parsed.success) throw new ValidationError("the metric request is invalid", zodIssues(parsed.error));
  return parsed.data;
}

/** One metric over [from, to] (UTC days, inclusive): a point per day and the whole range's value. */
export function metricSeries(db: Exec, req: MetricSeriesRequest): MetricSeries {
  const def = METRICS[req.metric];
  const channel = def.byChannel && req.channel ? req.channel : undefined;
  const start = `${req.from}T00:00:00.000Z`;
  const end = `${addDays(req.to, 1)}T00:00:00.000Z`;
  const rows = db.all<Row>(def.query(start, end, channel ? sql`AND c.channel = ${channel}` : sql``));
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const total: Sums = { n: 0, a: 0, b: 0, c: 0 };
  const points: MetricPoint[] = daysBetween(req.from, req.to).map((date) => {
    const r = byDay.get(date);
    if (!r) return { date, value: COUNTED.has(req.metric) ? 0 : null, count: 0 };
    total.n += r.n;
    total.a += r.a;
    total.b += r.b;
    total.c += r.c;
    return { date, value: def.value(r, 1), count: r.n };
  });
  const out: MetricSeries = { metric: req.metric, from: req.from, to: req.to, value: def.value(total, points.length), count: total.n, points };
  if (channel) out.channel = channel;
  if (def.breakdown) out.breakdown = def.breakdown(total);
  if (req.metric === "volume") {
    const perChannel = db.all<{ channel: string; n: number }>(
      sql`SELECT c.channel AS channel, count(*) AS n FROM cases c WHERE c.received_at >= ${start} AND c.received_at < ${end} ${channel ? sql`AND c.channel = ${channel}` : sql``} GROUP BY c.channel ORDER BY c.channel`,
    );
    out.breakdown = Object.fromEntries(perChannel.map((r) => [r.channel, r.n]));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// OKR sets

interface OkrVersion {
  playbookId: string;
  name: string;
  version: number;
  published: boolean;
  doc: OkrPlaybook;
}

/** The version an OKR set shows: the published one, else the newest. */
function okrVersion(db: Exec, playbookId: string): OkrVersion | null {
  const row = db.get<{ id: string; name: string; kind: string; published: string | null; version: number | null; document: string | null }>(sql`
    SELECT p.id, p.name, p.kind, p.published_version_id AS published, v.version, v.document FROM playbooks p
    LEFT JOIN playbook_versions v ON v.id = coalesce(p.published_version_id, (SELECT id FROM playbook_versions WHERE playbook_id = p.id ORDER BY version DESC LIMIT 1))
    WHERE p.id = ${playbookId}`);
  if (!row || row.kind !== "okr" || row.document === null || row.version === null) return null;
  return { playbookId: row.id, name: row.name, version: row.version, published: row.published !== null, doc: OkrPlaybook.parse(JSON.parse(row.document)) };
}

const ACTIONS: Record<string, string> = { publish: "published", rollback: "rolled_back", schedule_start: "schedule_started", schedule_end: "schedule_ended" };

/** Every playbook's publishes and rollbacks in [from, to] (UTC days), oldest first. */
export function publishMarkers(db: Exec, from: string, to: string): PublishMarker[] {
  const rows = db.all<{ at: string; playbookId: string; name: string; kind: string; version: number | null; action: string; comment: string }>(sql`
    SELECT pp.at, pp.playbook_id AS playbookId, p.name, p.kind, v.version, pp.kind AS action, pp.comment
    FROM playbook_publications pp JOIN playbooks p ON p.id = pp.playbook_id
    LEFT JOIN playbook_versions v ON v.id = coalesce(pp.to_version_id, pp.from_version_id)
    WHERE pp.at >= ${`${from}T00:00:00.000Z`} AND pp.at < ${`${addDays(to, 1)}T00:00:00.000Z`}
    ORDER BY pp.at, pp.id`);
  return rows.map((r) => ({
    at: r.at,
    playbookId: r.playbookId,
    playbookName: r.name,
    kind: r.kind as PlaybookKind,
    version: r.version ?? 0,
    action: ACTIONS[r.action] ?? r.action,
    comment: r.comment === "" ? null : r.comment,
  }));
}

/** A key result's range: from its start (else the asked start, else 30 days back) to today or its target date, whichever is first. */
function keyResultRange(kr: OkrKeyResult, input: { from?: string; to?: string; today: string }): { from: string; to: string } {
  const targetEnd = kr.targetDate && kr.targetDate < input.today ? kr.targetDate : input.today;
  const to = input.to ?? targetEnd;
  const from = kr.startDate ?? input.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1));
  return { from: from > to ? to : from, to };
}

function keyResultProgressOf(db: Exec, kr: OkrKeyResult, range: { from: string; to: string }): KeyResultProgress {
  const series = metricSeries(db, { metric: kr.metric, ...(kr.channel ? { channel: kr.channel } : {}), ...range });
  const baselineUsed = kr.baseline ?? series.points[0]?.value ?? null;
  return { ...kr, series, current: series.value, baselineUsed, progress: keyResultProgress(baselineUsed, kr.target, series.value) };
}

/** The dashboard for a request from the outside: the range checked first (ValidationError naming the field). */
export function okrDashboardQuery(ctx: ServiceContext, input: { playbookId: string } & Record<string, unknown>, now: Date): OkrDashboard {
  const { playbookId, ...range } = input;
  const parsed = OkrDashboardQuery.safeParse(Object.fromEntries(Object.entries(range).filter(([, v]) => v !== null && v !== undefined)));
  if (!parsed.success) throw new ValidationError("the dashboard range is invalid", zodIssues(parsed.error));
  return okrDashboard(ctx, { playbookId, ...parsed.data, now });
}

/** An OKR set's dashboard: every key result's series and progress, the publishes in the range, and the lint. */
export function okrDashboard(ctx: ServiceContext, input: { playbookId: string; from?: string; to?: string; now: Date }): OkrDashboard {
  const v = okrVersion(ctx.db, input.playbookId);
  if (!v) throw new NotFoundError("OKR set", input.playbookId);
  return dashboardOf(ctx.db, v, input);
}

function dashboardOf(db: Exec, v: OkrVersion, input: { from?: string; to?: string; now: Date }): OkrDashboard {
  const today = dayOf(input.now);
  let from = input.from ?? addDays(input.to ?? today, -(DEFAULT_RANGE_DAYS - 1));
  let to = input.to ?? today;
  const objectives = v.doc.objectives.map((o) => ({
    ...o,
    keyResults: o.keyResults.map((kr) => {
      const range = keyResultRange(kr, { ...input, today });
      if (range.from < from) from = range.from;
      if (range.to > to) to = range.to;
      return keyResultProgressOf(db, kr, range);
    }),
  }));
  return { playbookId: v.playbookId, name: v.name, version: v.version, from, to, objectives, markers: publishMarkers(db, from, to), lint: lintOkr(v.doc) };
}

/** The OKR sets for an index page: counts, how many lint warnings, and the mean progress of the key results that have one. */
export function listOkrSets(ctx: ServiceContext, now: Date): OkrSetSummary[] {
  const ids = ctx.db.all<{ id: string }>(sql`SELECT id FROM playbooks WHERE kind = 'okr' ORDER BY name, id`);
  return ids.flatMap(({ id }) => {
    const v = okrVersion(ctx.db, id);
    if (!v) return [];
    const d = dashboardOf(ctx.db, v, { now });
    const krs = d.objectives.flatMap((o) => o.keyResults);
    const progress = krs.map((k) => k.progress).filter((p): p is number => p !== null);
    return [
      {
        playbookId: id,
        name: v.name,
        version: v.version,
        published: v.published,
        objectives: d.objectives.length,
        keyResults: krs.length,
        warnings: d.lint.filter((i) => i.severity === "warning").length,
        progress: progress.length === 0 ? null : progress.reduce((s, p) => s + p, 0) / progress.length,
      },
    ];
  });
}

/** Lint an OKR set document as posted (ValidationError naming each field that does not parse). */
export function lintOkrDocument(raw: unknown): OkrLintResponse {
  const parsed = OkrPlaybook.safeParse(raw);
  if (!parsed.success) throw new ValidationError("the OKR set is invalid", zodIssues(parsed.error));
  return { issues: lintOkr(parsed.data) };
}
