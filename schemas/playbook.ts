import { z } from "zod";
import { Channel } from "./case";
import { ConflictStrategy, Locale, PLAYBOOK_SCHEMA_VERSION, Priority, Slug } from "./common";
import { FlowGraph } from "./graph";

export { ConflictStrategy, PLAYBOOK_SCHEMA_VERSION, Priority };
import { TopLevelCondition } from "./condition";


export const PlaybookKind = z.enum(["routing", "escalation", "crisis", "tone", "okr"]).meta({ id: "PlaybookKind" });
export type PlaybookKind = z.infer<typeof PlaybookKind>;


const header = {
  schemaVersion: z.literal(PLAYBOOK_SCHEMA_VERSION),
  id: Slug,
  name: z.string().min(1).max(200),
  description: z.string().max(5000).optional(),
  locale: Locale.default("es"),
};

/** Which cases a flow playbook looks at. An empty channel list means every channel. */
export const Trigger = z
  .object({
    channels: z.array(Channel).default([]),
    condition: TopLevelCondition.optional().describe("only cases matching this condition run the playbook's rules"),
  })
  .meta({ id: "Trigger" });
export type Trigger = z.infer<typeof Trigger>;

// ---------------------------------------------------------------------------------------------
// Routing

const templates = z
  .partialRecord(Locale, z.string().min(1).max(4000))
  .refine((t) => Object.keys(t).length > 0, "give at least one template (es, en or pt)");

export const RoutingAction = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("route"), queue: z.string().min(1).max(200), team: z.string().max(200).optional() }),
    z.object({ type: z.literal("require_skills"), skills: z.array(z.string().min(1).max(100)).min(1) }),
    z.object({ type: z.literal("set_priority"), priority: Priority }),
    z.object({ type: z.literal("add_tags"), tags: z.array(z.string().min(1).max(100)).min(1) }),
    z.object({
      type: z.literal("auto_reply"),
      templates: templates.describe("per locale; {{customer.name}}, {{customer.firstName}}, {{channel}} and {{attributes.X}} are filled in"),
    }),
    z.object({ type: z.literal("apply_sla"), policy: z.string().min(1).max(200) }),
    z.object({ type: z.literal("notify"), target: z.string().min(1).max(200), message: z.string().max(4000).optional() }),
  ])
  .meta({ id: "RoutingAction" });
export type RoutingAction = z.infer<typeof RoutingAction>;
export type RoutingActionType = RoutingAction["type"];
export const ROUTING_ACTION_TYPES = RoutingAction.options.map((o) => o.shape.type.value);

export const RoutingRule = z
  .object({
    id: Slug,
    name: z.string().min(1).max(200),
    description: z.string().max(2000).optional(),
    priority: z.number().int().min(1).default(1).describe("json-rules-engine meaning: higher runs first"),
    enabled: z.boolean().default(true),
    conditions: TopLevelCondition,
    actions: z.array(RoutingAction).min(1, "a rule needs at least one action"),
    nodeId: z.string().optional().describe("the canvas node this rule was compiled from"),
  })
  .meta({ id: "RoutingRule" });
export type RoutingRule = z.infer<typeof RoutingRule>;


export const RoutingPlaybook = z
  .object({
    ...header,
    kind: z.literal("routing"),
    precedence: z.number().int().min(0).max(1000).default(100).describe("when several routing playbooks set a queue, the lower number wins"),
    trigger: Trigger.default({ channels: [] }),
    settings: z
      .object({ conflictStrategy: ConflictStrategy.default("collect") })
      .default({ conflictStrategy: "collect" }),
    conditions: z.record(z.string().min(1), TopLevelCondition).default({}).describe("shared named conditions, used as { condition: name }"),
    rules: z.array(RoutingRule),
    graph: FlowGraph.optional().describe("the canvas drawing the rules and trigger were compiled from (engine/flow)"),
  })
  .superRefine((pb, ctx) => {
    const seen = new Set<string>();
    pb.rules.forEach((r, i) => {
      if (seen.has(r.id)) ctx.addIssue({ code: "custom", path: ["rules", i, "id"], message: `rule id '${r.id}' is used twice` });
      seen.add(r.id);
    });
  })
  .meta({ id: "RoutingPlaybook" });
