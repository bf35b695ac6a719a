// The benchmark's generated workload: routing rules and case facts from a seeded PRNG, so every run
// (and every engine) sees exactly the same rules and facts. Also the three encodings of the rules.
import { prng } from "@/engine/prng";
import type { Condition, JsonRule, RoutingPlaybook, TopLevelCondition } from "@/schemas";


type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
function weighted<T>(r: Rand, xs: readonly (readonly [T, number])[]): T {
  const total = xs.reduce((s, [, w]) => s + w, 0);
  let x = r() * total;
  for (const [v, w] of xs) if ((x -= w) < 0) return v;
  return xs[xs.length - 1]![0];
}
function sample<T>(r: Rand, xs: readonly T[], n: number): T[] {
  const pool = [...xs];
  const out: T[] = [];
  while (out.length < n && pool.length > 0) out.push(pool.splice(Math.floor(r() * pool.length), 1)[0]!);
  return out;
}

const CHANNELS = [
  ["whatsapp", 30],
  ["email", 15],
  ["phone", 10],
  ["webchat", 10],
  ["messenger", 8],
  ["instagram", 8],
  ["facebook", 6],
  ["twitter", 6],
  ["sms", 4],
  ["community", 3],
] as const;
const TIER_OF_CHANNEL: Record<string, 1 | 2 | 3> = {
  whatsapp: 1, email: 1, phone: 1, webchat: 1, messenger: 2, instagram: 2, facebook: 2, twitter: 2, sms: 3, community: 3,
};
const CUSTOMER_TIERS = [["vip", 5], ["high_value", 15], ["standard", 60], ["new", 20]] as const;
const COUNTRIES = [["MX", 40], ["CO", 20], ["SV", 10], ["PE", 10], ["EC", 5], ["AR", 5], ["CL", 5], ["US", 5]] as const;
const LANGUAGES = [["es", 75], ["en", 18], ["pt", 7]] as const;
const SEGMENTS = ["socio", "socio-empresarial", "exalumno", "prospecto", "retail", "pyme"] as const;
const ACCOUNTS = ["posgrados-unimx", "cooperativa-sv", "delivery-co"] as const;
const PROGRAMS = ["maestria-finanzas", "maestria-educacion", "mba", "doctorado-ciencias", "diplomado-marketing", "none"] as const;
const CAMPAIGNS = ["inscripciones-2026", "credito-vivienda", "buen-fin", "navidad", "organico"] as const;
const SENTIMENT = [["negative", 30], ["neutral", 40], ["positive", 30]] as const;
const VOCABULARY = [
  "reembolso", "pedido", "fraude", "tarjeta", "credito", "maestria", "doctorado", "inscripcion", "costo", "beca",
  "queja", "reclamo", "cobro", "doble", "cancelar", "cuenta", "saldo", "prestamo", "horario", "clases",
  "llamada", "correo", "urgente", "ayuda", "gracias", "pesimo", "excelente", "tarde", "frio", "incompleto",
  "repartidor", "direccion", "pago", "devolucion", "asesor", "requisitos", "socio", "region", "app", "error",
] as const;

/** The facts one case gives the rules: the same object is handed to all three engines. */
export function generateFacts(r: Rand, i: number): Record<string, unknown> {
  const channel = weighted(r, CHANNELS);
  const tier = weighted(r, CUSTOMER_TIERS);
  const country = weighted(r, COUNTRIES);
  const language = weighted(r, LANGUAGES);
  const label = weighted(r, SENTIMENT);
  const score = label === "negative" ? -int(r, 1, 40) / 10 : label === "positive" ? int(r, 1, 40) / 10 : 0;
  const keywords = sample(r, VOCABULARY, int(r, 2, 8));
  const text = keywords.join(" ");
  return {
    channel,
    channelTier: TIER_OF_CHANNEL[channel],
    source: channel,
    externalId: `bench-${i}`,
    receivedAt: new Date(Date.UTC(2026, 2, 1) + i * 37_000).toISOString(),
    language,
    subject: "",
    text,
    normalizedText: text,
    keywords,
    sentiment: { score, comparative: score / keywords.length, label },
    customer: {
      id: `c-${int(r, 1, 50_000)}`,
      name: "Cliente",
      tier,
      region: pick(r, ["norte", "centro", "sur", "occidental", "oriental"]),
      country,
      language,
      segment: pick(r, SEGMENTS),
      lifetimeValue: Math.round(Math.exp(r() * 11)),
      followers: Math.round(Math.exp(r() * 12)),
    },
    customerTier: tier,
    country,
    region: "centro",
    attributes: {
      account: pick(r, ACCOUNTS),
      program: pick(r, PROGRAMS),
      leadScore: int(r, 0, 100),
      orderTotal: int(r, 5, 600) * 1000,
      campaign: pick(r, CAMPAIGNS),
    },
  };
}

