"use client";
// A backtest (what-if) of a playbook's saved draft or one of its versions: the newest N stored
// cases decided again, compared with what the published version decides for them. The run is a
// worker thread on the server; this panel starts it, polls its progress (~500 ms), can cancel it,
// and shows the summary, the baseline it compared against and the cases that change. Earlier
// backtests of the playbook can be reopened.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { PriorityBadge } from "@/app/_components/badges";
import { fmt, formatDateTime, type Messages } from "@/app/_i18n";
import { useI18n } from "@/app/_i18n/client";
import { useCan } from "@/app/_server/auth/session-client";
import { useTRPC } from "@/app/_trpc/client";
import { Channel } from "@/schemas";
import { BACKTEST_FIELDS, BACKTEST_MAX_CASES, type BacktestChange, type BacktestField, type BacktestInfo, type BacktestOutcome } from "@/schemas/lifecycle";
import { backtestMessages, formatCount, type BacktestMessages } from "./messages";
import "./backtest.css";

type Locale = "es" | "en";
export type BacktestSource = { draft: true } | { version: number };

export interface BacktestPanelProps {
  playbookId: string;
  source: BacktestSource;
  /** runs before a start (the editor saves its draft: the backtest tries the saved one); false stops the start */
  beforeStart?: () => Promise<boolean>;
}

const POLL_MS = 500;
const PAGE = 50;
const DEFAULT_LIMIT = 10_000;

const isActive = (b: BacktestInfo) => (b.status === "queued" || b.status === "running") && !b.stale;

/** A failed tRPC call's message and the server's data (errorFormatter: issues, details such as backtestId). */
function errorInfo(e: unknown): { message: string; code?: string; backtestId?: string } {
  const err = e as { message?: string; data?: { code?: string; backtestId?: unknown } | null };
  const id = err?.data?.backtestId;
  return { message: err?.message ?? String(e), code: err?.data?.code, backtestId: typeof id === "string" ? id : undefined };
}

/** A date field (local day) as the instant it starts; `endOfDay` gives the next day's start (the range's end is exclusive). */
function dayStart(value: string, endOfDay = false): string | undefined {
  if (!value) return undefined;
  const [y, m, d] = value.split("-").map(Number);
  if (!y || !m || !d) return undefined;
  return new Date(y, m - 1, d + (endOfDay ? 1 : 0)).toISOString();
}

export function BacktestPanel({ playbookId, source, beforeStart }: BacktestPanelProps) {
  const { locale, t: tg } = useI18n();
  const t = backtestMessages[locale];
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canRun = useCan("playbooks.backtest");
  const titleId = useId();
  const [selected, setSelected] = useState<string | null>(null);

  const list = useQuery(trpc.backtests.list.queryOptions({ playbookId }));
  // The published version now, to say when the one a backtest compared against has been replaced.
  const versions = useQuery(trpc.versions.list.queryOptions({ id: playbookId }));
  const current = useQuery({
    ...trpc.backtests.get.queryOptions({ id: selected ?? "" }),
    enabled: selected !== null,
    refetchInterval: (q) => (q.state.data && isActive(q.state.data) ? POLL_MS : false),
  });

  // On open: follow a run of this playbook in progress, else show the newest one of this source.
  const picked = useRef(false);
  useEffect(() => {
    if (picked.current || !list.data) return;
    picked.current = true;
    const same = (b: BacktestInfo) => ("draft" in source ? "draft" in b.source : "version" in b.source && b.source.version === source.version);
    const pick = list.data.find(isActive) ?? list.data.find(same);
    if (pick) setSelected(pick.id);
  }, [list.data, source]);

  // A run that ends changes the list (its status and result).
  const status = current.data?.status;
  useEffect(() => {
    if (status && status !== "queued" && status !== "running") void queryClient.invalidateQueries(trpc.backtests.list.queryFilter({ playbookId }));
  }, [status, playbookId, queryClient, trpc]);

  const onStarted = (b: BacktestInfo) => {
    queryClient.setQueryData(trpc.backtests.get.queryKey({ id: b.id }), b);
    setSelected(b.id);
    void queryClient.invalidateQueries(trpc.backtests.list.queryFilter({ playbookId }));
  };

  const bt = current.data ?? null;
  return (
    <section className="bt" aria-labelledby={titleId} data-testid="backtest-panel">
      <h2 id={titleId} className="bt-title">
        {t.title}
      </h2>
      <p className="bt-help">{"draft" in source ? t.introDraft : fmt(t.introVersion, { n: source.version })}</p>
      {canRun ? <StartForm playbookId={playbookId} source={source} beforeStart={beforeStart} onStarted={onStarted} onFollow={setSelected} t={t} locale={locale} /> : <p className="bt-help">{t.noPermission}</p>}
      {bt && <Run bt={bt} publishedVersion={versions.data ? versions.data.publishedVersion : undefined} canCancel={canRun} t={t} tg={tg} locale={locale} />}
      <History items={list.data ?? []} selected={selected} onSelect={setSelected} t={t} locale={locale} />
    </section>
  );
}

