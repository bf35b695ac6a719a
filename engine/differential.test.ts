// Differential property test: Pauta's condition evaluation against json-rules-engine 7.3.1 itself.
// Same rules, same facts → same fired rules, same events in the same order, and for every
// condition the same evaluated / result / factResult / valueResult.
import fc from "fast-check";
import { Engine } from "json-rules-engine";
import { describe, expect, it } from "vitest";
import type { ConditionTrace, JsonRule, RuleTrace, TopLevelCondition } from "@/schemas";
import { compileJsonRules, runCompiledJsonRules } from "./jre";
import { TEXT_OPERATOR_FNS } from "./operators";

const clock = { now: () => new Date("2026-01-01T00:00:00.000Z"), perf: () => 0 };

// ---------------------------------------------------------------------------------------------
// Generators

const FACTS = ["a", "b", "c", "obj", "list", "text", "missing"] as const;
const scalar = fc.oneof(
  fc.integer({ min: -3, max: 12 }),
  fc.constantFrom("5", "5abc", "", " ", "1e1", "abc", "Reémbolso", "x"),
  fc.boolean(),
  fc.constant(null),
  fc.double({ min: -5, max: 5, noNaN: true, noDefaultInfinity: true }),
);
const arrayVal = fc.array(scalar, { maxLength: 4 });
const objVal = fc.record(
  { x: fc.oneof(scalar, arrayVal), y: fc.oneof(fc.record({ z: scalar }, { requiredKeys: [] }), scalar), "k k": scalar, arr: arrayVal },
  { requiredKeys: [] },
);
const textVal = fc.constantFrom("Quiero un REEMBOLSO ya", "reembolso", "hola, ¿dónde está mi pedido?", "Maestría en finanzas", "", "envío tardío, pésimo servicio");
const anyVal = fc.oneof(scalar, arrayVal, objVal, textVal);

const factsArb = fc.record(
  { a: anyVal, b: anyVal, c: scalar, obj: objVal, list: arrayVal, text: fc.oneof(textVal, scalar, arrayVal) },
  { requiredKeys: [] },
);

const PATHS = [undefined, undefined, "$.x", "$.y.z", "$['k k']", "$.arr[0]", "$.x[1]", "$", "$.y", "$..z", "$.x.length"];
const pathArb = fc.constantFrom(...PATHS);

const factRef = fc.record({ fact: fc.constantFrom(...FACTS), path: pathArb }).map(({ fact, path }) => (path ? { fact, path } : { fact }));

type Leaf = Record<string, unknown>;
const SAFE_ANY_VALUE_OPS = ["equal", "notEqual", "lessThan", "lessThanInclusive", "greaterThan", "greaterThanInclusive", "contains", "doesNotContain", "not:equal", "swap:contains", "someFact:equal", "everyFact:greaterThan"];
const TEXT_OPS = ["containsWord", "containsAnyWord", "containsAllWords", "textEquals", "not:containsWord"];

const leafArb: fc.Arbitrary<Leaf> = fc
  .record({
    fact: fc.constantFrom(...FACTS),
    path: pathArb,
    priority: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    kind: fc.integer({ min: 0, max: 9 }),
    op: fc.constantFrom(...SAFE_ANY_VALUE_OPS),
    textOp: fc.constantFrom(...TEXT_OPS),
    listOp: fc.constantFrom("in", "notIn", "someValue:equal", "everyValue:notEqual"),
    arr: arrayVal,
    value: fc.oneof(scalar, arrayVal, objVal),
    ref: factRef,
    word: fc.constantFrom("reembolso", "Reémbolso", "pedido", "mi pedido", "finanzas", "maestria", "nada"),
    words: fc.array(fc.constantFrom("reembolso", "pedido", "envio", "pesimo servicio", "hola"), { maxLength: 3 }),
    list: fc.oneof(arrayVal, fc.constantFrom("abc5", "Reémbolso")),
    pattern: fc.constantFrom("^quiero", "reembolso|pedido", "\\d+", "env[ií]o"),
  })
  .map((g) => {
    const base: Leaf = { fact: g.fact, operator: "equal", value: null };
    if (g.path) base.path = g.path;
    if (g.priority !== undefined) base.priority = g.priority;
    if (g.kind <= 3) return { ...base, operator: g.op, value: g.value };
    if (g.kind <= 5) return { ...base, operator: g.op, value: g.ref };
    if (g.kind === 6) return { ...base, operator: g.listOp, value: g.listOp.includes("Value") ? g.arr : g.list };
    if (g.kind === 7) return { ...base, operator: g.textOp, value: g.textOp === "containsAnyWord" || g.textOp === "containsAllWords" ? g.words : g.word };
    if (g.kind === 8) return { ...base, operator: g.textOp, value: g.ref };
    return { ...base, operator: "matchesPattern", value: g.pattern };
  });