// Leaf generators: each names a fact (and path) and makes an operator + value that can be true.
type LeafGen = (r: Rand) => { fact: string; path?: string; operator: string; value: unknown };
const enumLeaf = (fact: string, path: string | undefined, values: readonly string[]): LeafGen => (r) => {
  const op = weighted(r, [["equal", 6], ["notEqual", 1], ["in", 2]] as const);
  const value = op === "in" ? sample(r, values, 2) : pick(r, values);
  return { fact, ...(path ? { path } : {}), operator: op, value };
};
// Thresholds in the upper part for greaterThan, lower part for lessThan: selective, like real tiers.
const numLeaf = (fact: string, path: string | undefined, lo: number, hi: number, log = false): LeafGen => (r) => {
  const greater = r() < 0.6;
  const u = greater ? 0.5 + r() * 0.5 : r() * 0.5;
  const value = log ? Math.round(Math.exp(Math.log(lo) + u * (Math.log(hi) - Math.log(lo)))) : Math.round(lo + u * (hi - lo));
  return { fact, ...(path ? { path } : {}), operator: greater ? "greaterThan" : "lessThan", value };
};
const LEAVES: readonly (readonly [LeafGen, number])[] = [
  [enumLeaf("channel", undefined, CHANNELS.map(([c]) => c)), 5],
  [(r) => ({ fact: "channelTier", operator: pick(r, ["equal", "lessThan", "greaterThan"]), value: int(r, 1, 3) }), 2],
  [enumLeaf("language", undefined, LANGUAGES.map(([l]) => l)), 1],
  [enumLeaf("customerTier", undefined, CUSTOMER_TIERS.map(([t]) => t)), 4],
  [enumLeaf("country", undefined, COUNTRIES.map(([c]) => c)), 4],
  [numLeaf("customer", "$.lifetimeValue", 10, 60_000, true), 3],
  [numLeaf("customer", "$.followers", 10, 160_000, true), 1],
  [enumLeaf("customer", "$.segment", SEGMENTS), 2],
  [enumLeaf("attributes", "$.account", ACCOUNTS), 4],
  [enumLeaf("attributes", "$.program", PROGRAMS), 2],
  [numLeaf("attributes", "$.leadScore", 0, 100), 2],
  [numLeaf("attributes", "$.orderTotal", 5_000, 600_000), 1],
  [(r) => ({ fact: "keywords", operator: "contains", value: pick(r, VOCABULARY) }), 4],
  [enumLeaf("sentiment", "$.label", SENTIMENT.map(([l]) => l)), 3],
];

function leaf(r: Rand): Condition {
  return weighted(r, LEAVES)(r) as Condition;
}

