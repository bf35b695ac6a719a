"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import { Badge, ChannelTag, PriorityBadge } from "@/app/_components/badges";
import { LocalTime } from "@/app/_components/local-time";
import { fmt, type UiLocale } from "@/app/_i18n";
import { useI18n } from "@/app/_i18n/client";
import { useCan } from "@/app/_server/auth/session-client";
import { useTRPC } from "@/app/_trpc/client";
import type { ProtocolPhase } from "@/schemas";
import type { CrisisDashboard, CrisisIncident, CrisisIncidentDetail } from "@/schemas/crisis";
import { crisisText, type CrisisMessages } from "./messages";
import { VolumeChart } from "./volume-chart";
import "./crisis.css";

const POLL_MS = 3000;
const PHASES: readonly ProtocolPhase[] = ["identification", "quantification", "mitigation", "reporting"];

function LevelBadge({ level, name, m }: { level: number; name?: string; m: CrisisMessages }) {
  return <Badge tone={level >= 2 ? "danger" : "warn"}>{name ? fmt(m.levelNamed, { level, name }) : fmt(m.level, { level })}</Badge>;
}

function CaseLink({ id, m }: { id: string; m: CrisisMessages }) {
  return (
    <Link href={`/cases/${id}`} className="link-quiet tabular" aria-label={fmt(m.openCase, { id })}>
      {id.slice(0, 8)}
    </Link>
  );
}

/** The dashboard: server-rendered first, then polled so a new incident or breach appears without a reload. */
export function CrisisBoard({ initial }: { initial: CrisisDashboard }) {
  const { locale } = useI18n();
  const m = crisisText(locale);
  const trpc = useTRPC();
  const board = useQuery({ ...trpc.crisis.dashboard.queryOptions(), initialData: initial, refetchInterval: POLL_MS, refetchIntervalInBackground: false, staleTime: 0 });
  const data = board.data;
  const canManage = useCan("crisis.manage");

  // Say it when a new incident appears (not on the first render).
  const known = useRef(new Set(initial.active.map((i) => i.id)));
  const [announce, setAnnounce] = useState("");
  useEffect(() => {
    const added = data.active.filter((i) => !known.current.has(i.id));
    for (const i of data.active) known.current.add(i.id);
    if (added[0]) setAnnounce(fmt(m.newIncident, { name: added[0].playbookName, level: added[0].level }));
  }, [data.active, m]);

  return (
    <div className="stack crisis-board">
      <p className="sr-only" role="status" aria-live="polite">
        {announce}
      </p>
      <section aria-labelledby="crisis-active">
        <h2 id="crisis-active" className="section-title">
          {m.activeTitle}
        </h2>
        {data.active.length === 0 ? (
          <p className="card card-pad empty">{m.noActive}</p>
        ) : (
          data.active.map((i) => <IncidentCard key={i.id} incident={i} canManage={canManage} m={m} locale={locale} />)
        )}
      </section>
      <RecentIncidents items={data.recent} m={m} locale={locale} />
      <div className="grid-2-1 crisis-sla">
        <Breaches items={data.breaches} m={m} locale={locale} />
        <Escalations items={data.escalations} m={m} locale={locale} />
      </div>
    </div>
  );
}

function IncidentCard({ incident: i, canManage, m, locale }: { incident: CrisisIncidentDetail; canManage: boolean; m: CrisisMessages; locale: UiLocale }) {
  const id = useId();
  return (
    <article className="card crisis-incident" aria-labelledby={`${id}-title`}>
      <header className="card-header">
        <h3 id={`${id}-title`} className="card-title">
          {i.playbookName}
        </h3>
        <LevelBadge level={i.level} name={i.levelName} m={m} />
      </header>
      <div className="card-pad crisis-incident-body">
        <dl className="kv crisis-facts">
          <dt>{m.detector}</dt>
          <dd>{i.detectorName}</dd>
          <dt>{m.raisedAt}</dt>
          <dd>
            <LocalTime iso={i.raisedAt} locale={locale} />
          </dd>
          <dt>{m.windowCount}</dt>
          <dd className="tabular">{fmt(m.windowCountValue, { n: i.windowCount, minutes: i.windowMinutes })}</dd>
          <dt>{m.endsAt}</dt>
          <dd>{i.endsAt ? <LocalTime iso={i.endsAt} locale={locale} /> : m.noEnd}</dd>
          {i.caseId && (
            <>
              <dt>{m.firstCase}</dt>
              <dd>
                <CaseLink id={i.caseId} m={m} />
              </dd>
            </>
          )}
        </dl>
        <VolumeChart incident={i} m={m} locale={locale} />
      </div>
      <Checklist incident={i} canManage={canManage} m={m} locale={locale} />
      {canManage ? <ResolveForm incident={i} m={m} /> : <p className="card-footer small muted">{m.readOnly}</p>}
    </article>
  );
}

