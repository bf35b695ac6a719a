// An OKR playbook on its page: the objectives and their key results in words (metric, from baseline
// to target, the period), with the way to its dashboard and to the form editor.
import Link from "next/link";
import { fmt, type UiLocale } from "@/app/_i18n";
import type { OkrPlaybook } from "@/schemas/playbook";
import { formatMetricValue } from "./format";
import { okrText } from "./messages";
import "./okr.css";

export function OkrSetPanel({ doc, locale, canEdit }: { doc: OkrPlaybook; locale: UiLocale; canEdit: boolean }) {
  const m = okrText(locale);
  const id = encodeURIComponent(doc.id);
  return (
    <section className="card" aria-labelledby="okr-set-title">
      <header className="card-header">
        <h2 id="okr-set-title" className="card-title">
          {m.set.title}
        </h2>
        <div className="button-row">
          <Link href={`/okr/${id}`} className="btn btn-primary">
            {m.set.dashboard}
          </Link>
          {canEdit && (
            <Link href={`/playbooks/${id}/edit`} className="btn">
              {m.set.edit}
            </Link>
          )}
        </div>
      </header>
      <div className="card-pad">
        {doc.objectives.length === 0 && <p className="muted">{m.set.empty}</p>}
        {doc.objectives.map((o) => (
          <article key={o.id} className="okr-set-objective" aria-labelledby={`okr-set-${o.id}`}>
            <h3 id={`okr-set-${o.id}`}>{o.title}</h3>
            {o.description && <p className="sub">{o.description}</p>}
            <ul className="plain-list">
              {o.keyResults.map((k) => (
                <li key={k.id}>
                  <strong>{k.title}</strong>
                  <div className="sub">
                    {k.baseline === undefined
                      ? fmt(m.set.measureNoBaseline, { metric: m.metrics[k.metric], target: formatMetricValue(k.target, k.metric, locale) })
                      : fmt(m.set.measure, { metric: m.metrics[k.metric], baseline: formatMetricValue(k.baseline, k.metric, locale), target: formatMetricValue(k.target, k.metric, locale) })}
                    {k.channel && ` · ${fmt(m.set.onChannel, { channel: k.channel })}`}
                    {(k.startDate || k.targetDate) && ` · ${fmt(m.set.period, { from: k.startDate ?? "…", to: k.targetDate ?? "…" })}`}
                  </div>
                </li>
              ))}
            </ul>
          </article>
        ))}
      </div>
    </section>
  );
}
