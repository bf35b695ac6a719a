// Which nodes and edges differ between two drawings of a playbook, for the version comparison on
// the canvas. Nodes match by id (ids survive edits, and rules imported from a file get ids from
// their rule ids); a node whose kind, label, data or rule settings differ is "changed"; moving a
// node changes nothing. Edges match by what they connect, whatever their ids.
import type { FlowDiff, FlowGraph, FlowNode } from "@/schemas";
import { edgeKey } from "./graph";

/** JSON with object keys sorted, so equal values give equal strings. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(value);
}

const meaning = ({ position: _position, ...rest }: FlowNode) => stable(rest);

export function diffFlows(from: FlowGraph, to: FlowGraph): FlowDiff {
  const nodes: FlowDiff["nodes"] = {};
  const before = new Map(from.nodes.map((n) => [n.id, n]));
  const after = new Map(to.nodes.map((n) => [n.id, n]));
  for (const [id, n] of after) {
    const old = before.get(id);
    if (!old) nodes[id] = "added";
    else if (meaning(old) !== meaning(n)) nodes[id] = "changed";
  }
  for (const id of before.keys()) if (!after.has(id)) nodes[id] = "removed";
  const fromKeys = new Set(from.edges.map(edgeKey));
  const toKeys = new Set(to.edges.map(edgeKey));
  const added = to.edges.filter((e) => !fromKeys.has(edgeKey(e))).map((e) => e.id);
  const removed = from.edges.filter((e) => !toKeys.has(edgeKey(e))).map((e) => e.id);
  return { nodes, edges: { added, removed } };
}