// ---------------------------------------------------------------------------------------------
// The form

function StartForm(p: {
  playbookId: string;
  source: BacktestSource;
  beforeStart?: () => Promise<boolean>;
  onStarted: (b: BacktestInfo) => void;
  onFollow: (id: string) => void;
  t: BacktestMessages;
  locale: Locale;
}) {
  const { t } = p;
  const trpc = useTRPC();
  const ids = useId();
  const [limit, setLimit] = useState(String(DEFAULT_LIMIT));
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [channels, setChannels] = useState<ReadonlySet<Channel>>(new Set());
  const [problem, setProblem] = useState<{ text: string; follow?: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const start = useMutation(
    trpc.backtests.start.mutationOptions({
      onSuccess: (b) => {
        setProblem(null);
        p.onStarted(b);
      },
      onError: (e) => {
        const info = errorInfo(e);
        if (info.code === "CONFLICT" && info.backtestId) setProblem({ text: t.alreadyRunning, follow: info.backtestId });
        else setProblem({ text: fmt(t.failedToStart, { message: info.message }) });
      },
    }),
  );

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const n = Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > BACKTEST_MAX_CASES) return setProblem({ text: fmt(t.badLimit, { max: formatCount(BACKTEST_MAX_CASES, p.locale) }) });
    const fromIso = dayStart(from);
    const toIso = dayStart(to, true);
    if (fromIso && toIso && toIso <= fromIso) return setProblem({ text: t.badRange });
    setProblem(null);
    if (p.beforeStart) {
      setSaving(true);
      const ok = await p.beforeStart().finally(() => setSaving(false));
      if (!ok) return setProblem({ text: t.notSaved });
    }
    start.mutate({ playbookId: p.playbookId, request: { source: p.source, limit: n, ...(fromIso ? { from: fromIso } : {}), ...(toIso ? { to: toIso } : {}), channels: [...channels] } });
  };

  const toggle = (c: Channel) =>
    setChannels((s) => {
      const next = new Set(s);
      if (next.has(c)) next.delete(c);
      else next.add(c);
      return next;
    });

  return (
    <form className="bt-form" onSubmit={(e) => void submit(e)} noValidate>
      <label className="bt-field">
        <span>{t.limit}</span>
        <input
          className="bt-input"
          type="number"
          inputMode="numeric"
          min={1}
          max={BACKTEST_MAX_CASES}
          step={1}
          value={limit}
          onChange={(e) => setLimit(e.target.value)}
          aria-describedby={`${ids}-limit`}
          data-testid="backtest-limit"
        />
        <span id={`${ids}-limit`} className="bt-help">
          {fmt(t.limitHelp, { max: formatCount(BACKTEST_MAX_CASES, p.locale) })}
        </span>
      </label>
      <div className="bt-dates">
        <label className="bt-field">
          <span>{t.from}</span>
          <input className="bt-input" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label className="bt-field">
          <span>{t.to}</span>
          <input className="bt-input" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
      </div>
      <fieldset className="bt-channels">
        <legend>{t.channels}</legend>
        {Channel.options.map((c) => (
          <label key={c} className={`chip bt-chip${channels.has(c) ? " is-on" : ""}`}>
            <input type="checkbox" checked={channels.has(c)} onChange={() => toggle(c)} />
            {c}
          </label>
        ))}
        <span className="bt-help">{t.channelsHelp}</span>
      </fieldset>
      <div className="bt-actions">
        <button type="submit" className="btn btn-primary" disabled={saving || start.isPending} data-testid="backtest-run">
          {saving ? t.saving : start.isPending ? t.starting : t.run}
        </button>
      </div>
      {problem && (
        <div className="inline-alert" role="alert">
          <p>{problem.text}</p>
          {problem.follow && (
            <button type="button" className="btn" onClick={() => (p.onFollow(problem.follow!), setProblem(null))}>
              {t.follow}
            </button>
          )}
        </div>
      )}
    </form>
  );
}

