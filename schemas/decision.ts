import { z } from "zod";
import { ToneCheckResult } from "./tone";
import { CrisisLevelNumber, EscalationStepAt, IsoDateTime, JsonValue, Locale, SlaMetric } from "./common";
import { CaseEvent } from "./event";
import { ConflictStrategy, PlaybookVersionRef, Priority, RoutingAction } from "./playbook";

/**
 * The trace of one condition. Leaves record what the engine saw (factValue), what it compared it
 * with (value; for a { fact } comparison also the resolved valueResult) and the result. A
 * condition json-rules-engine did not evaluate (short-circuit) has evaluated: false and a reason.
 */
export type ConditionTrace =
  | {
      type: "fact";
      name?: string;
      fact: string;
      path?: string;
      operator: string;
      value: JsonValue;
      valueResult?: JsonValue;
      factValue?: JsonValue;
      evaluated: boolean;
      result?: boolean;
      skippedReason?: string;
      error?: string;
    }
  | { type: "all" | "any"; name?: string; evaluated: boolean; result?: boolean; skippedReason?: string; children: ConditionTrace[] }
  | { type: "not"; name?: string; evaluated: boolean; result?: boolean; skippedReason?: string; child: ConditionTrace }
  | { type: "ref"; condition: string; name?: string; evaluated: boolean; result?: boolean; skippedReason?: string; child?: ConditionTrace; error?: string };

const traceCommon = {
  name: z.string().optional(),
  evaluated: z.boolean(),
  result: z.boolean().optional(),
  skippedReason: z.string().optional(),
};

export const ConditionTrace: z.ZodType<ConditionTrace> = z
  .union([
    z.object({
      ...traceCommon,
      type: z.literal("fact"),
      fact: z.string(),
      path: z.string().optional(),
      operator: z.string(),
      value: JsonValue,
      valueResult: JsonValue.optional(),
      factValue: JsonValue.optional(),
      error: z.string().optional(),
    }),
    z.object({
      ...traceCommon,
      type: z.enum(["all", "any"]),
      get children(): z.ZodArray<typeof ConditionTrace> {
        return z.array(ConditionTrace);
      },
    }),
    z.object({
      ...traceCommon,
      type: z.literal("not"),
      get child(): typeof ConditionTrace {
        return ConditionTrace;
      },
    }),
    z.object({
      ...traceCommon,
      type: z.literal("ref"),
      condition: z.string(),
      get child(): z.ZodOptional<typeof ConditionTrace> {
        return ConditionTrace.optional();
      },
      error: z.string().optional(),
    }),
  ])
  .meta({ id: "ConditionTrace" });

export const ActionTrace = z.object({
  action: RoutingAction,
  applied: z.boolean(),
  reason: z.string().optional().describe("why an action of a fired rule was not applied (e.g. another rule already set the queue)"),
});
export type ActionTrace = z.infer<typeof ActionTrace>;

export const RuleStatus = z.enum(["fired", "not_fired", "error", "disabled", "skipped"]);
export type RuleStatus = z.infer<typeof RuleStatus>;

export const RuleTrace = z
  .object({
    ruleId: z.string(),
    name: z.string(),
    priority: z.number().int(),
    nodeId: z.string().optional(),
    status: RuleStatus,
    skippedReason: z.string().optional(),
    conditions: ConditionTrace.optional(),
    actions: z.array(ActionTrace).default([]),
    error: z.string().optional(),
  })
  .meta({ id: "RuleTrace" });
export type RuleTrace = z.infer<typeof RuleTrace>;

export const PlaybookTrace = z
  .object({
    ...PlaybookVersionRef.shape,
    name: z.string(),
    conflictStrategy: ConflictStrategy.optional(),
    trigger: z.object({ matched: z.boolean(), reason: z.string().optional(), conditions: ConditionTrace.optional() }).optional(),
    rules: z.array(RuleTrace),
    error: z.string().optional(),
    tone: ToneCheckResult.optional().describe("tone playbooks: the reply check its rules saw as tone.* facts"),
    durationMs: z.number().nonnegative(),
  })
  .meta({ id: "PlaybookTrace" });
export type PlaybookTrace = z.infer<typeof PlaybookTrace>;

/** How a single-valued field was settled when several rules set it. */
export const ConflictTrace = z.object({
  field: z.enum(["queue", "priority", "slaPolicy", "autoReply"]),
  winner: z.object({ playbookId: z.string(), ruleId: z.string(), value: JsonValue }),
  losers: z.array(z.object({ playbookId: z.string(), ruleId: z.string(), value: JsonValue })),
  reason: z.string(),
});
export type ConflictTrace = z.infer<typeof ConflictTrace>;

