// Graph → rules semantics, every validator issue, connection checks, node specs and the catalogue.
import { afterAll, describe, expect, it } from "vitest";
import {
  FLOW_ISSUE_CODES,
  FLOW_NODE_TYPES,
  FlowDocument,
  FlowNode,
  type Condition,
  type FlowEdge,
  type FlowIssue,
  type FlowIssueCode,
  type FlowNodeType,
  type TopLevelCondition,
} from "@/schemas";
import { OPERATOR_NAMES, PlaybookCompileError, compilePlaybook, evaluate } from "../index";
import {
  FACT_CATALOG,
  MAX_PATHS,
  canConnect,
  compileFlow,
  compileFlowPlaybook,
  emptyFlow,
  newNode,
  nodeSize,
  operatorsFor,
  rulesToFlow,
  sourceHandles,
  validateFlow,
} from "./index";

// ---------------------------------------------------------------------------------------------
// Builders

let row = 0;
const pos = () => ({ x: 0, y: (row += 100) });
const T = (data: Partial<{ channels: string[]; events: string[]; condition: TopLevelCondition }> = {}, id = "t") =>
  ({ id, type: "trigger", position: { x: -300, y: 0 }, data: { channels: [], events: ["case.created"], ...data } }) as FlowNode;
const C = (id: string, condition: TopLevelCondition, at = pos()) => ({ id, type: "condition", position: at, data: { condition } }) as FlowNode;
const S = (id: string, fact: string, cases: { id: string; values: unknown[]; label?: string }[], path?: string) =>
  ({ id, type: "switch", position: pos(), data: { fact, ...(path ? { path } : {}), cases } }) as FlowNode;
const R = (id: string, queue: string, extra: Record<string, unknown> = {}, at = pos()) => ({ id, type: "route", position: at, data: { queue }, ...extra }) as FlowNode;
const Tag = (id: string, tags: string[], extra: Record<string, unknown> = {}) => ({ id, type: "add_tags", position: pos(), data: { tags }, ...extra }) as FlowNode;
const Stop = (id: string) => ({ id, type: "stop", position: pos(), data: {} }) as FlowNode;
const e = (source: string, sourceHandle: string, target: string): FlowEdge => ({ id: `${source}.${sourceHandle}>${target}`, source, sourceHandle, target });
const doc = (nodes: FlowNode[], edges: FlowEdge[], extra: Partial<FlowDocument> = {}): FlowDocument =>
  FlowDocument.parse({ id: "pb", kind: "routing", name: "Flow", graph: { nodes, edges }, ...extra });

const leaf = (fact: string, operator: string, value: unknown, path?: string): Condition => ({ fact, operator, value, ...(path ? { path } : {}) }) as Condition;
const vip: TopLevelCondition = { all: [leaf("customerTier", "equal", "vip")] };
const mx: TopLevelCondition = { all: [leaf("country", "equal", "MX")] };
const refund: TopLevelCondition = { any: [leaf("normalizedText", "containsWord", "reembolso")] };

const seen = new Set<FlowIssueCode>();
function issuesOf(d: FlowDocument): FlowIssue[] {
  const list = validateFlow(d);
  for (const i of list) seen.add(i.code);
  return list;
}
const only = (d: FlowDocument, code: FlowIssueCode) => issuesOf(d).filter((i) => i.code === code);

const clock = { now: () => new Date("2026-01-01T00:00:00.000Z"), perf: () => 0 };
function run(d: FlowDocument, facts: Record<string, unknown>) {
  const pb = compileFlowPlaybook(d);
  return evaluate({ decisionId: "d", subject: "simulation", facts, playbooks: [compilePlaybook(pb, { versionId: "v", version: 1 })], clock });
}

// ---------------------------------------------------------------------------------------------

describe("node specs", () => {
  it("every kind has valid defaults, handles and a size", () => {
    for (const type of FLOW_NODE_TYPES as FlowNodeType[]) {
      const n = newNode(type, `n-${type}`, { x: 10, y: 20 });
      expect(FlowNode.parse(n)).toEqual(n);
      expect(n.position).toEqual({ x: 10, y: 20 });
      const s = nodeSize(n);
      expect(s.width).toBeGreaterThan(0);
      expect(s.height).toBeGreaterThan(0);
    }
    expect(sourceHandles(newNode("trigger", "a", { x: 0, y: 0 }))).toEqual(["out"]);
    expect(sourceHandles(newNode("condition", "a", { x: 0, y: 0 }))).toEqual(["true", "false"]);
    expect(sourceHandles(S("s", "channel", [{ id: "w", values: ["whatsapp"] }, { id: "e", values: ["email"] }]))).toEqual(["case:w", "case:e", "default"]);
    expect(sourceHandles(newNode("route", "a", { x: 0, y: 0 }))).toEqual(["out"]);
    expect(sourceHandles(newNode("stop", "a", { x: 0, y: 0 }))).toEqual([]);
  });
  it("a switch grows with its cases", () => {
    const one = nodeSize(S("s", "channel", [{ id: "a", values: ["x"] }]));
    const three = nodeSize(S("s", "channel", [{ id: "a", values: ["x"] }, { id: "b", values: ["y"] }, { id: "c", values: ["z"] }]));
    expect(three.height).toBeGreaterThan(one.height);
  });
  it("new nodes start incomplete and the validator says what to fill in", () => {
    const d = doc([T(), newNode("condition", "c", { x: 0, y: 0 }), newNode("route", "r", { x: 0, y: 100 })], [e("t", "out", "c"), e("c", "true", "r")]);
    const list = issuesOf(d);
    expect(list.find((i) => i.nodeId === "c" && i.code === "condition")).toMatchObject({ severity: "error", path: "condition.all[0].fact" });
    expect(list.find((i) => i.nodeId === "r" && i.code === "field")).toMatchObject({ severity: "error", path: "queue" });
  });
  it("an empty flow is a valid document that does nothing yet", () => {
    const d = FlowDocument.parse(emptyFlow({ id: "nuevo", name: "Nuevo", locale: "en" }));
    expect(d.locale).toBe("en");
    expect(issuesOf(d).map((i) => [i.severity, i.code])).toEqual([["warning", "no_actions"]]);
    expect(compileFlowPlaybook(d).rules).toEqual([]);
  });
});