export type RoutingPlaybook = z.infer<typeof RoutingPlaybook>;

// ---------------------------------------------------------------------------------------------
// The other kinds: shaped now, filled in by their own issues. New fields must stay optional.

const BusinessTime = z.enum(["business", "calendar"]);
export const SlaPolicy = z.object({
  id: Slug,
  name: z.string().min(1).max(200),
  time: BusinessTime.default("business"),
  targets: z
    .array(
      z.object({
        channels: z.array(Channel).default([]),
        priorities: z.array(Priority).default([]),
        firstResponseMinutes: z.number().positive(),
        nextResponseMinutes: z.number().positive().optional(),
        resolutionMinutes: z.number().positive().optional(),
      }),
    )
    .min(1),
});

export const EscalationPlaybook = z
  .object({
    ...header,
    kind: z.literal("escalation"),
    slaPolicies: z.array(SlaPolicy).default([]),
    ladders: z
      .array(
        z.object({
          id: Slug,
          policy: z.string().optional(),
          steps: z.array(z.object({ at: z.string().min(1), actions: z.array(z.record(z.string(), z.unknown())) })).default([]),
        }),
      )
      .default([]),
  })
  .meta({ id: "EscalationPlaybook" });

export const CrisisPlaybook = z
  .object({
    ...header,
    kind: z.literal("crisis"),
    detectors: z
      .array(
        z.object({
          id: Slug,
          name: z.string().min(1),
          windowMinutes: z.number().positive(),
          threshold: z.number().nonnegative(),
          condition: TopLevelCondition.optional(),
        }),
      )
      .default([]),
    levels: z
      .array(z.object({ id: Slug, name: z.string().min(1), protocol: z.array(z.string()).default([]), holdingStatement: z.string().optional() }))
      .default([]),
  })
  .meta({ id: "CrisisPlaybook" });

const Dimension = z.number().min(0).max(5);
export const TonePlaybook = z
  .object({
    ...header,
    kind: z.literal("tone"),
    personality: z
      .object({ sincerity: Dimension, excitement: Dimension, competence: Dimension, sophistication: Dimension, ruggedness: Dimension })
      .partial()
      .default({}),
    whoWeAre: z.array(z.string()).default([]),
    whoWeAreNot: z.array(z.string()).default([]),
    do: z.array(z.string()).default([]),
    dont: z.array(z.string()).default([]),
    bannedPhrases: z.array(z.object({ phrase: z.string().min(1), suggestion: z.string().optional() })).default([]),
  })
  .meta({ id: "TonePlaybook" });

export const OkrPlaybook = z
  .object({
    ...header,
    kind: z.literal("okr"),
    objectives: z
      .array(
        z.object({
          id: Slug,
          title: z.string().min(1),
          keyResults: z
            .array(
              z.object({
                id: Slug,
                title: z.string().min(1),
                metric: z.string().min(1),
                baseline: z.number().optional(),
                target: z.number(),
                startDate: z.iso.date().optional(),
                targetDate: z.iso.date().optional(),
              }),
            )
            .default([]),
        }),
      )
      .default([]),
  })
  .meta({ id: "OkrPlaybook" });

/** The portable form of every playbook: what `playbooks/*.json` files and the API carry. */
export const PlaybookDocument = z
  .discriminatedUnion("kind", [RoutingPlaybook, EscalationPlaybook, CrisisPlaybook, TonePlaybook, OkrPlaybook])
  .meta({ id: "PlaybookDocument" });
export type PlaybookDocument = z.infer<typeof PlaybookDocument>;
export type PlaybookDocumentInput = z.input<typeof PlaybookDocument>;

export const VersionState = z.enum(["draft", "validated", "awaiting_approval", "approved", "rejected", "scheduled", "published", "superseded", "rolled_back"]);
export type VersionState = z.infer<typeof VersionState>;

/** A playbook version the engine can run: the document plus its identity. */
export const PlaybookVersionRef = z
  .object({
    playbookId: Slug,
    versionId: z.string().min(1),
    version: z.number().int().min(1),
    kind: PlaybookKind,
  })
  .meta({ id: "PlaybookVersionRef" });
export type PlaybookVersionRef = z.infer<typeof PlaybookVersionRef>;
