import { z } from "zod";
import { Channel } from "./case";
import { ConflictStrategy, CrisisLevelNumber, PlaybookKind, DetectorMode, EscalationStepAt, Locale, PLAYBOOK_SCHEMA_VERSION, Priority, SlaMetric, SlaTime, Slug } from "./common";
import { FlowGraph } from "./graph";

export { ConflictStrategy, PLAYBOOK_SCHEMA_VERSION, Priority };
import { TopLevelCondition } from "./condition";
import { BusinessCalendar } from "./calendar";
import { OkrObjective } from "./okr";
import { BannedPhrase, ChannelTone, TonePhraseLists, ToneRules } from "./tone";


export { PlaybookKind };


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
    z.object({ type: z.literal("require_approval"), reason: z.string().max(500).optional().describe("shown to the agent whose reply waits for approval") }),
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
// Escalation: SLA policies (targets in business or calendar time), business calendars, and the
// ladder — steps at a warning threshold, at breach and N minutes after breach — whose rules (drawn
// on the canvas) act when a step is reached. A step's rules see the case's facts plus `sla.*`
// (engine/FACTS.md); each compiled rule of a step carries the leaf `sla.step equal <step id>`.


export const SlaTarget = z
  .object({
    channels: z.array(Channel).default([]).describe("empty: every channel"),
    priorities: z.array(Priority).default([]).describe("empty: every priority"),
    firstResponseMinutes: z.number().positive(),
    nextResponseMinutes: z.number().positive().optional(),
    resolutionMinutes: z.number().positive().optional(),
  })
  .meta({ id: "SlaTarget" });
export type SlaTarget = z.infer<typeof SlaTarget>;

export const SlaPolicy = z
  .object({
    id: Slug,
    name: z.string().min(1).max(200),
    time: SlaTime.default("business"),
    calendar: Slug.optional().describe("the business calendar (of this playbook) business time counts in"),
    targets: z.array(SlaTarget).min(1).describe("the first target matching the case's channel and priority applies"),
  })
  .meta({ id: "SlaPolicy" });
export type SlaPolicy = z.infer<typeof SlaPolicy>;

export const EscalationStep = z
  .object({
    id: Slug,
    metric: SlaMetric.default("first_response"),
    at: EscalationStepAt,
    percent: z.number().gt(0).lt(100).optional().describe("warning: the share of the target elapsed (default 80)"),
    minutes: z.number().positive().optional().describe("after_breach: minutes after the breach, in the policy's time"),
    nodeId: z.string().optional().describe("the canvas node this step was compiled from"),
  })
  .superRefine((s, ctx) => {
    if (s.at === "after_breach" && s.minutes === undefined) ctx.addIssue({ code: "custom", path: ["minutes"], message: "say how many minutes after the breach" });
  })
  .meta({ id: "EscalationStep" });
export type EscalationStep = z.infer<typeof EscalationStep>;

/** The fields escalation and crisis playbooks share with routing ones: their rules run the same way. */
const ruleSet = {
  precedence: z.number().int().min(0).max(1000).default(100),
  trigger: Trigger.default({ channels: [] }),
  settings: z.object({ conflictStrategy: ConflictStrategy.default("collect") }).default({ conflictStrategy: "collect" }),
  conditions: z.record(z.string().min(1), TopLevelCondition).default({}),
  rules: z.array(RoutingRule).default([]),
  graph: FlowGraph.optional(),
};

const uniqueIds = <T extends { id: string }>(list: readonly T[], path: string, what: string, ctx: z.RefinementCtx) => {
  const seen = new Set<string>();
  list.forEach((x, i) => {
    if (seen.has(x.id)) ctx.addIssue({ code: "custom", path: [path, i, "id"], message: `${what} id '${x.id}' is used twice` });
    seen.add(x.id);
  });
};

