// rules → graph: each rule becomes trigger → condition (its conditions) → its actions as a chain,
// the chain's head carrying the rule's settings; then auto-layout. Compiling the graph gives the
// rules back unchanged (README.md, "Import").
import {
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

/** rules → graph: a plain array of json-rules-engine rules or Pauta routing rules, laid out. */
export function rulesToFlow(input: { rules: readonly (RoutingRule | JsonRule)[]; trigger?: RoutingPlaybook["trigger"] }): { graph: FlowGraph; warnings: string[] } {
  const warnings: string[] = [];
  const nodes: FlowNode[] = [];
  const edges: FlowEdge[] = [];
  const nodeId = nodeIdFactory([TRIGGER_NODE_ID]);
  const ruleIds = new Set<string>();
  const at = { x: 0, y: 0 };
  nodes.push({
    id: TRIGGER_NODE_ID,
    type: "trigger",
    position: at,
    data: {
      channels: [...(input.trigger?.channels ?? [])],
      events: ["case.created"],
      ...(input.trigger?.condition !== undefined ? { condition: input.trigger.condition } : {}),
    },
  });
  const rows: string[][] = [];
  const edge = (source: string, sourceHandle: string, target: string) => edges.push({ id: `e-${source}-${sourceHandle}-${target}`, source, sourceHandle, target });

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
    const cond = nodeId(`if-${settings.id}`);
    nodes.push({ id: cond, type: "condition", position: at, data: { condition: r.conditions } });
    edge(TRIGGER_NODE_ID, HANDLE.out, cond);
    const row = [cond];
    let prev = cond;
    let prevHandle: string = HANDLE.true;
    actions.forEach((a, k) => {
      const id = nodeId(k === 0 ? `do-${settings.id}` : `do-${settings.id}-${k + 1}`);
      nodes.push({ id, type: a.type, position: at, data: actionData(a as never), ...(k === 0 ? { rule: settings } : {}) } as FlowNode);
      edge(prev, prevHandle, id);
      row.push(id);
      prev = id;
      prevHandle = HANDLE.out;
    });
    rows.push(row);
  });

  const graph = keepRowOrder(layoutFlow({ schemaVersion: FLOW_SCHEMA_VERSION, nodes, edges }), rows);
  return { graph, warnings };
}

/**
 * Rules of equal priority run in canvas order (top to bottom), so the imported rows must stay in
 * the rules' order. dagre keeps a fan-out's order in practice; if it did not, rows are moved into
 * the free row slots in order (every imported row has the same height).
 */
export function keepRowOrder(graph: FlowGraph, rows: string[][]): FlowGraph {
  const pos = new Map(graph.nodes.map((n) => [n.id, n] as const));
  // compiled rules of equal priority are ordered by their head (first action): compare heads
  const anchor = (row: string[]) => pos.get(row[1] ?? row[0]!)!.position.y;
  const sorted = rows.every((r, i) => i === 0 || anchor(rows[i - 1]!) < anchor(r));
  if (sorted) return graph;
  const height = Math.max(...graph.nodes.filter((n) => n.type !== "trigger").map((n) => nodeSize(n).height), 0);
  const gap = 32;
  const x0 = Math.min(...graph.nodes.map((n) => n.position.x));
  const moved = new Map<string, { x: number; y: number }>();
  // straightforward grid: the trigger on the left, one row per rule
  const trigger = graph.nodes.find((n) => n.type === "trigger");
  const total = rows.length * (height + gap) - gap;
  if (trigger) moved.set(trigger.id, { x: x0, y: Math.round(total / 2 - nodeSize(trigger).height / 2) });
  const colX = (k: number) => x0 + (k + 1) * (nodeSize(trigger ?? graph.nodes[0]!).width + 72);
  rows.forEach((row, i) => row.forEach((id, k) => moved.set(id, { x: colX(k), y: i * (height + gap) + Math.round((height - nodeSize(pos.get(id)!).height) / 2) })));
  return { ...graph, nodes: graph.nodes.map((n) => (moved.has(n.id) ? { ...n, position: moved.get(n.id)! } : n)) };
}

/** The editor's document for a stored playbook: its graph when it has one, else its rules imported and laid out. */
export function playbookToFlow(doc: RoutingPlaybook): FlowDocument {
  const graph = doc.graph ?? rulesToFlow({ rules: doc.rules, trigger: doc.trigger }).graph;
  return {
    schemaVersion: PLAYBOOK_SCHEMA_VERSION,
    id: doc.id,
    kind: "routing",
    name: doc.name,
    ...(doc.description !== undefined ? { description: doc.description } : {}),
    locale: doc.locale,
    precedence: doc.precedence,
    settings: { conflictStrategy: doc.settings.conflictStrategy },
    conditions: doc.conditions,
    graph,
  };
}

/** Alias used by the server: the flow document of a stored playbook. */
export const flowOfPlaybook = playbookToFlow;
