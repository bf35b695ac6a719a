// Types of the flow engine's public contract (re-exported by engine/flow/index.ts).
import type { ConditionTrace, FlowNode, FlowNodeType } from "@/schemas";

/** Where a compiled rule came from on the canvas. */
export interface FlowRuleSource {
  ruleId: string;
  /** the first action node of the chain (also RoutingRule.nodeId) */
  headNodeId: string;
  /** the action nodes of the chain, in order */
  actionNodeIds: string[];
  /** every path from the trigger to the head: the decision nodes passed and the handle left by */
  paths: { nodeId: string; handle: string }[][];
}

export type ConnectCheck =
  | { ok: true }
  | { ok: false; code: "cycle" | "second_trigger" | "edge_into_trigger" | "edge_bad_handle" | "self_loop" | "duplicate"; message: string };

export type FactType = "string" | "number" | "boolean" | "string[]" | "datetime" | "object";

/** The facts a condition can test (case schema + derived facts, engine/FACTS.md), for fact pickers. */
export interface FactInfo {
  /** fact name as written in a condition */
  fact: string;
  /** JSONPath into the fact when it is an object, e.g. "$.tier" */
  path?: string;
  type: FactType;
  /** known values (channels, tiers, languages…) for pickers */
  values?: readonly string[];
  /** only in flows of these kinds (absent: every kind) */
  kinds?: readonly ("routing" | "escalation" | "crisis")[];
  /** English and Spanish labels */
  label: { es: string; en: string };
}

export type { ConditionTrace, FlowNode, FlowNodeType };
