// Static analysis of compiled rules: rules that can never act (shadowed) and rules that may both
// match one case while setting different queues (overlap). Conservative: a warning is given only
// when it can be proven from the conditions' structure (see README.md, "Warnings").
import type { Condition, ConflictStrategy, RoutingAction, RoutingRule } from "@/schemas";

type Cond = Condition;

const isObj = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === "object" && !Array.isArray(x);

/**
 * Canonical JSON of a condition without `name` / `priority` (they do not change its truth value),
 * a one-element `all` / `any` being its element (as json-rules-engine evaluates it).
 */
const keyMemo = new WeakMap<object, string>();
export function canonicalKey(c: unknown): string {
  if (!isObj(c)) return JSON.stringify(strip(c));
  let k = keyMemo.get(c);
  if (k === undefined) keyMemo.set(c, (k = JSON.stringify(strip(c))));
  return k;
}
function strip(c: unknown): unknown {
  if (Array.isArray(c)) return c.map(strip);
  if (!isObj(c)) return c;
  for (const k of ["all", "any"]) if (Array.isArray(c[k]) && (c[k] as unknown[]).length === 1) return strip((c[k] as unknown[])[0]);
  const isCondition = ["all", "any", "not", "condition", "operator"].some((k) => Object.hasOwn(c, k));
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(c).sort()) {
    if (isCondition && (k === "name" || k === "priority")) continue;
    // a leaf's value is data: keep it as it is (sorted keys only)
    out[k] = isCondition && k === "value" ? sortKeys(c[k]) : strip(c[k]);
  }
  return out;
}
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isObj(v)) return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
}

/** The conditions that must all hold: `all` is flattened, a one-element `all`/`any` is its element. */
export function conjuncts(c: Cond): Cond[] {
  const o = c as Record<string, unknown>;
  if (Array.isArray(o.all)) return (o.all as Cond[]).flatMap(conjuncts);
  if (Array.isArray(o.any) && o.any.length === 1) return conjuncts(o.any[0] as Cond);
  return [c];
}

/** The alternatives, any of which makes the condition hold: a multi-element `any` is split. */
export function disjuncts(c: Cond): Cond[] {
  const o = c as Record<string, unknown>;
  if (Array.isArray(o.any) && o.any.length > 1) return (o.any as Cond[]).flatMap(disjuncts);
  if (Array.isArray(o.all) && o.all.length === 1) return disjuncts(o.all[0] as Cond);
  return [c];
}

interface Leafish {
  fact: string;
  path: string;
  operator: string;
  value: unknown;
}
function leafOf(c: Cond): Leafish | undefined {
  const o = c as Record<string, unknown>;
  if (typeof o.fact !== "string" || typeof o.operator !== "string" || o.params !== undefined) return undefined;
  // a value that is a fact reference is not a constant
  if (isObj(o.value) && Object.hasOwn(o.value, "fact")) return undefined;
  return { fact: o.fact, path: typeof o.path === "string" ? o.path : "", operator: o.operator, value: o.value };
}

const primitive = (v: unknown): v is string | number | boolean | null => v === null || ["string", "number", "boolean"].includes(typeof v);
const primList = (v: unknown): v is (string | number | boolean | null)[] => Array.isArray(v) && v.every(primitive);

/** Two leaves on the same fact and path that cannot both be true (jre's strict === semantics). */
function leavesExclusive(a: Leafish, b: Leafish): boolean {
  if (a.fact !== b.fact || a.path !== b.path) return false;
  const one = (x: Leafish, y: Leafish): boolean => {
    if (x.operator === "equal" && primitive(x.value)) {
      if (y.operator === "equal" && primitive(y.value)) return x.value !== y.value;
      if (y.operator === "notEqual" && primitive(y.value)) return x.value === y.value;
      if (y.operator === "notIn" && primList(y.value)) return y.value.includes(x.value);
      if (y.operator === "in" && primList(y.value)) return !y.value.includes(x.value);
    }
    if (x.operator === "in" && primList(x.value)) {
      if (y.operator === "in" && primList(y.value)) return x.value.every((v) => !(y.value as unknown[]).includes(v));
      if (y.operator === "notIn" && primList(y.value)) return x.value.every((v) => (y.value as unknown[]).includes(v));
    }
    return false;
  };
  return one(a, b) || one(b, a);
}

/** Whether the conjunct keys of one side prove `y`: y itself is one of them (e.g. an `any` inside an `all`), or some alternative of y has all its conjuncts among them. */
const proves = (keys: Set<string>, y: Cond) =>
  keys.has(canonicalKey(y)) || disjuncts(y).some((d) => conjuncts(d).every((k) => keys.has(canonicalKey(k))));

function atomsExclusive(a: Cond, b: Cond): boolean {
  const la = leafOf(a);
  const lb = leafOf(b);
  return la !== undefined && lb !== undefined && leavesExclusive(la, lb);
}

