// Test arbitraries shared by the flow tests (fast-check): routing rules over the fact catalogue,
// facts for those rules, and hand-drawn-like flow graphs. Not imported by the library itself.
import fc from "fast-check";
import {
  Channel,
  CustomerTier,
  FLOW_SCHEMA_VERSION,
  type Condition,
  type FlowDocument,
  type FlowEdge,
  type FlowNode,
  type RoutingAction,
  type RoutingPlaybook,
  type RoutingRule,
  type TopLevelCondition,
} from "@/schemas";
import { FACT_CATALOG, operatorsFor } from "./catalog";
import type { FactInfo } from "./types";

export const FC_SEED = Number(process.env.PAUTA_FC_SEED ?? Date.now() % 2_147_483_647);
export const fcRuns = (dflt: number) => Number(process.env.PAUTA_FC_RUNS ?? dflt);

// ---------------------------------------------------------------------------------------------
// Facts

const WORDS = ["reembolso", "pedido", "fraude", "maestria", "hola", "urgente", "cobro", "tarjeta"];
const pools: Record<string, readonly unknown[]> = {
  source: ["whatsapp", "zendesk", "api"],
  externalId: ["x-1", "x-2"],
  receivedAt: ["2026-01-01T10:00:00.000Z", "2026-06-01T10:00:00.000Z"],
  subject: ["", "Reembolso", "Hola"],
  country: ["MX", "CO", "AR"],
  region: ["norte", "sur"],
  text: ["Quiero un REEMBOLSO ya", "hola, ¿dónde está mi pedido?", "cobro doble en mi tarjeta", "info maestría"],
  number: [-1, 0, 1, 2, 3, 5, 1000, 20000],
  program: ["Maestría en finanzas", "doctorado", "mba"],
  account: ["posgrados-unimx", "coop", "delivery"],
};

/** Values a catalogue fact can take (with absent values now and then: rules must cope). */
function valuePool(f: FactInfo): readonly unknown[] {
  if (f.values) return f.values;
  if (f.type === "number") return pools.number!;
  if (f.type === "string[]") return WORDS.map((w) => [w]);
  if (f.path === "$.program") return pools.program!;
  if (f.path === "$.account") return pools.account!;
  const key = f.path ? f.path.slice(2) : f.fact;
  return pools[key] ?? pools[f.fact] ?? pools.text!;
}

export const factsArb: fc.Arbitrary<Record<string, unknown>> = fc
  .record(
    {
      channel: fc.constantFrom(...Channel.options),
      channelTier: fc.constantFrom(1, 2, 3),
      language: fc.constantFrom("es", "en", "pt"),
      text: fc.constantFrom(...(pools.text as string[])),
      keywords: fc.subarray(WORDS),
      sentiment: fc.record({ label: fc.constantFrom("negative", "neutral", "positive"), score: fc.integer({ min: -3, max: 3 }), comparative: fc.constantFrom(-0.5, 0, 0.5) }),
      customerTier: fc.constantFrom(...CustomerTier.options),
      customer: fc.record(
        { id: fc.constantFrom("c1", "c2"), tier: fc.constantFrom(...CustomerTier.options), lifetimeValue: fc.constantFrom(0, 1, 2000, 20000), country: fc.constantFrom("MX", "CO") },
        { requiredKeys: ["id"] },
      ),
      country: fc.constantFrom("MX", "CO", "AR"),
      attributes: fc.record({ account: fc.constantFrom(...(pools.account as string[])), program: fc.constantFrom(...(pools.program as string[])) }, { requiredKeys: [] }),
    },
    { requiredKeys: ["channel", "text", "customer", "attributes"] },
  )
  .map((f) => JSON.parse(JSON.stringify({ ...f, normalizedText: String(f.text).toLowerCase() })) as Record<string, unknown>);

// ---------------------------------------------------------------------------------------------
// Conditions over the catalogue

const catalogue = FACT_CATALOG.filter((f) => f.type !== "object");

export const leafArb: fc.Arbitrary<Condition> = fc
  .record({ f: fc.constantFrom(...catalogue), opPick: fc.nat(), vPick: fc.nat(), list: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), priority: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }) })
  .map(({ f, opPick, vPick, list, priority }) => {
    // text operators only on texts: keep the generated rules free of run-time errors
    const ops = operatorsFor(f.type).filter((o) => o !== "matchesPattern");
    const operator = ops[opPick % ops.length]!;
    const pool = valuePool(f);
    const one = pool[vPick % pool.length];
    const many = [...new Set(list.map((i) => pool[i % pool.length]))];
    let value: unknown = one;
    if (operator === "in" || operator === "notIn") value = many.map((v) => (Array.isArray(v) ? v[0] : v));
    else if (operator === "containsAnyWord" || operator === "containsAllWords") value = WORDS.slice(vPick % 4, (vPick % 4) + 2);
    else if (operator === "containsWord" || operator === "contains" || operator === "doesNotContain") value = WORDS[vPick % WORDS.length];
    else if (Array.isArray(one)) value = one[0];
    return { fact: f.fact, ...(f.path ? { path: f.path } : {}), operator, value, ...(priority !== undefined ? { priority } : {}) } as Condition;
  });

