"use client";
// FactPicker, OperatorSelect and ValueInput: the three fields of a leaf condition (and of a switch),
// driven by the fact catalogue (engine/flow) so operators and value inputs fit the fact's type.
import { FACT_CATALOG, factsFor, operatorsFor, type FactInfo, type FactType } from "@/engine/flow";
import { useEditor } from "../store";
import type { FlowIssue, JsonValue } from "@/schemas";
import { useEffect, useState } from "react";
import { CheckboxGroup, Field, TagListInput, type A11yProps } from "./fields";
import { coerceValue, factKey, findFact, guessFact, isFactReference, keepOperator, parseNumber, valueKind, type FactLike } from "./logic";
import { sm } from "./messages";

type Locale = "es" | "en";
type Group = "case" | "customer" | "analysis" | "attributes" | "sla" | "crisis";

const OTHER = "__other__";

function groupOf(f: FactInfo): Group {
  if (f.fact.startsWith("sla.")) return "sla";
  if (f.fact.startsWith("crisis.")) return "crisis";
  if (f.fact === "customer" || f.fact === "customerTier" || f.fact === "country" || f.fact === "region") return "customer";
  if (f.fact === "sentiment" || f.fact === "keywords" || f.fact === "normalizedText" || f.fact === "language") return "analysis";
  if (f.fact === "attributes") return "attributes";
  return "case";
}
const GROUPS: readonly Group[] = ["sla", "crisis", "case", "customer", "analysis", "attributes"];

/** The catalogue entry a fact + path is shown as: exact, or an object fact (`attributes`) with a path of one's own. */
export function pickedFact(fact: string, path?: string): { info: FactInfo | undefined; objectEntry: FactInfo | undefined } {
  const info = findFact(FACT_CATALOG, fact, path);
  if (info) return { info, objectEntry: undefined };
  const objectEntry = FACT_CATALOG.find((f) => f.fact === fact && !f.path && f.type === "object");
  return { info: undefined, objectEntry };
}

/** What the pickers know about a fact: its catalogue entry, or a guess from the value. */
export function factLike(fact: string, path: string | undefined, value: unknown): FactLike {
  const { info } = pickedFact(fact, path);
  if (info && info.type !== "object") return info;
  return guessFact(value);
}

/** Operators offered for a fact: the catalogue's for its type; text and number ones for a fact typed by hand. */
export function operatorsForFact(fact: string, path: string | undefined): readonly string[] {
  const { info } = pickedFact(fact, path);
  if (info) return operatorsFor(info.type);
  const seen = new Set<string>();
  return [...operatorsFor("string"), ...operatorsFor("number")].filter((o) => (seen.has(o) ? false : (seen.add(o), true)));
}

/**
 * Picks a fact from the grouped catalogue, or "other fact…" to type a fact name and a path.
 * Calls `onChange(fact, path, info)`; the caller adapts operator and value.
 */
export function FactPicker({
  fact,
  path,
  onChange,
  locale,
  label,
  issues = [],
  pathIssues = [],
}: {
  fact: string;
  path: string | undefined;
  onChange: (fact: string, path: string | undefined, type: FactType | undefined) => void;
  locale: Locale;
  label?: string;
  issues?: readonly FlowIssue[];
  pathIssues?: readonly FlowIssue[];
}) {
  const t = sm(locale);
  // sla.* facts are offered in escalation flows, crisis.* in crisis flows
  const catalog = factsFor(useEditor((s) => s.doc.kind));
  const { info, objectEntry } = pickedFact(fact, path);
  // "Other fact…" stays chosen while a name is typed, even one that happens to be in the list.
  const [typing, setTyping] = useState(false);
  const selected = typing ? OTHER : info ? factKey(info) : objectEntry ? factKey(objectEntry) : fact ? OTHER : "";
  const showOther = selected === OTHER;
  const showPath = showOther || objectEntry !== undefined || info?.type === "object";
  return (
    <div className="insp-fact">
      <Field label={label ?? t.fact.label} locale={locale} issues={issues}>
        {(a) => (
          <select
            {...a}
            className="insp-input"
            value={selected}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setTyping(v === OTHER);
              if (v === OTHER) return onChange(fact && !info ? fact : "", fact && !info ? path : undefined, undefined);
              const picked = FACT_CATALOG.find((f) => factKey(f) === v);
              if (!picked) return;
              // An object fact (attributes) keeps the path typed so far; it needs one.
              if (picked.type === "object") return onChange(picked.fact, path && picked.fact === fact ? path : "$.", "object");
              onChange(picked.fact, picked.path, picked.type);
            }}
          >
            {selected === "" && (
              <option value="" disabled>
                {t.common.choose}
              </option>
            )}
            {GROUPS.filter((g) => catalog.some((f) => groupOf(f) === g)).map((g) => (
              <optgroup key={g} label={t.fact.groups[g]}>
                {catalog.filter((f) => groupOf(f) === g).map((f) => (
                  <option key={factKey(f)} value={factKey(f)}>
                    {f.label[locale]}
                  </option>
                ))}
              </optgroup>
            ))}
            <optgroup label={t.fact.groups.other}>
              <option value={OTHER}>{t.fact.other}</option>
            </optgroup>
          </select>
        )}
      </Field>
      {showOther && (
        <Field label={t.fact.otherFact} locale={locale}>
          {(a) => (
            <input
              {...a}
              className="insp-input is-mono"
              type="text"
              value={fact}
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => onChange(e.currentTarget.value, path, undefined)}
            />
          )}
        </Field>
      )}
      {showPath && (
        <Field label={t.fact.otherPath} hint={t.fact.otherPathHint} locale={locale} issues={pathIssues}>
          {(a) => (
            <input
              {...a}
              className="insp-input is-mono"
              type="text"
              value={path ?? ""}
              placeholder="$.plan"
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => onChange(fact, e.currentTarget.value || undefined, undefined)}
            />
          )}
        </Field>
      )}
    </div>
  );
}

