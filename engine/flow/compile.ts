// graph → RoutingPlaybook, with every problem reported on its node (semantics: README.md).
import {
  CrisisDetector,
  CrisisPlaybook,
  EscalationPlaybook,
  EscalationStep,
  PLAYBOOK_SCHEMA_VERSION,
  RoutingAction,
  RoutingPlaybook,
  Slug,
  TopLevelCondition,
  type ActionNode,
  type Condition,
  type FlowDocument,
  type FlowIssue,
  type FlowIssueCode,
  type FlowNode,
  type FlowNodeOf,
  type JsonValue,
  type RoutingRule,
  isActionNode,
} from "@/schemas";
import { ConditionCompiler } from "../conditions";
import { PlaybookCompileError } from "../errors";
import { compilePlaybookDoc, formatPath } from "../routing";
import { analyzeRules } from "./analysis";
import { findCycles, indexGraph, type GraphIndex } from "./graph";
import { actionOf, caseHandle, describeAction, HANDLE, hasTargetHandle, sourceHandles } from "./specs";
import type { FlowRuleSource } from "./types";

/** Beyond this many trigger-to-action paths the graph is refused (each path becomes part of a rule). */
export const MAX_PATHS = 2000;

/** What a flow compiles to: a routing, escalation or crisis playbook (by the document's kind). */
export type FlowPlaybook = RoutingPlaybook | EscalationPlaybook | CrisisPlaybook;

export interface CompiledFlow {
  /** the playbook the graph means (graph kept in it); null when an error prevents compiling */
  playbook: FlowPlaybook | null;
  sources: FlowRuleSource[];
  /** errors and warnings, each on its node where there is one */
  issues: FlowIssue[];
}

type Step = { nodeId: string; handle: string };
type Params = Record<string, string | number>;

class IssueList {
  readonly list: FlowIssue[] = [];
  private readonly keys = new Set<string>();
  add(severity: FlowIssue["severity"], code: FlowIssueCode, message: string, at: { nodeId?: string; edgeId?: string; path?: string } = {}, params?: Params): void {
    const key = JSON.stringify([severity, code, message, at.nodeId ?? null, at.edgeId ?? null, at.path ?? null]);
    if (this.keys.has(key)) return;
    this.keys.add(key);
    const issue: FlowIssue = { severity, code, message };
    if (at.nodeId !== undefined) issue.nodeId = at.nodeId;
    if (at.edgeId !== undefined) issue.edgeId = at.edgeId;
    if (at.path !== undefined && at.path !== "") issue.path = at.path;
    if (params && Object.keys(params).length > 0) issue.params = params;
    this.list.push(issue);
  }
  error(code: FlowIssueCode, message: string, at?: { nodeId?: string; edgeId?: string; path?: string }, params?: Params) {
    this.add("error", code, message, at, params);
  }
  warn(code: FlowIssueCode, message: string, at?: { nodeId?: string; edgeId?: string; path?: string }, params?: Params) {
    this.add("warning", code, message, at, params);
  }
  get hasErrors(): boolean {
    return this.list.some((i) => i.severity === "error");
  }
}

const joinPath = (base: string, rest: string) => (rest === "" ? base : rest.startsWith("[") ? `${base}${rest}` : base === "" ? rest : `${base}.${rest}`);

/** Canvas order: top to bottom, then left to right, then id. */
export const canvasOrder = (a: FlowNode, b: FlowNode) => a.position.y - b.position.y || a.position.x - b.position.x || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** A rule id from a node id: node ids may use capitals, rule ids are lower-case slugs. */
export function ruleIdOfNode(nodeId: string): string {
  const s = nodeId.toLowerCase().replace(/[^a-z0-9_-]/g, "-");
  return /^[a-z0-9]/.test(s) ? s : `r${s}`;
}

const isTopLevel = (c: Condition) => ["all", "any", "not", "condition"].some((k) => Object.hasOwn(c, k));

/** A path's conditions as one: a single top-level condition unchanged, else `all` of them. */
export function pathCondition(conds: readonly Condition[]): TopLevelCondition {
  return conds.length === 1 && isTopLevel(conds[0]!) ? (conds[0] as TopLevelCondition) : { all: [...conds] };
}

