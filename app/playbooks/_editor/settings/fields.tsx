"use client";
// Form pieces shared by the settings panels: a labelled field with its hint and issues, text and
// select fields, a tag list input and a checkbox group. Every input has a visible <label>.
import { useId, useState, type KeyboardEvent, type ReactNode } from "react";
import type { FlowIssue } from "@/schemas";
import { issueText } from "./issue-text";
import { parseList, parseNumber } from "./logic";
import { sm } from "./messages";

type Locale = "es" | "en";

export interface A11yProps {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
}

/** The issues of one field, each in words, under the field. */
export function IssueLines({ issues, locale }: { issues: readonly FlowIssue[]; locale: Locale }) {
  if (issues.length === 0) return null;
  return (
    <ul className="insp-issues">
      {issues.map((i, n) => (
        <li key={n} className={`insp-issue is-${i.severity}`}>
          {issueText(i, locale)}
        </li>
      ))}
    </ul>
  );
}

/**
 * A label, the control (given its id and descriptions), a hint and the field's problems: node
 * issues (translated here) and/or `errors` already in words.
 */
export function Field({
  label,
  hint,
  issues = [],
  errors = [],
  locale,
  children,
  className,
}: {
  label: ReactNode;
  hint?: ReactNode;
  issues?: readonly FlowIssue[];
  errors?: readonly string[];
  locale: Locale;
  children: (a11y: A11yProps) => ReactNode;
  className?: string;
}) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const issuesId = issues.length || errors.length ? `${id}-issues` : undefined;
  const describedBy = [hintId, issuesId].filter(Boolean).join(" ") || undefined;
  const invalid = errors.length > 0 || issues.some((i) => i.severity === "error");
  return (
    <div className={`insp-field${invalid ? " is-invalid" : ""}${className ? ` ${className}` : ""}`}>
      <label htmlFor={id} className="insp-label">
        {label}
      </label>
      {children({ id, ...(describedBy ? { "aria-describedby": describedBy } : {}), ...(issuesId ? { "aria-invalid": true as const } : {}) })}
      {hint && (
        <p className="insp-hint" id={hintId}>
          {hint}
        </p>
      )}
      {issuesId && (
        <ul className="insp-issues" id={issuesId}>
          {errors.map((e, n) => (
            <li key={`e${n}`} className="insp-issue is-error">
              {e}
            </li>
          ))}
          {issues.map((i, n) => (
            <li key={n} className={`insp-issue is-${i.severity}`}>
              {issueText(i, locale)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A text input (or textarea) that reports every keystroke; `suggestions` feed a datalist. */
export function TextField({
  label,
  value,
  onChange,
  locale,
  hint,
  issues,
  placeholder,
  suggestions,
  multiline,
  mono,
}: {
  label: ReactNode;
  value: string;
  onChange: (v: string) => void;
  locale: Locale;
  hint?: ReactNode;
  issues?: readonly FlowIssue[];
  placeholder?: string;
  suggestions?: readonly string[];
  multiline?: boolean;
  mono?: boolean;
}) {
  const listId = useId();
  const cls = `insp-input${mono ? " is-mono" : ""}`;
  return (
    <Field label={label} locale={locale} {...(hint ? { hint } : {})} {...(issues ? { issues } : {})}>
      {(a) =>
        multiline ? (
          <textarea {...a} className={cls} rows={3} value={value} placeholder={placeholder} onChange={(e) => onChange(e.currentTarget.value)} />
        ) : (
          <>
            <input
              {...a}
              className={cls}
              type="text"
              value={value}
              placeholder={placeholder}
              autoComplete="off"
              spellCheck={false}
              {...(suggestions?.length ? { list: listId } : {})}
              onChange={(e) => onChange(e.currentTarget.value)}
            />
            {suggestions && suggestions.length > 0 && (
              <datalist id={listId}>
                {suggestions.map((s) => (
                  <option key={s} value={s} />
                ))}
              </datalist>
            )}
          </>
        )
      }
    </Field>
  );
}

export function SelectField<V extends string>({
  label,
  value,
  options,
  onChange,
  locale,
  hint,
  issues,
  placeholder,
}: {
  label: ReactNode;
  value: V | "";
  options: readonly { value: V; label: string }[];
  onChange: (v: V) => void;
  locale: Locale;
  hint?: ReactNode;
  issues?: readonly FlowIssue[];
  /** shown (and selectable only as the initial state) when nothing is chosen */
  placeholder?: string;
}) {
  return (
    <Field label={label} locale={locale} {...(hint ? { hint } : {})} {...(issues ? { issues } : {})}>
      {(a) => (
        <select {...a} className="insp-input" value={value} onChange={(e) => onChange(e.currentTarget.value as V)}>
          {(value === "" || placeholder) && (
            <option value="" disabled>
              {placeholder ?? sm(locale).common.choose}
            </option>
          )}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/**
 * A list of short texts (tags, skills, words) or numbers as removable chips plus an input: Enter
 * or a comma adds what was typed; pasting "a, b, c" adds three; Backspace in the empty input removes
 * the last one.
 */
export function TagListInput({
  label,
  value,
  onChange,
  locale,
  hint,
  issues,
  numbers,
  suggestions,
}: {
  label: ReactNode;
  value: readonly (string | number)[];
  onChange: (v: (string | number)[]) => void;
  locale: Locale;
  hint?: ReactNode;
  issues?: readonly FlowIssue[];
  /** entries must be numbers (stored as numbers) */
  numbers?: boolean;
  suggestions?: readonly string[];
}) {
  const t = sm(locale);
  const [draft, setDraft] = useState("");
  const [error, setError] = useState<string | null>(null);
  const listId = useId();

  function commit(text: string): boolean {
    const parts = parseList(text);
    if (parts.length === 0) return true;
    const add: (string | number)[] = [];
    for (const p of parts) {
      if (numbers) {
        const n = parseNumber(p);
        if (n === null) {
          setError(t.value.notANumber);
          return false;
        }
        add.push(n);
      } else add.push(p);
    }
    setError(null);
    const next = [...value];
    for (const a of add) if (!next.includes(a)) next.push(a);
    if (next.length !== value.length) onChange(next);
    return true;
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "Enter" || e.key === ",") {
      e.preventDefault();
      if (commit(draft)) setDraft("");
    } else if (e.key === "Backspace" && draft === "" && value.length > 0) {
      onChange(value.slice(0, -1));
    }
  }

  const hintText = (
    <>
      {hint}
      {hint ? " " : ""}
      {t.common.listHint}
    </>
  );
  return (
    <Field label={label} locale={locale} hint={hintText} {...(issues ? { issues } : {})}>
      {(a) => (
        <div className="insp-tags">
          {value.length > 0 && (
            <ul className="insp-chips">
              {value.map((v, i) => (
                <li key={`${String(v)}-${i}`} className="insp-chip">
                  <span>{String(v)}</span>
                  <button
                    type="button"
                    className="insp-chip-x"
                    aria-label={`${t.common.remove} ${String(v)}`}
                    onClick={() => onChange(value.filter((_, j) => j !== i))}
                  >
                    ×
                  </button>
                </li>
              ))}
            </ul>
          )}
          <input
            {...a}
            className="insp-input"
            type="text"
            inputMode={numbers ? "decimal" : "text"}
            value={draft}
            autoComplete="off"
            {...(suggestions?.length ? { list: listId } : {})}
            onChange={(e) => {
              const v = e.currentTarget.value;
              // A paste or a typed comma: take the finished entries, keep the rest in the box.
              if (/[,\n]/.test(v)) {
                const cut = Math.max(v.lastIndexOf(","), v.lastIndexOf("\n"));
                if (commit(v.slice(0, cut))) setDraft(v.slice(cut + 1));
                else setDraft(v);
              } else setDraft(v);
            }}
            onKeyDown={onKeyDown}
            onBlur={() => {
              if (commit(draft)) setDraft("");
            }}
          />
          {suggestions && suggestions.length > 0 && (
            <datalist id={listId}>
              {suggestions.map((s) => (
                <option key={s} value={s} />
              ))}
            </datalist>
          )}
          {error && (
            <p className="insp-issue is-error" role="alert">
              {error}
            </p>
          )}
        </div>
      )}
    </Field>
  );
}

/** Several choices among known values, as checkboxes in a labelled group. */
export function CheckboxGroup<V extends string>({
  legend,
  options,
  value,
  onChange,
  locale,
  hint,
  issues = [],
  isDisabled,
}: {
  legend: ReactNode;
  options: readonly { value: V; label: string }[];
  value: readonly V[];
  onChange: (v: V[]) => void;
  locale: Locale;
  hint?: ReactNode;
  issues?: readonly FlowIssue[];
  /** options that cannot be ticked (unticking a ticked one stays possible, so bad values can be fixed) */
  isDisabled?: (v: V) => boolean;
}) {
  const id = useId();
  return (
    <fieldset className="insp-group" aria-describedby={hint ? `${id}-hint` : undefined}>
      <legend className="insp-label">{legend}</legend>
      <div className="insp-checks">
        {options.map((o) => {
          const checked = value.includes(o.value);
          return (
            <label key={o.value} className="insp-check">
              <input
                type="checkbox"
                checked={checked}
                disabled={!checked && isDisabled?.(o.value) === true}
                onChange={(e) => onChange(e.currentTarget.checked ? [...value, o.value] : value.filter((v) => v !== o.value))}
              />
              <span>{o.label}</span>
            </label>
          );
        })}
      </div>
      {hint && (
        <p className="insp-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <IssueLines issues={issues} locale={locale} />
    </fieldset>
  );
}

/** A titled block inside a panel. */
export function Section({ title, children }: { title: ReactNode; children: ReactNode }) {
  return (
    <section className="insp-section">
      <h3 className="insp-section-title">{title}</h3>
      {children}
    </section>
  );
}

/** A number input; empty means "not set" (undefined), so optional numbers can be cleared. */
export function NumberField({
  label,
  value,
  onChange,
  locale,
  hint,
  issues,
  min,
  max,
}: {
  label: ReactNode;
  value: number | undefined;
  onChange: (v: number | undefined) => void;
  locale: Locale;
  hint?: ReactNode;
  issues?: readonly FlowIssue[];
  min?: number;
  max?: number;
}) {
  return (
    <Field label={label} locale={locale} {...(hint ? { hint } : {})} {...(issues ? { issues } : {})}>
      {(a) => (
        <input
          {...a}
          className="insp-input"
          type="number"
          inputMode="numeric"
          value={value ?? ""}
          min={min}
          max={max}
          onChange={(e) => {
            const raw = e.currentTarget.value.trim();
            const n = Number(raw);
            onChange(raw === "" || !Number.isFinite(n) ? undefined : n);
          }}
        />
      )}
    </Field>
  );
}
