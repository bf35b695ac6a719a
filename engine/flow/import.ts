// rules → graph: each rule becomes trigger → condition (its conditions) → its actions as a chain,
// the chain's head carrying the rule's settings; then auto-layout. Compiling the graph gives the
// rules back unchanged (README.md, "Import").
import {
  type Condition,
  type CrisisDetector,
  type EscalationStep,
  type TopLevelCondition,
  FLOW_SCHEMA_VERSION,
  PLAYBOOK_SCHEMA_VERSION,
  RoutingAction,
  Slug,
  type FlowDocument,
  type FlowEdge,
  type FlowGraph,
  type FlowNode,
  type JsonRule,
  type RoutingPlaybook,
  type RoutingRule,
  type RuleSettings,
} from "@/schemas";
import type { FlowPlaybook } from "./compile";
import { TRIGGER_NODE_ID } from "./document";
import { layoutFlow } from "./layout";
import { actionData, HANDLE, nodeSize } from "./specs";

const isRoutingRule = (r: RoutingRule | JsonRule): r is RoutingRule => Array.isArray((r as RoutingRule).actions);

/** A JSON rule's event as routing actions: the event itself when it is one, else a tag named after it. */
function actionsOfEvent(rule: JsonRule, label: string, warnings: string[]): RoutingAction[] {
  const parsed = RoutingAction.safeParse({ ...(rule.event.params ?? {}), type: rule.event.type });
  if (parsed.success) return [parsed.data];
  const tag = rule.event.type.slice(0, 100);
  warnings.push(`${label}: event '${rule.event.type}' is not a routing action; imported as the tag '${tag}' (edit the action on the canvas)`);
  return [{ type: "add_tags", tags: [tag] }];
}

function nodeIdFactory(reserved: Iterable<string>) {
  const used = new Set(reserved);
  return (base: string): string => {
    const clean = base.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 90) || "n";
    let id = clean;
    for (let k = 2; used.has(id); k++) id = `${clean}-${k}`;
    used.add(id);
    return id;
  };
}

const isPlainAll = (c: Condition): c is { all: Condition[] } => "all" in c && Object.keys(c).length === 1;
const isTopLevel = (c: Condition) => ["all", "any", "not", "condition"].some((k) => Object.hasOwn(c, k));

/** A ladder rule's alternatives: each `{all: [sla.step = <step>, …rest]}` (one, or several under a plain `any`), else undefined. */
function ladderAlternatives(cond: TopLevelCondition, steps: ReadonlySet<string>): { step: string; rest: Condition[] }[] | undefined {
  const one = (c: Condition) => {
    if (!isPlainAll(c)) return undefined;
    const [leaf, ...rest] = c.all;
    if (!leaf || !("fact" in leaf) || leaf.fact !== "sla.step" || leaf.operator !== "equal" || typeof leaf.value !== "string" || !steps.has(leaf.value)) return undefined;
    if (Object.keys(leaf).some((k) => !["fact", "operator", "value"].includes(k))) return undefined;
    return { step: leaf.value, rest };
  };
  const single = one(cond);
  if (single) return [single];
  if ("any" in cond && Object.keys(cond).length === 1 && cond.any.length > 0) {
    const all = cond.any.map(one);
    if (all.every((x) => x !== undefined)) return all as { step: string; rest: Condition[] }[];
  }
  return undefined;
}

/** The condition node that gives back `rest` after a ladder step (compile: `ladderCondition`). */
const restCondition = (rest: Condition[]): TopLevelCondition =>
  rest.length === 1 && isTopLevel(rest[0]!) && !isPlainAll(rest[0]!) ? (rest[0] as TopLevelCondition) : { all: rest };

export interface RulesToFlowInput {
  rules: readonly (RoutingRule | JsonRule)[];
  trigger?: RoutingPlaybook["trigger"];
  /** escalation: the ladder steps; rules whose condition starts with `sla.step = <step>` are drawn after that step */
  steps?: readonly EscalationStep[];
  /** crisis: the detectors, each drawn as trigger → its condition → the detector */
  detectors?: readonly CrisisDetector[];
}

