"use client";
// The live reply checker beside the form: the same checkReply the server runs, on the unsaved
// guidelines, on every keystroke. Spans are painted by a mirror of the draft behind a transparent
// textarea (same box, same font, so its <mark>s sit under the typed characters); assistive tech
// gets the same spans as the list of violations, each quoting its text.
import { useId, useMemo, useRef, useState } from "react";
import { fmt } from "@/app/_i18n";
import { checkReply } from "@/engine/tone";
import { Channel, type Locale, type TonePlaybook, type ToneViolation } from "@/schemas";
import { applyReplacement, checkable, segments } from "./logic";
import type { ToneMessages } from "./messages";

const LANGS = ["es", "en", "pt"] as const;

/** The violation in the UI's language: the guideline's own sentence filled from its params. */
export function explain(v: ToneViolation, m: ToneMessages): string {
  const params: Record<string, string | number> = { ...v.params };
  const r = params.register;
  if (v.guideline === "register" && (r === "tu" || r === "usted")) params.register = m.checker.registers[r];
  return fmt(m.explain[v.guideline], params);
}

export function CheckerPanel({ doc, m }: { doc: TonePlaybook; m: ToneMessages }) {
  const uid = useId();
  const [channel, setChannel] = useState<Channel>(doc.channels[0]?.channel ?? "whatsapp");
  const [locale, setLocale] = useState<Locale>(doc.locale);
  const [customerName, setCustomerName] = useState("");
  const [text, setText] = useState("");
  const area = useRef<HTMLTextAreaElement>(null);
  const mirror = useRef<HTMLDivElement>(null);

  const result = useMemo(
    () => (text.trim() === "" ? null : checkReply(checkable(doc), { channel, locale, text, ...(customerName.trim() ? { customerName: customerName.trim() } : {}) })),
    [doc, channel, locale, text, customerName],
  );
  const violations = result?.violations ?? [];
  const parts = useMemo(() => segments(text, violations), [text, violations]);

  function apply(v: ToneViolation) {
    const next = applyReplacement(text, v);
    setText(next);
    const caret = v.start + (v.replacement ?? "").length;
    requestAnimationFrame(() => {
      area.current?.focus();
      area.current?.setSelectionRange(caret, caret);
    });
  }

  function select(v: ToneViolation) {
    area.current?.focus();
    area.current?.setSelectionRange(v.start, v.end);
  }

  return (
    <section className="card card-pad tone-checker" aria-labelledby={`${uid}-title`} data-testid="tone-checker">
      <h2 id={`${uid}-title`} className="card-title">
        {m.checker.title}
      </h2>
      <p className="insp-hint">{m.checker.intro}</p>
      <div className="tone-grid">
        <div className="insp-field">
          <label htmlFor={`${uid}-channel`} className="insp-label">
            {m.checker.channel}
          </label>
          <select id={`${uid}-channel`} className="insp-input" value={channel} onChange={(e) => setChannel(e.currentTarget.value as Channel)}>
            {Channel.options.map((c) => (
              <option key={c} value={c}>
                {m.channels[c]}
              </option>
            ))}
          </select>
        </div>
        <div className="insp-field">
          <label htmlFor={`${uid}-locale`} className="insp-label">
            {m.checker.locale}
          </label>
          <select id={`${uid}-locale`} className="insp-input" value={locale} onChange={(e) => setLocale(e.currentTarget.value as Locale)}>
            {LANGS.map((l) => (
              <option key={l} value={l}>
                {m.languages[l]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="insp-field">
        <label htmlFor={`${uid}-name`} className="insp-label">
          {m.checker.customerName}
        </label>
        <input id={`${uid}-name`} className="insp-input" type="text" autoComplete="off" maxLength={200} value={customerName} onChange={(e) => setCustomerName(e.currentTarget.value)} />
      </div>
      <div className="insp-field">
        <label htmlFor={`${uid}-draft`} className="insp-label">
          {m.checker.draft}
        </label>
        <div className="tone-draft">
          <div className="tone-mirror" ref={mirror} aria-hidden="true" data-testid="tone-mirror">
            {parts.map((s) =>
              s.violations.length === 0 ? (
                <span key={`${s.start}-${s.end}`}>{s.text}</span>
              ) : s.start === s.end ? (
                <mark key={`p${s.start}`} className="tone-place" data-guideline={violations[s.violations[0]!]!.guideline} />
              ) : (
                <mark key={`${s.start}-${s.end}`} className={`tone-mark is-${worst(s.violations.map((i) => violations[i]!))}`} data-guideline={s.violations.map((i) => violations[i]!.guideline).join(" ")}>
                  {s.text}
                </mark>
              ),
            )}
            {/* keeps a trailing newline's line in the mirror as tall as in the textarea */}
            {"\u200b"}
          </div>
          <textarea
            id={`${uid}-draft`}
            ref={area}
            className="tone-textarea"
            rows={6}
            value={text}
            spellCheck={false}
            placeholder={m.checker.draftPlaceholder}
            aria-describedby={`${uid}-summary`}
            onChange={(e) => setText(e.currentTarget.value)}
            onScroll={(e) => {
              if (mirror.current) mirror.current.scrollTop = e.currentTarget.scrollTop;
            }}
          />
        </div>
      </div>

      <div id={`${uid}-summary`} className="tone-summary" role="status" data-testid="tone-summary">
        {!result ? (
          <p className="muted">{m.checker.empty}</p>
        ) : (
          <>
            <p className={`tone-score ${result.passed ? "is-clean" : "is-dirty"}`}>
              <span className="tone-score-value" data-testid="tone-score">
                {m.checker.score} {result.score}/100
              </span>
              {" · "}
              <span>{result.passed ? m.checker.clean : violations.length === 1 ? m.checker.countOne : fmt(m.checker.count, { n: violations.length })}</span>
            </p>
            <p className="sub">
              {fmt(m.checker.register, { register: m.checker.registers[result.register] })} · {fmt(m.checker.length, { n: result.length })}
              {result.pointOfView && <> · {fmt(m.checker.pointOfView, { text: result.pointOfView })}</>}
            </p>
          </>
        )}
      </div>

      {violations.length > 0 && (
        <ul className="plain-list tone-violations" aria-label={m.checker.violations} data-testid="tone-violations">
          {violations.map((v, i) => (
            <li key={`${v.guideline}-${v.start}-${v.end}-${i}`} className={`tone-violation is-${v.severity}`} data-guideline={v.guideline}>
              <div className="tone-violation-head">
                <strong>{m.guidelines[v.guideline]}</strong> <span className={`badge badge-${v.severity === "minor" ? "muted" : v.severity === "major" ? "warn" : "danger"}`}>{m.severities[v.severity]}</span>
              </div>
              <div>
                {explain(v, m)}{" "}
                <button type="button" className="link-quiet tone-quote" onClick={() => select(v)}>
                  {v.start === v.end ? fmt(m.checker.atPlace, { n: v.start + 1 }) : fmt(m.checker.at, { text: v.text })}
                </button>
              </div>
              {v.suggestion && <div className="sub">{fmt(m.checker.suggestion, { text: v.suggestion })}</div>}
              {v.replacement !== undefined && (
                <button type="button" className="btn tone-apply" aria-label={applyLabel(v, m)} onClick={() => apply(v)}>
                  {m.checker.apply}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Apply's name says what it does: insert at a place, remove, or replace the span. */
function applyLabel(v: ToneViolation, m: ToneMessages): string {
  const to = v.replacement ?? "";
  if (v.start === v.end) return fmt(m.checker.applyInsert, { text: to });
  if (to === "") return fmt(m.checker.applyRemove, { text: v.text });
  return fmt(m.checker.applyTo, { from: v.text, to });
}

function worst(vs: readonly ToneViolation[]): ToneViolation["severity"] {
  return vs.some((v) => v.severity === "severe") ? "severe" : vs.some((v) => v.severity === "major") ? "major" : "minor";
}