const { cond: condArb } = fc.letrec<{ cond: Condition; node: Condition }>((tie) => ({
  cond: fc.oneof({ depthSize: "small", withCrossShrink: true }, leafArb, leafArb, tie("node")),
  node: fc
    .record({ kind: fc.constantFrom("all", "any", "not"), children: fc.array(tie("cond"), { maxLength: 3 }), one: tie("cond") })
    .map(({ kind, children, one }) => (kind === "not" ? { not: one } : kind === "all" ? { all: children } : { any: children })),
}));
export { condArb };

export const topArb: fc.Arbitrary<TopLevelCondition> = fc
  .record({ kind: fc.constantFrom("all", "any", "not", "all", "ref"), children: fc.array(condArb, { maxLength: 4 }), one: condArb })
  .map(({ kind, children, one }) => (kind === "not" ? { not: one } : kind === "ref" ? { condition: "shared-vip" } : kind === "all" ? { all: children } : { any: children }));

/** A shared condition the generated rules may refer to. */
export const SHARED = { "shared-vip": { any: [{ fact: "customerTier", operator: "equal", value: "vip" }, { fact: "channelTier", operator: "equal", value: 1 }] } } as Record<string, TopLevelCondition>;

export const actionArb: fc.Arbitrary<RoutingAction> = fc.oneof(
  fc.record({ type: fc.constant("route" as const), queue: fc.constantFrom("ventas", "soporte", "fraude", "vip"), team: fc.option(fc.constantFrom("a", "b"), { nil: undefined }) }).map((a) => (a.team === undefined ? { type: a.type, queue: a.queue } : a)),
  fc.record({ type: fc.constant("add_tags" as const), tags: fc.uniqueArray(fc.constantFrom("t1", "t2", "t3"), { minLength: 1, maxLength: 2 }) }),
  fc.record({ type: fc.constant("require_skills" as const), skills: fc.uniqueArray(fc.constantFrom("es", "en", "pagos"), { minLength: 1, maxLength: 2 }) }),
  fc.record({ type: fc.constant("set_priority" as const), priority: fc.constantFrom("urgent", "high", "normal", "low") }),
  fc.record({ type: fc.constant("apply_sla" as const), policy: fc.constantFrom("sla-1", "sla-2") }),
  fc.record({ type: fc.constant("auto_reply" as const), templates: fc.constantFrom({ es: "Hola {{customer.name}}" }, { en: "Hi", es: "Hola" }) }),
  fc.record({ type: fc.constant("notify" as const), target: fc.constantFrom("ops", "lead"), message: fc.option(fc.constantFrom("mira esto"), { nil: undefined }) }).map((a) => (a.message === undefined ? { type: a.type, target: a.target } : a)),
);

export const rulesArb: fc.Arbitrary<RoutingRule[]> = fc
  .array(
    fc.record({
      name: fc.constantFrom("Regla", "Ventas MX", "Fraude"),
      description: fc.option(fc.constantFrom("una descripción"), { nil: undefined }),
      priority: fc.integer({ min: 1, max: 4 }),
      enabled: fc.boolean(),
      conditions: topArb,
      actions: fc.array(actionArb, { minLength: 1, maxLength: 3 }),
    }),
    { minLength: 0, maxLength: 6 },
  )
  .map((rs) =>
    rs.map((r, i) => ({
      id: `r${i}-${r.name.toLowerCase().replace(/\s+/g, "-")}`,
      name: r.name,
      ...(r.description !== undefined ? { description: r.description } : {}),
      priority: r.priority,
      enabled: i === 0 ? true : r.enabled,
      conditions: r.conditions,
      actions: r.actions,
    })),
  )
  .map((rs) => JSON.parse(JSON.stringify(rs)) as RoutingRule[]);

export function playbookOf(rules: RoutingRule[], extra: Partial<RoutingPlaybook> = {}): RoutingPlaybook {
  return {
    schemaVersion: 1,
    id: "pb",
    kind: "routing",
    name: "Generated",
    locale: "es",
    precedence: 100,
    trigger: { channels: [] },
    settings: { conflictStrategy: "collect" },
    conditions: SHARED,
    rules,
    ...extra,
  };
}

// ---------------------------------------------------------------------------------------------
// Drawn graphs: a random DAG of conditions, switches, actions (chains) and stops, as people draw.

