// The version comparison's node and edge diff: matched by id (nodes) and by what they connect (edges), positions ignored.
import { describe, expect, it } from "vitest";
import type { FlowGraph, FlowNode, RoutingPlaybook } from "@/schemas";
import { diffFlows, playbookToFlow } from "./index";

const route = (id: string, queue: string, x = 0): FlowNode => ({ id, type: "route", position: { x, y: 0 }, data: { queue } }) as FlowNode;
const trigger: FlowNode = { id: "t", type: "trigger", position: { x: -300, y: 0 }, data: { channels: [] } } as unknown as FlowNode;
const graph = (nodes: FlowNode[], edges: [string, string, string][], idPrefix = "e"): FlowGraph => ({
  schemaVersion: 1,
  nodes,
  edges: edges.map(([source, sourceHandle, target], i) => ({ id: `${idPrefix}${i}`, source, sourceHandle, target })),
});

describe("diffFlows", () => {
  it("names added, removed and changed nodes; a moved node is unchanged", () => {
    const from = graph([trigger, route("a", "ventas"), route("b", "general"), route("c", "soporte")], [["t", "out", "a"], ["t", "out", "b"], ["t", "out", "c"]]);
    const to = graph([trigger, route("a", "ventas", 500), route("b", "general-2"), route("d", "vip")], [["t", "out", "a"], ["t", "out", "b"], ["t", "out", "d"]], "x");
    expect(diffFlows(from, to)).toEqual({ nodes: { b: "changed", c: "removed", d: "added" }, edges: { x2: "added", e2: "removed" } });
  });

  it("edges match by what they connect whatever their ids; identical drawings have no differences", () => {
    const a = graph([trigger, route("a", "q")], [["t", "out", "a"]], "one-");
    const b = graph([trigger, route("a", "q")], [["t", "out", "a"]], "other-");
    expect(diffFlows(a, b)).toEqual({ nodes: {}, edges: {} });
  });

  it("two versions of a rules-only playbook keep their node ids, so only the edited rule differs", () => {
    const pb = (queue: string): RoutingPlaybook =>
      ({
        schemaVersion: 1,
        id: "pb",
        kind: "routing",
        name: "pb",
        locale: "es",
        precedence: 100,
        trigger: { channels: [] },
        settings: { conflictStrategy: "collect" },
        conditions: {},
        rules: [
          { id: "vip", name: "VIP", priority: 10, enabled: true, conditions: { all: [{ fact: "customerTier", operator: "equal", value: "vip" }] }, actions: [{ type: "route", queue: "vip" }] },
          { id: "rest", name: "Resto", priority: 1, enabled: true, conditions: { all: [{ fact: "channel", operator: "equal", value: "email" }] }, actions: [{ type: "route", queue }] },
        ],
      }) as RoutingPlaybook;
    const d = diffFlows(playbookToFlow(pb("general")).graph, playbookToFlow(pb("correo")).graph);
    expect(Object.entries(d.nodes)).toEqual([[expect.stringContaining("rest"), "changed"]]);
    expect(d.edges).toEqual({});
  });
});