/** The branch condition of a switch case / default. */
export function switchCondition(node: FlowNodeOf<"switch">, handle: string): Condition | undefined {
  const base = { fact: node.data.fact, ...(node.data.path ? { path: node.data.path } : {}) };
  if (handle === HANDLE.default) {
    const all: JsonValue[] = [];
    const seen = new Set<string>();
    for (const c of node.data.cases)
      for (const v of c.values) {
        const k = JSON.stringify(v);
        if (!seen.has(k)) {
          seen.add(k);
          all.push(v);
        }
      }
    return { ...base, operator: "notIn", value: all };
  }
  const c = node.data.cases.find((x) => caseHandle(x.id) === handle);
  if (!c) return undefined;
  return c.values.length === 1 ? { ...base, operator: "equal", value: c.values[0]! } : { ...base, operator: "in", value: [...c.values] };
}

/** The condition a decision node adds to a path leaving by `handle`. */
export function branchCondition(node: FlowNode, handle: string): Condition | undefined {
  if (node.type === "condition") return handle === HANDLE.false ? { not: node.data.condition } : node.data.condition;
  if (node.type === "switch") return switchCondition(node, handle);
  return undefined;
}

export const isDecision = (n: FlowNode) => n.type === "condition" || n.type === "switch";

/** The chain an action head starts: each action's unique action successor, in order. */
export function chainOf(ix: GraphIndex, headId: string): ActionNode[] {
  const chain: ActionNode[] = [];
  const seen = new Set<string>();
  let cur = ix.nodes.get(headId);
  while (cur && isActionNode(cur) && !seen.has(cur.id)) {
    chain.push(cur);
    seen.add(cur.id);
    const next = (ix.out.get(cur.id) ?? []).map((e) => ix.nodes.get(e.target)!).filter(isActionNode);
    cur = next.length === 1 ? next[0] : undefined;
  }
  return chain;
}

/** Whether an action node continues a chain (its only way in is from another action). */
export function isChainMember(ix: GraphIndex, node: FlowNode): boolean {
  return (ix.in.get(node.id) ?? []).some((e) => isActionNode(ix.nodes.get(e.source)!));
}

interface Ctx {
  doc: FlowDocument;
  ix: GraphIndex;
  issues: IssueList;
  reachable: Set<string>;
}

type Found = { path: string; message: string; field?: string };

/**
 * Memo of the strict checks, by content: the editor re-validates after every edit and most nodes
 * did not change, so only edited ones are parsed again. A condition's answer also depends on which
 * shared conditions exist (unknown names), so their names are part of the key. Bounded.
 */
class Memo {
  private readonly map = new Map<string, Found[]>();
  get(key: string, compute: () => Found[]): Found[] {
    const hit = this.map.get(key);
    if (hit) return hit;
    if (this.map.size >= 5000) this.map.clear();
    const found = compute();
    this.map.set(key, found);
    return found;
  }
}
const conditionMemo = new Memo();
const actionMemo = new Memo();

function conditionProblems(shared: Record<string, unknown>, cond: unknown): Found[] {
  return conditionMemo.get(JSON.stringify([Object.keys(shared).sort(), cond ?? null]), () => {
    const found: Found[] = [];
    const parsed = TopLevelCondition.safeParse(cond);
    if (!parsed.success) {
      for (const i of parsed.error.issues) found.push({ path: formatPath(i.path), message: i.message, field: formatPath(i.path) });
      return found;
    }
    const cc = new ConditionCompiler(shared, (n) => `conditions.${n}`);
    cc.compileRoot(parsed.data, "@");
    cc.link();
    // problems inside shared conditions are reported once, on the document
    for (const i of cc.issues) if (i.path === "@" || i.path.startsWith("@.") || i.path.startsWith("@[")) found.push({ path: i.path.slice(2), message: i.message });
    return found;
  });
}

/** Strict checks of a condition tree: the zod schema, then the engine's compiler (operators, shared conditions). */
function checkCondition(ctx: Ctx, cond: unknown, at: { nodeId?: string; base: string }): void {
  const sev = at.nodeId === undefined || ctx.reachable.has(at.nodeId) ? "error" : "warning";
  for (const f of conditionProblems(ctx.doc.conditions as Record<string, unknown>, cond)) {
    ctx.issues.add(sev, "condition", f.message, { nodeId: at.nodeId, path: joinPath(at.base, f.path) }, f.field !== undefined ? { field: f.field } : undefined);
  }
}

