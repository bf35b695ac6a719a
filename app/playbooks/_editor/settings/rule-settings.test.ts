import { describe, expect, it } from "vitest";
import { compileFlow } from "@/engine/flow/compile";
import type { FlowDocument, FlowEdge, FlowNode } from "@/schemas";
import { chainHead, cleanRule, defaultPriority } from "./rule-settings";

const at = { x: 0, y: 0 };
const leaf = (value: string) => ({ all: [{ fact: "channel", operator: "equal", value }] });
const nodes: FlowNode[] = [
  { id: "t", type: "trigger", position: at, data: { channels: [], events: ["case.created"] } },
  { id: "c1", type: "condition", position: { x: 1, y: 0 }, data: { condition: leaf("email") } },
  { id: "r1", type: "route", position: { x: 2, y: 0 }, data: { queue: "q1" } },
  { id: "g1", type: "add_tags", position: { x: 3, y: 0 }, data: { tags: ["a"] } },
  { id: "s1", type: "switch", position: { x: 2, y: 1 }, data: { fact: "customerTier", cases: [{ id: "k", values: ["vip"] }] } },
  { id: "c2", type: "condition", position: { x: 3, y: 1 }, data: { condition: leaf("sms") } },
  { id: "r2", type: "route", position: { x: 4, y: 1 }, data: { queue: "q2" } },
  { id: "r3", type: "route", position: { x: 4, y: 2 }, data: { queue: "q3" } },
];
const e = (source: string, sourceHandle: string, target: string): FlowEdge => ({ id: `${source}-${sourceHandle}-${target}`, source, sourceHandle, target });
const edges: FlowEdge[] = [
  e("t", "out", "c1"),
  e("c1", "true", "r1"),
  e("r1", "out", "g1"),
  e("c1", "false", "s1"),
  e("s1", "case:k", "c2"),
  e("c2", "true", "r2"),
  e("s1", "default", "r3"),
  // r2 is also reached straight from the trigger: its longest path counts
  e("t", "out", "r2"),
];
const doc: FlowDocument = {
  schemaVersion: 1,
  id: "p",
  kind: "routing",
  name: "P",
  locale: "es",
  precedence: 100,
  settings: { conflictStrategy: "collect" },
  conditions: {},
  graph: { schemaVersion: 1, nodes, edges },
};

describe("rule settings", () => {
  it("finds the head of a chain", () => {
    expect(chainHead(doc, "g1")?.id).toBe("r1");
    expect(chainHead(doc, "r1")?.id).toBe("r1");
    expect(chainHead(doc, "c1")).toBeNull();
  });

  it("explains the same default priority the compiler gives", () => {
    const compiled = compileFlow(doc);
    expect(compiled.playbook).not.toBeNull();
    for (const r of compiled.playbook!.rules) expect(defaultPriority(doc, r.nodeId!)).toBe(r.priority);
    expect(defaultPriority(doc, "r2")).toBe(4);
    expect(defaultPriority(doc, "r1")).toBe(2);
  });

  it("drops empty settings", () => {
    expect(cleanRule({ id: "", name: "", enabled: true })).toBeUndefined();
    expect(cleanRule({ name: "x", enabled: false, priority: 3 })).toEqual({ name: "x", enabled: false, priority: 3 });
  });
});