function condArb(sharedNames: string[]): fc.Arbitrary<Record<string, unknown>> {
  const { cond } = fc.letrec<{ cond: Record<string, unknown>; node: Record<string, unknown> }>((tie) => ({
    cond: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leafArb,
      leafArb,
      tie("node"),
      ...(sharedNames.length > 0
        ? [fc.record({ condition: fc.constantFrom(...sharedNames), priority: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }) }).map((r) => (r.priority ? r : { condition: r.condition }))]
        : []),
    ),
    node: fc
      .record({
        kind: fc.constantFrom("all", "any", "not"),
        children: fc.array(tie("cond"), { maxLength: 4 }),
        one: tie("cond"),
        priority: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
      })
      .map(({ kind, children, one, priority }) => {
        const n: Record<string, unknown> = kind === "not" ? { not: one } : { [kind]: children };
        if (priority !== undefined) n.priority = priority;
        return n;
      }),
  }));
  return cond;
}

function topArb(sharedNames: string[]): fc.Arbitrary<TopLevelCondition> {
  const c = condArb(sharedNames);
  return fc
    .record({
      kind: fc.constantFrom("all", "any", "not", "all", "any", ...(sharedNames.length ? ["condition"] : [])),
      children: fc.array(c, { maxLength: 5 }),
      one: c,
      name: fc.constantFrom(...sharedNames, "x"),
    })
    .map(({ kind, children, one, name }) =>
      (kind === "not" ? { not: one } : kind === "condition" ? { condition: sharedNames.includes(name) ? name : sharedNames[0] } : { [kind]: children }) as TopLevelCondition,
    );
}

