"use client";
import { useSyncExternalStore } from "react";
import { Bar, BarChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFigure, CHART_TICK } from "@/app/_components/chart-figure";
import { fmt, formatDateTime, type UiLocale } from "@/app/_i18n";
import type { CrisisIncidentDetail } from "@/schemas/crisis";
import type { CrisisMessages } from "./messages";

const noop = () => () => {};

/** Times in the reader's zone once in the browser; UTC (said so) on the server, so hydration agrees. */
function useTimeFormat(locale: UiLocale): (iso: string) => string {
  const inBrowser = useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );
  return (iso) => (inBrowser ? formatDateTime(iso, locale, { timeStyle: "short" }) : `${formatDateTime(iso, locale, { timeStyle: "short", timeZone: "UTC" })} UTC`);
}

/**
 * The detector's matching cases per bucket around the incident. The figure's text summary (total,
 * peak, when it was raised) carries the numbers, so they do not depend on seeing the bars.
 */
export function VolumeChart({ incident, m, locale }: { incident: CrisisIncidentDetail; m: CrisisMessages; locale: UiLocale }) {
  const time = useTimeFormat(locale);
  const { points, bucketMinutes, from } = incident.volume;
  const total = points.reduce((s, p) => s + p.count, 0);
  const peak = points.reduce((s, p) => Math.max(s, p.count), 0);
  // The bucket the incident was raised in: where the reference line goes.
  const raisedMs = Date.parse(incident.raisedAt);
  const raisedBucket = points.findLast((p) => Date.parse(p.at) <= raisedMs)?.at;
  return (
    <ChartFigure title={m.chartTitle} summary={fmt(m.chartSummary, { total, from: time(from), peak, bucket: bucketMinutes, raised: time(incident.raisedAt) })}>
      <ResponsiveContainer width="100%" height="100%">
        {/* The summary above carries the numbers; the plot is decoration for sighted readers, so not focusable. */}
        <BarChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: -16 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--border)" />
          <XAxis dataKey="at" tickFormatter={time} minTickGap={40} tick={CHART_TICK} />
          <YAxis allowDecimals={false} tick={CHART_TICK} />
          <Tooltip labelFormatter={(v) => time(String(v))} formatter={(v) => [v, fmt(m.chartBucket, { bucket: bucketMinutes })]} />
          {raisedBucket && <ReferenceLine x={raisedBucket} stroke="var(--danger)" strokeDasharray="4 2" />}
          <Bar dataKey="count" fill="var(--danger)" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