describe("fact catalogue", () => {
  it("lists every derived fact with labels, and only operators the engine knows", () => {
    for (const f of ["channel", "channelTier", "source", "externalId", "receivedAt", "language", "subject", "text", "normalizedText", "keywords", "sentiment", "customer", "customerTier", "country", "region", "attributes"]) {
      expect(FACT_CATALOG.some((x) => x.fact === f), f).toBe(true);
    }
    for (const f of FACT_CATALOG) {
      expect(f.label.es.length).toBeGreaterThan(0);
      expect(f.label.en.length).toBeGreaterThan(0);
      expect(operatorsFor(f.type).length).toBeGreaterThan(0);
      for (const op of operatorsFor(f.type)) expect(OPERATOR_NAMES).toContain(op);
    }
    expect(FACT_CATALOG.find((f) => f.fact === "channel")!.values).toContain("whatsapp");
    expect(FACT_CATALOG.find((f) => f.fact === "customerTier")!.values).toEqual(["vip", "high_value", "standard", "new"]);
    expect(operatorsFor("number")).toContain("greaterThanInclusive");
    expect(operatorsFor("string[]")[0]).toBe("contains");
  });
});

describe("canConnect", () => {
  const g = doc([T(), C("c", vip), R("a", "q"), R("b", "q2"), S("s", "channel", [{ id: "w", values: ["whatsapp"] }])], [e("t", "out", "c"), e("c", "true", "a"), e("a", "out", "b")]).graph;
  it("accepts a forward connection from an offered handle", () => {
    expect(canConnect(g, { source: "c", sourceHandle: "false", target: "b" })).toEqual({ ok: true });
    expect(canConnect(g, { source: "s", sourceHandle: "case:w", target: "a" })).toEqual({ ok: true });
    // fan-out: a second edge from the same handle is allowed
    expect(canConnect(g, { source: "c", sourceHandle: "true", target: "s" })).toEqual({ ok: true });
  });
  it.each([
    [{ source: "b", sourceHandle: "out", target: "c" }, "cycle"],
    [{ source: "a", sourceHandle: "out", target: "a" }, "self_loop"],
    [{ source: "c", sourceHandle: "false", target: "t" }, "edge_into_trigger"],
    [{ source: "c", sourceHandle: "out", target: "b" }, "edge_bad_handle"],
    [{ source: "s", sourceHandle: "case:zz", target: "b" }, "edge_bad_handle"],
    [{ source: "nope", sourceHandle: "out", target: "b" }, "edge_bad_handle"],
    [{ source: "c", sourceHandle: "true", target: "a" }, "duplicate"],
  ] as const)("refuses %o (%s)", (edge, code) => {
    const r = canConnect(g, edge);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe(code);
      expect(r.message.length).toBeGreaterThan(10);
    }
  });
});