function actionProblems(node: ActionNode): Found[] {
  const action = actionOf(node);
  return actionMemo.get(JSON.stringify(action), () => {
    const parsed = RoutingAction.safeParse(action);
    return parsed.success ? [] : parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
  });
}

/** A ladder step node as the EscalationStep it compiles to. */
export function stepOf(node: FlowNodeOf<"escalation_step">): EscalationStep {
  return { id: ruleIdOfNode(node.id), ...node.data, nodeId: node.id } as EscalationStep;
}

/** A detector node as the CrisisDetector it compiles to (its condition comes from the paths to it). */
export function detectorOf(node: FlowNodeOf<"detector">, condition: TopLevelCondition | undefined): CrisisDetector {
  return { id: ruleIdOfNode(node.id), nodeId: node.id, ...node.data, ...(condition !== undefined ? { condition } : {}) } as CrisisDetector;
}

const schemaProblems = (schema: { safeParse: (x: unknown) => { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } }, value: unknown, drop: readonly string[]): Found[] => {
  const parsed = schema.safeParse(value);
  return parsed.success ? [] : parsed.error!.issues.filter((i) => !drop.includes(String(i.path[0]))).map((i) => ({ path: formatPath(i.path), message: i.message }));
};
const stepProblems = (n: FlowNodeOf<"escalation_step">) => actionMemo.get(JSON.stringify(["step", n.data]), () => schemaProblems(EscalationStep, stepOf(n), ["id", "nodeId"]));
const detectorProblems = (n: FlowNodeOf<"detector">) => actionMemo.get(JSON.stringify(["detector", n.data]), () => schemaProblems(CrisisDetector, detectorOf(n, undefined), ["id", "nodeId"]));

function checkSharedConditions(ctx: Ctx): void {
  const names = Object.keys(ctx.doc.conditions);
  for (const name of names) {
    const parsed = TopLevelCondition.safeParse(ctx.doc.conditions[name]);
    if (!parsed.success) for (const i of parsed.error.issues) ctx.issues.error("condition", `shared condition '${name}': ${i.message}`, { path: joinPath(`conditions.${name}`, formatPath(i.path)) }, { condition: name });
  }
  if (ctx.issues.list.some((i) => i.code === "condition" && i.nodeId === undefined)) return;
  const cc = new ConditionCompiler(ctx.doc.conditions as Record<string, unknown>, (n) => `conditions.${n}`);
  cc.link();
  for (const i of cc.issues) ctx.issues.error("condition", i.message, { path: i.path });
}

function checkEdges(ctx: Ctx): void {
  const { doc, ix, issues } = ctx;
  for (const e of doc.graph.edges) {
    const s = ix.nodes.get(e.source);
    const t = ix.nodes.get(e.target);
    if (!s || !t) {
      issues.warn("edge_dangling", `connection '${e.id}' leads ${!s ? "from" : "to"} node '${!s ? e.source : e.target}', which does not exist; it is ignored`, { edgeId: e.id }, { node: !s ? e.source : e.target });
      continue;
    }
    if (e.source === e.target) {
      issues.error("cycle", "this node is connected to itself: flows only go forward", { nodeId: s.id, edgeId: e.id });
      continue;
    }
    if (!hasTargetHandle(t)) {
      issues.error("edge_into_trigger", "nothing can lead into the trigger: the flow starts there", { nodeId: t.id, edgeId: e.id }, { from: s.id });
      continue;
    }
    if (!sourceHandles(s).includes(e.sourceHandle)) {
      issues.error("edge_bad_handle", `this ${s.type} node has no output '${e.sourceHandle}' (a branch that was removed?); delete the connection`, { nodeId: s.id, edgeId: e.id }, { handle: e.sourceHandle });
    }
  }
}

