// Pure helpers behind the inspector forms: which value input a leaf needs, how a value is typed
// when the fact or operator changes, and which issues belong to which field. No React here.
import type { FactInfo, FactType } from "@/engine/flow";
import type { FlowIssue, JsonValue } from "@/schemas";

export type UiLocale = "es" | "en";

/** Operators whose value is a list. */
export const LIST_OPERATORS: ReadonlySet<string> = new Set(["in", "notIn", "containsAnyWord", "containsAllWords"]);
const ORDER_OPERATORS: ReadonlySet<string> = new Set(["lessThan", "lessThanInclusive", "greaterThan", "greaterThanInclusive"]);
/** Operators that compare text, whatever the fact's type. */
const TEXT_OPERATORS: ReadonlySet<string> = new Set(["containsWord", "textEquals", "matchesPattern"]);

/** The input a value needs. */
export type ValueKind = "text" | "number" | "boolean" | "select" | "list" | "multiselect" | "numberList";

/** A fact as the pickers know it: from the catalogue, or typed by hand ("other fact…"). */
export interface FactLike {
  type: FactType;
  values?: readonly string[];
}

/** The catalogue entry for a fact and path, if any. Paths compare without the leading `$.`. */
export function findFact(catalog: readonly FactInfo[], fact: string, path?: string): FactInfo | undefined {
  const p = normPath(path);
  return catalog.find((f) => f.fact === fact && normPath(f.path) === p);
}

function normPath(path: string | undefined): string {
  return (path ?? "").trim().replace(/^\$\.?/, "");
}

/** A stable key for a fact + path (select option values). */
export function factKey(f: { fact: string; path?: string | undefined }): string {
  return f.path ? `${f.fact}|${f.path}` : f.fact;
}

/** A fact not in the catalogue: its type is guessed from the value written so far. */
export function guessFact(value: unknown): FactLike {
  if (typeof value === "number") return { type: "number" };
  if (typeof value === "boolean") return { type: "boolean" };
  return { type: "string" };
}

/** The value input for a fact tested with an operator. */
export function valueKind(fact: FactLike, operator: string): ValueKind {
  const known = fact.values && fact.values.length > 0 ? fact.values : undefined;
  if (LIST_OPERATORS.has(operator)) {
    if (known && (operator === "in" || operator === "notIn")) return "multiselect";
    if (fact.type === "number" && (operator === "in" || operator === "notIn")) return "numberList";
    return "list";
  }
  if (ORDER_OPERATORS.has(operator)) return fact.type === "datetime" ? "text" : "number";
  if (TEXT_OPERATORS.has(operator)) return "text";
  if (fact.type === "boolean" && (operator === "equal" || operator === "notEqual")) return "boolean";
  if (fact.type === "number" && (operator === "equal" || operator === "notEqual")) return "number";
  if (known) return "select";
  return "text";
}

/** Parses a number as people type it: `12`, `-3.5`, `1,5` (decimal comma). Anything else is null. */
export function parseNumber(text: string): number | null {
  const s = text.trim();
  if (!/^-?\d+(?:[.,]\d+)?$/.test(s)) return null;
  const n = Number(s.replace(",", "."));
  return Number.isFinite(n) ? n : null;
}

/** Comma- or line-separated entries, trimmed, empty ones dropped, each once. */
export function parseList(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(/[,\n]/)) {
    const s = part.trim();
    if (s && !out.includes(s)) out.push(s);
  }
  return out;
}

function scalarText(v: JsonValue | undefined): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return "";
}

/**
 * The current value typed for a (new) value kind, keeping what still makes sense: `"vip"` becomes
 * `["vip"]` when the operator turns into `in`, `["12"]` becomes `12` for `greaterThan`, a value
 * not among the fact's known values is dropped. Fact references (`{ fact }`) are kept as they are.
 */
export function coerceValue(value: JsonValue | undefined, kind: ValueKind, known?: readonly string[]): JsonValue {
  if (isFactReference(value)) return value;
  const asList: JsonValue[] = Array.isArray(value) ? value : value === undefined || value === null || value === "" ? [] : [value];
  switch (kind) {
    case "list":
      return unique(asList.map(scalarText).filter((s) => s !== ""));
    case "multiselect":
      return unique(asList.map(scalarText).filter((s) => s !== "" && (!known || known.includes(s))));
    case "numberList":
      return unique(asList.map((v) => (typeof v === "number" ? v : parseNumber(scalarText(v)))).filter((n): n is number => n !== null));
    case "number": {
      const first = asList[0];
      if (typeof first === "number") return first;
      return parseNumber(scalarText(first)) ?? "";
    }
    case "boolean": {
      const first = asList[0];
      return first === true || first === "true";
    }
    case "select": {
      const s = scalarText(asList[0]);
      return known && !known.includes(s) ? "" : s;
    }
    case "text":
      return scalarText(asList[0]);
  }
}

function unique<T>(xs: T[]): T[] {
  return xs.filter((x, i) => xs.indexOf(x) === i);
}

export function isFactReference(v: unknown): v is { fact: string; path?: string } {
  return typeof v === "object" && v !== null && !Array.isArray(v) && typeof (v as { fact?: unknown }).fact === "string";
}

/** The operator to keep after the fact changed: the current one when still offered, else the first offered. */
export function keepOperator(current: string, offered: readonly string[]): string {
  if (current && (offered.includes(current) || current.includes(":"))) return current;
  return offered[0] ?? "equal";
}

// ---------------------------------------------------------------------------------------------
// Issues next to their field. The validator writes paths like `condition.all[0].fact`; zod-style
// `condition.all.0.fact` is read the same.

export function normalizeIssuePath(path: string | undefined): string {
  return (path ?? "").replace(/\.(\d+)(?=\.|\[|$)/g, "[$1]");
}

/** Issues whose path is exactly `path`. */
export function issuesAt(issues: readonly FlowIssue[], path: string): FlowIssue[] {
  return issues.filter((i) => normalizeIssuePath(i.path) === path);
}

/** Issues whose path is `path` or lies under it (`path.x`, `path[0]`). */
export function issuesUnder(issues: readonly FlowIssue[], path: string): FlowIssue[] {
  return issues.filter((i) => {
    const p = normalizeIssuePath(i.path);
    return p === path || p.startsWith(`${path}.`) || p.startsWith(`${path}[`);
  });
}

/** A new id not among `taken` (switch cases: ids are never reused, since handles are `case:<id>`). */
export function freshId(prefix: string, taken: Iterable<string>, random: () => number = Math.random): string {
  const used = new Set(taken);
  for (;;) {
    const id = `${prefix}${Math.floor(random() * 36 ** 6)
      .toString(36)
      .padStart(6, "0")}`;
    if (!used.has(id)) return id;
  }
}

/** Values already used by nodes of one kind in this document (datalist suggestions: queues, teams, policies…). */
export function usedValues<T>(nodes: readonly { type: string; data: unknown }[], type: string, pick: (data: T) => readonly (string | undefined)[] | string | undefined): string[] {
  const out = new Set<string>();
  for (const n of nodes) {
    if (n.type !== type) continue;
    const v = pick(n.data as T);
    for (const x of Array.isArray(v) ? v : [v]) if (x) out.add(x);
  }
  return [...out].sort();
}