describe("graph → rules", () => {
  it("a single true branch keeps the condition unchanged; priority 1 + decisions; id, name and nodeId from the head", () => {
    const pb = compileFlowPlaybook(doc([T(), C("c", vip), R("route-vip", "vip")], [e("t", "out", "c"), e("c", "true", "route-vip")]));
    expect(pb.rules).toEqual([{ id: "route-vip", name: "route to vip", priority: 2, enabled: true, conditions: vip, actions: [{ type: "route", queue: "vip" }], nodeId: "route-vip" }]);
  });
  it("a false branch negates the condition", () => {
    const pb = compileFlowPlaybook(doc([T(), C("c", vip), R("a", "vip"), R("b", "normal")], [e("t", "out", "c"), e("c", "true", "a"), e("c", "false", "b")]));
    expect(pb.rules.find((r) => r.id === "b")!.conditions).toEqual({ not: vip });
    expect(run(doc([T(), C("c", vip), R("a", "vip"), R("b", "normal")], [e("t", "out", "c"), e("c", "true", "a"), e("c", "false", "b")]), { customerTier: "new" }).outcome.queue).toBe("normal");
  });
  it("a chain of actions is one rule headed by its first action, with the head's settings", () => {
    const d = doc(
      [T(), C("c", vip), R("A", "vip", { rule: { id: "vip-rule", name: "VIP", description: "d", priority: 7 }, label: "ignored label" }), Tag("b", ["x"]), newNode("set_priority", "p", pos())],
      [e("t", "out", "c"), e("c", "true", "A"), e("A", "out", "b"), e("b", "out", "p")],
    );
    const c = compileFlow(d);
    expect(c.playbook!.rules).toEqual([
      {
        id: "vip-rule",
        name: "VIP",
        description: "d",
        priority: 7,
        enabled: true,
        conditions: vip,
        actions: [{ type: "route", queue: "vip" }, { type: "add_tags", tags: ["x"] }, { type: "set_priority", priority: "normal" }],
        nodeId: "A",
      },
    ]);
    expect(c.sources).toEqual([{ ruleId: "vip-rule", headNodeId: "A", actionNodeIds: ["A", "b", "p"], paths: [[{ nodeId: "c", handle: "true" }]] }]);
  });
  it("a node label names the rule; node ids become lower-case rule ids", () => {
    const pb = compileFlowPlaybook(doc([T(), R("Route_VIP", "vip", { label: "Clientes VIP" })], [e("t", "out", "Route_VIP")]));
    expect(pb.rules[0]).toMatchObject({ id: "route_vip", name: "Clientes VIP", nodeId: "Route_VIP", conditions: { all: [] }, priority: 1 });
  });
  it("an action continuing into a condition: the sub-path inherits the path so far, and runs first", () => {
    const d = doc([T(), C("c1", vip), R("a", "vip"), C("c2", mx), R("b", "vip-mx")], [e("t", "out", "c1"), e("c1", "true", "a"), e("a", "out", "c2"), e("c2", "true", "b")]);
    const { playbook, issues } = compileFlow(d);
    const b = playbook!.rules.find((r) => r.id === "b")!;
    expect(b.conditions).toEqual({ all: [vip, mx] });
    expect(b.priority).toBe(3);
    expect(playbook!.rules.find((r) => r.id === "a")!.priority).toBe(2);
    // the narrower rule wins the queue: no overlap warning for a drawn specialisation
    expect(issues.filter((i) => i.severity === "warning")).toEqual([]);
    expect(run(d, { customerTier: "vip", country: "MX" }).outcome.queue).toBe("vip-mx");
    expect(run(d, { customerTier: "vip", country: "CO" }).outcome.queue).toBe("vip");
  });
  it("an action reached by several paths is one rule with any of the paths; priority from the longest", () => {
    const d = doc(
      [T(), C("c1", vip), C("c2", mx), C("c3", refund), R("a", "q")],
      [e("t", "out", "c1"), e("t", "out", "c2"), e("c2", "true", "c3"), e("c1", "true", "a"), e("c3", "true", "a")],
    );
    const c = compileFlow(d);
    expect(c.playbook!.rules).toHaveLength(1);
    expect(c.playbook!.rules[0]!.conditions).toEqual({ any: [vip, { all: [mx, refund] }] });
    expect(c.playbook!.rules[0]!.priority).toBe(3);
    expect(c.sources[0]!.paths).toEqual([[{ nodeId: "c1", handle: "true" }], [{ nodeId: "c2", handle: "true" }, { nodeId: "c3", handle: "true" }]]);
  });
  it("fan-out from one handle gives independent rules, all evaluated", () => {
    const d = doc([T(), C("c", vip), Tag("a", ["one"]), Tag("b", ["two"])], [e("t", "out", "c"), e("c", "true", "a"), e("c", "true", "b")]);
    const dec = run(d, { customerTier: "vip" });
    expect(dec.firedRules.map((r) => r.ruleId)).toEqual(["a", "b"]);
    expect(dec.outcome.tags).toEqual(["one", "two"]);
  });
  it("switch cases compile to equal / in, the default to notIn every case value", () => {
    const d = doc(
      [T(), S("s", "channel", [{ id: "w", values: ["whatsapp"] }, { id: "m", values: ["email", "webchat"] }]), R("qw", "wa"), R("qm", "mail"), R("qd", "other")],
      [e("t", "out", "s"), e("s", "case:w", "qw"), e("s", "case:m", "qm"), e("s", "default", "qd")],
    );
    const { playbook, issues } = compileFlow(d);
    const by = (id: string) => playbook!.rules.find((r) => r.id === id)!.conditions;
    expect(by("qw")).toEqual({ all: [leaf("channel", "equal", "whatsapp")] });
    expect(by("qm")).toEqual({ all: [leaf("channel", "in", ["email", "webchat"])] });
    expect(by("qd")).toEqual({ all: [leaf("channel", "notIn", ["whatsapp", "email", "webchat"])] });
    // a drawn switch never warns about overlaps: its branches exclude each other
    expect(issues).toEqual([]);
    expect(run(d, { channel: "webchat" }).outcome.queue).toBe("mail");
    expect(run(d, { channel: "sms" }).outcome.queue).toBe("other");
    expect(run(d, { channel: "whatsapp" }).firedRules).toEqual([{ playbookId: "pb", ruleId: "qw" }]);
  });
  it("a switch with a path tests the fact at that path", () => {
    const pb = compileFlowPlaybook(doc([T(), S("s", "customer", [{ id: "v", values: ["vip"] }], "$.tier"), R("q", "vip")], [e("t", "out", "s"), e("s", "case:v", "q")]));
    expect(pb.rules[0]!.conditions).toEqual({ all: [leaf("customer", "equal", "vip", "$.tier")] });
  });
  it("the trigger's channels and condition become the playbook trigger", () => {
    const d = doc([T({ channels: ["whatsapp", "email"], condition: mx }), R("a", "q")], [e("t", "out", "a")]);
    const pb = compileFlowPlaybook(d);
    expect(pb.trigger).toEqual({ channels: ["whatsapp", "email"], condition: mx });
    expect(pb.graph).toEqual(d.graph);
    expect(run(d, { channel: "sms", country: "MX" }).matched).toBe(false);
    expect(run(d, { channel: "email", country: "MX" }).matched).toBe(true);
  });
  it("rules are listed in canvas order (top to bottom): equal priorities run in that order", () => {
    const d = doc([T(), R("low", "second", {}, { x: 0, y: 500 }), R("high", "first", {}, { x: 0, y: 100 })], [e("t", "out", "low"), e("t", "out", "high")]);
    const c = compileFlow(d);
    expect(c.playbook!.rules.map((r) => r.id)).toEqual(["high", "low"]);
    expect(run(d, {}).outcome.queue).toBe("first");
    // explicit priority overrides the canvas order
    const d2 = doc([T(), R("low", "second", { rule: { priority: 5 } }, { x: 0, y: 500 }), R("high", "first", {}, { x: 0, y: 100 })], [e("t", "out", "low"), e("t", "out", "high")]);
    expect(run(d2, {}).outcome.queue).toBe("second");
  });
  it("a disabled head gives a disabled rule", () => {
    const pb = compileFlowPlaybook(doc([T(), R("a", "q", { rule: { enabled: false } })], [e("t", "out", "a")]));
    expect(pb.rules[0]!.enabled).toBe(false);
  });
  it("an unconnected false branch or a stop ends the path", () => {
    const d = doc([T(), C("c", vip), Stop("x"), R("a", "q")], [e("t", "out", "c"), e("c", "true", "x"), e("c", "false", "a")]);
    const pb = compileFlowPlaybook(d);
    expect(pb.rules.map((r) => r.id)).toEqual(["a"]);
    expect(run(d, { customerTier: "vip" }).matched).toBe(false);
  });
  it("shared conditions can be used in condition nodes", () => {
    const d = doc([T(), C("c", { condition: "es-vip" }), R("a", "q")], [e("t", "out", "c"), e("c", "true", "a")], { conditions: { "es-vip": vip } });
    expect(run(d, { customerTier: "vip" }).outcome.queue).toBe("q");
  });
});