// The first test of a rule scopes it (an account, a channel, a tier...): positive and selective.
const ANCHORS: readonly (readonly [LeafGen, number])[] = [
  [(r) => ({ fact: "attributes", path: "$.account", operator: "equal", value: pick(r, ACCOUNTS) }), 5],
  [(r) => (r() < 0.5 ? { fact: "channel", operator: "equal", value: pick(r, CHANNELS.map(([c]) => c)) } : { fact: "channel", operator: "in", value: sample(r, CHANNELS.map(([c]) => c), 2) }), 3],
  [(r) => ({ fact: "customerTier", operator: "in", value: sample(r, CUSTOMER_TIERS.map(([t]) => t), 2) }), 2],
  [(r) => ({ fact: "country", operator: "equal", value: pick(r, COUNTRIES.map(([c]) => c)) }), 2],
  [(r) => ({ fact: "keywords", operator: "contains", value: pick(r, VOCABULARY) }), 3],
  [(r) => ({ fact: "sentiment", path: "$.label", operator: "equal", value: pick(r, SENTIMENT.map(([l]) => l)) }), 1],
];
const anchor = (r: Rand) => weighted(r, ANCHORS)(r) as Condition;

/** 1–4 leaves, shaped like real routing: scoped by a first test, then flat, nested any, not, or two alternatives. */
function conditionFor(r: Rand): TopLevelCondition {
  const n = weighted(r, [[1, 1], [2, 4], [3, 4], [4, 2]] as const);
  const first = anchor(r);
  const rest = Array.from({ length: n - 1 }, () => leaf(r));
  const shape =
    n === 4
      ? weighted(r, [["all", 4], ["all-any", 3], ["any-all", 2], ["all-not", 1]] as const)
      : n === 3
        ? weighted(r, [["all", 4], ["all-any", 3], ["all-not", 1]] as const)
        : n === 2
          ? weighted(r, [["all", 5], ["all-not", 1]] as const)
          : "all";
  switch (shape) {
    case "all":
      return { all: [first, ...rest] };
    case "all-any":
      return { all: [first, { any: rest }] };
    case "any-all":
      return { any: [{ all: [first, rest[0]!] }, { all: [anchor(r), ...rest.slice(1)] }] };
    case "all-not":
      return { all: [first, ...rest.slice(0, -1), { not: rest[rest.length - 1]! }] };
  }
}

export interface BenchRule {
  id: string;
  priority: number;
  conditions: TopLevelCondition;
}

export interface Workload {
  rules: BenchRule[];
  facts: Record<string, unknown>[];
}

export function generateWorkload(opts: { seed: number; rules: number; cases: number }): Workload {
  const r = prng(opts.seed);
  const rules = Array.from({ length: opts.rules }, (_, i) => ({
    id: `r-${String(i + 1).padStart(3, "0")}`,
    priority: int(r, 1, 10),
    conditions: conditionFor(r),
  }));
  const facts = Array.from({ length: opts.cases }, (_, i) => generateFacts(r, i));
  return { rules, facts };
}

// ---------------------------------------------------------------------------------------------
// The three encodings of the same rules.

/** Pauta: one routing playbook, collect (every rule that fires acts), each rule tags the case. */
export function toPautaPlaybook(w: Workload): RoutingPlaybook {
  return {
    schemaVersion: 1,
    id: "bench-routing",
    kind: "routing",
    name: "Benchmark routing",
    locale: "es",
    precedence: 100,
    trigger: { channels: [] },
    settings: { conflictStrategy: "collect" },
    conditions: {},
    rules: w.rules.map((r) => ({
      id: r.id,
      name: r.id,
      priority: r.priority,
      enabled: true,
      conditions: r.conditions,
      actions: [
        { type: "route", queue: `q-${r.id}` },
        { type: "add_tags", tags: [r.id] },
      ],
    })),
  };
}

/** json-rules-engine: the same conditions; the rule name is the rule id. */
export function toJsonRules(w: Workload): JsonRule[] {
  return w.rules.map((r) => ({ name: r.id, priority: r.priority, conditions: r.conditions, event: { type: "route", params: { queue: `q-${r.id}` } } }));
}

const lit = (v: unknown) => JSON.stringify(v);
const ref = (c: { fact: string; path?: string }) => (c.path ? c.fact + c.path.slice(1) : c.fact);

