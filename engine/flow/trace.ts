// The run overlay: walk the graph from the trigger over one case's facts, evaluating each decision
// node with the engine's own condition evaluator (same answers as the compiled rules).
import type { ConditionTrace, Decision, FlowDocument, FlowNode, FlowOverlay, JsonValue, NodeRunState, RuleTrace, TopLevelCondition } from "@/schemas";
import { isActionNode } from "@/schemas";
import { ConditionCompiler, newRunCtx, type RootCondition } from "../conditions";
import { chainOf, compileFlow, isChainMember, ruleIdOfNode, switchCondition } from "./compile";
import { indexGraph } from "./graph";
import { HANDLE, sourceHandles } from "./specs";

type NodeOverlay = FlowOverlay["nodes"][string];

/** Compile one condition with the playbook's shared conditions; undefined plus the first problem when it cannot. */
function compileOne(doc: FlowDocument, cond: unknown): { root?: RootCondition; leafCount: number; problem?: string } {
  const cc = new ConditionCompiler(doc.conditions as Record<string, unknown>, (n) => `conditions.${n}`);
  const root = cc.compileRoot(cond, "condition");
  cc.link();
  if (cc.issues.length > 0) return { leafCount: 0, problem: `${cc.issues[0]!.path}: ${cc.issues[0]!.message}` };
  return { root, leafCount: cc.leafCount };
}

function evaluate(doc: FlowDocument, cond: unknown, facts: Record<string, unknown>): { result: boolean; trace?: ConditionTrace; error?: string } {
  const c = compileOne(doc, cond);
  if (!c.root) return { result: false, error: c.problem };
  const ctx = newRunCtx();
  ctx.memo = new Array(c.leafCount);
  try {
    const { result, trace } = c.root.eval(facts, ctx);
    if (ctx.error !== undefined) return { result: false, trace, error: ctx.error };
    return { result, trace };
  } catch (e) {
    return { result: false, error: e instanceof Error ? e.message : String(e) };
  }
}

const RULE_STATE: Record<RuleTrace["status"], NodeRunState> = { fired: "fired", not_fired: "not_fired", error: "error", disabled: "not_fired", skipped: "skipped" };