describe("validator issues", () => {
  const ok = [T(), C("c", vip), R("a", "q")];
  const okEdges = [e("t", "out", "c"), e("c", "true", "a")];

  it("no_trigger / second_trigger", () => {
    expect(only(doc([R("a", "q")], []), "no_trigger")).toHaveLength(1);
    const two = only(doc([...ok, T({}, "t2")], okEdges), "second_trigger");
    expect(two).toMatchObject([{ severity: "error", nodeId: "t2" }]);
  });
  it("trigger_event_unsupported", () => {
    const list = only(doc([T({ events: ["case.created", "event.resolved"] }), ...ok.slice(1)], okEdges), "trigger_event_unsupported");
    expect(list).toMatchObject([{ severity: "error", nodeId: "t", path: "events[1]", params: { event: "event.resolved" } }]);
    expect(only(doc([T({ events: [] }), ...ok.slice(1)], okEdges), "trigger_event_unsupported")).toHaveLength(1);
  });
  it("cycle (including a self loop)", () => {
    const d = doc([...ok, C("c2", mx)], [...okEdges, e("a", "out", "c2"), e("c2", "true", "c")]);
    const list = only(d, "cycle");
    expect(list.map((i) => i.nodeId).sort()).toEqual(["a", "c", "c2"]);
    expect(compileFlow(d).playbook).toBeNull();
    expect(only(doc(ok, [...okEdges, e("c", "false", "c")]), "cycle")).toMatchObject([{ nodeId: "c" }]);
  });
  it("edge_dangling / edge_bad_handle / edge_into_trigger", () => {
    expect(only(doc(ok, [...okEdges, e("c", "false", "ghost")]), "edge_dangling")).toMatchObject([{ severity: "warning", edgeId: "c.false>ghost" }]);
    expect(only(doc(ok, [...okEdges, e("c", "maybe", "a")]), "edge_bad_handle")).toMatchObject([{ severity: "error", nodeId: "c", params: { handle: "maybe" } }]);
    expect(only(doc(ok, [...okEdges, e("a", "out", "t")]), "edge_into_trigger")).toMatchObject([{ severity: "error", nodeId: "t" }]);
  });
  it("unreachable: a warning, and its field problems are warnings too", () => {
    const list = issuesOf(doc([...ok, R("lost", "")], okEdges));
    expect(list.filter((i) => i.nodeId === "lost").map((i) => [i.severity, i.code])).toEqual([
      ["warning", "unreachable"],
      ["warning", "field"],
    ]);
  });
  it("condition_branch_missing: the true branch is required, the false one is not", () => {
    expect(only(doc([T(), C("c", vip), R("a", "q")], [e("t", "out", "c"), e("c", "false", "a")]), "condition_branch_missing")).toMatchObject([{ severity: "error", nodeId: "c" }]);
    expect(only(doc(ok, okEdges), "condition_branch_missing")).toEqual([]);
  });
  it("switch_no_cases / switch_case_empty / switch_value_repeated / branch_unconnected / empty fact", () => {
    expect(only(doc([T(), S("s", "channel", []), R("a", "q")], [e("t", "out", "s"), e("s", "default", "a")]), "switch_no_cases")).toMatchObject([{ nodeId: "s", severity: "error" }]);
    const d = doc(
      [T(), S("s", "", [{ id: "a", values: ["x", "y"] }, { id: "b", values: [] }, { id: "c", values: ["y"] }]), R("r", "q")],
      [e("t", "out", "s"), e("s", "case:a", "r"), e("s", "case:b", "r")],
    );
    const list = issuesOf(d);
    expect(list.find((i) => i.code === "switch_case_empty")).toMatchObject({ nodeId: "s", path: "cases[1].values" });
    expect(list.find((i) => i.code === "switch_value_repeated")).toMatchObject({ nodeId: "s", path: "cases[2].values[0]", params: { case: 1 } });
    expect(list.find((i) => i.code === "branch_unconnected")).toMatchObject({ severity: "warning", nodeId: "s", params: { handle: "case:c" } });
    expect(list.find((i) => i.code === "field")).toMatchObject({ nodeId: "s", path: "fact" });
  });
  it("chain_merge / chain_fork", () => {
    const merge = doc([...ok, C("c2", mx), R("b", "q2")], [...okEdges, e("a", "out", "b"), e("t", "out", "c2"), e("c2", "true", "b")]);
    expect(only(merge, "chain_merge")).toMatchObject([{ severity: "error", nodeId: "b" }]);
    const fork = doc([...ok, R("b", "q2"), Tag("x", ["t"])], [...okEdges, e("a", "out", "b"), e("a", "out", "x")]);
    expect(only(fork, "chain_fork")).toMatchObject([{ severity: "error", nodeId: "a", params: { targets: "b, x" } }]);
  });
  it("rule_settings_ignored / rule_id_repeated / a bad rule id", () => {
    const ignored = doc([...ok, Tag("b", ["x"], { rule: { name: "ignored" } })], [...okEdges, e("a", "out", "b")]);
    expect(only(ignored, "rule_settings_ignored")).toMatchObject([{ severity: "warning", nodeId: "b" }]);
    const repeated = doc([T(), R("a", "q", { rule: { id: "same" } }), R("b", "q", { rule: { id: "same" } })], [e("t", "out", "a"), e("t", "out", "b")]);
    expect(only(repeated, "rule_id_repeated")).toMatchObject([{ severity: "error", nodeId: "b", path: "rule.id", params: { ruleId: "same", node: "a" } }]);
    expect(only(doc([T(), R("a", "q", { rule: { id: "Bad Id" } })], [e("t", "out", "a")]), "field")).toMatchObject([{ nodeId: "a", path: "rule.id" }]);
  });
  it("too_many_paths", () => {
    // a ladder of diamonds: 2^12 paths
    const nodes: FlowNode[] = [T()];
    const edges: FlowEdge[] = [];
    let prev = "t";
    let prevHandle = "out";
    for (let i = 0; i < 12; i++) {
      nodes.push(C(`c${i}`, vip), Stop(`x${i}`));
      nodes.push(Tag(`m${i}`, ["t"]));
      edges.push(e(prev, prevHandle, `c${i}`));
      edges.push(e(`c${i}`, "true", `m${i}`), e(`c${i}`, "false", `m${i}`));
      prev = `m${i}`;
      prevHandle = "out";
    }
    // each m_i continues into the next condition; the chain merge is avoided: m_i is reached from a condition only
    const d = doc(nodes, edges);
    const list = only(d, "too_many_paths");
    expect(list).toMatchObject([{ severity: "error", nodeId: "t", params: { max: MAX_PATHS } }]);
    expect(compileFlow(d).playbook).toBeNull();
  });
  it("no_actions", () => {
    expect(only(doc([T(), C("c", vip), Stop("s")], [e("t", "out", "c"), e("c", "true", "s")]), "no_actions")).toMatchObject([{ severity: "warning", nodeId: "t" }]);
  });
  it("field: action fields checked with the strict RoutingAction schema, on their node", () => {
    const d = doc(
      [T(), newNode("auto_reply", "ar", pos()), newNode("require_skills", "sk", pos()), { ...newNode("notify", "n", pos()), data: { target: "ops" } } as FlowNode],
      [e("t", "out", "ar"), e("ar", "out", "sk"), e("sk", "out", "n")],
    );
    const list = only(d, "field");
    expect(list.map((i) => [i.nodeId, i.path])).toEqual([
      ["ar", "templates.es"],
      ["sk", "skills"],
    ]);
    expect(compileFlow(d).playbook).toBeNull();
  });
  it("field: document header problems have no node", () => {
    expect(only(doc(ok, okEdges, { name: "" }), "field")).toMatchObject([{ severity: "error", path: "name" }]);
  });
  it("condition: shape, unknown operators and unknown shared conditions on the node; broken shared conditions on the document", () => {
    const d = doc(
      [T({ condition: { all: [leaf("channel", "bogus", "x")] } }), C("c", { all: [leaf("channel", "equal", "x"), { condition: "missing" }] }), C("c2", { any: [leaf("", "equal", 1)] }), R("a", "q")],
      [e("t", "out", "c"), e("c", "true", "c2"), e("c2", "true", "a")],
      { conditions: { broken: { all: [leaf("x", "nope", 1)] } } },
    );
    const list = only(d, "condition");
    expect(list.find((i) => i.nodeId === "t")).toMatchObject({ path: "condition.all[0].operator" });
    expect(list.find((i) => i.nodeId === "c")).toMatchObject({ path: "condition.all[1].condition", message: "unknown shared condition 'missing'" });
    expect(list.find((i) => i.nodeId === "c2")).toMatchObject({ path: "condition.any[0].fact", message: "name the fact to test" });
    expect(list.find((i) => i.nodeId === undefined)).toMatchObject({ path: "conditions.broken.all[0].operator" });
  });
});

