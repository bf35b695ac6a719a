// Flow playbooks on the canvas: graph ↔ rules, layout, the shared validator and the run overlay.
// Pure and deterministic (no clock, no I/O): the server and the browser import the same code.
// Semantics: engine/flow/README.md.

export type { ConditionTrace, ConnectCheck, FactInfo, FactType, FlowRuleSource } from "./types";
export { compileFlow, validateFlow, compileFlowPlaybook, ruleIdOfNode, stepOf, detectorOf, stepLeaf, ladderCondition, MAX_PATHS, type CompiledFlow, type FlowPlaybook } from "./compile";
export { analyzeRules, exclusive, implies } from "./analysis";

export { FACT_CATALOG, factsFor, operatorsFor, factInfo, operatorValueKind } from "./catalog";
export { newNode, sourceHandles, nodeSize, actionOf, actionData, caseHandle, caseOfHandle, describeAction, hasTargetHandle, HANDLE, NODE_SIZES } from "./specs";
export { canConnect } from "./graph";
export { emptyFlow, TRIGGER_NODE_ID } from "./document";
export { rulesToFlow, playbookToFlow, flowOfPlaybook, type RulesToFlowInput } from "./import";
export { layoutFlow, overlaps, LAYOUT } from "./layout";
export { traceFlow } from "./trace";
export { diffFlows } from "./diff";
