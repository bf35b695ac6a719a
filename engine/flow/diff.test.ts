// Which nodes and edges two drawings differ in (the version comparison on the canvas).
import { describe, expect, it } from "vitest";
import type { FlowEdge, FlowGraph, FlowNode } from "@/schemas";
import { diffFlows } from "./diff";

const route = (id: string, queue: string, x = 0): FlowNode => ({ id, type: "route", position: { x, y: 0 }, data: { queue } }) as FlowNode;
const trigger: FlowNode = { id: "t", type: "trigger", position: { x: 0, y: 0 }, data: { channels: [], events: ["case.created"] } } as FlowNode;
const edge = (id: string, target: string): FlowEdge => ({ id, source: "t", sourceHandle: "out", target });
const graph = (nodes: FlowNode[], edges: FlowEdge[]): FlowGraph => ({ schemaVersion: 1, nodes, edges });

describe("diffFlows", () => {
  it("names added, removed and changed nodes; moving a node changes nothing", () => {
    const from = graph([trigger, route("a", "ventas"), route("b", "general"), route("c", "soporte")], []);
    const to = graph([trigger, route("a", "ventas", 500), route("b", "cobranza"), route("d", "nuevo")], []);
    expect(diffFlows(from, to).nodes).toEqual({ b: "changed", c: "removed", d: "added" });
  });

  it("matches edges by what they connect, and keeps an edge id reused for a different connection on both sides", () => {
    // The editor gives a new edge the smallest free id: e2 (t → b) was deleted and e2 (t → c) drawn.
    const nodes = [trigger, route("a", "x"), route("b", "y"), route("c", "z")];
    const from = graph(nodes, [edge("e1", "a"), edge("e2", "b")]);
    const to = graph(nodes, [edge("other-id", "a"), edge("e2", "c")]);
    expect(diffFlows(from, to).edges).toEqual({ added: ["e2"], removed: ["e2"] });
  });

  it("finds nothing between a drawing and itself", () => {
    const g = graph([trigger, route("a", "x")], [edge("e1", "a")]);
    expect(diffFlows(g, g)).toEqual({ nodes: {}, edges: { added: [], removed: [] } });
  });
});
