// OKRs: the metric catalogue Pauta computes from its own data, the lint of an OKR set, and the
// dashboard's progress series. The OKR playbook document itself is OkrPlaybook (schemas/playbook.ts).
import { z } from "zod";
import { Channel } from "./case";
import { IsoDateTime, PlaybookKind, Slug } from "./common";

/**
 * What Pauta can measure. Percentages are 0–100; definitions (what is counted, which day a
 * value belongs to) are in app/_server/services/METRICS.md.
 */
export const OkrMetric = z
  .enum([
    "first_response_sla_met_pct",
    "auto_routed_pct",
    "escalated_to_supervisor_pct",
    "sla_breaches_per_day",
    "csat_avg",
    "csat_4_plus_pct",
    "nps",
    "nps_promoters_pct",
    "nps_passives_pct",
    "nps_detractors_pct",
    "crisis_time_to_ack_minutes",
    "volume",
  ])
  .meta({ id: "OkrMetric" });
export type OkrMetric = z.infer<typeof OkrMetric>;
export const OKR_METRICS = OkrMetric.options;

/** The unit each metric is shown in. Progress runs from baseline towards target whichever way that is. */
export const METRIC_UNITS: Readonly<Record<OkrMetric, "pct" | "count" | "score" | "minutes">> = {
  first_response_sla_met_pct: "pct",
  auto_routed_pct: "pct",
  escalated_to_supervisor_pct: "pct",
  sla_breaches_per_day: "count",
  csat_avg: "score",
  csat_4_plus_pct: "pct",
  nps: "score",
  nps_promoters_pct: "pct",
  nps_passives_pct: "pct",
  nps_detractors_pct: "pct",
  crisis_time_to_ack_minutes: "minutes",
  volume: "count",
};

export const OkrKeyResult = z
  .object({
    id: Slug,
    title: z.string().trim().min(1, "describe the result").max(300),
    metric: OkrMetric,
    channel: Channel.optional().describe("measure only this channel's cases (volume by channel, or any case metric)"),
    baseline: z.number().optional().describe("the value when the period starts; absent: measured at startDate"),
    target: z.number(),
    startDate: z.iso.date().optional(),
    targetDate: z.iso.date().optional(),
  })
  .meta({ id: "OkrKeyResult" });
export type OkrKeyResult = z.infer<typeof OkrKeyResult>;

export const OkrObjective = z
  .object({
    id: Slug,
    title: z.string().trim().min(1, "name the objective").max(300),
    description: z.string().max(2000).optional(),
    keyResults: z.array(OkrKeyResult).default([]),
  })
  .meta({ id: "OkrObjective" });
export type OkrObjective = z.infer<typeof OkrObjective>;

/** What the lint says about an OKR set: advice from the seeds, never a refusal to save. */
export const OkrLintCode = z.enum([
  "too_few_objectives",
  "too_many_objectives",
  "few_key_results",
  "many_key_results",
  "activity_verb",
  "no_target_date",
  "target_equals_baseline",
]);
export type OkrLintCode = z.infer<typeof OkrLintCode>;

export const OkrLintIssue = z
  .object({
    path: z.string().describe("objectives[0].keyResults[1].title, or empty for the whole set"),
    code: OkrLintCode,
    severity: z.enum(["warning", "info"]),
    message: z.string().describe("in the set's language"),
    params: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
  })
  .meta({ id: "OkrLintIssue" });
export type OkrLintIssue = z.infer<typeof OkrLintIssue>;

/** One day of a metric (UTC day). `value` is null when there was nothing to measure (no cases, no surveys). */
export const MetricPoint = z.object({ date: z.iso.date(), value: z.number().nullable(), count: z.number().int().min(0).describe("how many things were measured: cases, clocks, answers, incidents") });
export type MetricPoint = z.infer<typeof MetricPoint>;

export const MetricSeriesRequest = z
  .object({
    metric: OkrMetric,
    channel: Channel.optional(),
    from: z.iso.date(),
    to: z.iso.date().describe("inclusive"),
  })
  .refine((r) => r.from <= r.to, { path: ["to"], message: "to must not be before from" })
  .meta({ id: "MetricSeriesRequest" });
export type MetricSeriesRequest = z.infer<typeof MetricSeriesRequest>;

export const MetricSeries = z
  .object({
    metric: OkrMetric,
    channel: Channel.optional(),
    from: z.iso.date(),
    to: z.iso.date(),
    value: z.number().nullable().describe("the metric over the whole range (not the mean of the days)"),
    count: z.number().int().min(0),
    points: z.array(MetricPoint),
    breakdown: z.record(z.string(), z.number()).optional().describe("volume: cases per channel; NPS: promoters, passives, detractors"),
  })
  .meta({ id: "MetricSeries" });
export type MetricSeries = z.infer<typeof MetricSeries>;

/** A publish (or rollback) of any playbook version, for the time axis. */
export const PublishMarker = z
  .object({
    at: IsoDateTime,
    playbookId: z.string(),
    playbookName: z.string(),
    kind: PlaybookKind,
    version: z.number().int(),
    action: z.string().describe("published, rolled_back…"),
    comment: z.string().nullable(),
  })
  .meta({ id: "PublishMarker" });
export type PublishMarker = z.infer<typeof PublishMarker>;

export const KeyResultProgress = OkrKeyResult.extend({
  current: z.number().nullable().describe("the metric from startDate (or the range start) to today"),
  baselineUsed: z.number().nullable().describe("baseline, or the metric on startDate's day when none is given"),
  progress: z.number().nullable().describe("0–1 of the way from baseline to target (can exceed 1 or go below 0)"),
  series: MetricSeries,
}).meta({ id: "KeyResultProgress" });
export type KeyResultProgress = z.infer<typeof KeyResultProgress>;

export const OkrDashboard = z
  .object({
    playbookId: z.string(),
    name: z.string(),
    version: z.number().int().nullable().describe("the version shown: the published one, else the newest"),
    from: z.iso.date(),
    to: z.iso.date(),
    objectives: z.array(OkrObjective.omit({ keyResults: true }).extend({ keyResults: z.array(KeyResultProgress) })),
    markers: z.array(PublishMarker),
    lint: z.array(OkrLintIssue),
  })
  .meta({ id: "OkrDashboard" });
export type OkrDashboard = z.infer<typeof OkrDashboard>;

/** An OKR set on the index page. */
export const OkrSetSummary = z
  .object({
    playbookId: z.string(),
    name: z.string(),
    version: z.number().int().describe("the version shown: the published one, else the newest"),
    published: z.boolean(),
    objectives: z.number().int().min(0),
    keyResults: z.number().int().min(0),
    warnings: z.number().int().min(0).describe("lint warnings (infos not counted)"),
    progress: z.number().nullable().describe("the mean progress of the key results that have one"),
  })
  .meta({ id: "OkrSetSummary" });
export type OkrSetSummary = z.infer<typeof OkrSetSummary>;

export const OkrLintResponse = z.object({ issues: z.array(OkrLintIssue) }).meta({ id: "OkrLintResponse" });
export type OkrLintResponse = z.infer<typeof OkrLintResponse>;

/** `GET /api/v1/okr/{playbookId}/dashboard` and tRPC `okr.dashboard`: the range is optional (each key result has its own). */
export const OkrDashboardQuery = z
  .object({ from: z.iso.date().optional(), to: z.iso.date().optional().describe("inclusive") })
  .refine((r) => !r.from || !r.to || r.from <= r.to, { path: ["to"], message: "to must not be before from" })
  .meta({ id: "OkrDashboardQuery" });
export type OkrDashboardQuery = z.infer<typeof OkrDashboardQuery>;