const scenarioArb = fc
  .integer({ min: 0, max: 3 })
  .chain((nShared) => {
    const names = Array.from({ length: nShared }, (_, i) => `shared${i}`);
    // a shared condition may only use the ones before it: no cycles
    const shared = fc.tuple(...names.map((_, i) => topArb(names.slice(0, i))));
    const rules = fc.array(
      fc.record({
        priority: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
        conditions: topArb(names),
        params: fc.option(fc.record({ q: scalar }), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 6 },
    );
    return fc.record({ shared: nShared ? shared : fc.constant([] as TopLevelCondition[]), rules, facts: factsArb, names: fc.constant(names) });
  })
  .map(({ shared, rules, facts, names }) => ({
    conditions: Object.fromEntries(names.map((n, i) => [n, shared[i]!])) as Record<string, TopLevelCondition>,
    rules: rules.map(
      (r, i): JsonRule => ({
        name: `r${i}`,
        ...(r.priority !== undefined ? { priority: r.priority } : {}),
        conditions: r.conditions,
        event: r.params ? { type: `e${i}`, params: r.params as never } : { type: `e${i}` },
      }),
    ),
    facts: facts as Record<string, unknown>,
  }))
  // plain JSON, as rules and facts arrive over HTTP (fast-check builds null-prototype records)
  .map((s) => JSON.parse(JSON.stringify(s)) as { rules: JsonRule[]; conditions: Record<string, TopLevelCondition>; facts: Record<string, unknown> });

// ---------------------------------------------------------------------------------------------
// Comparison

type JreNode = Record<string, any>;

function compareNode(ours: ConditionTrace, jre: JreNode, where: string, isRoot: boolean): void {
  if (ours.type === "ref") {
    if (!ours.evaluated) {
      expect(jre.condition, `${where}: unevaluated reference`).toBe(ours.condition);
      expect(jre.result, `${where}.result`).toBeUndefined();
      return;
    }
    // jre projects the shared condition onto the reference node
    compareNode(ours.child!, jre, `${where}→${ours.condition}`, isRoot);
    return;
  }
  if (!isRoot) {
    expect(jre.result !== undefined, `${where}: evaluated`).toBe(ours.evaluated);
    if (ours.evaluated) expect(jre.result, `${where}.result`).toBe(ours.result);
  }
  if (ours.type === "all" || ours.type === "any") {
    const kids = jre[ours.type] as JreNode[];
    expect(kids.length, `${where}.${ours.type}.length`).toBe(ours.children.length);
    ours.children.forEach((c, i) => compareNode(c, kids[i]!, `${where}.${ours.type}[${i}]`, false));
  } else if (ours.type === "not") {
    compareNode(ours.child, jre.not, `${where}.not`, false);
  } else if (ours.type === "fact" && ours.evaluated) {
    expect(jre.factResult, `${where}.factResult`).toStrictEqual(ours.factValue);
    const isRef = ours.value !== null && typeof ours.value === "object" && !Array.isArray(ours.value) && "fact" in ours.value;
    expect(jre.valueResult, `${where}.valueResult`).toStrictEqual(isRef ? ours.valueResult : ours.value);
  }
}

async function runJre(s: { rules: JsonRule[]; conditions: Record<string, TopLevelCondition>; facts: Record<string, unknown> }) {
  // a NEW Engine per run: jre's `status` is shared by concurrent runs (its issues #280, #360)
  const engine = new Engine([], { allowUndefinedFacts: true });
  for (const [n, f] of Object.entries(TEXT_OPERATOR_FNS)) engine.addOperator(n, f);
  for (const [n, c] of Object.entries(s.conditions)) engine.setCondition(n, c as never);
  for (const r of s.rules) engine.addRule(structuredClone(r) as never);
  return engine.run(structuredClone(s.facts));
}

const SEED = Number(process.env.PAUTA_FC_SEED ?? Date.now() % 2_147_483_647);
const RUNS = Number(process.env.PAUTA_FC_RUNS ?? 1500);

describe("differential: Pauta vs json-rules-engine 7.3.1", () => {
  it(`agrees on ${RUNS} generated rule sets (seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (s) => {
        const ours = runCompiledJsonRules(compileJsonRules(s.rules, s.conditions), { facts: s.facts, clock, decisionId: "d" });
        let jre;
        try {
          jre = await runJre(s);
        } catch {
          // jre rejects the whole run when an operator throws; Pauta isolates it in that rule
          expect(ours.decision.errors.length).toBeGreaterThan(0);
          return;
        }
        expect(ours.decision.errors).toEqual([]);
        expect(ours.events, "events in order").toStrictEqual(jre.events.map((e: any) => (e.params !== undefined ? { type: e.type, params: e.params } : { type: e.type })));
        expect(ours.firedRules, "fired rules").toStrictEqual(jre.results.map((r: any) => r.name));
        const traces = new Map<string, RuleTrace>(ours.decision.trace.playbooks[0]!.rules.map((r) => [r.ruleId, r]));
        for (const rr of [...jre.results, ...jre.failureResults] as any[]) {
          const t = traces.get(rr.name)!;
          expect(t.status, `${rr.name}.status`).toBe(rr.result ? "fired" : "not_fired");
          compareNode(t.conditions!, rr.conditions, rr.name, true);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