// ---------------------------------------------------------------------------------------------
// One run: progress, states, results

function Run({ bt, publishedVersion, canCancel, t, tg, locale }: { bt: BacktestInfo; publishedVersion: number | null | undefined; canCancel: boolean; t: BacktestMessages; tg: Messages; locale: Locale }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const cancel = useMutation(
    trpc.backtests.cancel.mutationOptions({
      onSuccess: (b) => queryClient.setQueryData(trpc.backtests.get.queryKey({ id: b.id }), b),
    }),
  );
  const running = bt.status === "queued" || bt.status === "running";
  const n = (x: number) => formatCount(x, locale);
  return (
    <div className="bt-run" data-testid="backtest-run-state" data-status={bt.stale ? "stale" : bt.status} aria-busy={isActive(bt)}>
      {running && <Progress bt={bt} t={t} locale={locale} />}
      {bt.stale && (
        <p className="inline-alert" role="alert">
          {t.stale}
        </p>
      )}
      {running && canCancel && (
        <div className="bt-actions">
          <button type="button" className="btn" onClick={() => cancel.mutate({ id: bt.id })} disabled={cancel.isPending} data-testid="backtest-cancel">
            {cancel.isPending ? t.cancelling : t.cancel}
          </button>
          {cancel.isError && (
            <span className="bt-danger" role="alert">
              {fmt(t.cancelFailed, { message: cancel.error.message })}
            </span>
          )}
        </div>
      )}
      {bt.status === "failed" && (
        <p className="inline-alert" role="alert">
          {fmt(t.failed, { message: bt.error ?? "?" })}
        </p>
      )}
      {bt.status === "cancelled" && (
        <p className="bt-note" role="status">
          {fmt(t.cancelled, { done: n(bt.processed), total: n(bt.total) })}
        </p>
      )}
      {(bt.status === "done" || bt.status === "cancelled") && <Result bt={bt} publishedVersion={publishedVersion} t={t} tg={tg} locale={locale} />}
    </div>
  );
}

function Progress({ bt, t, locale }: { bt: BacktestInfo; t: BacktestMessages; locale: Locale }) {
  const known = bt.status === "running" && bt.total > 0;
  const text = known ? fmt(t.progress, { done: formatCount(bt.processed, locale), total: formatCount(bt.total, locale) }) : bt.status === "queued" ? t.queued : t.counting;
  const pct = known ? Math.min(100, (bt.processed / bt.total) * 100) : 0;
  return (
    <div className="bt-progress-wrap">
      <div
        className={`bt-progress${known ? "" : " is-indeterminate"}`}
        role="progressbar"
        aria-label={t.progressLabel}
        aria-valuemin={0}
        aria-valuemax={known ? bt.total : undefined}
        aria-valuenow={known ? bt.processed : undefined}
        aria-valuetext={text}
        data-testid="backtest-progress"
      >
        <span className="bt-progress-fill" style={{ width: `${pct}%` }} />
      </div>
      <p className="bt-progress-text" aria-hidden="true">
        {text}
        {known && ` · ${Math.floor(pct)} %`}
      </p>
    </div>
  );
}

