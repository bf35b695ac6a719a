// The parts of escalation and crisis playbooks that are not rules: SLA policies, business calendars
// (with the year's closed days, computed on the server from date-holidays) and the ladder; detectors
// and crisis levels. Server components: the holiday data never reaches the browser.
import { fmt, type UiLocale } from "@/app/_i18n";
import { closedDaysOf, compileCalendar, DEFAULT_WARNING_PERCENT } from "@/engine";
import { WEEKDAYS, type CrisisPlaybook, type EscalationPlaybook } from "@/schemas";
import { kindMessages } from "./messages";

export function EscalationPanels({ doc, locale, year }: { doc: EscalationPlaybook; locale: UiLocale; year: number }) {
  const m = kindMessages[locale];
  return (
    <>
      <section className="card card-pad" aria-labelledby="sla-policies-title">
        <h2 id="sla-policies-title" className="card-title">
          {m.policies}
        </h2>
        {doc.slaPolicies.length === 0 && <p className="muted">{m.noPolicies}</p>}
        <ul className="plain-list">
          {doc.slaPolicies.map((p) => (
            <li key={p.id}>
              <strong>{p.name}</strong> <code className="sub">{p.id}</code>
              <div className="sub">{p.time === "business" ? fmt(m.business, { calendar: p.calendar ?? "—" }) : m.calendarTime}</div>
              <ul className="plain-list sub">
                {p.targets.map((tg, i) => (
                  <li key={i}>
                    {fmt(m.target, { who: [...tg.channels, ...tg.priorities].join(", ") || m.anyCase, first: tg.firstResponseMinutes })}
                    {tg.nextResponseMinutes !== undefined && fmt(m.next, { n: tg.nextResponseMinutes })}
                    {tg.resolutionMinutes !== undefined && fmt(m.resolution, { n: tg.resolutionMinutes })}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </section>

      {doc.steps.length > 0 && (
        <section className="card card-pad" aria-labelledby="ladder-title">
          <h2 id="ladder-title" className="card-title">
            {m.steps}
          </h2>
          <ol className="plain-list">
            {doc.steps.map((s) => (
              <li key={s.id}>
                {fmt(m.step[s.at], { percent: s.percent ?? DEFAULT_WARNING_PERCENT, minutes: s.minutes ?? 0, metric: m.metric[s.metric] })} <code className="sub">{s.id}</code>
              </li>
            ))}
          </ol>
        </section>
      )}

      {doc.calendars.map((c) => {
        const closed = closedDaysOf(compileCalendar(c), year);
        return (
          <section key={c.id} className="card card-pad" aria-labelledby={`calendar-${c.id}`}>
            <h2 id={`calendar-${c.id}`} className="card-title">
              {m.calendars}: {c.name}
            </h2>
            <p className="sub">
              <code>{c.id}</code> · {c.timeZone} · {c.country ? fmt(m.holidaysOf, { country: c.country }) : m.noHolidays}
            </p>
            <dl className="facts-list">
              {WEEKDAYS.map((d) => (
                <div key={d} style={{ display: "contents" }}>
                  <dt>{new Intl.DateTimeFormat(locale, { weekday: "long", timeZone: "UTC" }).format(new Date(Date.UTC(2024, 0, 1 + WEEKDAYS.indexOf(d))))}</dt>
                  <dd>{c.hours[d]?.length ? c.hours[d]!.map((r) => `${r.from}–${r.to}`).join(", ") : m.closed}</dd>
                </div>
              ))}
            </dl>
            <h3 className="sub">{fmt(m.closedDays, { year })}</h3>
            {closed.length === 0 ? (
              <p className="muted">{m.noClosedDays}</p>
            ) : (
              <ul className="plain-list sub" data-testid={`closed-days-${c.id}`}>
                {closed.map((d) => (
                  <li key={`${d.date}-${d.name}`}>
                    <time dateTime={d.date}>{d.date}</time> {d.name}
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </>
  );
}

export function CrisisPanels({ doc, locale }: { doc: CrisisPlaybook; locale: UiLocale }) {
  const m = kindMessages[locale];
  return (
    <>
      <section className="card card-pad" aria-labelledby="detectors-title">
        <h2 id="detectors-title" className="card-title">
          {m.detectors}
        </h2>
        <ul className="plain-list">
          {doc.detectors.map((d) => (
            <li key={d.id}>
              <strong>{d.name}</strong> <code className="sub">{d.id}</code>
              <div className="sub">{fmt(m.window, { minutes: d.windowMinutes })}</div>
              {d.levels.map((l) => (
                <div key={l.level} className="sub">
                  {fmt(m.threshold, { level: l.level, threshold: l.threshold, unit: d.mode === "relative" ? fmt(m.relative, { min: d.minCases }) : m.absolute })}
                </div>
              ))}
              {Object.entries(d.keywords).map(([lang, words]) => (
                <div key={lang} className="sub">
                  {fmt(m.keywords, { locale: lang, words: (words ?? []).join(", ") })}
                </div>
              ))}
              {d.minFollowers !== undefined && <div className="sub">{fmt(m.followers, { n: d.minFollowers })}</div>}
            </li>
          ))}
        </ul>
      </section>
      <section className="card card-pad" aria-labelledby="levels-title">
        <h2 id="levels-title" className="card-title">
          {m.levels}
        </h2>
        <ul className="plain-list">
          {doc.levels.map((l) => (
            <li key={l.level}>
              <strong>
                {l.level} · {l.name}
              </strong>
              <div className="sub">{l.durationMinutes !== undefined ? fmt(m.duration, { minutes: l.durationMinutes }) : m.noDuration}</div>
              {l.notify.length > 0 && <div className="sub">{fmt(m.notify, { targets: l.notify.join(", ") })}</div>}
              <div className="sub">{fmt(m.protocol, { n: l.protocol.length })}</div>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
