import Link from "next/link";
import { fmt, formatDateTime, type UiLocale } from "@/app/_i18n";
import type { Decision } from "@/schemas";
import { contextMessages } from "./messages";

/** Why a decision that is not a case's intake was taken: the event, the ladder step or the crisis change. */
export function DecisionContextCard({ decision, locale }: { decision: Decision; locale: UiLocale }) {
  const c = decision.context;
  if (!c) return null;
  const m = contextMessages[locale];
  const when = (iso: string) => formatDateTime(iso, locale);
  return (
    <section className="card card-pad" aria-labelledby="context-title" data-testid="decision-context" data-context={c.type}>
      <h2 id="context-title" className="card-title">
        {m.title}: {m.subject[decision.subject]}
      </h2>
      {c.type === "case_event" && (
        <>
          <p>{fmt(m.event, { type: c.eventType, at: when(c.occurredAt), id: c.eventId })}</p>
          {c.clocks.length === 0 ? (
            <p className="muted">{m.noClock}</p>
          ) : (
            <ul className="plain-list">
              {c.clocks.map((k) => (
                <li key={`${k.clockId}-${k.change}`}>
                  {fmt(m.clock, { metric: m.metric[k.metric], policy: k.policyId, change: m.change[k.change], used: k.elapsedMinutes, target: k.targetMinutes })}
                  {k.met !== undefined && <> ({k.met ? m.met : m.missed})</>}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {c.type === "sla_step" && (
        <p>{fmt(m.step, { step: c.stepId, at: m.at[c.at], metric: m.metric[c.metric], policy: c.policyId, due: when(c.dueAt), used: c.elapsedMinutes, target: c.targetMinutes })}</p>
      )}
      {c.type === "crisis" && (
        <>
          <p>{fmt(m.crisis, { incident: c.incidentId.slice(0, 8), playbook: c.playbookId, change: m.crisisChange[c.change], level: c.level })}</p>
          {c.windowCount !== undefined && c.threshold !== undefined && <p>{fmt(m.window, { count: c.windowCount, threshold: c.threshold })}</p>}
          {c.baseline !== undefined && <p>{fmt(m.baseline, { baseline: c.baseline })}</p>}
          {c.by !== undefined && <p>{fmt(m.by, { by: c.by, note: c.note ?? "" })}</p>}
          <Link href="/crisis">{m.openIncident}</Link>
        </>
      )}
    </section>
  );
}