/** Two conjunctions that cannot both hold: X and not X (X implied by the other side), or exclusive leaves. */
function conjunctionsExclusive(k1: Cond[], k2: Cond[]): boolean {
  const keys1 = new Set(k1.map(canonicalKey));
  const keys2 = new Set(k2.map(canonicalKey));
  const negated = (ks: Cond[], other: Set<string>) => ks.some((k) => (k as { not?: Cond }).not !== undefined && proves(other, (k as { not: Cond }).not));
  if (negated(k1, keys2) || negated(k2, keys1)) return true;
  return k1.some((a) => k2.some((b) => atomsExclusive(a, b)));
}

/** Provably never both true. */
export function exclusive(c1: Cond, c2: Cond): boolean {
  return disjuncts(c1).every((d1) =>
    disjuncts(c2).every((d2) => conjunctionsExclusive(conjuncts(d1), conjuncts(d2))),
  );
}

/** Provably: whenever `c` holds, `general` holds (each alternative of c contains every conjunct of some alternative of general). */
export function implies(c: Cond, general: Cond): boolean {
  // the alternatives of `general`, and `general` itself as one conjunct (e.g. an `any` inside an `all`)
  const gen = [...disjuncts(general).map((d) => new Set(conjuncts(d).map(canonicalKey))), new Set([canonicalKey(general)])];
  return disjuncts(c).every((d) => {
    const keys = new Set(conjuncts(d).map(canonicalKey));
    return gen.some((g) => [...g].every((k) => keys.has(k)));
  });
}

const SINGLE: Partial<Record<RoutingAction["type"], true>> = { route: true, set_priority: true, apply_sla: true, auto_reply: true };

/** Under collect, whether every action of `later` changes nothing once `earlier` has acted. */
function redundantAfter(later: RoutingRule, earlier: RoutingRule): boolean {
  const types = new Set(earlier.actions.map((a) => a.type));
  const tags = new Set(earlier.actions.flatMap((a) => (a.type === "add_tags" ? a.tags : [])));
  const skills = new Set(earlier.actions.flatMap((a) => (a.type === "require_skills" ? a.skills : [])));
  const notes = new Set(earlier.actions.flatMap((a) => (a.type === "notify" ? [JSON.stringify([a.target, a.message ?? null])] : [])));
  return later.actions.every((a) => {
    if (SINGLE[a.type]) return types.has(a.type);
    if (a.type === "add_tags") return a.tags.every((t) => tags.has(t));
    if (a.type === "require_skills") return a.skills.every((s) => skills.has(s));
    if (a.type === "notify") return notes.has(JSON.stringify([a.target, a.message ?? null]));
    return false;
  });
}

const queueOf = (r: RoutingRule) => r.actions.find((a): a is Extract<RoutingAction, { type: "route" }> => a.type === "route")?.queue;

export interface RuleWarning {
  code: "shadowed" | "overlap";
  /** the rule the warning is about (evaluated later) */
  rule: RoutingRule;
  /** the rule evaluated first */
  other: RoutingRule;
}

/**
 * Shadowed and overlapping rules, in evaluation order (priority desc, then declaration).
 * `explicitPriority` says whether a rule's priority was set by a person: an overlap with an earlier
 * rule whose higher priority was chosen on purpose (a fraud rule at 100 over routing at 10) is the
 * intended order, not an accident, so it is not warned about.
 */
export function analyzeRules(rules: readonly RoutingRule[], strategy: ConflictStrategy, explicitPriority: (r: RoutingRule) => boolean = () => false): RuleWarning[] {
  const order = rules
    .map((r, i) => ({ r, i }))
    .filter((x) => x.r.enabled !== false)
    .sort((a, b) => (b.r.priority ?? 1) - (a.r.priority ?? 1) || a.i - b.i)
    .map((x) => x.r);
  const out: RuleWarning[] = [];
  for (let j = 1; j < order.length; j++) {
    const later = order[j]!;
    let shadowed = false;
    for (let i = 0; i < j && !shadowed; i++) {
      const earlier = order[i]!;
      if (implies(later.conditions, earlier.conditions) && (strategy === "first_match" || redundantAfter(later, earlier))) {
        out.push({ code: "shadowed", rule: later, other: earlier });
        shadowed = true;
      }
    }
    if (shadowed) continue;
    const q = queueOf(later);
    if (q === undefined) continue;
    for (let i = 0; i < j; i++) {
      const earlier = order[i]!;
      const qe = queueOf(earlier);
      if (qe === undefined || qe === q) continue;
      // a more specific rule evaluated first is a deliberate exception (e.g. a chain: route, then a narrower route)
      if (implies(earlier.conditions, later.conditions)) continue;
      if (exclusive(earlier.conditions, later.conditions)) continue;
      if (explicitPriority(earlier) && (earlier.priority ?? 1) > (later.priority ?? 1)) continue;
      out.push({ code: "overlap", rule: later, other: earlier });
      break;
    }
  }
  return out;
}
