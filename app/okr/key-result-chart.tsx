"use client";
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFigure, CHART_TICK } from "@/app/_components/chart-figure";
import { fmt, formatDateTime, type UiLocale } from "@/app/_i18n";
import type { KeyResultProgress, MetricSeries, PublishMarker } from "@/schemas/okr";
import { formatMetricValue } from "../playbooks/_okr/format";
import { okrText } from "../playbooks/_okr/messages";
import type { OkrDashboardMessages } from "./messages";

/** A UTC day ("2025-03-07") in the reader's language; the same on the server and in the browser. */
export function formatDay(date: string, locale: UiLocale, opts: Intl.DateTimeFormatOptions = { dateStyle: "medium" }): string {
  return formatDateTime(`${date}T00:00:00Z`, locale, { ...opts, timeZone: "UTC" });
}

export function markerLabel(marker: PublishMarker, m: OkrDashboardMessages): string {
  return fmt(m.markerLabel, { name: marker.playbookName, version: marker.version });
}

/**
 * One vertical line per UTC day: labelled with the day's latest publish and how many more there
 * were (the summary and the list name them all), so a busy day does not run its labels together.
 */
export function markersByDay(markers: readonly PublishMarker[], m: OkrDashboardMessages): Map<string, { label: string; all: string }> {
  const byDay = new Map<string, PublishMarker[]>();
  for (const mk of markers) byDay.set(mk.at.slice(0, 10), [...(byDay.get(mk.at.slice(0, 10)) ?? []), mk]);
  const out = new Map<string, { label: string; all: string }>();
  for (const [d, list] of byDay) {
    const sorted = [...list].sort((a, b) => b.at.localeCompare(a.at));
    const labels = sorted.map((mk) => markerLabel(mk, m));
    out.set(d, { label: labels.length > 1 ? fmt(m.markerMore, { label: labels[0] ?? "", n: labels.length - 1 }) : (labels[0] ?? ""), all: labels.join(", ") });
  }
  return out;
}

/**
 * One key result's metric, day by day (over its own period, or the dashboard's window): the line, its target and baseline as horizontal lines and the
 * playbook publishes as labelled vertical ones. The text summary carries the same facts in words.
 */
export function KeyResultChart({ kr, series, markers, m, locale }: { kr: KeyResultProgress; series: MetricSeries; markers: readonly PublishMarker[]; m: OkrDashboardMessages; locale: UiLocale }) {
  const metric = okrText(locale).metrics[kr.metric];
  const v = (n: number | null | undefined) => formatMetricValue(n, kr.metric, locale);
  const { points, from, to } = series;
  const measured = points.filter((p): p is typeof p & { value: number } => p.value !== null);
  const dayIndex = new Map(points.map((p, i) => [p.date, i]));
  const onAxis = [...markersByDay(markers, m)].filter(([d]) => dayIndex.has(d));
  // A label reads towards the middle of the plot, so one near either edge is not cut off.
  const side = (d: string) => ((dayIndex.get(d) ?? 0) > points.length / 2 ? "insideTopRight" : "insideTopLeft");
  const base = { metric, from: formatDay(from, locale), to: formatDay(to, locale), target: v(kr.target) };
  const summary = [
    measured.length === 0
      ? fmt(m.chartSummaryEmpty, base)
      : fmt(m.chartSummary, {
          ...base,
          days: measured.length,
          min: v(Math.min(...measured.map((p) => p.value))),
          max: v(Math.max(...measured.map((p) => p.value))),
          value: v(series.value),
          baseline: v(kr.baselineUsed),
        }),
    onAxis.length ? fmt(m.chartMarkers, { list: onAxis.map(([d, { all }]) => `${all} (${formatDay(d, locale)})`).join("; ") }) : m.chartNoMarkers,
  ].join(" ");

  return (
    <ChartFigure title={metric} summary={summary} className="okr-chart" testId={`okr-chart-${kr.id}`}>
      <ResponsiveContainer width="100%" height="100%">
        {/* The summary above carries the numbers; the plot is decoration for sighted readers, so not focusable. */}
        <LineChart data={points} margin={{ top: 16, right: 16, bottom: 0, left: -8 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--border)" />
          <XAxis dataKey="date" tickFormatter={(d: string) => formatDay(d, locale, { day: "numeric", month: "short" })} minTickGap={32} tick={CHART_TICK} />
          <YAxis tick={CHART_TICK} width={48} />
          <Tooltip labelFormatter={(d) => formatDay(String(d), locale)} formatter={(value) => [v(typeof value === "number" ? value : null), m.value]} />
          <ReferenceLine y={kr.target} stroke="var(--ok)" strokeDasharray="6 3" ifOverflow="extendDomain" label={{ value: m.targetLine, position: "insideTopRight", fontSize: 11, fill: "var(--ok)" }} />
          {kr.baselineUsed !== null && (
            <ReferenceLine y={kr.baselineUsed} stroke="var(--text-3)" strokeDasharray="2 3" ifOverflow="extendDomain" label={{ value: m.baselineLine, position: "insideBottomLeft", fontSize: 11, fill: "var(--text-3)" }} />
          )}
          {onAxis.map(([d, { label }]) => (
            <ReferenceLine key={d} x={d} stroke="var(--info)" className="okr-marker" label={{ value: label, position: side(d), fontSize: 10, fill: "var(--info)" }} />
          ))}
          <Line type="monotone" dataKey="value" stroke="var(--accent)" strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
