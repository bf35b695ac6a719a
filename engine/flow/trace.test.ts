// The run overlay agrees with the engine: an action node is fired exactly when its rule fired.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FlowDocument, FlowOverlay, isActionNode, type FlowEdge, type FlowNode } from "@/schemas";
import { compilePlaybook, evaluate } from "../index";
import { compileFlow, traceFlow } from "./index";
import { FC_SEED, factsArb, fcRuns, graphDocArb } from "./testing";

const clock = { now: () => new Date("2026-01-01T00:00:00.000Z"), perf: () => 0 };
const decide = (d: FlowDocument, facts: Record<string, unknown>) => {
  const pb = compileFlow(d).playbook!;
  return evaluate({ decisionId: "d", subject: "simulation", facts, playbooks: [compilePlaybook(pb, { versionId: "v", version: 1 })], clock });
};

describe("traceFlow agrees with evaluate", () => {
  it(`action nodes are fired ⇔ their rule fired (seed ${FC_SEED})`, () => {
    let fired = 0;
    fc.assert(
      fc.property(graphDocArb, fc.array(factsArb, { minLength: 1, maxLength: 4 }), (d, factsList) => {
        const compiled = compileFlow(d);
        if (!compiled.playbook) return;
        for (const facts of factsList) {
          const decision = decide(d, facts);
          const firedIds = new Set(decision.firedRules.map((r) => r.ruleId));
          const rules = decision.trace.playbooks[0]!.rules;
          const plain = traceFlow(d, facts);
          const withDecision = traceFlow(d, facts, decision);
          expect(FlowOverlay.safeParse(plain).success).toBe(true);
          for (const src of compiled.sources) {
            const rt = rules.find((r) => r.nodeId === src.headNodeId)!;
            for (const id of src.actionNodeIds) {
              expect(plain.nodes[id]!.ruleId).toBe(src.ruleId);
              // fired when reached and enabled: the same answer as the rules
              expect(plain.nodes[id]!.state === "fired", `${id} (${rt.status})`).toBe(firedIds.has(src.ruleId));
              expect(withDecision.nodes[id]!.state === "fired").toBe(firedIds.has(src.ruleId));
              if (firedIds.has(src.ruleId)) fired++;
            }
          }
          // every node has a state, and taken edges only leave visited nodes
          for (const n of d.graph.nodes) expect(plain.nodes[n.id]).toBeDefined();
          for (const id of plain.edges) {
            const edge = d.graph.edges.find((e) => e.id === id)!;
            expect(plain.nodes[edge.source]!.state).not.toBe("skipped");
          }
        }
      }),
      { numRuns: fcRuns(300), seed: FC_SEED },
    );
    expect(fired).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------------

const e = (source: string, sourceHandle: string, target: string): FlowEdge => ({ id: `${source}.${sourceHandle}>${target}`, source, sourceHandle, target });
const node = (id: string, type: string, data: Record<string, unknown>, y = 0, extra: Record<string, unknown> = {}) => ({ id, type, position: { x: 0, y }, data, ...extra }) as FlowNode;
const doc = (nodes: FlowNode[], edges: FlowEdge[]) => FlowDocument.parse({ id: "pb", kind: "routing", name: "Flow", graph: { nodes, edges } });

describe("the overlay of one case", () => {
  const d = doc(
    [
      node("t", "trigger", { channels: ["whatsapp", "email"] }),
      node("s", "switch", { fact: "channel", cases: [{ id: "w", values: ["whatsapp"] }, { id: "m", values: ["email"] }] }),
      node("vip", "condition", { condition: { all: [{ fact: "customerTier", operator: "equal", value: "vip" }] } }, 10),
      node("qv", "route", { queue: "vip" }, 20),
      node("tag", "add_tags", { tags: ["wa"] }, 30),
      node("qn", "route", { queue: "normal" }, 40),
      node("qm", "route", { queue: "mail" }, 50),
      node("end", "stop", {}, 60),
    ],
    [e("t", "out", "s"), e("s", "case:w", "vip"), e("s", "case:m", "qm"), e("s", "default", "end"), e("vip", "true", "qv"), e("qv", "out", "tag"), e("vip", "false", "qn")],
  );

  it("lights the path taken: branches, fact values, condition traces, taken edges; the rest is skipped", () => {
    const o = traceFlow(d, { channel: "whatsapp", customerTier: "vip" });
    expect(o.nodes.t).toEqual({
      state: "passed",
      branch: "out",
      trace: { type: "fact", fact: "channel", operator: "in", value: ["whatsapp", "email"], factValue: "whatsapp", evaluated: true, result: true },
    });
    expect(o.nodes.s).toEqual({ state: "passed", branch: "case:w", factValue: "whatsapp" });
    expect(o.nodes.vip).toMatchObject({ state: "passed", branch: "true", trace: { type: "all", result: true, children: [{ fact: "customerTier", factValue: "vip", result: true }] } });
    expect(o.nodes.qv).toEqual({ state: "fired", branch: "out", ruleId: "qv" });
    expect(o.nodes.tag).toEqual({ state: "fired", branch: "out", ruleId: "qv" });
    for (const id of ["qn", "qm", "end"]) expect(o.nodes[id]!.state).toBe("skipped");
    expect(o.edges.sort()).toEqual(["qv.out>tag", "s.case:w>vip", "t.out>s", "vip.true>qv"]);
  });
  it("a false condition takes the false branch; the switch default reaches a stop", () => {
    expect(traceFlow(d, { channel: "whatsapp", customerTier: "new" }).nodes.vip).toMatchObject({ state: "failed", branch: "false" });
    expect(traceFlow(d, { channel: "whatsapp", customerTier: "new" }).nodes.qn!.state).toBe("fired");
    const other = doc(d.graph.nodes.map((n) => (n.type === "trigger" ? { ...n, data: { ...n.data, channels: [] } } : n)), d.graph.edges);
    const o = traceFlow(other, { channel: "sms" });
    expect(o.nodes.s).toEqual({ state: "passed", branch: "default", factValue: "sms" });
    expect(o.nodes.end!.state).toBe("passed");
  });
  it("a trigger whose channels do not match stops everything", () => {
    const o = traceFlow(d, { channel: "sms" });
    expect(o.nodes.t).toMatchObject({ state: "failed", trace: { fact: "channel", factValue: "sms", result: false } });
    expect(o.edges).toEqual([]);
    expect(Object.values(o.nodes).filter((n) => n.state !== "skipped")).toHaveLength(1);
  });
  it("with a decision, action nodes show the rule's recorded status", () => {
    const facts = { channel: "email" };
    const decision = decide(d, facts);
    const o = traceFlow(d, facts, decision);
    expect(o.nodes.qm).toEqual({ state: "fired", branch: "out", ruleId: "qm" });
    expect(o.nodes.qv!.state).toBe("not_fired");
  });
  it("a condition that fails at run time is an error, and the rule's error shows on its action", () => {
    const bad = doc(
      [node("t", "trigger", {}), node("c", "condition", { condition: { all: [{ fact: "text", operator: "matchesPattern", value: "([" }] } }), node("a", "route", { queue: "q" })],
      [e("t", "out", "c"), e("c", "true", "a")],
    );
    const facts = { text: "hola" };
    const o = traceFlow(bad, facts);
    expect(o.nodes.c).toMatchObject({ state: "error", error: expect.stringContaining("invalid pattern") });
    expect(o.nodes.a!.state).toBe("skipped");
    const decision = decide(bad, facts);
    expect(traceFlow(bad, facts, decision).nodes.a).toMatchObject({ state: "error", error: expect.stringContaining("invalid pattern") });
  });
  it("a trigger condition is traced after its channels", () => {
    const t = doc(
      [node("t", "trigger", { channels: ["email"], condition: { all: [{ fact: "country", operator: "equal", value: "MX" }] } }), node("a", "route", { queue: "q" })],
      [e("t", "out", "a")],
    );
    expect(traceFlow(t, { channel: "email", country: "CO" }).nodes.t).toMatchObject({
      state: "failed",
      trace: { type: "all", result: false, children: [{ fact: "channel", result: true }, { type: "all", result: false, children: [{ fact: "country", factValue: "CO" }] }] },
    });
    expect(traceFlow(t, { channel: "email", country: "MX" }).nodes.a!.state).toBe("fired");
  });
  it("a disabled rule is not fired even when reached", () => {
    const off = doc([node("t", "trigger", {}), node("a", "route", { queue: "q" }, 0, { rule: { enabled: false } })], [e("t", "out", "a")]);
    expect(traceFlow(off, {}).nodes.a!.state).toBe("not_fired");
    expect(isActionNode(off.graph.nodes[1]!)).toBe(true);
  });
});