/** The overlay for one case: walk the graph from the trigger over the case's facts; `decision` (when given) supplies the rules' recorded status. */
export function traceFlow(doc: FlowDocument, facts: Record<string, unknown>, decision?: Decision): FlowOverlay {
  const ix = indexGraph(doc.graph);
  const compiled = compileFlow(doc);
  const ruleOfNode = new Map<string, string>();
  for (const s of compiled.sources) for (const a of s.actionNodeIds) ruleOfNode.set(a, s.ruleId);
  const pbTrace = decision?.trace.playbooks.find((p) => p.playbookId === doc.id);
  const ruleTraceOf = (headId: string, ruleId: string | undefined): RuleTrace | undefined =>
    pbTrace?.rules.find((r) => r.nodeId === headId) ?? (ruleId !== undefined ? pbTrace?.rules.find((r) => r.ruleId === ruleId) : undefined);

  const nodes: Record<string, NodeOverlay> = {};
  const taken: string[] = [];
  const visited = new Set<string>();

  /** Follow the edges leaving `node` by the given handles (every edge of a handle: fan-out). */
  const follow = (node: FlowNode, handles: readonly string[]) => {
    for (const e of doc.graph.edges) {
      if (e.source !== node.id || e.target === node.id || !handles.includes(e.sourceHandle) || !ix.nodes.has(e.target) || ix.nodes.get(e.target)!.type === "trigger") continue;
      taken.push(e.id);
    }
    for (const e of ix.out.get(node.id) ?? []) if (handles.includes(e.sourceHandle)) visit(e.target);
  };

  const visit = (id: string) => {
    if (visited.has(id)) return;
    visited.add(id);
    const n = ix.nodes.get(id)!;
    switch (n.type) {
      case "trigger": {
        // the channel list reads as a leaf `channel in [...]`, so the canvas shows the value it saw
        const channels = n.data.channels;
        const channelOk = channels.length === 0 || channels.includes(facts.channel as never);
        const channelTrace: ConditionTrace | undefined =
          channels.length === 0
            ? undefined
            : { type: "fact", fact: "channel", operator: "in", value: [...channels], ...(facts.channel !== undefined ? { factValue: facts.channel as JsonValue } : {}), evaluated: true, result: channelOk };
        if (!channelOk) {
          nodes[id] = { state: "failed", trace: channelTrace! };
          return;
        }
        const o: NodeOverlay = { state: "passed" };
        nodes[id] = o;
        if (n.data.condition !== undefined) {
          const r = evaluate(doc, n.data.condition, facts);
          o.state = r.error !== undefined ? "error" : r.result ? "passed" : "failed";
          if (r.error !== undefined) o.error = r.error;
          if (r.trace) o.trace = channelTrace ? { type: "all", evaluated: true, result: o.state === "passed", children: [channelTrace, r.trace] } : r.trace;
        } else if (channelTrace) o.trace = channelTrace;
        if (o.state !== "passed") return;
        o.branch = HANDLE.out;
        follow(n, [HANDLE.out]);
        return;
      }
      case "condition": {
        const r = evaluate(doc, n.data.condition as TopLevelCondition, facts);
        const o: NodeOverlay = { state: r.error !== undefined ? "error" : r.result ? "passed" : "failed" };
        if (r.trace) o.trace = r.trace;
        nodes[id] = o;
        if (r.error !== undefined) {
          o.error = r.error;
          return;
        }
        o.branch = r.result ? HANDLE.true : HANDLE.false;
        follow(n, [o.branch]);
        return;
      }
      case "switch": {
        const branches: string[] = [];
        const o: NodeOverlay = { state: "passed" };
        nodes[id] = o;
        for (const h of sourceHandles(n)) {
          const leaf = switchCondition(n, h);
          const r = evaluate(doc, { all: [leaf] }, facts);
          if (r.trace && r.trace.type === "all" && r.trace.children[0]?.type === "fact" && r.trace.children[0].factValue !== undefined) {
            o.factValue = r.trace.children[0].factValue as JsonValue;
          }
          if (r.error !== undefined) {
            o.state = "error";
            o.error = r.error;
            return;
          }
          if (r.result) branches.push(h);
        }
        if (branches.length > 0) o.branch = branches[0];
        follow(n, branches);
        return;
      }
      case "stop":
      case "detector":
        nodes[id] = { state: "passed" };
        return;
      case "escalation_step": {
        // a ladder step's paths run when the SLA clock reaches it: facts["sla.step"] names the step
        const on = facts["sla.step"] === ruleIdOfNode(n.id);
        nodes[id] = on ? { state: "passed", branch: HANDLE.out } : { state: "failed" };
        if (on) follow(n, [HANDLE.out]);
        return;
      }
      default: {
        nodes[id] = { state: "fired", branch: HANDLE.out };
        follow(n, [HANDLE.out]);
      }
    }
  };

  const trigger = doc.graph.nodes.find((n) => n.type === "trigger");
  if (trigger) visit(trigger.id);

  // Action nodes: the rule's recorded status when a decision is given, else fired when reached.
  for (const n of doc.graph.nodes) {
    if (!isActionNode(n) || isChainMember(ix, n)) continue;
    const chain = chainOf(ix, n.id);
    const ruleId = ruleOfNode.get(n.id);
    const reached = visited.has(n.id);
    const rt = ruleTraceOf(n.id, ruleId);
    let state: NodeRunState;
    let error: string | undefined;
    if (rt) {
      state = RULE_STATE[rt.status];
      error = rt.error;
    } else if (!reached) state = "skipped";
    else state = n.rule?.enabled === false ? "not_fired" : "fired";
    for (const a of chain) {
      const o: NodeOverlay = { ...(nodes[a.id] ?? {}), state };
      if (state !== "fired") delete o.branch;
      else o.branch = HANDLE.out;
      if (ruleId !== undefined) o.ruleId = ruleId;
      if (error !== undefined) o.error = error;
      nodes[a.id] = o;
    }
  }
  for (const n of doc.graph.nodes) if (!nodes[n.id]) nodes[n.id] = { state: "skipped" };
  return { nodes, edges: [...new Set(taken)] };
}
