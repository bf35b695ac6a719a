// One spec per node kind: defaults (palette drops), source handles, drawn size, and how an action
// node turns into a RoutingAction and back. The renderer (app/playbooks/_editor) uses the same sizes.
import {
  ACTION_NODE_TYPES,
  type ActionNode,
  type ActionNodeType,
  type FlowNode,
  type FlowNodeOf,
  type FlowNodeType,
  type RoutingAction,
  type SwitchCase,
} from "@/schemas";

export const HANDLE = Object.freeze({ out: "out", true: "true", false: "false", default: "default", in: "in" });
export const CASE_HANDLE_PREFIX = "case:";
export const caseHandle = (caseId: string) => `${CASE_HANDLE_PREFIX}${caseId}`;

/** Drawn sizes (px). A switch grows with its cases: one row per branch. */
export const NODE_WIDTH = 240;
export const NODE_SIZES = Object.freeze({
  trigger: { width: NODE_WIDTH, height: 88 },
  condition: { width: NODE_WIDTH, height: 96 },
  action: { width: NODE_WIDTH, height: 80 },
  step: { width: NODE_WIDTH, height: 80 },
  detector: { width: NODE_WIDTH, height: 96 },
  stop: { width: 140, height: 48 },
  switchHeader: 64,
  switchRow: 28,
});

export function isActionType(t: string): t is ActionNodeType {
  return (ACTION_NODE_TYPES as readonly string[]).includes(t);
}

/** Default data of a new node of each kind: drafts start incomplete, and the validator says what to fill in. */
function defaultData(type: FlowNodeType): FlowNode["data"] {
  switch (type) {
    case "trigger":
      return { channels: [], events: ["case.created"] };
    case "condition":
      return { condition: { all: [{ fact: "", operator: "equal", value: "" }] } };
    case "switch":
      return { fact: "channel", cases: [{ id: "1", values: [] }] };
    case "route":
      return { queue: "" };
    case "require_skills":
      return { skills: [] };
    case "set_priority":
      return { priority: "normal" };
    case "add_tags":
      return { tags: [] };
    case "auto_reply":
      return { templates: { es: "" } };
    case "apply_sla":
      return { policy: "" };
    case "notify":
      return { target: "" };
    case "require_approval":
      return {};
    case "escalation_step":
      return { metric: "first_response", at: "breach" };
    case "detector":
      return { name: "", keywords: {}, windowMinutes: 15, mode: "absolute", levels: [{ level: 1, threshold: 10 }] };
    case "stop":
      return {};
  }
}

/** Defaults of a new node of each kind (palette drops). */
export function newNode(type: FlowNodeType, id: string, position: { x: number; y: number }): FlowNode {
  return { id, type, position: { x: position.x, y: position.y }, data: defaultData(type) } as FlowNode;
}

/** The source handles a node offers right now (e.g. a switch's `case:<id>` per case, then `default`). */
export function sourceHandles(node: FlowNode): string[] {
  switch (node.type) {
    case "trigger":
      return [HANDLE.out];
    case "condition":
      return [HANDLE.true, HANDLE.false];
    case "switch":
      return [...node.data.cases.map((c) => caseHandle(c.id)), HANDLE.default];
    case "stop":
    case "detector":
      return [];
    default:
      return [HANDLE.out];
  }
}

/** Whether a node has a target handle (`in`): every kind but the trigger. */
export const hasTargetHandle = (node: FlowNode) => node.type !== "trigger";

/** The size a node is drawn at (the renderer uses the same numbers), for layout and overlap checks. */
export function nodeSize(node: FlowNode): { width: number; height: number } {
  switch (node.type) {
    case "trigger":
      return { ...NODE_SIZES.trigger };
    case "condition":
      return { ...NODE_SIZES.condition };
    case "switch":
      return { width: NODE_WIDTH, height: NODE_SIZES.switchHeader + NODE_SIZES.switchRow * (node.data.cases.length + 1) };
    case "stop":
      return { ...NODE_SIZES.stop };
    case "escalation_step":
      return { ...NODE_SIZES.step };
    case "detector":
      return { ...NODE_SIZES.detector };
    default:
      return { ...NODE_SIZES.action };
  }
}

/** An action node's action: `{ type, ...data }` (checked by the strict RoutingAction schema elsewhere). */
export function actionOf(node: ActionNode): RoutingAction {
  return { type: node.type, ...node.data } as RoutingAction;
}

/** The action node data for an action: the action without its `type`. */
export function actionData<T extends ActionNodeType>(action: Extract<RoutingAction, { type: T }>): FlowNodeOf<T>["data"] {
  const { type: _type, ...data } = action as RoutingAction;
  return data as unknown as FlowNodeOf<T>["data"];
}

/** The switch case a `case:<id>` handle stands for. */
export function caseOfHandle(node: FlowNodeOf<"switch">, handle: string): SwitchCase | undefined {
  if (!handle.startsWith(CASE_HANDLE_PREFIX)) return undefined;
  const id = handle.slice(CASE_HANDLE_PREFIX.length);
  return node.data.cases.find((c) => c.id === id);
}

/** A short English summary of an action, used for default rule names. */
export function describeAction(a: RoutingAction): string {
  switch (a.type) {
    case "route":
      return `route to ${a.queue}${a.team ? ` (${a.team})` : ""}`;
    case "require_skills":
      return `require ${a.skills.join(", ")}`;
    case "set_priority":
      return `priority ${a.priority}`;
    case "add_tags":
      return `tag ${a.tags.join(", ")}`;
    case "auto_reply":
      return "auto-reply";
    case "apply_sla":
      return `SLA ${a.policy}`;
    case "notify":
      return `notify ${a.target}`;
    case "require_approval":
      return "replies need approval";
  }
}
