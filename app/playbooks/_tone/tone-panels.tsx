// A tone playbook on its page and its versions' pages: the guidelines in short (personality, the
// lists, the rules per channel, the banned phrases, the approval rules). Server component.
import { fmt, type UiLocale } from "@/app/_i18n";
import type { TonePlaybook, ToneRules } from "@/schemas";
import { toneMessages, type ToneMessages } from "./messages";

const DIMENSIONS = ["sincerity", "excitement", "competence", "sophistication", "ruggedness"] as const;
const LISTS = ["whoWeAre", "whoWeAreNot", "do", "dont"] as const;

/** The rules a row sets, in words; fields left to the defaults are not mentioned. */
function rulesText(r: ToneRules, m: ToneMessages): string {
  const yn = (b: boolean) => (b ? m.yesNo.yes : m.yesNo.no).toLowerCase();
  const parts: string[] = [];
  if (r.register) parts.push(m.rules.registers[r.register]);
  if (r.maxLength !== undefined) parts.push(fmt(m.panels.maxLength, { n: r.maxLength }));
  if (r.emoji !== undefined) parts.push(r.emoji ? m.panels.emojiOk : m.panels.noEmoji);
  if (r.greeting !== undefined) parts.push(`${m.panels.greeting}: ${yn(r.greeting)}`);
  if (r.signOff !== undefined) parts.push(`${m.panels.signOff}: ${yn(r.signOff)}`);
  if (r.customerName !== undefined) parts.push(`${m.panels.customerName}: ${yn(r.customerName)}`);
  return parts.join(" · ") || m.panels.noRules;
}

export function TonePanels({ doc, locale }: { doc: TonePlaybook; locale: UiLocale }) {
  const m = toneMessages[locale];
  const rated = DIMENSIONS.filter((k) => doc.personality[k] !== undefined);
  return (
    <div className="grid-2-1" data-testid="tone-panels">
      <section className="card card-pad" aria-labelledby="tone-rules-title">
        <h2 id="tone-rules-title" className="card-title">
          {m.panels.rules}
        </h2>
        <dl className="facts-list">
          <dt>{m.panels.allChannels}</dt>
          <dd>{rulesText(doc.defaults, m)}</dd>
          {doc.channels.map((c) => (
            <div key={c.channel} style={{ display: "contents" }}>
              <dt>{m.channels[c.channel]}</dt>
              <dd>
                {c.pointOfView && <div>«{c.pointOfView}»{c.identity && <span className="sub"> · {m.dimensions[c.identity].name}</span>}</div>}
                <div className="sub">{rulesText(c, m)}</div>
              </dd>
            </div>
          ))}
        </dl>
        <h3 className="mini-title">{m.panels.banned}</h3>
        {doc.bannedPhrases.length === 0 ? (
          <p className="muted">{m.noPhrases}</p>
        ) : (
          <ul className="plain-list">
            {doc.bannedPhrases.map((p, i) => (
              <li key={i}>
                <strong>«{p.phrase}»</strong>
                {p.suggestion && <> {fmt(m.panels.instead, { text: p.suggestion })}</>}
                <div className="sub">
                  {m.categories[p.category]} · {m.severities[p.severity]}
                  {p.locale && <> · {m.languages[p.locale]}</>}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
      <aside className="side-panels">
        <section className="card card-pad" aria-labelledby="tone-personality-title">
          <h2 id="tone-personality-title" className="card-title">
            {m.panels.personality}
          </h2>
          {rated.length === 0 ? (
            <p className="muted">{m.panels.noPersonality}</p>
          ) : (
            <ul className="bars">
              {rated.map((k) => (
                <li key={k} title={m.dimensions[k].hint}>
                  <span className="bar-label">{m.dimensions[k].name}</span>
                  <span className="bar-value">{doc.personality[k]} / 5</span>
                  <span className="bar-track" aria-hidden="true">
                    <span className="bar-fill" style={{ width: `${((doc.personality[k] ?? 0) / 5) * 100}%` }} />
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
        {LISTS.some((k) => doc[k].length > 0) && (
          <section className="card card-pad" aria-labelledby="tone-lists-title">
            <h2 id="tone-lists-title" className="card-title">
              {m.panels.lists}
            </h2>
            <dl className="facts-list">
              {LISTS.filter((k) => doc[k].length > 0).map((k) => (
                <div key={k} style={{ display: "contents" }}>
                  <dt>{m.lists[k].name}</dt>
                  <dd>{doc[k].join(" · ")}</dd>
                </div>
              ))}
            </dl>
          </section>
        )}
        {doc.rules.length > 0 && (
          <section className="card card-pad" aria-labelledby="tone-approval-title">
            <h2 id="tone-approval-title" className="card-title">
              {m.panels.approval}
            </h2>
            <ul className="plain-list">
              {doc.rules.map((r) => (
                <li key={r.id}>
                  {r.name} <code className="sub">{r.id}</code>
                </li>
              ))}
            </ul>
          </section>
        )}
      </aside>
    </div>
  );
}