function checkNode(ctx: Ctx, n: FlowNode): void {
  const { ix, issues } = ctx;
  const sev: FlowIssue["severity"] = ctx.reachable.has(n.id) || n.type === "trigger" ? "error" : "warning";
  const at = (path?: string) => ({ nodeId: n.id, path });
  const outs = (h: string) => (ix.out.get(n.id) ?? []).filter((e) => e.sourceHandle === h);
  switch (n.type) {
    case "trigger": {
      const bad = n.data.events.filter((e) => e !== "case.created");
      bad.forEach((ev) =>
        issues.error("trigger_event_unsupported", `a flow starts when a case is created (escalation flows then act at their ladder steps); '${ev}' is not supported yet`, at(`events[${n.data.events.indexOf(ev)}]`), { event: ev }),
      );
      if (n.data.events.length === 0) issues.error("trigger_event_unsupported", "choose what starts the flow: a new case", at("events"), { event: "—" });
      if (n.data.condition !== undefined) checkCondition(ctx, n.data.condition, { nodeId: n.id, base: "condition" });
      return;
    }
    case "condition":
      checkCondition(ctx, n.data.condition, { nodeId: n.id, base: "condition" });
      if (outs(HANDLE.true).length === 0) issues.add(sev, "condition_branch_missing", "connect the 'true' branch: what happens when the condition holds", at(), { handle: HANDLE.true });
      return;
    case "switch": {
      if (n.data.fact.trim() === "") issues.add(sev, "field", "choose the fact to branch on", at("fact"), { field: "fact" });
      if (n.data.cases.length === 0) issues.add(sev, "switch_no_cases", "add at least one branch (a value of the fact)", at("cases"));
      const firstCase = new Map<string, number>();
      const ids = new Set<string>();
      n.data.cases.forEach((c, i) => {
        if (ids.has(c.id)) issues.add(sev, "field", `two branches have the id '${c.id}'`, at(`cases[${i}].id`), { field: "id" });
        ids.add(c.id);
        if (c.values.length === 0) issues.add(sev, "switch_case_empty", `branch ${i + 1}${c.label ? ` (${c.label})` : ""} has no value`, at(`cases[${i}].values`), { case: i + 1 });
        c.values.forEach((v, k) => {
          const key = JSON.stringify(v);
          const first = firstCase.get(key);
          if (first !== undefined && first !== i) {
            issues.add(sev, "switch_value_repeated", `the value ${key} is already in branch ${first + 1}; a case matching it takes both branches`, at(`cases[${i}].values[${k}]`), { value: key, case: first + 1 });
          } else firstCase.set(key, i);
          if (v === "" || v === null) issues.add(sev, "field", "give the branch a value", at(`cases[${i}].values[${k}]`), { field: "values" });
        });
        if (outs(caseHandle(c.id)).length === 0) {
          issues.warn("branch_unconnected", `branch ${i + 1}${c.label ? ` (${c.label})` : ""} leads nowhere: cases taking it stop here`, at(`cases[${i}]`), { handle: caseHandle(c.id), case: i + 1 });
        }
      });
      return;
    }
    case "stop":
      return;
    case "escalation_step":
      if (ctx.doc.kind !== "escalation") {
        issues.add(sev, "node_kind", "ladder steps belong in escalation playbooks; delete this node", at(), { kind: ctx.doc.kind });
        return;
      }
      for (const f of stepProblems(n)) issues.add(sev, "field", f.message, at(f.path === "" ? undefined : f.path), { field: f.path });
      return;
    case "detector":
      if (ctx.doc.kind !== "crisis") {
        issues.add(sev, "node_kind", "detectors belong in crisis playbooks; delete this node", at(), { kind: ctx.doc.kind });
        return;
      }
      for (const f of detectorProblems(n)) issues.add(sev, "field", f.message, at(f.path === "" ? undefined : f.path), { field: f.path });
      return;
    default: {
      for (const f of actionProblems(n)) issues.add(sev, "field", f.message, at(f.path === "" ? undefined : f.path), { field: f.path });
      const member = isChainMember(ix, n);
      if (member && n.rule && Object.keys(n.rule).length > 0) {
        issues.warn("rule_settings_ignored", "rule settings are read from the first action of a chain; these are ignored", at("rule"));
      }
      if (!member && n.rule?.id !== undefined && !Slug.safeParse(n.rule.id).success) {
        issues.add(sev, "field", Slug.safeParse(n.rule.id).error!.issues[0]!.message, at("rule.id"), { field: "rule.id" });
      }
      const actionSuccs = (ix.out.get(n.id) ?? []).filter((e) => isActionNode(ix.nodes.get(e.target)!));
      if (actionSuccs.length > 1) {
        issues.add(sev, "chain_fork", "an action can continue into one action only (a chain is one rule); put a condition in between to branch", at(), {
          targets: actionSuccs.map((e) => e.target).join(", "),
        });
      }
      const ins = ix.in.get(n.id) ?? [];
      if (member && ins.length > 1) {
        issues.add(sev, "chain_merge", "this action continues a chain, so nothing else can lead into it; start a separate chain instead", at(), {
          from: ins.map((e) => e.source).join(", "),
        });
      }
    }
  }
}

