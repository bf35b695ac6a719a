// The canvas document of a flow playbook: what the editor saves and the server stores. It is not
// React Flow's state (the editor converts on load and save). Nodes are a union keyed on `type`;
// each kind has one spec (engine/flow/specs.ts for defaults, handles and compilation,
// app/playbooks/_editor/specs.tsx for its renderer and settings panel).
//
// Drafts may be incomplete (an empty queue, a leaf with no fact yet): these schemas check shapes
// only, so a draft with errors can be saved. The validator (engine/flow, shared by the server and
// the browser) checks every field with the strict schemas (RoutingAction, TopLevelCondition,
// RoutingPlaybook) and reports each problem on its node.
import { z } from "zod";
import { Channel } from "./case";
import { ConflictStrategy, CrisisLevelNumber, DetectorMode, EscalationStepAt, JsonValue, Locale, PLAYBOOK_SCHEMA_VERSION, Priority, SlaMetric, SlaTime, Slug } from "./common";
import { Weekday } from "./calendar";
import type { Condition, TopLevelCondition } from "./condition";
import { CaseEvent } from "./event";

export const FLOW_SCHEMA_VERSION = 1 as const;

export const NodeId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/, "node ids use letters, digits, '-' or '_'");

const Position = z.object({ x: z.number().finite(), y: z.number().finite() });

// ---------------------------------------------------------------------------------------------
// A condition tree as it may stand while being edited: same shapes as json-rules-engine's, with
// empty strings allowed. `TopLevelCondition` (schemas/condition.ts) is the strict check.

const draftCommon = { name: z.string().max(200).optional(), priority: z.number().int().min(1).optional() };
const DraftLeaf = z
  .object({
    ...draftCommon,
    fact: z.string().max(200),
    path: z.string().max(500).optional(),
    params: z.record(z.string(), JsonValue).optional(),
    operator: z.string().max(100),
    value: JsonValue,
  })
  .strict();
const DraftAll = z.object({
  ...draftCommon,
  get all(): z.ZodArray<typeof DraftCondition> {
    return z.array(DraftCondition);
  },
}).strict();
const DraftAny = z.object({
  ...draftCommon,
  get any(): z.ZodArray<typeof DraftCondition> {
    return z.array(DraftCondition);
  },
}).strict();
const DraftNot = z.object({
  ...draftCommon,
  get not(): typeof DraftCondition {
    return DraftCondition;
  },
}).strict();
const DraftRef = z.object({ ...draftCommon, condition: z.string().max(200) }).strict();

export const DraftCondition: z.ZodType<Condition> = z.union([DraftAll, DraftAny, DraftNot, DraftRef, DraftLeaf]);
export const DraftTopLevelCondition: z.ZodType<TopLevelCondition> = z.union([DraftAll, DraftAny, DraftNot, DraftRef]);

// ---------------------------------------------------------------------------------------------
// Node kinds

/** What starts a flow: a new case, or (for escalation and crisis flows) a case event. */
export const TriggerEvent = z.enum(["case.created", ...CaseEvent.options.map((o) => `event.${o.shape.type.value}` as const)]);
export type TriggerEvent = z.infer<typeof TriggerEvent>;

/**
 * Rule settings carried by the first action node of a chain (the node a compiled rule comes from).
 * Absent fields are filled by the compiler: id = the node id, name = the node label or a summary of
 * its actions, priority = the documented order (engine/flow/README.md), enabled = true.
 */