function Result({ bt, publishedVersion, t, tg, locale }: { bt: BacktestInfo; publishedVersion: number | null | undefined; t: BacktestMessages; tg: Messages; locale: Locale }) {
  const s = bt.summary;
  const n = (x: number) => formatCount(x, locale);
  const pct = s.compared ? `${((s.changed / s.compared) * 100).toLocaleString(locale === "es" ? "es-MX" : "en-US", { maximumFractionDigits: 1 })} %` : "0 %";
  const fields = BACKTEST_FIELDS.filter((f) => s.byField[f] > 0);
  const top = Math.max(1, ...fields.map((f) => s.byField[f]));
  const date = (iso: string) => formatDateTime(iso, locale, { dateStyle: "medium" });
  const scope = [
    fmt(t.scope, { limit: n(bt.params.limit) }),
    bt.params.from && fmt(t.scopeFrom, { date: date(bt.params.from) }),
    bt.params.to && fmt(t.scopeTo, { date: date(bt.params.to) }),
    bt.params.channels.length > 0 && fmt(t.scopeChannels, { list: bt.params.channels.join(", ") }),
  ].filter(Boolean);
  const moved = publishedVersion !== undefined && (publishedVersion ?? null) !== (bt.baseline?.version ?? null);
  return (
    <section className="bt-result" aria-label={t.resultTitle} data-testid="backtest-result">
      <dl className="bt-stats">
        <div>
          <dt>{t.compared}</dt>
          <dd data-testid="backtest-compared">{n(s.compared)}</dd>
        </div>
        <div>
          <dt>{t.changed}</dt>
          <dd>
            <span data-testid="backtest-changed">{n(s.changed)}</span> <span className="bt-help">{fmt(t.share, { pct })}</span>
          </dd>
        </div>
        <div title={t.errorsHelp}>
          <dt>{t.errors}</dt>
          <dd className={s.errors ? "bt-danger" : undefined} data-testid="backtest-errors">
            {n(s.errors)}
          </dd>
        </div>
      </dl>
      <p className="bt-note" data-testid="backtest-baseline">
        {bt.baseline ? fmt(t.baseline, { n: bt.baseline.version }) : t.noBaseline}{" "}
        {moved && <strong className="bt-warn">{publishedVersion === null ? t.baselineGone : fmt(t.baselineMoved, { n: publishedVersion ?? 0 })}</strong>}
      </p>
      <p className="bt-help">
        {"draft" in bt.source ? fmt(t.tried.draft, { n: bt.source.revision }) : fmt(t.tried.version, { n: bt.source.version })} {scope.join(" · ")}.{" "}
        {fmt(t.by, { who: bt.createdBy, time: formatDateTime(bt.createdAt, locale, { dateStyle: "medium", timeStyle: "short" }) })}
      </p>

      {s.changed === 0 ? (
        <p className="empty">{t.noChanges}</p>
      ) : (
        <>
          <h3 className="bt-subtitle">{t.byField}</h3>
          <ul className="bars" data-testid="backtest-by-field">
            {fields.map((f) => (
              <li key={f} data-field={f}>
                <span className="bar-label">{t.fields[f]}</span>
                <span className="bar-value">{n(s.byField[f])}</span>
                <span className="bar-track" aria-hidden="true">
                  <span className="bar-fill" style={{ width: `${Math.max(3, (s.byField[f] / top) * 100)}%` }} />
                </span>
              </li>
            ))}
          </ul>
          {s.queueMoves.length > 0 && (
            <>
              <h3 className="bt-subtitle">{t.queueMoves}</h3>
              <ul className="plain-list bt-moves" data-testid="backtest-moves">
                {s.queueMoves.map((mv) => (
                  <li key={`${mv.from}>${mv.to}`}>
                    <span className="queue">{mv.from ?? t.noQueue}</span> → <span className="queue">{mv.to ?? t.noQueue}</span> <strong>{fmt(t.times, { n: n(mv.count) })}</strong>
                  </li>
                ))}
              </ul>
            </>
          )}
          <ChangedCases id={bt.id} fields={fields} t={t} tg={tg} locale={locale} />
        </>
      )}
    </section>
  );
}

// ---------------------------------------------------------------------------------------------
// The cases that change