interface HeadPaths {
  paths: Step[][];
  conds: Condition[][];
  /** per path: the ladder step nodes it passed (escalation flows) */
  ladders: string[][];
  decisions: number;
}

interface FlowPaths {
  heads: Map<string, HeadPaths>;
  /** detector node → the paths reaching it (crisis flows) */
  detectors: Map<string, HeadPaths>;
}

/** Every path from the trigger to each action head and detector. Returns undefined when there are too many. */
function enumeratePaths(ix: GraphIndex, triggerId: string): FlowPaths | undefined {
  const heads = new Map<string, HeadPaths>();
  const detectors = new Map<string, HeadPaths>();
  let count = 0;
  let visits = 0;
  const record = (into: Map<string, HeadPaths>, id: string, steps: Step[], conds: Condition[], ladder: string[], decisions: number) => {
    let h = into.get(id);
    if (!h) into.set(id, (h = { paths: [], conds: [], ladders: [], decisions: 0 }));
    h.paths.push(steps);
    h.conds.push(conds);
    h.ladders.push(ladder);
    h.decisions = Math.max(h.decisions, decisions);
  };
  const visit = (id: string, steps: Step[], conds: Condition[], ladder: string[], decisions: number): boolean => {
    if (++visits > MAX_PATHS * 20) return false;
    const n = ix.nodes.get(id)!;
    if (n.type === "detector") {
      if (++count > MAX_PATHS) return false;
      record(detectors, id, steps, conds, ladder, decisions);
      return true;
    }
    if (isActionNode(n)) {
      if (++count > MAX_PATHS) return false;
      record(heads, id, steps, conds, ladder, decisions);
      for (const a of chainOf(ix, id))
        for (const e of ix.out.get(a.id) ?? []) {
          if (isActionNode(ix.nodes.get(e.target)!)) continue;
          if (!visit(e.target, steps, conds, ladder, decisions)) return false;
        }
      return true;
    }
    for (const e of ix.out.get(id) ?? []) {
      if (n.type === "trigger") {
        if (!visit(e.target, steps, conds, ladder, decisions)) return false;
        continue;
      }
      if (n.type === "escalation_step") {
        if (!visit(e.target, [...steps, { nodeId: id, handle: e.sourceHandle }], conds, [...ladder, id], decisions)) return false;
        continue;
      }
      const c = branchCondition(n, e.sourceHandle);
      if (!c) continue;
      if (!visit(e.target, [...steps, { nodeId: id, handle: e.sourceHandle }], [...conds, c], ladder, decisions + 1)) return false;
    }
    return true;
  };
  return visit(triggerId, [], [], [], 0) ? { heads, detectors } : undefined;
}

/** The leaf every rule after a ladder step carries (engine/FACTS.md `sla.step`). */
export const stepLeaf = (stepId: string): Condition => ({ fact: "sla.step", operator: "equal", value: stepId });

/**
 * A ladder path's condition: the step's leaf first, then the path's own conditions (an `all` is
 * merged into the rule's `all`), so a written rule `{all: [sla.step, …]}` round-trips exactly.
 */
export function ladderCondition(stepId: string, conds: readonly Condition[]): TopLevelCondition {
  const rest = conds.length === 0 ? undefined : pathCondition(conds);
  if (rest === undefined) return { all: [stepLeaf(stepId)] };
  if ("all" in rest && Object.keys(rest).length === 1) return { all: [stepLeaf(stepId), ...rest.all] };
  return { all: [stepLeaf(stepId), rest] };
}

function reachableFrom(ix: GraphIndex, start: string): Set<string> {
  const seen = new Set<string>([start]);
  const stack = [start];
  while (stack.length > 0)
    for (const e of ix.out.get(stack.pop()!) ?? [])
      if (!seen.has(e.target)) {
        seen.add(e.target);
        stack.push(e.target);
      }
  return seen;
}