describe("warnings: shadowed and overlap", () => {
  it("a rule whose conditions include a higher-priority rule's never acts under first_match", () => {
    const d = doc([T(), C("c1", vip), R("a", "vip", { rule: { priority: 5 } }), C("c2", { all: [leaf("customerTier", "equal", "vip"), leaf("country", "equal", "MX")] }), Tag("b", ["mx"])], [
      e("t", "out", "c1"),
      e("c1", "true", "a"),
      e("t", "out", "c2"),
      e("c2", "true", "b"),
    ], { settings: { conflictStrategy: "first_match" } });
    expect(only(d, "shadowed")).toMatchObject([{ severity: "warning", nodeId: "b", params: { rule: "a", node: "a" } }]);
    // under collect the tag still applies: no warning
    expect(only({ ...d, settings: { conflictStrategy: "collect" } }, "shadowed")).toEqual([]);
  });
  it("under collect a later rule that only sets what an earlier, more general rule sets is shadowed", () => {
    const d = doc([T(), R("all-cases", "general", {}, { x: 0, y: 0 }), C("c", vip), R("b", "vip")], [e("t", "out", "all-cases"), e("t", "out", "c"), e("c", "true", "b")]);
    // the unconditional route is evaluated first only if its priority is higher
    const higher = { ...d, graph: { ...d.graph, nodes: d.graph.nodes.map((n) => (n.id === "all-cases" ? { ...n, rule: { priority: 9 } } : n)) } } as FlowDocument;
    expect(only(higher, "shadowed")).toMatchObject([{ nodeId: "b", params: { rule: "all-cases" } }]);
    expect(only(d, "shadowed")).toEqual([]);
  });
  it("overlap: two rules that can match one case and set different queues", () => {
    const d = doc([T(), C("c1", vip), R("a", "vip"), C("c2", refund), R("b", "refunds")], [e("t", "out", "c1"), e("c1", "true", "a"), e("t", "out", "c2"), e("c2", "true", "b")]);
    expect(only(d, "overlap")).toMatchObject([{ severity: "warning", nodeId: "b", params: { rule: "a", queue: "refunds", otherQueue: "vip" } }]);
    // a higher priority set on purpose is the intended order: no warning
    const ordered = { ...d, graph: { ...d.graph, nodes: d.graph.nodes.map((n) => (n.id === "a" ? { ...n, rule: { priority: 50 } } : n)) } } as FlowDocument;
    expect(only(ordered, "overlap")).toEqual([]);
    // but not when the later rule is the one with the explicit (lower) priority
    const lowered = { ...d, graph: { ...d.graph, nodes: d.graph.nodes.map((n) => (n.id === "b" ? { ...n, rule: { priority: 1 } } : n)) } } as FlowDocument;
    expect(only(lowered, "overlap")).toHaveLength(1);
  });
  it.each([
    ["equal a / equal b", leaf("country", "equal", "MX"), leaf("country", "equal", "CO")],
    ["equal a / notEqual a", leaf("country", "equal", "MX"), leaf("country", "notEqual", "MX")],
    ["equal a / notIn [a]", leaf("country", "equal", "MX"), leaf("country", "notIn", ["MX", "CO"])],
    ["in A / in B disjoint", leaf("country", "in", ["MX", "AR"]), leaf("country", "in", ["CO"])],
    ["X / not X", vip, { not: vip }],
    ["any(a, b) / not any(a, b), each inside an all", { all: [{ not: vip }, { any: [mx, refund] }] }, { all: [{ not: vip }, { not: { any: [mx, refund] } }, leaf("language", "equal", "en")] }],
  ] as [string, Condition, Condition][])("no overlap when provably exclusive: %s", (_n, x, y) => {
    const wrap = (c: Condition): TopLevelCondition => ("all" in c || "not" in c ? (c as TopLevelCondition) : { all: [c] });
    const d = doc([T(), C("c1", wrap(x)), R("a", "q1"), C("c2", wrap(y)), R("b", "q2")], [e("t", "out", "c1"), e("c1", "true", "a"), e("t", "out", "c2"), e("c2", "true", "b")]);
    expect(issuesOf(d)).toEqual([]);
  });
  it("drawn true / false trees do not warn", () => {
    const d = doc(
      [T(), C("c", vip), R("a", "vip"), C("c2", mx), R("b", "mx"), R("x", "rest")],
      [e("t", "out", "c"), e("c", "true", "a"), e("c", "false", "c2"), e("c2", "true", "b"), e("c2", "false", "x")],
    );
    expect(issuesOf(d)).toEqual([]);
  });
});