function ChangedCases({ id, fields, t, tg, locale }: { id: string; fields: BacktestField[]; t: BacktestMessages; tg: Messages; locale: Locale }) {
  const trpc = useTRPC();
  const [field, setField] = useState<BacktestField | "">("");
  const pages = useInfiniteQuery(trpc.backtests.changes.infiniteQueryOptions({ id, limit: PAGE, ...(field ? { field } : {}) }, { getNextPageParam: (p) => p.nextCursor ?? undefined }));
  const items = pages.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="bt-cases" aria-labelledby={`${id}-cases`}>
      <div className="bt-cases-head">
        <h3 id={`${id}-cases`} className="bt-subtitle">
          {t.casesTitle}
        </h3>
        <label className="bt-field bt-inline">
          <span>{t.filter}</span>
          <select className="bt-input" value={field} onChange={(e) => setField(e.target.value as BacktestField | "")} data-testid="backtest-field-filter">
            <option value="">{t.allFields}</option>
            {fields.map((f) => (
              <option key={f} value={f}>
                {t.fields[f]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {pages.isPending && <p className="bt-help">{t.loading}</p>}
      {pages.isSuccess && items.length === 0 && <p className="empty">{t.noneForField}</p>}
      <ol className="bt-case-list" data-testid="backtest-cases">
        {items.map((c) => (
          <CaseRow key={c.caseId} c={c} only={field || null} t={t} tg={tg} locale={locale} />
        ))}
      </ol>
      {pages.hasNextPage && (
        <button type="button" className="btn" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage} data-testid="backtest-more">
          {pages.isFetchingNextPage ? t.loading : t.loadMore}
        </button>
      )}
    </section>
  );
}

function CaseRow({ c, only, t, tg, locale }: { c: BacktestChange; only: BacktestField | null; t: BacktestMessages; tg: Messages; locale: Locale }) {
  const shown = only ? c.fields.filter((f) => f === only) : c.fields;
  return (
    <li className="bt-case" data-case={c.caseId}>
      <div className="bt-case-head">
        <Link href={`/cases/${encodeURIComponent(c.caseId)}`} aria-label={fmt(t.openCase, { id: c.externalId })}>
          <code>{c.externalId}</code>
        </Link>
        <span className={`channel channel-${c.channel}`}>
          <span className="channel-dot" aria-hidden="true" />
          {c.channel}
        </span>
        <time className="sub" dateTime={c.receivedAt}>
          {formatDateTime(c.receivedAt, locale, { dateStyle: "short", timeStyle: "short" })}
        </time>
      </div>
      <dl className="bt-case-changes">
        {shown.map((f) => (
          <div key={f} data-field={f}>
            <dt>{t.fields[f]}</dt>
            <dd>
              <del>
                <OutcomeValue field={f} o={c.before} t={t} tg={tg} />
              </del>{" "}
              <span aria-hidden="true">→</span>{" "}
              <ins>
                <OutcomeValue field={f} o={c.after} t={t} tg={tg} />
              </ins>
            </dd>
          </div>
        ))}
      </dl>
    </li>
  );
}

function OutcomeValue({ field, o, t, tg }: { field: BacktestField; o: BacktestOutcome; t: BacktestMessages; tg: Messages }) {
  const v = o[field];
  if (field === "priority" && typeof v === "string") return <PriorityBadge priority={v} t={tg} />;
  if (Array.isArray(v)) return <>{v.length ? v.join(", ") : t.empty}</>;
  return <>{v ?? t.empty}</>;
}

// ---------------------------------------------------------------------------------------------
// Earlier runs

function History({ items, selected, onSelect, t, locale }: { items: BacktestInfo[]; selected: string | null; onSelect: (id: string) => void; t: BacktestMessages; locale: Locale }) {
  const n = (x: number) => formatCount(x, locale);
  return (
    <section className="bt-history" aria-label={t.historyTitle}>
      <h3 className="bt-subtitle">{t.historyTitle}</h3>
      {items.length === 0 ? (
        <p className="bt-help">{t.historyEmpty}</p>
      ) : (
        <ol className="bt-history-list" data-testid="backtest-history">
          {items.map((b) => {
            const src = "draft" in b.source ? fmt(t.sourceDraft, { n: b.source.revision }) : fmt(t.sourceVersion, { n: b.source.version });
            const state = b.stale ? "stale" : b.status;
            return (
              <li key={b.id}>
                <button type="button" className={`bt-history-item${b.id === selected ? " is-selected" : ""}`} aria-pressed={b.id === selected} onClick={() => onSelect(b.id)}>
                  <span className={`badge bt-status is-${state}`}>{t.status[state]}</span>
                  <span>{fmt(t.historyItem, { source: src, time: formatDateTime(b.createdAt, locale, { dateStyle: "short", timeStyle: "short" }) })}</span>
                  {b.status === "done" && <span className="sub">{fmt(t.historyResult, { changed: n(b.summary.changed), compared: n(b.summary.compared) })}</span>}
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