/** Where a path of the compiled RoutingPlaybook lives on the canvas. */
function locate(
  path: readonly PropertyKey[],
  rules: { source: FlowRuleSource }[],
  triggerId: string | undefined,
  nodesOf?: { steps: string[]; detectors: string[] },
): { nodeId?: string; path: string } {
  const [head, i, field, k, ...rest] = path;
  if (head === "rules" && typeof i === "number") {
    const src = rules[i]?.source;
    if (src) {
      if (field === "actions" && typeof k === "number") return { nodeId: src.actionNodeIds[k], path: formatPath(rest) };
      if (field === "id" || field === "name" || field === "description" || field === "priority") return { nodeId: src.headNodeId, path: `rule.${field}` };
      return { nodeId: src.headNodeId, path: formatPath(path.slice(2)) };
    }
  }
  if (head === "trigger" && triggerId) return { nodeId: triggerId, path: formatPath(path.slice(1)) };
  if ((head === "steps" || head === "detectors") && typeof i === "number" && nodesOf?.[head][i] !== undefined) {
    const rest2 = path.slice(2);
    // a detector's condition is drawn as the paths leading to it
    return { nodeId: nodesOf[head][i], path: rest2[0] === "condition" ? "" : formatPath(rest2) };
  }
  return { path: formatPath(path) };
}

/** graph → RoutingPlaybook (rules with nodeId, trigger from the trigger node) plus every issue. */
export function compileFlow(doc: FlowDocument): CompiledFlow {
  const { playbook, sources, issues } = compileInternal(doc);
  return { playbook, sources, issues };
}