/** The operators offered for the fact's type, in words; an operator outside them (a decorator such as `not:in`) stays listed. */
export function OperatorSelect({
  operator,
  offered,
  onChange,
  locale,
  issues = [],
}: {
  operator: string;
  offered: readonly string[];
  onChange: (op: string) => void;
  locale: Locale;
  issues?: readonly FlowIssue[];
}) {
  const t = sm(locale);
  const list = operator && !offered.includes(operator) ? [...offered, operator] : offered;
  return (
    <Field label={t.operator.label} locale={locale} issues={issues}>
      {(a) => (
        <select {...a} className="insp-input" value={operator} onChange={(e) => onChange(e.currentTarget.value)}>
          {!operator && (
            <option value="" disabled>
              {t.common.choose}
            </option>
          )}
          {list.map((op) => (
            <option key={op} value={op}>
              {t.operator.names[op] ?? `${op} ${offered.includes(op) ? "" : t.operator.custom}`.trim()}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** The operator to keep when the fact changes, and the value typed for the new fact and operator. */
export function adaptLeaf(
  leaf: { fact: string; path?: string; operator: string; value: JsonValue },
  next: { fact: string; path: string | undefined },
): { operator: string; value: JsonValue } {
  const offered = operatorsForFact(next.fact, next.path);
  const operator = keepOperator(leaf.operator, offered);
  const f = factLike(next.fact, next.path, leaf.value);
  return { operator, value: coerceValue(leaf.value, valueKind(f, operator), f.values) };
}

/**
 * The value of a leaf, with the input its fact and operator call for: a select or checkboxes for
 * known values, a number input, a yes/no checkbox, a word list, or text. Values are stored typed
 * (numbers as numbers, lists as arrays). "Compare with another fact" turns it into `{ fact, path }`.
 */
export function ValueInput({
  fact,
  operator,
  value,
  onChange,
  locale,
  issues = [],
  label,
  allowFactReference = true,
}: {
  fact: FactLike;
  operator: string;
  value: JsonValue;
  onChange: (v: JsonValue) => void;
  locale: Locale;
  issues?: readonly FlowIssue[];
  label?: string;
  /** offer "compare with another fact" (leaf conditions; not switch cases) */
  allowFactReference?: boolean;
}) {
  const t = sm(locale);
  const kind = valueKind(fact, operator);
  const isRef = isFactReference(value);
  const refToggle = allowFactReference && (
    <label className="insp-check insp-ref-toggle">
      <input
        type="checkbox"
        checked={isRef}
        onChange={(e) => onChange(e.currentTarget.checked ? { fact: "" } : coerceValue(undefined, kind, fact.values))}
      />
      <span>{t.value.compareFact}</span>
    </label>
  );
  if (isRef) {
    const ref = value as { fact: string; path?: string };
    return (
      <div className="insp-value">
        {refToggle}
        <FactPicker
          fact={ref.fact}
          path={ref.path}
          label={t.value.refFact}
          locale={locale}
          issues={issues}
          onChange={(f, p) => onChange(p ? { fact: f, path: p } : { fact: f })}
        />
      </div>
    );
  }
  const label1 = label ?? t.value.label;
  let input;
  switch (kind) {
    case "multiselect":
      input = (
        <KnownValues
          label={label ?? t.value.values}
          known={fact.values ?? []}
          value={Array.isArray(value) ? value.map(String) : []}
          onChange={onChange}
          locale={locale}
          issues={issues}
        />
      );
      break;
    case "list":
    case "numberList":
      input = (
        <TagListInput
          label={label ?? t.value.values}
          value={Array.isArray(value) ? (value.filter((v) => typeof v === "string" || typeof v === "number") as (string | number)[]) : []}
          onChange={onChange}
          locale={locale}
          issues={issues}
          numbers={kind === "numberList"}
        />
      );
      break;
    case "number":
      input = (
        <Field label={label1} hint={t.value.number} locale={locale} issues={issues}>
          {(a) => <NumberInput a11y={a} value={typeof value === "number" ? value : null} onChange={(n) => onChange(n ?? "")} locale={locale} />}
        </Field>
      );
      break;
    case "boolean":
      input = (
        <Field label={label1} locale={locale} issues={issues} className="is-inline">
          {(a) => (
            <span className="insp-check">
              <input {...a} type="checkbox" checked={value === true} onChange={(e) => onChange(e.currentTarget.checked)} />
              <span>{t.value.trueLabel}</span>
            </span>
          )}
        </Field>
      );
      break;
    case "select":
      input = (
        <Field label={label1} locale={locale} issues={issues}>
          {(a) => (
            <select {...a} className="insp-input" value={typeof value === "string" ? value : ""} onChange={(e) => onChange(e.currentTarget.value)}>
              <option value="" disabled>
                {t.common.choose}
              </option>
              {(fact.values ?? []).map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          )}
        </Field>
      );
      break;
    case "text":
      input = (
        <Field label={label1} locale={locale} issues={issues} {...(operator === "matchesPattern" ? { hint: t.value.pattern } : {})}>
          {(a) => (
            <input
              {...a}
              className={`insp-input${operator === "matchesPattern" ? " is-mono" : ""}`}
              type="text"
              autoComplete="off"
              value={typeof value === "string" ? value : value === null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value)}
              onChange={(e) => onChange(e.currentTarget.value)}
            />
          )}
        </Field>
      );
      break;
  }
  return (
    <div className="insp-value">
      {input}
      {refToggle}
    </div>
  );
}

/** Several of a fact's known values (channels, tiers, languages…), as checkboxes in a labelled group. */
export function KnownValues({
  label,
  known,
  value,
  onChange,
  locale,
  issues = [],
}: {
  label: string;
  known: readonly string[];
  value: readonly string[];
  onChange: (v: string[]) => void;
  locale: Locale;
  issues?: readonly FlowIssue[];
}) {
  // Imported values outside the known list stay listed so they can be unticked.
  const options = [...known, ...value.filter((v) => !known.includes(v))];
  return (
    <CheckboxGroup
      legend={label}
      options={options.map((o) => ({ value: o, label: o }))}
      value={value}
      onChange={(v) => onChange(options.filter((o) => v.includes(o)))}
      locale={locale}
      issues={issues}
    />
  );
}

/**
 * A number box that lets people type freely ("-", "2,") and reports a number only when the text
 * is one; an unfinished entry is flagged rather than silently dropped.
 */
export function NumberInput({ a11y, value, onChange, locale }: { a11y: A11yProps; value: number | null; onChange: (n: number | null) => void; locale: Locale }) {
  const [text, setText] = useState(value === null ? "" : String(value));
  // Follow outside changes (undo, another field) unless they are what this box already shows.
  useEffect(() => {
    setText((cur) => (parseNumber(cur) === value || (cur.trim() === "" && value === null) ? cur : value === null ? "" : String(value)));
  }, [value]);
  const bad = text.trim() !== "" && parseNumber(text) === null;
  return (
    <>
      <input
        {...a11y}
        className="insp-input"
        type="text"
        inputMode="decimal"
        autoComplete="off"
        value={text}
        {...(bad ? { "aria-invalid": true } : {})}
        onChange={(e) => {
          const v = e.currentTarget.value;
          setText(v);
          const n = parseNumber(v);
          if (n !== null) onChange(n);
          else if (v.trim() === "") onChange(null);
        }}
      />
      {bad && (
        <p className="insp-issue is-error" role="alert">
          {sm(locale).value.notANumber}
        </p>
      )}
    </>
  );
}
