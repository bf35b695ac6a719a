import { Badge } from "@/app/_components/badges";
import { fmt, formatDateTime, type UiLocale } from "@/app/_i18n";
import type { SlaClock } from "@/schemas";
import { slaMessages } from "./messages";

/** A case's SLA clocks: what each measures, how much of its target is used, and when it breaches. */
export function SlaPanel({ clocks, locale }: { clocks: readonly SlaClock[]; locale: UiLocale }) {
  const m = slaMessages[locale];
  const time = (iso: string) => (
    <time dateTime={iso} suppressHydrationWarning>
      {formatDateTime(iso, locale)}
    </time>
  );
  return (
    <section className="card card-pad" aria-labelledby="sla-title" data-testid="sla-panel">
      <h2 id="sla-title" className="card-title">
        {m.title}
      </h2>
      {clocks.length === 0 ? (
        <p className="muted">{m.none}</p>
      ) : (
        <ul className="plain-list">
          {clocks.map((c) => (
            <li key={c.id} data-metric={c.metric} data-status={c.status}>
              <strong>{m.metric[c.metric]}</strong>{" "}
              {c.status === "stopped" ? <Badge tone={c.met ? "ok" : "danger"}>{c.met ? m.met : m.missed}</Badge> : c.breachedAt ? <Badge tone="danger">{m.breached}</Badge> : <Badge>{m.status[c.status]}</Badge>}
              <div className="sub">
                {fmt(m.used, { used: Math.floor(c.elapsedMinutes), target: c.targetMinutes })} · {c.time === "business" ? fmt(m.business, { calendar: c.calendarId ?? "—" }) : m.calendar}
              </div>
              <div className="sub">
                {c.breachedAt ? (
                  <>
                    {m.breachedAt} {time(c.breachedAt)}
                  </>
                ) : c.dueAt ? (
                  <>
                    {m.dueAt} {time(c.dueAt)}
                  </>
                ) : c.stoppedAt ? (
                  <>
                    {m.stoppedAt} {time(c.stoppedAt)}
                  </>
                ) : null}
              </div>
              <div className="sub">{fmt(m.policy, { policy: c.policyId, playbook: c.playbookId })}</div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