describe("a flow drawn by hand", () => {
  // trigger → switch on channel: whatsapp → is VIP? (yes: route whatsapp-vip, then tag; no: route whatsapp); email → route correo; default → tag otro
  const drawn = () =>
    doc(
      [
        T(),
        S("canal", "channel", [{ id: "wa", values: ["whatsapp"], label: "WhatsApp" }, { id: "mail", values: ["email"] }]),
        C("es-vip", vip),
        R("wa-vip", "whatsapp-vip", { label: "WhatsApp VIP" }),
        Tag("tag-vip", ["vip"]),
        R("wa", "whatsapp"),
        R("correo", "correo"),
        Tag("otro", ["otro"]),
      ],
      [e("t", "out", "canal"), e("canal", "case:wa", "es-vip"), e("es-vip", "true", "wa-vip"), e("wa-vip", "out", "tag-vip"), e("es-vip", "false", "wa"), e("canal", "case:mail", "correo"), e("canal", "default", "otro")],
    );
  it("compiles to the rules the drawing says, with no issues", () => {
    const { playbook, issues } = compileFlow(drawn());
    expect(issues).toEqual([]);
    const byId = Object.fromEntries(playbook!.rules.map((r) => [r.id, r]));
    expect(byId["wa-vip"]).toMatchObject({ name: "WhatsApp VIP", priority: 3, conditions: { all: [leaf("channel", "equal", "whatsapp"), vip] }, actions: [{ type: "route", queue: "whatsapp-vip" }, { type: "add_tags", tags: ["vip"] }] });
    expect(byId.wa).toMatchObject({ priority: 3, conditions: { all: [leaf("channel", "equal", "whatsapp"), { not: vip }] } });
    expect(byId.correo).toMatchObject({ priority: 2, conditions: { all: [leaf("channel", "equal", "email")] } });
    expect(byId.otro).toMatchObject({ priority: 2, conditions: { all: [leaf("channel", "notIn", ["whatsapp", "email"])] } });
  });
  it("decides matching and non-matching cases as drawn", () => {
    const d = drawn();
    expect(run(d, { channel: "whatsapp", customerTier: "vip" }).outcome).toMatchObject({ queue: "whatsapp-vip", tags: ["vip"] });
    expect(run(d, { channel: "whatsapp", customerTier: "new" }).outcome).toMatchObject({ queue: "whatsapp", tags: [] });
    expect(run(d, { channel: "email", customerTier: "vip" }).outcome).toMatchObject({ queue: "correo", tags: [] });
    const other = run(d, { channel: "sms" });
    expect(other.outcome.queue).toBeUndefined();
    expect(other.outcome.tags).toEqual(["otro"]);
  });
  it("is stable through rules → graph → rules", () => {
    const first = compileFlowPlaybook(drawn());
    const again = compileFlowPlaybook(FlowDocument.parse({ id: "pb", kind: "routing", name: "Flow", graph: rulesToFlow({ rules: first.rules, trigger: first.trigger }).graph }));
    expect(again.rules.map(({ nodeId: _n, ...r }) => r)).toEqual(first.rules.map(({ nodeId: _n, ...r }) => r));
  });
});