/** rules → graph: a plain array of json-rules-engine rules or Pauta routing rules (and an escalation's steps, a crisis's detectors), laid out. */
export function rulesToFlow(input: RulesToFlowInput): { graph: FlowGraph; warnings: string[] } {
  const warnings: string[] = [];
  const nodes: FlowNode[] = [];
  const edges: FlowEdge[] = [];
  const nodeId = nodeIdFactory([TRIGGER_NODE_ID]);
  const ruleIds = new Set<string>();
  // creation order is the canvas order before layout (the layout keeps the order that matters)
  const push = (n: Omit<FlowNode, "position">) => nodes.push({ ...n, position: { x: 0, y: nodes.length } } as FlowNode);
  push({
    id: TRIGGER_NODE_ID,
    type: "trigger",
    data: {
      channels: [...(input.trigger?.channels ?? [])],
      events: ["case.created"],
      ...(input.trigger?.condition !== undefined ? { condition: input.trigger.condition } : {}),
    },
  } as FlowNode);
  const rows: Row[] = [];
  const edge = (source: string, sourceHandle: string, target: string) => edges.push({ id: `e-${source}-${sourceHandle}-${target}`, source, sourceHandle, target });

  // ladder steps first, so they keep their ids as node ids (a step's id is its node's id)
  const stepNode = new Map<string, string>();
  for (const st of input.steps ?? []) {
    const id = nodeId(st.id);
    const { id: _id, nodeId: _node, ...data } = st;
    push({ id, type: "escalation_step", data } as FlowNode);
    edge(TRIGGER_NODE_ID, HANDLE.out, id);
    stepNode.set(st.id, id);
  }
  const stepIds = new Set(stepNode.keys());

  input.rules.forEach((r, i) => {
    let settings: RuleSettings;
    let actions: RoutingAction[];
    if (isRoutingRule(r)) {
      settings = {
        id: r.id,
        name: r.name,
        ...(r.description !== undefined ? { description: r.description } : {}),
        priority: r.priority ?? 1,
        enabled: r.enabled ?? true,
      };
      actions = r.actions;
    } else {
      // json-rules-engine names an unnamed rule by its position; the rule id is a slug of that
      const name = r.name ?? `rule-${i + 1}`;
      const slug = name.toLowerCase().normalize("NFD").replace(/\p{M}+/gu, "").replace(/[^a-z0-9_-]+/g, "-").replace(/^[-_]+|-+$/g, "").slice(0, 100);
      let id = Slug.safeParse(slug).success ? slug : `rule-${i + 1}`;
      for (let k = 2; ruleIds.has(id); k++) id = `${id.slice(0, 90).replace(/-\d+$/, "")}-${k}`;
      settings = { id, name, priority: r.priority ?? 1, enabled: true };
      actions = actionsOfEvent(r, `rule '${name}'`, warnings);
    }
    if (actions.length === 0) warnings.push(`rule '${settings.id}' has no actions; it is imported as a condition only`);
    ruleIds.add(settings.id!);
    const row: string[] = [];
    // where the rule's chain is entered from: [node, handle] per path
    const entries: [string, string][] = [];
    const ladder = input.steps ? ladderAlternatives(r.conditions, stepIds) : undefined;
    if (input.steps && !ladder) warnings.push(`rule '${settings.id}' does not start with 'sla.step equal <step>': draw it after a ladder step`);
    if (ladder) {
      ladder.forEach((alt, k) => {
        const from = stepNode.get(alt.step)!;
        if (alt.rest.length === 0) return entries.push([from, HANDLE.out]);
        const cond = nodeId(k === 0 ? `if-${settings.id}` : `if-${settings.id}-${k + 1}`);
        push({ id: cond, type: "condition", data: { condition: restCondition(alt.rest) } } as FlowNode);
        edge(from, HANDLE.out, cond);
        row.push(cond);
        entries.push([cond, HANDLE.true]);
      });
    } else {
      const cond = nodeId(`if-${settings.id}`);
      push({ id: cond, type: "condition", data: { condition: r.conditions } } as FlowNode);
      edge(TRIGGER_NODE_ID, HANDLE.out, cond);
      row.push(cond);
      entries.push([cond, HANDLE.true]);
    }
    let anchor = row[row.length - 1] ?? "";
    actions.forEach((a, k) => {
      const id = nodeId(k === 0 ? `do-${settings.id}` : `do-${settings.id}-${k + 1}`);
      push({ id, type: a.type, data: actionData(a as never), ...(k === 0 ? { rule: settings } : {}) } as FlowNode);
      if (k === 0) {
        for (const [from, handle] of entries) edge(from, handle, id);
        anchor = id;
      } else edge(row[row.length - 1]!, HANDLE.out, id);
      row.push(id);
    });
    if (row.length > 0) rows.push({ nodes: row, anchor });
  });

  for (const d of input.detectors ?? []) {
    const id = nodeId(d.id);
    const { id: _id, nodeId: _node, condition, ...data } = d;
    const row: string[] = [];
    let from: [string, string] = [TRIGGER_NODE_ID, HANDLE.out];
    if (condition !== undefined) {
      const cond = nodeId(`if-${d.id}`);
      push({ id: cond, type: "condition", data: { condition } } as FlowNode);
      edge(TRIGGER_NODE_ID, HANDLE.out, cond);
      row.push(cond);
      from = [cond, HANDLE.true];
    }
    push({ id, type: "detector", data } as FlowNode);
    edge(from[0], from[1], id);
    row.push(id);
    rows.push({ nodes: row, anchor: id });
  }

  const graph = keepRowOrder(layoutFlow({ schemaVersion: FLOW_SCHEMA_VERSION, nodes, edges }), rows, [...stepNode.values()]);
  return { graph, warnings };
}