export const RuleSettings = z
  .object({
    id: z.string().max(100).optional(),
    name: z.string().max(200).optional(),
    description: z.string().max(2000).optional(),
    priority: z.number().int().min(1).optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
export type RuleSettings = z.infer<typeof RuleSettings>;

const nodeBase = { id: NodeId, position: Position, label: z.string().max(200).optional() };
const actionBase = { ...nodeBase, rule: RuleSettings.optional() };

export const TriggerNode = z.object({
  ...nodeBase,
  type: z.literal("trigger"),
  data: z.object({
    channels: z.array(Channel).default([]).describe("empty: every channel"),
    events: z.array(TriggerEvent).default(["case.created"]),
    condition: DraftTopLevelCondition.optional().describe("only cases matching this condition enter the flow"),
  }),
});

export const ConditionNode = z.object({
  ...nodeBase,
  type: z.literal("condition"),
  data: z.object({ condition: DraftTopLevelCondition }),
});

export const SwitchCase = z.object({
  /** stable id: the branch's handle is `case:<id>` */
  id: z.string().min(1).max(100),
  values: z.array(JsonValue).describe("the branch is taken when the fact equals one of these"),
  label: z.string().max(200).optional(),
});
export type SwitchCase = z.infer<typeof SwitchCase>;

export const SwitchNode = z.object({
  ...nodeBase,
  type: z.literal("switch"),
  data: z.object({
    fact: z.string().max(200),
    path: z.string().max(500).optional(),
    cases: z.array(SwitchCase),
  }),
});

// Action nodes: `data` is the RoutingAction without its `type` (the node's type is the action's).
export const RouteNode = z.object({
  ...actionBase,
  type: z.literal("route"),
  data: z.object({ queue: z.string().max(200), team: z.string().max(200).optional() }),
});
export const RequireSkillsNode = z.object({ ...actionBase, type: z.literal("require_skills"), data: z.object({ skills: z.array(z.string().max(100)) }) });
export const SetPriorityNode = z.object({ ...actionBase, type: z.literal("set_priority"), data: z.object({ priority: Priority }) });
export const AddTagsNode = z.object({ ...actionBase, type: z.literal("add_tags"), data: z.object({ tags: z.array(z.string().max(100)) }) });
export const AutoReplyNode = z.object({
  ...actionBase,
  type: z.literal("auto_reply"),
  data: z.object({ templates: z.partialRecord(Locale, z.string().max(4000)) }),
});
export const ApplySlaNode = z.object({ ...actionBase, type: z.literal("apply_sla"), data: z.object({ policy: z.string().max(200) }) });
export const NotifyNode = z.object({
  ...actionBase,
  type: z.literal("notify"),
  data: z.object({ target: z.string().max(200), message: z.string().max(4000).optional() }),
});

export const RequireApprovalNode = z.object({
  ...actionBase,
  type: z.literal("require_approval"),
  data: z.object({ reason: z.string().max(500).optional() }),
});

/**
 * Escalation flows: a ladder step. Paths through it run when a case's SLA clock reaches the step
 * (compiled: an EscalationStep, and the leaf `sla.step equal <step id>` on each rule after it).
 */
export const EscalationStepNode = z.object({
  ...nodeBase,
  type: z.literal("escalation_step"),
  data: z.object({
    metric: SlaMetric.default("first_response"),
    at: EscalationStepAt,
    percent: z.number().optional().describe("warning: share of the target elapsed (default 80)"),
    minutes: z.number().optional().describe("after_breach: minutes after the breach"),
  }),
});

/** Crisis flows: a detector, a path's end. The path's conditions choose the cases it counts. */
export const DetectorNode = z.object({
  ...nodeBase,
  type: z.literal("detector"),
  data: z.object({
    name: z.string().max(200),
    keywords: z.partialRecord(Locale, z.array(z.string().max(100))).default({}),
    minFollowers: z.number().optional(),
    windowMinutes: z.number(),
    mode: DetectorMode.default("absolute"),
    levels: z.array(z.object({ level: CrisisLevelNumber, threshold: z.number() })),
    minCases: z.number().optional(),
  }),
});

export const StopNode = z.object({ ...nodeBase, type: z.literal("stop"), data: z.object({}).default({}) });

export const FlowNode = z
  .discriminatedUnion("type", [
    TriggerNode,
    ConditionNode,
    SwitchNode,
    RouteNode,
    RequireSkillsNode,
    SetPriorityNode,
    AddTagsNode,
    AutoReplyNode,
    ApplySlaNode,
    NotifyNode,
    RequireApprovalNode,
    EscalationStepNode,
    DetectorNode,
    StopNode,
  ])
  .meta({ id: "FlowNode" });
export type FlowNode = z.infer<typeof FlowNode>;
export type FlowNodeType = FlowNode["type"];
export type FlowNodeOf<T extends FlowNodeType> = Extract<FlowNode, { type: T }>;

export const FLOW_NODE_TYPES = FlowNode.options.map((o) => o.shape.type.value);
export const ACTION_NODE_TYPES = ["route", "require_skills", "set_priority", "add_tags", "auto_reply", "apply_sla", "notify", "require_approval"] as const;
export type ActionNodeType = (typeof ACTION_NODE_TYPES)[number];
export type ActionNode = FlowNodeOf<ActionNodeType>;
export const isActionNode = (n: FlowNode): n is ActionNode => (ACTION_NODE_TYPES as readonly string[]).includes(n.type);

/**
 * Source handles: trigger and actions have `out`; a condition has `true` and `false`; a switch has
 * `case:<id>` per case and `default`; stop has none. Every node but the trigger has one target handle.
 */
export const FlowEdge = z
  .object({
    id: z.string().min(1).max(200),
    source: NodeId,
    sourceHandle: z.string().min(1).max(120),
    target: NodeId,
  })
  .meta({ id: "FlowEdge" });
export type FlowEdge = z.infer<typeof FlowEdge>;

export const FlowGraph = z
  .object({
    schemaVersion: z.literal(FLOW_SCHEMA_VERSION).default(FLOW_SCHEMA_VERSION),
    nodes: z.array(FlowNode).max(5000),
    edges: z.array(FlowEdge).max(20000),
  })
  .superRefine((g, ctx) => {
    const ids = new Set<string>();
    g.nodes.forEach((n, i) => {
      if (ids.has(n.id)) ctx.addIssue({ code: "custom", path: ["nodes", i, "id"], message: `node id '${n.id}' is used twice` });
      ids.add(n.id);
    });
  })
  .meta({ id: "FlowGraph" });
export type FlowGraph = z.infer<typeof FlowGraph>;

// ---------------------------------------------------------------------------------------------
// The playbook settings of escalation and crisis flows as they may stand while being edited: the
// shapes of BusinessCalendar, SlaPolicy and CrisisLevel (schemas/playbook.ts, the strict check)
// with empty strings and missing numbers allowed.

const DraftRange = z.object({ from: z.string().max(5), to: z.string().max(5) });
export const DraftCalendar = z.object({
  id: z.string().max(100),
  name: z.string().max(200),
  timeZone: z.string().max(100),
  country: z.string().max(2).optional(),
  subdivision: z.string().max(20).optional(),
  hours: z.partialRecord(Weekday, z.array(DraftRange)).default({}),
  closures: z.array(z.object({ date: z.string().max(10), name: z.string().max(200) })).default([]),
});
export type DraftCalendar = z.infer<typeof DraftCalendar>;

export const DraftSlaTarget = z.object({
  channels: z.array(Channel).default([]),
  priorities: z.array(Priority).default([]),
  firstResponseMinutes: z.number().optional(),
  nextResponseMinutes: z.number().optional(),
  resolutionMinutes: z.number().optional(),
});
export type DraftSlaTarget = z.infer<typeof DraftSlaTarget>;

export const DraftSlaPolicy = z.object({
  id: z.string().max(100),
  name: z.string().max(200),
  time: SlaTime.default("business"),
  calendar: z.string().max(100).optional(),
  targets: z.array(DraftSlaTarget).default([]),
});
export type DraftSlaPolicy = z.infer<typeof DraftSlaPolicy>;

export const DraftCrisisLevel = z.object({
  level: z.number().int(),
  name: z.string().max(200),
  durationMinutes: z.number().optional(),
  notify: z.array(z.string().max(200)).default([]),
  protocol: z
    .array(z.object({ id: z.string().max(100), phase: z.enum(["identification", "quantification", "mitigation", "reporting"]), title: z.string().max(500), owner: z.string().max(200) }))
    .default([]),
});
export type DraftCrisisLevel = z.infer<typeof DraftCrisisLevel>;

export const FLOW_KINDS = ["routing", "escalation", "crisis"] as const;
export const FlowKind = z.enum(FLOW_KINDS).meta({ id: "FlowKind" });
export type FlowKind = z.infer<typeof FlowKind>;

const flowHeader = {
  schemaVersion: z.literal(PLAYBOOK_SCHEMA_VERSION).default(PLAYBOOK_SCHEMA_VERSION),
  id: Slug,
  name: z.string().max(200),
  description: z.string().max(5000).optional(),
  locale: Locale.default("es"),
  settings: z.object({ conflictStrategy: ConflictStrategy.default("collect") }).default({ conflictStrategy: "collect" }),
  conditions: z.record(z.string(), DraftTopLevelCondition).default({}),
  graph: FlowGraph,
};

/**
 * A flow playbook as the editor holds it: the playbook's header and settings plus its graph, for
 * each kind that is drawn (routing; escalation, with its calendars and SLA policies; crisis, with
 * its levels). Compiling it (engine/flow compileFlow) gives the RoutingPlaybook, EscalationPlaybook
 * or CrisisPlaybook whose trigger, rules, ladder steps and detectors come from the graph; the graph
 * is kept in the published document too, so any version opens on the canvas.
 */
export const FlowDocument = z
  .discriminatedUnion("kind", [
    z.object({ ...flowHeader, kind: z.literal("routing"), precedence: z.number().int().min(0).max(1000).default(100) }),
    z.object({
      ...flowHeader,
      kind: z.literal("escalation"),
      precedence: z.number().int().min(0).max(1000).default(100),
      calendars: z.array(DraftCalendar).default([]),
      slaPolicies: z.array(DraftSlaPolicy).default([]),
    }),
    z.object({ ...flowHeader, kind: z.literal("crisis"), precedence: z.number().int().min(0).max(1000).default(0), levels: z.array(DraftCrisisLevel).default([]) }),
  ])
  .meta({ id: "FlowDocument" });
export type FlowDocument = z.infer<typeof FlowDocument>;
export type FlowDocumentInput = z.input<typeof FlowDocument>;
export type FlowDocumentOf<K extends FlowKind> = Extract<FlowDocument, { kind: K }>;

// ---------------------------------------------------------------------------------------------
// Validation results: one shape for the server's 4xx, the checklist and the marks on nodes.

export const FLOW_ISSUE_CODES = [
  "no_trigger",
  "second_trigger",
  "trigger_event_unsupported",
  "cycle",
  "edge_dangling",
  "edge_bad_handle",
  "edge_into_trigger",
  "unreachable",
  "condition_branch_missing",
  "switch_no_cases",
  "switch_case_empty",
  "switch_value_repeated",
  "branch_unconnected",
  "chain_merge",
  "chain_fork",
  "rule_settings_ignored",
  "rule_id_repeated",
  "too_many_paths",
  "no_actions",
  "field",
  "condition",
  "shadowed",
  "overlap",
  "step_missing",
  "step_repeated",
  "node_kind",
  "no_sla_policy",
  "no_detector",
] as const;
export const FlowIssueCode = z.enum(FLOW_ISSUE_CODES);
export type FlowIssueCode = z.infer<typeof FlowIssueCode>;

export const FlowIssue = z
  .object({
    severity: z.enum(["error", "warning"]).describe("errors block publishing; warnings do not"),
    code: FlowIssueCode,
    /** English; the editor shows its own translation from code and params */
    message: z.string(),
    nodeId: NodeId.optional(),
    edgeId: z.string().optional(),
    /** for `field` and `condition`: the field inside the node's data, e.g. "queue" or "condition.all[0].fact" */
    path: z.string().optional(),
    /** values the translated message needs (other node ids, queues, a field name…) */
    params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  })
  .meta({ id: "FlowIssue" });
export type FlowIssue = z.infer<typeof FlowIssue>;