export const EscalationPlaybook = z
  .object({
    ...header,
    kind: z.literal("escalation"),
    ...ruleSet,
    calendars: z.array(BusinessCalendar).default([]),
    slaPolicies: z.array(SlaPolicy).default([]),
    steps: z.array(EscalationStep).default([]),
  })
  .superRefine((pb, ctx) => {
    uniqueIds(pb.rules, "rules", "rule", ctx);
    uniqueIds(pb.calendars, "calendars", "calendar", ctx);
    uniqueIds(pb.slaPolicies, "slaPolicies", "SLA policy", ctx);
    uniqueIds(pb.steps, "steps", "step", ctx);
    const calendars = new Set(pb.calendars.map((c) => c.id));
    pb.slaPolicies.forEach((p, i) => {
      if (p.time === "business" && p.calendar === undefined)
        ctx.addIssue({ code: "custom", path: ["slaPolicies", i, "calendar"], message: "business time needs a calendar: choose one, or count calendar time" });
      else if (p.calendar !== undefined && !calendars.has(p.calendar))
        ctx.addIssue({ code: "custom", path: ["slaPolicies", i, "calendar"], message: `no calendar '${p.calendar}' in this playbook` });
    });
  })
  .meta({ id: "EscalationPlaybook" });
export type EscalationPlaybook = z.infer<typeof EscalationPlaybook>;

// ---------------------------------------------------------------------------------------------
// Crisis: detectors count matching cases in a sliding window; crossing a level's threshold raises
// an incident with that level's protocol. While an incident of the playbook is active its rules
// (the overrides, drawn on the canvas) run before every routing playbook; they see `crisis.*`.

export const CrisisDetector = z
  .object({
    id: Slug,
    name: z.string().min(1).max(200),
    nodeId: z.string().optional(),
    condition: TopLevelCondition.optional().describe("the cases this detector counts (with the playbook's trigger)"),
    keywords: z
      .partialRecord(Locale, z.array(z.string().min(1).max(100)))
      .default({})
      .describe("per language: the case must mention one (accent- and case-insensitive); none: no keyword check"),
    minFollowers: z.number().int().nonnegative().optional().describe("count only authors with at least this many followers"),
    windowMinutes: z.number().int().min(1).max(1440),
    mode: DetectorMode.default("absolute").describe("relative: thresholds are multiples of the usual count for that hour"),
    levels: z
      .array(z.object({ level: CrisisLevelNumber, threshold: z.number().positive() }))
      .min(1, "give at least one level threshold")
      .describe("the highest level whose threshold the window count reaches is raised"),
    minCases: z.number().int().min(1).default(3).describe("relative mode: never raise below this many cases in the window"),
  })
  .meta({ id: "CrisisDetector" });
export type CrisisDetector = z.infer<typeof CrisisDetector>;

export const ProtocolPhase = z.enum(["identification", "quantification", "mitigation", "reporting"]).meta({ id: "ProtocolPhase" });
export type ProtocolPhase = z.infer<typeof ProtocolPhase>;

export const ProtocolItem = z.object({
  id: Slug,
  phase: ProtocolPhase,
  title: z.string().min(1).max(500),
  owner: z.string().min(1).max(200).describe("who does it: a role or team"),
});
export type ProtocolItem = z.infer<typeof ProtocolItem>;

export const CrisisLevel = z
  .object({
    level: CrisisLevelNumber,
    name: z.string().min(1).max(200),
    protocol: z.array(ProtocolItem).default([]).describe("the incident's checklist"),
    durationMinutes: z.number().int().positive().optional().describe("the incident ends by itself this long after it was raised unless a person resolves it first"),
    notify: z.array(z.string().min(1).max(200)).default([]).describe("notification targets told when an incident reaches this level"),
  })
  .meta({ id: "CrisisLevel" });
export type CrisisLevel = z.infer<typeof CrisisLevel>;