/** compileFlow plus the rules built even when errors keep the playbook from compiling (layout and analysis use them). */
export function compileInternal(doc: FlowDocument): CompiledFlow & { rules: RoutingRule[] } {
  const issues = new IssueList();
  const ix = indexGraph(doc.graph);
  const triggers = doc.graph.nodes.filter((n) => n.type === "trigger");
  const trigger = triggers[0] as FlowNodeOf<"trigger"> | undefined;
  const reachable = trigger ? reachableFrom(ix, trigger.id) : new Set<string>();
  const ctx: Ctx = { doc, ix, issues, reachable };

  if (!trigger) issues.error("no_trigger", "add a trigger: the flow starts there");
  for (const t of triggers.slice(1)) issues.error("second_trigger", "a flow has one trigger; delete this one or merge their settings", { nodeId: t.id }, { trigger: trigger!.id });
  checkEdges(ctx);
  const cycles = findCycles(ix);
  for (const cyc of cycles)
    for (const id of cyc) issues.error("cycle", `these nodes form a loop (${cyc.join(" → ")}): flows only go forward`, { nodeId: id }, { nodes: cyc.join(", ") });
  if (trigger)
    for (const n of doc.graph.nodes)
      if (!reachable.has(n.id) && n.type !== "trigger") issues.warn("unreachable", "no path from the trigger leads here: this node is ignored", { nodeId: n.id });
  checkSharedConditions(ctx);
  for (const n of doc.graph.nodes) checkNode(ctx, n);

  const structural = issues.list.some((i) => i.severity === "error" && ["no_trigger", "cycle", "chain_fork", "chain_merge"].includes(i.code));
  const sources: FlowRuleSource[] = [];
  const rules: RoutingRule[] = [];
  /** rules whose priority a person set (rule settings), not the documented default */
  const explicitPriority = new Set<string>();
  const detectors: CrisisDetector[] = [];
  let enumerated = false;
  if (!structural && trigger) {
    const paths = enumeratePaths(ix, trigger.id);
    if (!paths) {
      issues.error("too_many_paths", `this flow has more than ${MAX_PATHS} paths from the trigger to its actions; simplify it (fewer merges after branches) or split it into playbooks`, { nodeId: trigger.id }, { max: MAX_PATHS });
    } else {
      enumerated = true;
      const { heads } = paths;
      const ladder = doc.kind === "escalation";
      const ordered = [...heads.keys()].map((id) => ix.nodes.get(id)!).sort(canvasOrder);
      const usedIds = new Map<string, string>();
      for (const head of ordered as ActionNode[]) {
        const hp = heads.get(head.id)!;
        const chain = chainOf(ix, head.id);
        const actions = chain.map(actionOf);
        const settings = head.rule ?? {};
        const id = settings.id !== undefined && settings.id !== "" ? settings.id : ruleIdOfNode(head.id);
        const other = usedIds.get(id);
        if (other !== undefined) {
          issues.error("rule_id_repeated", `rule id '${id}' is already used by node '${other}'; give this rule another id`, { nodeId: head.id, path: "rule.id" }, { ruleId: id, node: other });
        } else usedIds.set(id, head.id);
        // escalation: each path runs at exactly one ladder step, whose leaf leads its condition
        const alternatives: TopLevelCondition[] = [];
        hp.conds.forEach((conds, k) => {
          const steps = hp.ladders[k]!;
          if (!ladder) alternatives.push(pathCondition(conds));
          else if (steps.length === 0)
            issues.add(reachable.has(head.id) ? "error" : "warning", "step_missing", "put a ladder step (warning, breach or after breach) before this action: escalation actions run when a case's SLA clock reaches a step", { nodeId: head.id });
          else if (steps.length > 1)
            issues.error("step_repeated", `a path reaches this step after step '${steps[0]}': each path runs at one ladder step only; draw a separate path from the trigger`, { nodeId: steps[1]! }, { step: ruleIdOfNode(steps[0]!) });
          else alternatives.push(ladderCondition(ruleIdOfNode(steps[0]!), conds));
        });
        const summary = actions.map(describeAction).join(" · ").slice(0, 200);
        const rule: RoutingRule = {
          id,
          name: settings.name || head.label || summary || id,
          ...(settings.description !== undefined ? { description: settings.description } : {}),
          priority: settings.priority ?? 1 + hp.decisions,
          enabled: settings.enabled ?? true,
          conditions: alternatives.length === 1 ? alternatives[0]! : { any: alternatives },
          actions,
          nodeId: head.id,
        };
        rules.push(rule);
        if (settings.priority !== undefined) explicitPriority.add(id);
        sources.push({ ruleId: id, headNodeId: head.id, actionNodeIds: chain.map((a) => a.id), paths: hp.paths });
      }
      if (doc.kind === "crisis")
        for (const d of [...paths.detectors.keys()].map((id) => ix.nodes.get(id)! as FlowNodeOf<"detector">).sort(canvasOrder)) {
          const conds = paths.detectors.get(d.id)!.conds;
          // a path with no condition counts every case the trigger lets in
          const condition = conds.some((c) => c.length === 0) ? undefined : conds.length === 1 ? pathCondition(conds[0]!) : { any: conds.map(pathCondition) };
          detectors.push(detectorOf(d, condition));
        }
      if (rules.length === 0 && detectors.length === 0) issues.warn("no_actions", "no action is connected to the trigger yet: this flow does nothing", { nodeId: trigger.id });
    }
  }

  // ladder steps: every reachable step node, in canvas order (unreachable ones are ignored)
  const stepNodes = doc.kind === "escalation" ? (doc.graph.nodes.filter((n) => n.type === "escalation_step" && reachable.has(n.id)) as FlowNodeOf<"escalation_step">[]).sort(canvasOrder) : [];
  const header = {
    schemaVersion: PLAYBOOK_SCHEMA_VERSION,
    id: doc.id,
    name: doc.name,
    ...(doc.description !== undefined ? { description: doc.description } : {}),
    locale: doc.locale,
    precedence: doc.precedence,
    trigger: { channels: trigger?.data.channels ?? [], ...(trigger?.data.condition !== undefined ? { condition: trigger.data.condition } : {}) },
    settings: { conflictStrategy: doc.settings.conflictStrategy },
    conditions: doc.conditions,
    rules,
  };
  const candidate =
    doc.kind === "escalation"
      ? { ...header, kind: "escalation" as const, calendars: doc.calendars, slaPolicies: doc.slaPolicies, steps: stepNodes.map(stepOf) }
      : doc.kind === "crisis"
        ? { ...header, kind: "crisis" as const, detectors, levels: doc.levels }
        : { ...header, kind: "routing" as const };
  if (doc.kind === "escalation" && doc.slaPolicies.length === 0)
    issues.warn("no_sla_policy", "add an SLA policy in the playbook settings (targets per channel and priority): without one no case gets an SLA clock, so no step is reached", { path: "slaPolicies" });
  if (doc.kind === "crisis" && enumerated && detectors.length === 0)
    issues.warn("no_detector", "connect a detector: without one this playbook never raises an incident, so its overrides never run", trigger ? { nodeId: trigger.id } : {});
  const nodesOf = { steps: stepNodes.map((n) => n.id), detectors: detectors.map((d) => d.nodeId!) };
  const withSources = rules.map((r, i) => ({ rule: r, source: sources[i]! }));

  if (enumerated) {
    for (const w of analyzeRules(rules, doc.settings.conflictStrategy, (r) => explicitPriority.has(r.id))) {
      const at = { nodeId: w.rule.nodeId };
      const params = { rule: w.other.id, node: w.other.nodeId ?? "" };
      if (w.code === "shadowed") {
        issues.warn(
          "shadowed",
          doc.settings.conflictStrategy === "first_match"
            ? `rule '${w.rule.id}' can never act: rule '${w.other.id}' is evaluated first and always matches when this one does (first match)`
            : `rule '${w.rule.id}' can never change anything: rule '${w.other.id}' is evaluated first, always matches when this one does, and already sets everything it sets`,
          at,
          params,
        );
      } else {
        const q = (r: RoutingRule) => r.actions.find((a) => a.type === "route") as { queue: string } | undefined;
        issues.warn(
          "overlap",
          `rules '${w.other.id}' and '${w.rule.id}' can match the same case and route to different queues ('${q(w.other)?.queue}' and '${q(w.rule)?.queue}'); '${w.other.id}' is evaluated first and wins`,
          at,
          { ...params, queue: q(w.rule)?.queue ?? "", otherQueue: q(w.other)?.queue ?? "" },
        );
      }
    }
  }

  // The strict schema over the whole result, then the engine's own compiler: anything the node
  // checks above did not already say is reported where it belongs.
  let playbook: FlowPlaybook | null = null;
  const schema = doc.kind === "escalation" ? EscalationPlaybook : doc.kind === "crisis" ? CrisisPlaybook : RoutingPlaybook;
  const parsed = schema.safeParse(candidate);
  const nodeErrors = issues.hasErrors;
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      // shared conditions were checked by checkSharedConditions with the same schema
      if (i.path[0] === "conditions") continue;
      const where = locate(i.path, withSources, trigger?.id, nodesOf);
      // condition and action fields were checked node by node: skip the union's echo of them
      if (nodeErrors && where.nodeId !== undefined) continue;
      issues.error(i.path[0] === "conditions" || where.path.startsWith("condition") ? "condition" : "field", i.message, { nodeId: where.nodeId, path: where.path }, { field: where.path });
    }
  } else if (!issues.hasErrors) {
    try {
      // the graph is not re-parsed here: it is the document's own (kept as it is in the result)
      compilePlaybookDoc(parsed.data, { versionId: "draft", version: 1 });
      playbook = { ...parsed.data, graph: doc.graph } as FlowPlaybook;
    } catch (e) {
      if (!(e instanceof PlaybookCompileError)) throw e;
      for (const i of e.issues) {
        const segs = i.path.match(/[^.[\]]+/g) ?? [];
        const where = locate(segs.map((s) => (/^\d+$/.test(s) ? Number(s) : s)), withSources, trigger?.id, nodesOf);
        issues.error(where.path.includes("condition") ? "condition" : "field", i.message, { nodeId: where.nodeId, path: where.path });
      }
    }
  }
  return { playbook, sources, issues: issues.list, rules };
}

/** The shared validator: compileFlow's issues (errors block publishing, warnings do not). */
export function validateFlow(doc: FlowDocument): FlowIssue[] {
  return compileFlow(doc).issues;
}

/** The playbook a flow document means; throws PlaybookCompileError (issues with node paths) when it has errors. */
export function compileFlowPlaybook(doc: FlowDocument): FlowPlaybook {
  const { playbook, issues } = compileFlow(doc);
  const errors = issues.filter((i) => i.severity === "error");
  if (!playbook || errors.length > 0) {
    const list = errors.map((i) => ({
      path: i.nodeId !== undefined ? `graph.nodes[${i.nodeId}]${i.path ? `.${i.path}` : ""}` : i.edgeId !== undefined ? `graph.edges[${i.edgeId}]` : (i.path ?? ""),
      message: i.message,
    }));
    throw new PlaybookCompileError(`flow '${doc.id}' does not compile: ${list.map((i) => `${i.path || "(document)"}: ${i.message}`).join("; ")}`, list);
  }
  return playbook;
}