/** A condition as a ZEN standard expression (json-rules-engine semantics on these always-present facts). */
export function zenExpression(c: Condition): string {
  if ("all" in c) return `(${c.all.map(zenExpression).join(" and ")})`;
  if ("any" in c) return `(${c.any.map(zenExpression).join(" or ")})`;
  if ("not" in c) return `not(${zenExpression(c.not)})`;
  if ("condition" in c) throw new Error("shared conditions are not generated");
  const x = ref(c);
  switch (c.operator) {
    case "equal":
      return `${x} == ${lit(c.value)}`;
    case "notEqual":
      return `${x} != ${lit(c.value)}`;
    case "in":
      return `${x} in ${lit(c.value)}`;
    case "greaterThan":
      return `${x} > ${lit(c.value)}`;
    case "lessThan":
      return `${x} < ${lit(c.value)}`;
    case "contains":
      return `contains(${x}, ${lit(c.value)})`;
    default:
      throw new Error(`no ZEN form for operator ${c.operator}`);
  }
}

/** A leaf as a ZEN unary test on its column ($ is the column's value). */
function zenUnary(c: Extract<Condition, { operator: string }>): string {
  switch (c.operator) {
    case "equal":
      return lit(c.value);
    case "notEqual":
      return `$ != ${lit(c.value)}`;
    case "in":
      return (c.value as unknown[]).map(lit).join(", ");
    case "greaterThan":
      return `> ${lit(c.value)}`;
    case "lessThan":
      return `< ${lit(c.value)}`;
    case "contains":
      return `contains($, ${lit(c.value)})`;
    default:
      throw new Error(`no ZEN unary form for operator ${c.operator}`);
  }
}

/**
 * ZEN (JDM): ONE decision table, hit policy collect, one row per rule, output = the rule id.
 * A flat `all` whose leaves test distinct facts becomes unary tests in per-fact input columns (how
 * a person would write the table); anything nested or `any` goes to an expression column.
 */
export function toZenDecision(w: Workload): object {
  const columns = new Map<string, string>();
  const colId = (field: string) => {
    let id = columns.get(field);
    if (!id) columns.set(field, (id = `in-${columns.size}`));
    return id;
  };
  const rows = w.rules
    .map((r, i) => ({ r, i }))
    // collect returns rows in table order; order by priority like the other engines (ids compared as sets anyway)
    .sort((a, b) => b.r.priority - a.r.priority || a.i - b.i)
    .map(({ r }) => {
      const row: Record<string, string> = { _id: r.id, out: lit(r.id) };
      const c = r.conditions;
      const flat = "all" in c && c.all.every((l) => "operator" in l) && new Set(c.all.map((l) => ref(l as never))).size === c.all.length;
      if (flat && "all" in c) for (const l of c.all) row[colId(ref(l as never))] = zenUnary(l as never);
      else row["expr"] = zenExpression(c);
      return row;
    });
  const inputs = [...[...columns].map(([field, id]) => ({ id, name: field, field })), { id: "expr", name: "condition" }];
  for (const row of rows) for (const i of inputs) row[i.id] ??= "";
  const position = { x: 0, y: 0 };
  return {
    nodes: [
      { id: "request", type: "inputNode", name: "request", position },
      {
        id: "routing",
        type: "decisionTableNode",
        name: "routing",
        position,
        content: { hitPolicy: "collect", inputs, outputs: [{ id: "out", name: "rule", field: "rule" }], rules: rows },
      },
      { id: "response", type: "outputNode", name: "response", position },
    ],
    edges: [
      { id: "e1", sourceId: "request", targetId: "routing", type: "edge" },
      { id: "e2", sourceId: "routing", targetId: "response", type: "edge" },
    ],
  };
}

/** json-rules-engine pathResolver: `$.a.b` as plain property steps (what the engines compare against). */
export function dotPathResolver(value: unknown, path: string): unknown {
  const steps = path.startsWith("$.") ? path.slice(2).split(".") : path.split(".");
  let v: any = value;
  for (const s of steps) {
    if (v === null || v === undefined) return undefined;
    v = v[s];
  }
  return v;
}
