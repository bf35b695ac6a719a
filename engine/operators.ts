// Operators: json-rules-engine 7.3.1's defaults and decorators, reproduced exactly (validators
// included), plus Pauta's accent-insensitive text operators (documented in engine/FACTS.md).
import { normalizeText, tokenize } from "./text";

export type OperatorFn = (factValue: unknown, jsonValue: unknown) => boolean;

/** jre's Operator.evaluate: `validator(factValue) && cb(factValue, jsonValue)`. */
function op(cb: (a: any, b: any) => boolean, validator?: (a: unknown) => boolean): OperatorFn {
  return validator ? (a, b) => validator(a) && cb(a, b) : cb;
}

// jre: `Number.parseFloat(factValue).toString() !== 'NaN'` (so "5abc" and [5] pass, then compare with JS coercion).
const numberValidator = (a: unknown) => Number.parseFloat(a as string).toString() !== "NaN";

export const DEFAULT_OPERATORS: Readonly<Record<string, OperatorFn>> = Object.freeze({
  equal: op((a, b) => a === b),
  notEqual: op((a, b) => a !== b),
  in: op((a, b) => b.indexOf(a) > -1),
  notIn: op((a, b) => b.indexOf(a) === -1),
  contains: op((a, b) => a.indexOf(b) > -1, Array.isArray),
  doesNotContain: op((a, b) => a.indexOf(b) === -1, Array.isArray),
  lessThan: op((a, b) => a < b, numberValidator),
  lessThanInclusive: op((a, b) => a <= b, numberValidator),
  greaterThan: op((a, b) => a > b, numberValidator),
  greaterThanInclusive: op((a, b) => a >= b, numberValidator),
});

type Decorator = { cb: (a: any, b: any, next: OperatorFn) => boolean; validator?: (a: unknown) => boolean };

export const DEFAULT_DECORATORS: Readonly<Record<string, Decorator>> = Object.freeze({
  someFact: { cb: (a, b, next) => a.some((fv: unknown) => next(fv, b)), validator: Array.isArray },
  someValue: { cb: (a, b, next) => b.some((jv: unknown) => next(a, jv)) },
  everyFact: { cb: (a, b, next) => a.every((fv: unknown) => next(fv, b)), validator: Array.isArray },
  everyValue: { cb: (a, b, next) => b.every((jv: unknown) => next(a, jv)) },
  swap: { cb: (a, b, next) => next(b, a) },
  not: { cb: (a, b, next) => !next(a, b) },
});

// ---------------------------------------------------------------------------------------------
// Text operators. A prepared value is computed once per rule when the value is a constant.

/** Per-run memo of tokenised fact texts (texts are re-read by many rules of one decision). */
export type TextCache = Map<string, { tokens: string[]; set: Set<string> }>;

function textOf(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return v.filter((x) => typeof x === "string" || typeof x === "number").join(" ");
  return undefined;
}

function tokensOf(v: unknown, cache?: TextCache): { tokens: string[]; set: Set<string> } | undefined {
  const s = textOf(v);
  if (s === undefined) return undefined;
  let hit = cache?.get(s);
  if (!hit) {
    const tokens = tokenize(s);
    hit = { tokens, set: new Set(tokens) };
    cache?.set(s, hit);
  }
  return hit;
}

type Phrase = string[];
const phraseOf = (v: unknown): Phrase => (typeof v === "string" || typeof v === "number" ? tokenize(String(v)) : []);
const phrasesOf = (v: unknown): Phrase[] => (Array.isArray(v) ? v.map(phraseOf) : [phraseOf(v)]).filter((p) => p.length > 0);

function hasPhrase(t: { tokens: string[]; set: Set<string> }, p: Phrase): boolean {
  if (p.length === 0) return false;
  if (!t.set.has(p[0]!)) return false;
  if (p.length === 1) return true;
  const toks = t.tokens;
  outer: for (let i = 0; i + p.length <= toks.length; i++) {
    for (let j = 0; j < p.length; j++) if (toks[i + j] !== p[j]) continue outer;
    return true;
  }
  return false;
}