export const DecisionError = z.object({
  playbookId: z.string().optional(),
  ruleId: z.string().optional(),
  fact: z.string().optional(),
  code: z.string(),
  message: z.string(),
});
export type DecisionError = z.infer<typeof DecisionError>;

export const Trace = z
  .object({
    facts: z.record(z.string(), JsonValue).describe("every fact the rules could see, as computed for this case: enough to replay the decision"),
    playbooks: z.array(PlaybookTrace),
    conflicts: z.array(ConflictTrace).default([]),
    timings: z.object({ factsMs: z.number().nonnegative(), rulesMs: z.number().nonnegative(), totalMs: z.number().nonnegative() }),
  })
  .meta({ id: "Trace" });
export type Trace = z.infer<typeof Trace>;

/** Where the winning value of each field came from. */
const Source = z.object({ playbookId: z.string(), ruleId: z.string() });

export const Outcome = z
  .object({
    queue: z.string().optional(),
    team: z.string().optional(),
    skills: z.array(z.string()).default([]),
    priority: Priority.optional(),
    tags: z.array(z.string()).default([]),
    autoReply: z.object({ locale: Locale, text: z.string() }).optional(),
    slaPolicy: z.string().optional(),
    notifications: z.array(z.object({ target: z.string(), message: z.string().optional() })).default([]),
    replyApproval: z.object({ reason: z.string().optional() }).optional().describe("replies to this case wait for a person's approval"),
    sources: z.record(z.string(), Source).default({}).describe("field → the rule that set it"),
  })
  .meta({ id: "Outcome" });
export type Outcome = z.infer<typeof Outcome>;

/** How an SLA clock changed because of an event. */
export const ClockChange = z.object({
  clockId: z.string(),
  metric: SlaMetric,
  policyId: z.string(),
  change: z.enum(["started", "paused", "resumed", "stopped"]),
  elapsedMinutes: z.number().nonnegative().describe("SLA time consumed so far, in the policy's time"),
  targetMinutes: z.number().positive(),
  met: z.boolean().optional().describe("stopped: whether it stopped within its target"),
});
export type ClockChange = z.infer<typeof ClockChange>;

/** What a decision that is not a case's intake was about: an event, a ladder step, a crisis change. */
export const DecisionContext = z
  .discriminatedUnion("type", [
    z.object({
      type: z.literal("case_event"),
      eventId: z.string(),
      eventType: z.enum(CaseEvent.options.map((o) => o.shape.type.value) as [CaseEvent["type"], ...CaseEvent["type"][]]),
      occurredAt: IsoDateTime,
      clocks: z.array(ClockChange).default([]),
    }),
    z.object({
      type: z.literal("sla_step"),
      clockId: z.string(),
      policyId: z.string(),
      metric: SlaMetric,
      stepId: z.string(),
      at: EscalationStepAt,
      dueAt: IsoDateTime.describe("when the step was due; the decision's decidedAt is when it fired"),
      targetMinutes: z.number().positive(),
      elapsedMinutes: z.number().nonnegative(),
    }),
    z.object({
      type: z.literal("crisis"),
      incidentId: z.string(),
      playbookId: z.string(),
      change: z.enum(["raised", "level_raised", "resolved", "expired"]),
      level: CrisisLevelNumber,
      detectorId: z.string().optional(),
      windowCount: z.number().int().nonnegative().optional(),
      threshold: z.number().nonnegative().optional().describe("the count the level needed (relative mode: multiple × baseline)"),
      baseline: z.number().nonnegative().optional().describe("relative mode: the usual count for the window at that hour"),
      by: z.string().optional().describe("who resolved it"),
      note: z.string().optional(),
    }),
  ])
  .meta({ id: "DecisionContext" });
export type DecisionContext = z.infer<typeof DecisionContext>;

export const Decision = z
  .object({
    id: z.string(),
    caseId: z.string().optional(),
    subject: z.enum(["case", "event", "timer", "crisis", "simulation"]),
    context: DecisionContext.optional(),
    decidedAt: IsoDateTime,
    matched: z.boolean().describe("at least one rule fired"),
    partial: z.boolean().describe("some rule, fact or playbook failed; its error is in errors and the trace"),
    outcome: Outcome,
    firedRules: z.array(z.object({ playbookId: z.string(), ruleId: z.string() })),
    playbooks: z.array(PlaybookVersionRef),
    errors: z.array(DecisionError).default([]),
    trace: Trace,
  })
  .meta({ id: "Decision" });
export type Decision = z.infer<typeof Decision>;