describe("compileFlowPlaybook", () => {
  it("throws a PlaybookCompileError naming the nodes", () => {
    const d = doc([T(), C("c", vip), R("a", "")], [e("t", "out", "c"), e("c", "true", "a")]);
    try {
      compileFlowPlaybook(d);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(PlaybookCompileError);
      expect((err as PlaybookCompileError).issues).toEqual([{ path: "graph.nodes[a].queue", message: expect.any(String) }]);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Escalation and crisis flows

const Step = (id: string, at: "warning" | "breach" | "after_breach", extra: Record<string, unknown> = {}) =>
  ({ id, type: "escalation_step", position: pos(), data: { metric: "first_response", at, ...extra } }) as FlowNode;
const Notify = (id: string, target: string) => ({ id, type: "notify", position: pos(), data: { target } }) as FlowNode;
const Prio = (id: string, priority: string) => ({ id, type: "set_priority", position: pos(), data: { priority } }) as FlowNode;
const Det = (id: string, extra: Record<string, unknown> = {}) =>
  ({ id, type: "detector", position: pos(), data: { name: "Fraude", keywords: { es: ["fraude", "hackeo"] }, windowMinutes: 15, mode: "absolute", levels: [{ level: 2, threshold: 5 }], ...extra } }) as FlowNode;
const policy = { id: "whatsapp", name: "WhatsApp", time: "calendar", targets: [{ channels: ["whatsapp"], priorities: [], firstResponseMinutes: 60 }] };
const escalation = (nodes: FlowNode[], edges: FlowEdge[], extra: Record<string, unknown> = {}) =>
  FlowDocument.parse({ id: "esc", kind: "escalation", name: "Escalera", slaPolicies: [policy], graph: { nodes, edges }, ...extra });
const level2 = { level: 2, name: "Alta", notify: ["crisis-team"], protocol: [{ id: "p1", phase: "identification", title: "Confirmar el alcance", owner: "Líder CX" }] };
const crisis = (nodes: FlowNode[], edges: FlowEdge[], extra: Record<string, unknown> = {}) =>
  FlowDocument.parse({ id: "cri", kind: "crisis", name: "Crisis", levels: [level2], graph: { nodes, edges }, ...extra });
const negative = leaf("sentiment", "equal", "negative", "$.label");

describe("escalation flows", () => {
  const ladder = () =>
    escalation(
      [T(), Step("breach", "breach"), Prio("urgent", "urgent"), Notify("sup", "supervisor"), Step("warn", "warning", { percent: 75 }), C("vip", vip), Notify("lead", "team-lead")],
      [e("t", "out", "breach"), e("breach", "out", "urgent"), e("urgent", "out", "sup"), e("t", "out", "warn"), e("warn", "out", "vip"), e("vip", "true", "lead")],
    );

  it("each step node is an EscalationStep; each rule after it carries the sla.step leaf first", () => {
    const d = ladder();
    expect(issuesOf(d).filter((i) => i.severity === "error")).toEqual([]);
    const pb = compileFlowPlaybook(d);
    expect(pb.kind).toBe("escalation");
    if (pb.kind !== "escalation") return;
    expect(pb.steps).toEqual([
      { id: "breach", metric: "first_response", at: "breach", nodeId: "breach" },
      { id: "warn", metric: "first_response", at: "warning", percent: 75, nodeId: "warn" },
    ]);
    expect(pb.slaPolicies).toEqual([{ ...policy, targets: [{ ...policy.targets[0], priorities: [] }] }]);
    expect(pb.rules.map((r) => [r.id, r.conditions, r.actions.map((a) => a.type)])).toEqual([
      ["urgent", { all: [leaf("sla.step", "equal", "breach")] }, ["set_priority", "notify"]],
      ["lead", { all: [leaf("sla.step", "equal", "warn"), leaf("customerTier", "equal", "vip")] }, ["notify"]],
    ]);
    // the decision node after the step counts for priority, the step does not
    expect(pb.rules.map((r) => r.priority)).toEqual([1, 2]);
  });

  it("runs a step's rules only for a timer at that step", () => {
    const compiled = compilePlaybook(compileFlowPlaybook(ladder()), { versionId: "v", version: 1 });
    const at = (step: string, tier = "standard") =>
      evaluate({ decisionId: "d", subject: "timer", facts: { channel: "whatsapp", customerTier: tier, "sla.step": step }, playbooks: [compiled], clock }).outcome;
    expect(at("breach").priority).toBe("urgent");
    expect(at("warn").priority).toBeUndefined();
    expect(at("warn", "vip").notifications?.map((n) => n.target)).toEqual(["team-lead"]);
  });

  it("step_missing: a path to actions without a step; step_repeated: a path through two steps", () => {
    const missing = only(escalation([T(), Notify("n", "x")], [e("t", "out", "n")]), "step_missing");
    expect(missing).toMatchObject([{ severity: "error", nodeId: "n" }]);
    const twice = only(escalation([T(), Step("a", "warning"), Step("b", "breach"), Notify("n", "x")], [e("t", "out", "a"), e("a", "out", "b"), e("b", "out", "n")]), "step_repeated");
    expect(twice).toMatchObject([{ severity: "error", nodeId: "b", params: { step: "a" } }]);
  });

  it("field: a step's own fields, and the settings at their panel path", () => {
    const d = escalation([T(), Step("late", "after_breach"), Notify("n", "x")], [e("t", "out", "late"), e("late", "out", "n")], {
      slaPolicies: [{ id: "p", name: "", time: "business", targets: [{ channels: [], priorities: [] }] }],
      calendars: [{ id: "mx", name: "México", timeZone: "Mars/Olympus", hours: {} }],
    });
    const fields = only(d, "field").map((i) => [i.nodeId ?? null, i.path]);
    expect(fields).toEqual(
      expect.arrayContaining([
        ["late", "minutes"],
        [null, "slaPolicies[0].name"],
        [null, "slaPolicies[0].targets[0].firstResponseMinutes"],
        [null, "calendars[0].timeZone"],
      ]),
    );
    const noCalendar = only(escalation([T()], [], { slaPolicies: [{ ...policy, time: "business" }] }), "field");
    expect(noCalendar).toMatchObject([{ path: "slaPolicies[0].calendar" }]);
  });

  it("no_sla_policy: a warning on the settings", () => {
    expect(only(escalation([T()], [], { slaPolicies: [] }), "no_sla_policy")).toMatchObject([{ severity: "warning", path: "slaPolicies" }]);
  });

  it("node_kind: steps outside escalation flows, detectors outside crisis flows", () => {
    expect(only(doc([T(), Step("s", "breach")], [e("t", "out", "s")]), "node_kind")).toMatchObject([{ severity: "error", nodeId: "s" }]);
    expect(only(escalation([T(), Det("d")], [e("t", "out", "d")]), "node_kind")).toMatchObject([{ severity: "error", nodeId: "d" }]);
  });
});

describe("crisis flows", () => {
  const drawn = () =>
    crisis(
      [T(), C("neg", { all: [negative] }), Det("fraude"), C("neg2", { all: [negative] }), R("crisis", "crisis"), { id: "ok", type: "require_approval", position: pos(), data: {} } as FlowNode],
      [e("t", "out", "neg"), e("neg", "true", "fraude"), e("t", "out", "neg2"), e("neg2", "true", "crisis"), e("crisis", "out", "ok")],
    );

  it("each detector node is a CrisisDetector whose condition is the path to it; action paths are override rules", () => {
    const d = drawn();
    expect(issuesOf(d).filter((i) => i.severity === "error")).toEqual([]);
    const pb = compileFlowPlaybook(d);
    if (pb.kind !== "crisis") throw new Error("not crisis");
    expect(pb.precedence).toBe(0);
    expect(pb.detectors).toEqual([
      { id: "fraude", nodeId: "fraude", name: "Fraude", keywords: { es: ["fraude", "hackeo"] }, windowMinutes: 15, mode: "absolute", levels: [{ level: 2, threshold: 5 }], minCases: 3, condition: { all: [negative] } },
    ]);
    expect(pb.rules).toMatchObject([{ id: "crisis", conditions: { all: [negative] }, actions: [{ type: "route", queue: "crisis" }, { type: "require_approval" }] }]);
    expect(pb.levels).toEqual([level2]);
  });

  it("a detector reached by several paths counts any of them; straight from the trigger, every case", () => {
    const two = crisis([T(), C("a", vip), C("b", mx), Det("d")], [e("t", "out", "a"), e("t", "out", "b"), e("a", "true", "d"), e("b", "true", "d")]);
    const pb = compileFlowPlaybook(two);
    if (pb.kind !== "crisis") throw new Error("not crisis");
    expect(pb.detectors[0]!.condition).toEqual({ any: [vip, mx] });
    const direct = compileFlowPlaybook(crisis([T(), Det("d")], [e("t", "out", "d")]));
    if (direct.kind !== "crisis") throw new Error("not crisis");
    expect(direct.detectors[0]!.condition).toBeUndefined();
  });

  it("the overrides run only while crisis mode is on for the playbook", () => {
    const compiled = compilePlaybook(compileFlowPlaybook(drawn()), { versionId: "v", version: 1 });
    const facts = { channel: "twitter", sentiment: { label: "negative" } };
    const off = evaluate({ decisionId: "d", subject: "case", facts, playbooks: [compiled], clock }).outcome;
    expect(off.queue).toBeUndefined();
    const on = evaluate({ decisionId: "d", subject: "case", facts: { ...facts, "crisis.playbooks": ["cri"], "crisis.active": true, "crisis.level": 2 }, playbooks: [compiled], clock }).outcome;
    expect(on.queue).toBe("crisis");
    expect(on.replyApproval).toEqual({});
  });

  it("field: a detector's fields on its node, an undefined level on the detector, levels at their panel path", () => {
    const d = crisis([T(), Det("d", { windowMinutes: 0, levels: [{ level: 3, threshold: 5 }] })], [e("t", "out", "d")], { levels: [{ level: 2, name: "", notify: [], protocol: [] }] });
    expect(only(d, "field").map((i) => [i.nodeId ?? null, i.path])).toEqual(expect.arrayContaining([["d", "windowMinutes"], [null, "levels[0].name"]]));
    const undefinedLevel = crisis([T(), Det("d", { levels: [{ level: 3, threshold: 5 }] })], [e("t", "out", "d")]);
    expect(only(undefinedLevel, "field")).toMatchObject([{ nodeId: "d", path: "levels[0].level" }]);
  });

  it("no_detector: a crisis flow without a detector never raises an incident", () => {
    expect(only(crisis([T(), R("r", "crisis")], [e("t", "out", "r")]), "no_detector")).toMatchObject([{ severity: "warning", nodeId: "t" }]);
  });

  it("the catalogue offers sla.* facts in escalation flows and crisis.* in crisis flows only", async () => {
    const { factsFor } = await import("./index");
    const names = (k: "routing" | "escalation" | "crisis") => factsFor(k).map((f) => f.fact);
    expect(names("escalation")).toEqual(expect.arrayContaining(["sla.step", "sla.metric", "sla.policy", "sla.at", "sla.elapsedMinutes", "sla.targetMinutes"]));
    expect(names("escalation")).not.toContain("crisis.level");
    expect(names("crisis")).toEqual(expect.arrayContaining(["crisis.active", "crisis.level"]));
    expect(names("routing").some((f) => f.startsWith("sla.") || f.startsWith("crisis."))).toBe(false);
  });
});

describe("new flows of each kind", () => {
  it("start with the trigger and say what to fill in", () => {
    const esc = emptyFlow({ id: "e", name: "E", kind: "escalation" });
    expect(FlowDocument.parse(esc)).toEqual(esc);
    expect(issuesOf(esc).map((i) => i.code)).toEqual(expect.arrayContaining(["no_sla_policy"]));
    const cri = emptyFlow({ id: "c", name: "C", kind: "crisis" });
    expect(cri).toMatchObject({ kind: "crisis", precedence: 0, levels: [] });
    expect(issuesOf(cri).filter((i) => i.severity === "error")).toEqual([]);
  });
});

describe("the library runs in the browser too", () => {
  it("has no Node-only imports and reads no clock", async () => {
    const { readdirSync, readFileSync } = await import("node:fs");
    const dir = new URL(".", import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && f !== "testing.ts");
    expect(files).toContain("compile.ts");
    for (const f of files) {
      const src = readFileSync(new URL(f, dir), "utf8");
      expect(src, f).not.toMatch(/from "node:|require\(|process\.|Date\.now|new Date\(|performance\.now|Math\.random/);
    }
  });
});

afterAll(() => {
  // every issue code the schema declares is produced by some test above
  expect([...FLOW_ISSUE_CODES].filter((c) => !seen.has(c))).toEqual([]);
});
