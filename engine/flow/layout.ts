// Layered auto-layout with dagre, left to right. Deterministic: the same graph gives the same positions.
import { Graph, layout } from "@dagrejs/dagre";
import type { FlowEdge, FlowGraph } from "@/schemas";
import { canvasOrder, compileInternal } from "./compile";
import { nodeSize, sourceHandles } from "./specs";

export const LAYOUT = Object.freeze({ nodesep: 32, ranksep: 72, edgesep: 16 });

/** Layered auto-layout (dagre), left to right; deterministic. Positions are top-left corners, rounded. */
export function layoutFlow(graph: FlowGraph): FlowGraph {
  if (graph.nodes.length === 0) return graph;
  const g = new Graph({ multigraph: true });
  g.setGraph({ rankdir: "LR", nodesep: LAYOUT.nodesep, ranksep: LAYOUT.ranksep, edgesep: LAYOUT.edgesep, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  const sizes = new Map(graph.nodes.map((n) => [n.id, nodeSize(n)] as const));
  for (const n of graph.nodes) {
    const s = sizes.get(n.id)!;
    g.setNode(n.id, { width: s.width, height: s.height });
  }
  // dagre keeps siblings in the reverse of the order their edges are added: add them bottom-up, so
  // a laid-out flow keeps its branches (true above false, cases in order) and, for edges from one
  // handle, the current top-to-bottom order of their targets (the order of equal-priority rules)
  const byId = new Map(graph.nodes.map((n, i) => [n.id, { n, i }] as const));
  const canvas = (id: string) => byId.get(id)!;
  const order = (a: string, b: string) => {
    const x = canvas(a);
    const y = canvas(b);
    return x.n.position.y - y.n.position.y || x.n.position.x - y.n.position.x || x.i - y.i;
  };
  const handleIndex = (e: FlowEdge) => sourceHandles(canvas(e.source).n).indexOf(e.sourceHandle);
  const edges = graph.edges
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => e.source !== e.target && sizes.has(e.source) && sizes.has(e.target))
    .sort((a, b) => order(a.e.source, b.e.source) || handleIndex(a.e) - handleIndex(b.e) || order(a.e.target, b.e.target) || a.i - b.i);
  for (let k = edges.length - 1; k >= 0; k--) g.setEdge(edges[k]!.e.source, edges[k]!.e.target, {}, edges[k]!.e.id);
  layout(g);
  const laid: FlowGraph = {
    ...graph,
    nodes: graph.nodes.map((n) => {
      const p = g.node(n.id) as { x: number; y: number };
      const s = sizes.get(n.id)!;
      return { ...n, position: { x: Math.round(p.x - s.width / 2), y: Math.round(p.y - s.height / 2) } };
    }),
  };
  return keepRuleOrder(graph, laid);
}

/**
 * Rules of equal priority run in canvas order, so a layout must not reorder their heads (nor the
 * ladder steps or detectors, listed in canvas order). When dagre did, the heads of each priority
 * group exchange places (action nodes all have the same size, so
 * no rectangles overlap): the layout never changes what the flow means.
 */
function keepRuleOrder(before: FlowGraph, after: FlowGraph): FlowGraph {
  const rulesOf = (graph: FlowGraph) =>
    compileInternal({ schemaVersion: 1, id: "layout", kind: "routing", name: "layout", locale: "es", precedence: 100, settings: { conflictStrategy: "collect" }, conditions: {}, graph }).rules;
  const rules = rulesOf(before);
  const pos = new Map(after.nodes.map((n) => [n.id, n] as const));
  const groups = new Map<number | string, string[]>();
  for (const r of rules) groups.set(r.priority, [...(groups.get(r.priority) ?? []), r.nodeId!]);
  // ladder steps and detectors compile in canvas order too (each kind has one size)
  for (const type of ["escalation_step", "detector"] as const) groups.set(type, before.nodes.filter((n) => n.type === type).sort(canvasOrder).map((n) => n.id));
  const moved = new Map<string, { x: number; y: number }>();
  for (const heads of groups.values()) {
    if (heads.length < 2) continue;
    const slots = heads.map((id) => pos.get(id)!).sort(canvasOrder).map((n) => n.position);
    heads.forEach((id, k) => {
      const p = pos.get(id)!.position;
      if (p.x !== slots[k]!.x || p.y !== slots[k]!.y) moved.set(id, slots[k]!);
    });
  }
  if (moved.size === 0) return after;
  return { ...after, nodes: after.nodes.map((n) => (moved.has(n.id) ? { ...n, position: moved.get(n.id)! } : n)) };
}

/** Whether two laid-out nodes' rectangles overlap (touching edges do not count). */
export function overlaps(graph: FlowGraph): [string, string][] {
  const rects = graph.nodes.map((n) => ({ id: n.id, ...n.position, ...nodeSize(n) }));
  const out: [string, string][] = [];
  for (let i = 0; i < rects.length; i++)
    for (let j = i + 1; j < rects.length; j++) {
      const a = rects[i]!;
      const b = rects[j]!;
      if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) out.push([a.id, b.id]);
    }
  return out;
}