export interface TextOperator {
  prepare(value: unknown): unknown;
  run(factValue: unknown, prepared: unknown, cache?: TextCache): boolean;
}

const REGEX_FLAGS = "i";

export const TEXT_OPERATORS: Readonly<Record<string, TextOperator>> = Object.freeze({
  containsWord: {
    prepare: phraseOf,
    run: (a, p, cache) => {
      const t = tokensOf(a, cache);
      return t !== undefined && hasPhrase(t, p as Phrase);
    },
  },
  containsAnyWord: {
    prepare: phrasesOf,
    run: (a, ps, cache) => {
      const t = tokensOf(a, cache);
      return t !== undefined && (ps as Phrase[]).some((p) => hasPhrase(t, p));
    },
  },
  containsAllWords: {
    prepare: phrasesOf,
    run: (a, ps, cache) => {
      const t = tokensOf(a, cache);
      return t !== undefined && (ps as Phrase[]).length > 0 && (ps as Phrase[]).every((p) => hasPhrase(t, p));
    },
  },
  textEquals: {
    prepare: (v) => (textOf(v) === undefined ? undefined : normalizeText(textOf(v)!)),
    run: (a, p) => {
      const s = textOf(a);
      return s !== undefined && p !== undefined && normalizeText(s) === p;
    },
  },
  matchesPattern: {
    // The RegExp is built lazily by run(): an invalid pattern must fail at evaluation time, as a rule error.
    prepare: (v) => v,
    run: (a, pattern, cache) => {
      const s = textOf(a);
      if (typeof pattern !== "string") throw new Error(`matchesPattern needs a regular expression as text, got ${JSON.stringify(pattern)}`);
      let re: RegExp;
      try {
        re = new RegExp(pattern, REGEX_FLAGS);
      } catch (e) {
        throw new Error(`invalid pattern ${JSON.stringify(pattern)}: ${(e as Error).message}`);
      }
      void cache;
      if (s === undefined) return false;
      return re.test(s) || re.test(normalizeText(s));
    },
  },
});

/** The text operators as plain (factValue, value) functions: how they are registered into json-rules-engine. */
export const TEXT_OPERATOR_FNS: Readonly<Record<string, OperatorFn>> = Object.freeze(
  Object.fromEntries(Object.entries(TEXT_OPERATORS).map(([n, o]) => [n, (a: unknown, b: unknown) => o.run(a, o.prepare(b))])),
);

/**
 * Resolve an operator name as jre's OperatorMap.get does: `dec1:dec2:op` applies dec1(dec2(op)).
 * Returns undefined for an unknown operator or decorator.
 */
export function resolveOperator(name: string): OperatorFn | undefined {
  const base = (n: string): OperatorFn | undefined => DEFAULT_OPERATORS[n] ?? TEXT_OPERATOR_FNS[n];
  const decorators: Decorator[] = [];
  let opName = name;
  let fn = Object.hasOwn(DEFAULT_OPERATORS, opName) || Object.hasOwn(TEXT_OPERATOR_FNS, opName) ? base(opName) : undefined;
  while (!fn) {
    const i = opName.indexOf(":");
    if (i <= 0) return undefined;
    const d = DEFAULT_DECORATORS[opName.slice(0, i)];
    if (!d || !Object.hasOwn(DEFAULT_DECORATORS, opName.slice(0, i))) return undefined;
    decorators.unshift(d);
    opName = opName.slice(i + 1);
    fn = Object.hasOwn(DEFAULT_OPERATORS, opName) || Object.hasOwn(TEXT_OPERATOR_FNS, opName) ? base(opName) : undefined;
  }
  for (const d of decorators) {
    const next = fn;
    fn = op((a, b) => d.cb(a, b, next), d.validator);
  }
  return fn;
}

export const OPERATOR_NAMES: readonly string[] = [...Object.keys(DEFAULT_OPERATORS), ...Object.keys(TEXT_OPERATORS)];