function Checklist({ incident: i, canManage, m, locale }: { incident: CrisisIncidentDetail; canManage: boolean; m: CrisisMessages; locale: UiLocale }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const id = useId();
  // What the person just ticked shows at once and stays until the refreshed dashboard says so (a
  // controlled checkbox would otherwise flip back while the request is on its way).
  const [ticked, setTicked] = useState<Record<string, boolean>>({});
  const set = useMutation(
    trpc.crisis.setChecklistItem.mutationOptions({
      onSettled: async (_d, _e, v) => {
        await qc.invalidateQueries({ queryKey: trpc.crisis.dashboard.queryKey() });
        setTicked(({ [v.itemId]: _done, ...rest }) => rest);
      },
    }),
  );
  return (
    <section className="card-pad crisis-checklist" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`} className="mini-title">
        {m.checklistTitle} · <span className="muted">{fmt(m.checklistProgress, { done: i.checklistDone, total: i.checklistTotal })}</span>
      </h4>
      {PHASES.map((phase) => {
        const items = i.checklist.filter((c) => c.phase === phase);
        if (items.length === 0) return null;
        return (
          <fieldset key={phase} className="crisis-phase">
            <legend>{m.phases[phase]}</legend>
            <ul className="plain-list">
              {items.map((c) => {
                const pending = set.isPending && set.variables?.itemId === c.itemId;
                return (
                  <li key={c.itemId} className={c.doneAt ? "crisis-item is-done" : "crisis-item"}>
                    <input
                      id={`${id}-${c.itemId}`}
                      type="checkbox"
                      checked={ticked[c.itemId] ?? c.doneAt !== null}
                      disabled={!canManage || pending}
                      aria-describedby={`${id}-${c.itemId}-meta`}
                      onChange={(e) => {
                        const done = e.target.checked;
                        setTicked((t) => ({ ...t, [c.itemId]: done }));
                        set.mutate({ id: i.id, itemId: c.itemId, done });
                      }}
                    />
                    <div>
                      <label htmlFor={`${id}-${c.itemId}`}>{c.title}</label>
                      <p id={`${id}-${c.itemId}-meta`} className="small muted">
                        {fmt(m.owner, { owner: c.owner })}
                        {c.doneAt && c.doneBy && (
                          <>
                            {" · "}
                            {fmt(m.doneBy, { who: c.doneBy })} · <LocalTime iso={c.doneAt} locale={locale} />
                          </>
                        )}
                        {c.note && <> · {c.note}</>}
                      </p>
                    </div>
                  </li>
                );
              })}
            </ul>
          </fieldset>
        );
      })}
      {set.error && (
        <p className="form-error" role="alert">
          {fmt(m.failed, { message: set.error.message })}
        </p>
      )}
    </section>
  );
}

function ResolveForm({ incident, m }: { incident: CrisisIncident; m: CrisisMessages }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const id = useId();
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const resolve = useMutation(
    trpc.crisis.resolve.mutationOptions({
      onSuccess: () => qc.invalidateQueries({ queryKey: trpc.crisis.dashboard.queryKey() }),
      onError: (e) => setError(fmt(m.failed, { message: e.message })),
    }),
  );
  return (
    <form
      className="card-footer crisis-resolve"
      aria-labelledby={`${id}-title`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (note.trim().length < 3) {
          setError(m.noteRequired);
          return;
        }
        setError(null);
        resolve.mutate({ id: incident.id, note: note.trim() });
      }}
    >
      <h4 id={`${id}-title`} className="mini-title">
        {m.resolveTitle}
      </h4>
      <label htmlFor={`${id}-note`}>{m.resolveNote}</label>
      <textarea
        id={`${id}-note`}
        rows={2}
        value={note}
        maxLength={2000}
        required
        aria-required="true"
        aria-invalid={error !== null}
        aria-describedby={`${id}-hint${error ? ` ${id}-err` : ""}`}
        onChange={(e) => setNote(e.target.value)}
      />
      <p id={`${id}-hint`} className="small muted">
        {m.resolveHint}
      </p>
      {error && (
        <p id={`${id}-err`} className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="btn btn-primary" disabled={resolve.isPending}>
          {resolve.isPending ? m.resolving : m.resolve}
        </button>
      </div>
    </form>
  );
}

/** A card holding one table, or a line saying it is empty. */
function TableCard({ id, title, empty, columns, rows, children }: { id: string; title: string; empty: string; columns: string[]; rows: number; children: React.ReactNode }) {
  return (
    <section className="card" aria-labelledby={id}>
      <header className="card-header">
        <h2 id={id} className="card-title">
          {title}
        </h2>
      </header>
      {rows === 0 ? (
        <p className="card-pad empty">{empty}</p>
      ) : (
        <div className="table-wrap">
          <table className="table table-compact">
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>{children}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function RecentIncidents({ items, m, locale }: { items: CrisisIncident[]; m: CrisisMessages; locale: UiLocale }) {
  return (
    <TableCard id="crisis-recent" title={m.recentTitle} empty={m.noRecent} columns={[m.columns.level, m.columns.detector, m.columns.raised, m.columns.ended, m.columns.status, m.columns.checklist, m.columns.note]} rows={items.length}>
      {items.map((i) => (
        <tr key={i.id}>
          <td>
            <LevelBadge level={i.level} m={m} />
          </td>
          <td>
            {i.detectorName}
            <div className="small muted">{i.playbookName}</div>
          </td>
          <td>
            <LocalTime iso={i.raisedAt} locale={locale} />
          </td>
          <td>{i.endedAt ? <LocalTime iso={i.endedAt} locale={locale} /> : "—"}</td>
          <td>
            <Badge tone={i.status === "resolved" ? "ok" : "muted"}>{m.status[i.status]}</Badge>
            {i.resolvedBy && <div className="small muted">{i.resolvedBy}</div>}
          </td>
          <td className="tabular">{fmt(m.checklistProgress, { done: i.checklistDone, total: i.checklistTotal })}</td>
          <td>{i.resolution ?? "—"}</td>
        </tr>
      ))}
    </TableCard>
  );
}

function Breaches({ items, m, locale }: { items: CrisisDashboard["breaches"]; m: CrisisMessages; locale: UiLocale }) {
  return (
    <TableCard id="crisis-breaches" title={m.breachesTitle} empty={m.noBreaches} columns={[m.breachColumns.case, m.breachColumns.channel, m.breachColumns.policy, m.breachColumns.metric, m.breachColumns.at]} rows={items.length}>
      {items.map((b) => (
        <tr key={b.clockId}>
          <td>
            <CaseLink id={b.caseId} m={m} />
          </td>
          <td>
            <ChannelTag channel={b.channel} />
          </td>
          <td>{b.policyId}</td>
          <td>{(m.metrics as Record<string, string>)[b.metric] ?? b.metric}</td>
          <td>
            <LocalTime iso={b.breachedAt} locale={locale} />
          </td>
        </tr>
      ))}
    </TableCard>
  );
}

function Escalations({ items, m, locale }: { items: CrisisDashboard["escalations"]; m: CrisisMessages; locale: UiLocale }) {
  const { t } = useI18n();
  return (
    <TableCard id="crisis-escalations" title={m.escalationsTitle} empty={m.noEscalations} columns={[m.escalationColumns.case, m.escalationColumns.step, m.escalationColumns.at, m.escalationColumns.queue, m.escalationColumns.priority]} rows={items.length}>
      {items.map((e) => {
        const step = e.context?.type === "sla_step" ? e.context : null;
        return (
          <tr key={e.decisionId}>
            <td>{e.caseId ? <CaseLink id={e.caseId} m={m} /> : "—"}</td>
            <td>
              {step ? (
                <>
                  {m.steps[step.at]} · {m.metrics[step.metric]}
                  <div className="small muted">{step.policyId}</div>
                </>
              ) : (
                "—"
              )}
            </td>
            <td>
              <LocalTime iso={e.decidedAt} locale={locale} />
            </td>
            <td>{e.queue ?? "—"}</td>
            <td>
              <PriorityBadge priority={e.priority} t={t} />
            </td>
          </tr>
        );
      })}
    </TableCard>
  );
}
