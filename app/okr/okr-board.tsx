"use client";
import { keepPreviousData, useQueries, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useMemo, useState } from "react";
import { LocalTime } from "@/app/_components/local-time";
import { fmt, type UiLocale } from "@/app/_i18n";
import { useI18n } from "@/app/_i18n/client";
import { useTRPC } from "@/app/_trpc/client";
import type { KeyResultProgress, MetricSeries, OkrDashboard, PublishMarker } from "@/schemas/okr";
import { formatMetricValue, formatProgress } from "../playbooks/_okr/format";
import { okrText } from "../playbooks/_okr/messages";
import { formatDay, KeyResultChart, markerLabel } from "./key-result-chart";
import { okrDashboardText, type OkrDashboardMessages } from "./messages";
import { OKR_RANGES, rangeWindow, type OkrRange } from "./range";
import "./okr.css";

/**
 * The dashboard of one OKR set. Current value and progress are always over each key result's own
 * period (server-rendered); "last 30 / 90 days" redraws every chart over that window instead, with
 * the publishes of the window.
 */
export function OkrBoard({ initial }: { initial: OkrDashboard }) {
  const { locale } = useI18n();
  const m = okrDashboardText(locale);
  const trpc = useTRPC();
  const uid = useId();
  const [range, setRange] = useState<OkrRange>("period");
  const own = useQuery({ ...trpc.okr.dashboard.queryOptions({ playbookId: initial.playbookId }), initialData: initial });
  const data = own.data;
  const win = useMemo(() => rangeWindow(range, new Date()), [range]);
  const krs = data.objectives.flatMap((o) => o.keyResults);
  // The window's publishes (the dashboard over the window), and each chart's series over it.
  const windowed = useQuery({ ...trpc.okr.dashboard.queryOptions({ playbookId: initial.playbookId, ...(win ?? {}) }), enabled: win !== null, placeholderData: keepPreviousData });
  const series = useQueries({
    queries: win ? krs.map((k) => ({ ...trpc.okr.metric.queryOptions({ metric: k.metric, ...(k.channel ? { channel: k.channel } : {}), ...win }), placeholderData: keepPreviousData })) : [],
  });
  const seriesOf = new Map(win ? krs.map((k, i) => [k.id, series[i]?.data ?? k.series]) : []);
  const markers = win ? (windowed.data?.markers ?? data.markers).filter((mk) => mk.at.slice(0, 10) >= win.from && mk.at.slice(0, 10) <= win.to) : data.markers;
  const busy = own.isFetching || (win !== null && (windowed.isFetching || series.some((q) => q.isFetching)));
  const error = own.error ?? (win ? (windowed.error ?? series.find((q) => q.error)?.error) : null);

  return (
    <div className="stack okr-board">
      <div className="okr-range" role="group" aria-labelledby={`${uid}-range`}>
        <span id={`${uid}-range`} className="insp-label">
          {m.range}
        </span>
        {OKR_RANGES.map((r) => (
          <button key={r} type="button" className={`btn${r === range ? " btn-primary" : ""}`} aria-pressed={r === range} onClick={() => setRange(r)}>
            {m.ranges[r]}
          </button>
        ))}
        <span className="muted small" role="status">
          {busy ? m.loading : win ? fmt(m.rangeShown, { from: formatDay(win.from, locale), to: formatDay(win.to, locale) }) : m.ownPeriods}
        </span>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {fmt(m.failed, { message: error.message })}
        </p>
      )}

      {data.objectives.length === 0 && <p className="card card-pad empty">{m.noObjectives}</p>}
      {data.objectives.map((o) => (
        <section key={o.id} className="okr-board-objective" aria-labelledby={`${uid}-${o.id}`}>
          <h2 id={`${uid}-${o.id}`} className="section-title">
            {o.title}
          </h2>
          {o.description && <p className="muted">{o.description}</p>}
          {o.keyResults.length === 0 && <p className="card card-pad empty">{m.noKeyResults}</p>}
          <div className="okr-kr-cards">
            {o.keyResults.map((k) => (
              <KeyResultCard key={k.id} kr={k} series={seriesOf.get(k.id) ?? k.series} markers={markers} m={m} locale={locale} />
            ))}
          </div>
        </section>
      ))}

      <Markers markers={markers} m={m} locale={locale} />

      {data.lint.length > 0 && (
        <section className="card card-pad" aria-labelledby={`${uid}-lint`}>
          <h2 id={`${uid}-lint`} className="card-title">
            {m.lintTitle}
          </h2>
          <ul className="plain-list small">
            {data.lint.map((i, n) => (
              <li key={n}>{i.message}</li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function KeyResultCard({ kr: k, series, markers, m, locale }: { kr: KeyResultProgress; series: MetricSeries; markers: readonly PublishMarker[]; m: OkrDashboardMessages; locale: UiLocale }) {
  const id = useId();
  const v = (n: number | null | undefined) => formatMetricValue(n, k.metric, locale);
  const shown = k.progress === null ? 0 : Math.min(1, Math.max(0, k.progress));
  return (
    <article className="card okr-kr-card" aria-labelledby={`${id}-title`} data-testid={`okr-kr-${k.id}`}>
      <header className="card-header">
        <h3 id={`${id}-title`} className="card-title">
          {k.title}
        </h3>
      </header>
      <div className="card-pad okr-kr-body">
        <div>
          <dl className="kv">
            <dt>{m.current}</dt>
            <dd className="tabular">
              <strong>{v(k.current)}</strong>
            </dd>
            <dt>{m.baseline}</dt>
            <dd className="tabular">{v(k.baselineUsed)}</dd>
            <dt>{m.target}</dt>
            <dd className="tabular">{v(k.target)}</dd>
            <dt>{m.period}</dt>
            <dd>{fmt(m.periodValue, { from: k.startDate ? formatDay(k.startDate, locale) : m.open_ended, to: k.targetDate ? formatDay(k.targetDate, locale) : m.open_ended })}</dd>
            <dt>{m.channel}</dt>
            <dd>{k.channel ?? m.allChannels}</dd>
          </dl>
          <ul className="bars">
            <li>
              <span className="bar-label">{m.progress}</span>
              <span className="bar-value tabular">{fmt(m.progressOf, { progress: formatProgress(k.progress, locale) })}</span>
              <span className="bar-track" aria-hidden="true">
                <span className="bar-fill" style={{ width: `${shown * 100}%` }} />
              </span>
            </li>
          </ul>
        </div>
        <KeyResultChart kr={k} series={series} markers={markers} m={m} locale={locale} />
      </div>
    </article>
  );
}

/** The publishes and rollbacks on the time axis, as a table: which change, when, and why. */
function Markers({ markers, m, locale }: { markers: readonly PublishMarker[]; m: OkrDashboardMessages; locale: UiLocale }) {
  const id = useId();
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="okr-markers">
      <header className="card-header">
        <h2 id={`${id}-title`} className="card-title">
          {m.markersTitle}
        </h2>
      </header>
      {markers.length === 0 ? (
        <p className="card-pad empty">{m.noMarkers}</p>
      ) : (
        <div className="table-wrap">
          <table className="table table-compact">
            <thead>
              <tr>
                {[m.markerColumns.at, m.markerColumns.playbook, m.markerColumns.action, m.markerColumns.comment].map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {markers.map((mk) => (
                <tr key={`${mk.at}-${mk.playbookId}-${mk.version}`}>
                  <td>
                    <LocalTime iso={mk.at} locale={locale} />
                  </td>
                  <td>
                    <Link href={`/playbooks/${encodeURIComponent(mk.playbookId)}/versions/${mk.version}`}>{markerLabel(mk, m)}</Link>
                  </td>
                  <td>{m.actions[mk.action] ?? mk.action}</td>
                  <td>{mk.comment ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
