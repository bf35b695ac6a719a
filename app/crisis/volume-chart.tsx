"use client";
import { useId, useSyncExternalStore } from "react";
import { Bar, BarChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
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
 * The detector's matching cases per bucket around the incident. A figure with a title and a text
 * summary (total, peak, when it was raised) so the numbers do not depend on seeing the bars.
 */
export function VolumeChart({ incident, m, locale }: { incident: CrisisIncidentDetail; m: CrisisMessages; locale: UiLocale }) {
  const id = useId();
  const time = useTimeFormat(locale);
  const { points, bucketMinutes, from } = incident.volume;
  const total = points.reduce((s, p) => s + p.count, 0);
  const peak = points.reduce((s, p) => Math.max(s, p.count), 0);
  // The bucket the incident was raised in: where the reference line goes.
  const raisedMs = Date.parse(incident.raisedAt);
  const raisedBucket = points.findLast((p) => Date.parse(p.at) <= raisedMs)?.at;
  return (
    <figure className="crisis-chart" aria-labelledby={`${id}-title`} aria-describedby={`${id}-summary`}>
      <figcaption>
        <h4 id={`${id}-title`} className="mini-title">
          {m.chartTitle}
        </h4>
        <p id={`${id}-summary`} className="small muted">
          {fmt(m.chartSummary, { total, from: time(from), peak, bucket: bucketMinutes, raised: time(incident.raisedAt) })}
        </p>
      </figcaption>
      <div className="crisis-chart-plot" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          {/* The summary above carries the numbers; the plot is decoration for sighted readers, so not focusable. */}
          <BarChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: -16 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--border)" />
            <XAxis dataKey="at" tickFormatter={time} minTickGap={40} tick={{ fontSize: 11, fill: "var(--text-3)" }} />
            <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "var(--text-3)" }} />
            <Tooltip labelFormatter={(v) => time(String(v))} formatter={(v) => [v, fmt(m.chartBucket, { bucket: bucketMinutes })]} />
            {raisedBucket && <ReferenceLine x={raisedBucket} stroke="var(--danger)" strokeDasharray="4 2" />}
            <Bar dataKey="count" fill="var(--danger)" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
