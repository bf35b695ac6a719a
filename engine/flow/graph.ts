// Graph helpers shared by the compiler, the validator, the tracer and the canvas: indexes, canConnect.
import type { FlowEdge, FlowGraph, FlowNode } from "@/schemas";
import { hasTargetHandle, sourceHandles } from "./specs";
import type { ConnectCheck } from "./types";

export interface GraphIndex {
  nodes: Map<string, FlowNode>;
  /** edges whose source and target exist, whose handle the source offers, not into the trigger; duplicates dropped */
  valid: FlowEdge[];
  out: Map<string, FlowEdge[]>;
  in: Map<string, FlowEdge[]>;
}

export const edgeKey = (e: Pick<FlowEdge, "source" | "sourceHandle" | "target">) => `${e.source}\u0000${e.sourceHandle}\u0000${e.target}`;

/** Index a graph's nodes and its usable edges (the validator reports the others). */
export function indexGraph(graph: FlowGraph): GraphIndex {
  const nodes = new Map<string, FlowNode>();
  for (const n of graph.nodes) if (!nodes.has(n.id)) nodes.set(n.id, n);
  const out = new Map<string, FlowEdge[]>();
  const inn = new Map<string, FlowEdge[]>();
  const valid: FlowEdge[] = [];
  const seen = new Set<string>();
  const handles = new Map<string, Set<string>>();
  for (const e of graph.edges) {
    const s = nodes.get(e.source);
    const t = nodes.get(e.target);
    if (!s || !t || !hasTargetHandle(t) || e.source === e.target) continue;
    let hs = handles.get(s.id);
    if (!hs) handles.set(s.id, (hs = new Set(sourceHandles(s))));
    if (!hs.has(e.sourceHandle)) continue;
    const k = edgeKey(e);
    if (seen.has(k)) continue;
    seen.add(k);
    valid.push(e);
    (out.get(e.source) ?? out.set(e.source, []).get(e.source)!).push(e);
    (inn.get(e.target) ?? inn.set(e.target, []).get(e.target)!).push(e);
  }
  return { nodes, valid, out, in: inn };
}

/** Whether `to` can be reached from `from` over the given out-edges. */
export function reaches(out: Map<string, FlowEdge[]>, from: string, to: string): boolean {
  const stack = [from];
  const seen = new Set<string>([from]);
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === to) return true;
    for (const e of out.get(id) ?? []) {
      if (!seen.has(e.target)) {
        seen.add(e.target);
        stack.push(e.target);
      }
    }
  }
  return false;
}

/** The node ids on cycles (strongly connected components of more than one node), one list per cycle. */
export function findCycles(ix: GraphIndex): string[][] {
  // Tarjan's algorithm, iterative
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  for (const start of ix.nodes.keys()) {
    if (idx.has(start)) continue;
    const work: { id: string; i: number }[] = [{ id: start, i: 0 }];
    idx.set(start, index);
    low.set(start, index++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const edges = ix.out.get(top.id) ?? [];
      if (top.i < edges.length) {
        const w = edges[top.i++]!.target;
        if (!idx.has(w)) {
          idx.set(w, index);
          low.set(w, index++);
          stack.push(w);
          onStack.add(w);
          work.push({ id: w, i: 0 });
        } else if (onStack.has(w)) low.set(top.id, Math.min(low.get(top.id)!, idx.get(w)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]!.id;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.id)!));
      }
      if (low.get(top.id) === idx.get(top.id)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== top.id);
        if (comp.length > 1) out.push(comp.reverse());
      }
    }
  }
  return out;
}

/** Whether a new edge may be drawn (the canvas refuses it otherwise). */
export function canConnect(graph: FlowGraph, edge: Omit<FlowEdge, "id">): ConnectCheck {
  const source = graph.nodes.find((n) => n.id === edge.source);
  const target = graph.nodes.find((n) => n.id === edge.target);
  if (!source || !target) return { ok: false, code: "edge_bad_handle", message: `node '${!source ? edge.source : edge.target}' does not exist` };
  if (edge.source === edge.target) return { ok: false, code: "self_loop", message: "a node cannot connect to itself" };
  if (target.type === "trigger") return { ok: false, code: "edge_into_trigger", message: "nothing can lead into the trigger: the flow starts there" };
  if (!sourceHandles(source).includes(edge.sourceHandle)) {
    return { ok: false, code: "edge_bad_handle", message: `a ${source.type} node has no output '${edge.sourceHandle}'` };
  }
  const k = edgeKey(edge);
  if (graph.edges.some((e) => edgeKey(e) === k)) return { ok: false, code: "duplicate", message: "these two nodes are already connected this way" };
  const ix = indexGraph(graph);
  if (reaches(ix.out, edge.target, edge.source)) return { ok: false, code: "cycle", message: "this connection would make a loop: flows only go forward" };
  return { ok: true };
}