export const CrisisPlaybook = z
  .object({
    ...header,
    kind: z.literal("crisis"),
    ...ruleSet,
    precedence: z.number().int().min(0).max(1000).default(0),
    detectors: z.array(CrisisDetector).default([]),
    levels: z.array(CrisisLevel).default([]),
  })
  .superRefine((pb, ctx) => {
    uniqueIds(pb.rules, "rules", "rule", ctx);
    uniqueIds(pb.detectors, "detectors", "detector", ctx);
    const levels = new Set<number>();
    pb.levels.forEach((l, i) => {
      if (levels.has(l.level)) ctx.addIssue({ code: "custom", path: ["levels", i, "level"], message: `level ${l.level} is defined twice` });
      levels.add(l.level);
    });
    pb.detectors.forEach((d, i) =>
      d.levels.forEach((l, j) => {
        if (!levels.has(l.level)) ctx.addIssue({ code: "custom", path: ["detectors", i, "levels", j, "level"], message: `define level ${l.level} (its name and protocol) in this playbook` });
      }),
    );
  })
  .meta({ id: "CrisisPlaybook" });
export type CrisisPlaybook = z.infer<typeof CrisisPlaybook>;

// ---------------------------------------------------------------------------------------------
// Tone: the brand's service personality and the guidelines a reply is checked against
// (engine/tone.ts). Its rules run on "reply drafted" events and see the check as `tone.*` facts
// (engine/FACTS.md), so a tone playbook can require approval of a reply, e.g. while a crisis is
// active or when a violation is severe.

const Dimension = z.number().min(0).max(5);
export const TonePlaybook = z
  .object({
    ...header,
    kind: z.literal("tone"),
    personality: z
      .object({ sincerity: Dimension, excitement: Dimension, competence: Dimension, sophistication: Dimension, ruggedness: Dimension })
      .partial()
      .default({})
      .describe("Aaker's five dimensions of brand personality, 0–5"),
    whoWeAre: z.array(z.string().trim().min(1).max(200)).default([]),
    whoWeAreNot: z.array(z.string().trim().min(1).max(200)).default([]),
    do: z.array(z.string().trim().min(1).max(300)).default([]),
    dont: z.array(z.string().trim().min(1).max(300)).default([]),
    defaults: ToneRules.default({}).describe("the rules on every channel, unless the channel says otherwise"),
    channels: z.array(ChannelTone).default([]).describe("per channel: a point of view and rules that override the defaults"),
    bannedPhrases: z.array(BannedPhrase).default([]),
    phrases: TonePhraseLists.default({ greetings: {}, signOffs: {} }),
    ...ruleSet,
  })
  .superRefine((pb, ctx) => {
    uniqueIds(pb.rules, "rules", "rule", ctx);
    const channels = new Set<string>();
    pb.channels.forEach((c, i) => {
      if (channels.has(c.channel)) ctx.addIssue({ code: "custom", path: ["channels", i, "channel"], message: `channel ${c.channel} has two entries` });
      channels.add(c.channel);
    });
  })
  .meta({ id: "TonePlaybook" });
export type TonePlaybook = z.infer<typeof TonePlaybook>;

// ---------------------------------------------------------------------------------------------
// OKR: objectives with key results bound to metrics Pauta computes (schemas/okr.ts). Lint
// (engine/okr.ts) advises; it never refuses a set.

export const OkrPlaybook = z
  .object({
    ...header,
    kind: z.literal("okr"),
    objectives: z.array(OkrObjective).default([]),
  })
  .superRefine((pb, ctx) => {
    uniqueIds(pb.objectives, "objectives", "objective", ctx);
    const krs = new Set<string>();
    pb.objectives.forEach((o, i) =>
      o.keyResults.forEach((k, j) => {
        if (krs.has(k.id)) ctx.addIssue({ code: "custom", path: ["objectives", i, "keyResults", j, "id"], message: `key result id '${k.id}' is used twice` });
        krs.add(k.id);
        if (k.startDate && k.targetDate && k.startDate > k.targetDate)
          ctx.addIssue({ code: "custom", path: ["objectives", i, "keyResults", j, "targetDate"], message: "the target date is before the start date" });
      }),
    );
  })
  .meta({ id: "OkrPlaybook" });
export type OkrPlaybook = z.infer<typeof OkrPlaybook>;

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