export const graphDocArb: fc.Arbitrary<FlowDocument> = fc
  .record({
    kinds: fc.array(fc.constantFrom("condition", "condition", "switch", "action", "action", "action", "stop"), { minLength: 1, maxLength: 12 }),
    conds: fc.array(topArb, { minLength: 12, maxLength: 12 }),
    actions: fc.array(actionArb, { minLength: 12, maxLength: 12 }),
    // for each node: which earlier nodes (by index, -1 = trigger) lead to it, and by which handle
    links: fc.array(fc.array(fc.record({ from: fc.nat(), handle: fc.nat() }), { minLength: 1, maxLength: 2 }), { minLength: 12, maxLength: 12 }),
    switchFacts: fc.array(fc.constantFrom(...catalogue.filter((f) => f.values)), { minLength: 12, maxLength: 12 }),
    channels: fc.subarray([...Channel.options], { maxLength: 3 }),
    strategy: fc.constantFrom("collect", "first_match"),
    disabled: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
  })
  .map(({ kinds, conds, actions, links, switchFacts, channels, strategy, disabled }) => {
    const nodes: FlowNode[] = [{ id: "t", type: "trigger", position: { x: 0, y: 0 }, data: { channels, events: ["case.created"] } }];
    const edges: FlowEdge[] = [];
    const handlesOf: string[][] = [["out"]];
    const isAction: boolean[] = [false];
    const inCount: number[] = [0];
    const actionSuccs: number[] = [0];
    kinds.forEach((kind, i) => {
      const id = `n${i}`;
      const position = { x: 300 * (i + 1), y: (i * 7919) % 500 };
      let node: FlowNode;
      if (kind === "condition") node = { id, type: "condition", position, data: { condition: conds[i]! } };
      else if (kind === "switch") {
        const f = switchFacts[i]!;
        const vals = f.values!;
        node = { id, type: "switch", position, data: { fact: f.fact, ...(f.path ? { path: f.path } : {}), cases: [{ id: "a", values: [vals[0]!] }, { id: "b", values: vals.slice(1, 3) }] } };
      } else if (kind === "stop") node = { id, type: "stop", position, data: {} };
      else {
        const a = actions[i]!;
        const { type, ...data } = a;
        node = { id, type, position, data, ...(disabled[i] ? { rule: { enabled: false } } : {}) } as FlowNode;
      }
      // connect from earlier nodes; action → action only when that keeps chains simple (no fork, no merge)
      const seen = new Set<string>();
      links[i]!.forEach(({ from, handle }, k) => {
        const src = from % (i + 1); // 0 = trigger, j+1 = node j
        const srcHandles = handlesOf[src]!;
        if (srcHandles.length === 0) return;
        const h = srcHandles[handle % srcHandles.length]!;
        if (kind === "action" && isAction[src]) {
          if (k > 0 || links[i]!.length > 1 || actionSuccs[src]! > 0) return;
          actionSuccs[src]!++;
        }
        const key = `${src}|${h}`;
        if (seen.has(key)) return;
        seen.add(key);
        edges.push({ id: `e${i}-${k}`, source: src === 0 ? "t" : `n${src - 1}`, sourceHandle: h, target: id });
        inCount[i + 1] = (inCount[i + 1] ?? 0) + 1;
      });
      nodes.push(node);
      handlesOf.push(kind === "condition" ? ["true", "false"] : kind === "switch" ? ["case:a", "case:b", "default"] : kind === "stop" ? [] : ["out"]);
      isAction.push(kind === "action");
      inCount.push(0);
      actionSuccs.push(0);
    });
    // an action fed by another action must have no other way in (no chain merge)
    const fedByAction = new Set(edges.filter((e) => nodes.find((n) => n.id === e.source && isAction[nodes.indexOf(n)])).filter((e) => isAction[nodes.findIndex((n) => n.id === e.target)]).map((e) => e.target));
    const kept = edges.filter((e) => !fedByAction.has(e.target) || isAction[nodes.findIndex((n) => n.id === e.source)]);
    // every condition needs its true branch: give it a stop if it has none
    for (const n of nodes) {
      if (n.type === "condition" && !kept.some((e) => e.source === n.id && e.sourceHandle === "true")) {
        const stop = `${n.id}-end`;
        nodes.push({ id: stop, type: "stop", position: { x: n.position.x + 260, y: n.position.y }, data: {} });
        kept.push({ id: `e-${stop}`, source: n.id, sourceHandle: "true", target: stop });
      }
    }
    const doc: FlowDocument = {
      schemaVersion: 1,
      id: "drawn",
      kind: "routing",
      name: "Drawn",
      locale: "es",
      precedence: 100,
      settings: { conflictStrategy: strategy },
      conditions: SHARED,
      graph: { schemaVersion: FLOW_SCHEMA_VERSION, nodes, edges: kept },
    };
    return JSON.parse(JSON.stringify(doc)) as FlowDocument;
  });