/** One imported rule (or detector) as drawn left to right; its anchor is the node whose place orders it (the rule's head). */
export interface Row {
  nodes: string[];
  anchor: string;
}

/**
 * Rules of equal priority run in canvas order (top to bottom), so the imported rows must stay in
 * the rules' order. dagre keeps a fan-out's order in practice; if it did not, rows are moved into
 * the free row slots in order (every imported row has the same height).
 */
export function keepRowOrder(graph: FlowGraph, rows: Row[], steps: string[] = []): FlowGraph {
  const pos = new Map(graph.nodes.map((n) => [n.id, n] as const));
  const anchor = (row: Row) => pos.get(row.anchor)!.position.y;
  const stepY = steps.map((id) => pos.get(id)!.position.y);
  const sorted = rows.every((r, i) => i === 0 || anchor(rows[i - 1]!) < anchor(r)) && stepY.every((y, i) => i === 0 || stepY[i - 1]! < y);
  if (sorted) return graph;
  const height = Math.max(...graph.nodes.filter((n) => n.type !== "trigger").map((n) => nodeSize(n).height), 0);
  const gap = 32;
  const x0 = Math.min(...graph.nodes.map((n) => n.position.x));
  const moved = new Map<string, { x: number; y: number }>();
  // straightforward grid: the trigger on the left, then the ladder steps, then one row per rule
  const trigger = graph.nodes.find((n) => n.type === "trigger");
  const total = Math.max(rows.length, steps.length) * (height + gap) - gap;
  if (trigger) moved.set(trigger.id, { x: x0, y: Math.round(total / 2 - nodeSize(trigger).height / 2) });
  const column = nodeSize(trigger ?? graph.nodes[0]!).width + 72;
  const first = steps.length > 0 ? 2 : 1;
  const colX = (k: number) => x0 + (k + first) * column;
  rows.forEach((row, i) => row.nodes.forEach((id, k) => moved.set(id, { x: colX(k), y: i * (height + gap) + Math.round((height - nodeSize(pos.get(id)!).height) / 2) })));
  // each step level with the first row after it, in the steps' order, never two on one row
  let y = -Infinity;
  for (const id of steps) {
    const firstRow = rows.findIndex((r) => graph.edges.some((e) => e.source === id && r.nodes.includes(e.target)));
    y = Math.max(y + height + gap, firstRow >= 0 ? firstRow * (height + gap) : 0);
    moved.set(id, { x: x0 + column, y });
  }
  return { ...graph, nodes: graph.nodes.map((n) => (moved.has(n.id) ? { ...n, position: moved.get(n.id)! } : n)) };
}

/**
 * The editor's document for a stored playbook: its graph when it has one, else its rules (and an
 * escalation's steps, a crisis's detectors) imported and laid out.
 */
export function playbookToFlow(doc: FlowPlaybook): FlowDocument {
  const common = {
    schemaVersion: PLAYBOOK_SCHEMA_VERSION,
    id: doc.id,
    name: doc.name,
    ...(doc.description !== undefined ? { description: doc.description } : {}),
    locale: doc.locale,
    precedence: doc.precedence,
    settings: { conflictStrategy: doc.settings.conflictStrategy },
    conditions: doc.conditions,
  };
  switch (doc.kind) {
    case "escalation": {
      const graph = doc.graph ?? rulesToFlow({ rules: doc.rules, trigger: doc.trigger, steps: doc.steps }).graph;
      return { ...common, kind: "escalation", calendars: doc.calendars, slaPolicies: doc.slaPolicies, graph };
    }
    case "crisis": {
      const graph = doc.graph ?? rulesToFlow({ rules: doc.rules, trigger: doc.trigger, detectors: doc.detectors }).graph;
      return { ...common, kind: "crisis", levels: doc.levels, graph };
    }
    default:
      return { ...common, kind: "routing", graph: doc.graph ?? rulesToFlow({ rules: doc.rules, trigger: doc.trigger }).graph };
  }
}

/** Alias used by the server: the flow document of a stored playbook. */
export const flowOfPlaybook = playbookToFlow;
