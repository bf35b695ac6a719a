// Crisis incidents as the API and the dashboard show them (the rows: app/_server/db/schema/crisis.ts).
import { z } from "zod";
import { Channel } from "./case";
import { ChangeComment, CrisisLevelNumber, IsoDateTime, SlaMetric } from "./common";
import { DecisionContext } from "./decision";
import { ProtocolPhase } from "./playbook";

export const CrisisIncidentStatus = z.enum(["active", "resolved", "expired"]).meta({ id: "CrisisIncidentStatus" });
export type CrisisIncidentStatus = z.infer<typeof CrisisIncidentStatus>;

export const CrisisChecklistItem = z
  .object({
    itemId: z.string(),
    phase: ProtocolPhase,
    title: z.string(),
    owner: z.string(),
    level: CrisisLevelNumber.describe("the level whose protocol added the item"),
    doneAt: IsoDateTime.nullable(),
    doneBy: z.string().nullable(),
    note: z.string().nullable(),
  })
  .meta({ id: "CrisisChecklistItem" });
export type CrisisChecklistItem = z.infer<typeof CrisisChecklistItem>;

export const CrisisIncident = z
  .object({
    id: z.string(),
    playbookId: z.string(),
    playbookName: z.string(),
    versionId: z.string(),
    detectorId: z.string(),
    detectorName: z.string(),
    windowMinutes: z.number().int(),
    level: CrisisLevelNumber,
    levelName: z.string(),
    status: CrisisIncidentStatus,
    raisedAt: IsoDateTime,
    caseId: z.string().nullable().describe("the case whose arrival crossed the threshold"),
    windowCount: z.number().int().describe("cases in the detector's window at the last matching case while active"),
    endsAt: IsoDateTime.nullable().describe("the incident ends by itself then unless a person resolves it first"),
    endedAt: IsoDateTime.nullable(),
    resolvedBy: z.string().nullable(),
    resolution: z.string().nullable(),
    checklistDone: z.number().int(),
    checklistTotal: z.number().int(),
  })
  .meta({ id: "CrisisIncident" });
export type CrisisIncident = z.infer<typeof CrisisIncident>;

export const CrisisVolumePoint = z.object({ at: IsoDateTime.describe("start of the bucket"), count: z.number().int() });

export const CrisisIncidentDetail = CrisisIncident.extend({
  checklist: z.array(CrisisChecklistItem),
  volume: z
    .object({
      bucketMinutes: z.number().int().describe("1 (per minute), wider for long incidents so the series stays short"),
      from: IsoDateTime,
      to: IsoDateTime,
      points: z.array(CrisisVolumePoint),
    })
    .describe("the detector's matching cases from 30 minutes before the incident was raised until it ended (or now)"),
  decisions: z
    .array(z.object({ decisionId: z.string(), decidedAt: IsoDateTime, context: DecisionContext }))
    .describe("the incident's entries in the decision log: raised, level raised, resolved, expired"),
}).meta({ id: "CrisisIncidentDetail" });
export type CrisisIncidentDetail = z.infer<typeof CrisisIncidentDetail>;

export const CrisisIncidentsQuery = z.object({
  status: CrisisIncidentStatus.optional().describe("only incidents in this status; all when absent"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const CrisisIncidentList = z.object({ items: z.array(CrisisIncident) }).meta({ id: "CrisisIncidentList" });

export const CrisisResolveRequest = z.object({ note: ChangeComment("how the crisis was resolved") }).meta({ id: "CrisisResolveRequest" });
export const CrisisChecklistRequest = z
  .object({ done: z.boolean({ error: "say whether the item is done (true or false)" }), note: z.string().trim().max(2000).optional() })
  .meta({ id: "CrisisChecklistRequest" });

export const SlaBreachSummary = z
  .object({
    clockId: z.string(),
    caseId: z.string(),
    channel: Channel.or(z.string()),
    playbookId: z.string(),
    policyId: z.string(),
    metric: SlaMetric.or(z.string()),
    breachedAt: IsoDateTime,
  })
  .meta({ id: "SlaBreachSummary" });
export type SlaBreachSummary = z.infer<typeof SlaBreachSummary>;

export const TimerDecisionSummary = z
  .object({
    decisionId: z.string(),
    caseId: z.string().nullable(),
    decidedAt: IsoDateTime,
    queue: z.string().nullable(),
    priority: z.string().nullable(),
    context: DecisionContext.nullable(),
  })
  .meta({ id: "TimerDecisionSummary" });
export type TimerDecisionSummary = z.infer<typeof TimerDecisionSummary>;

export const CrisisDashboard = z
  .object({
    active: z.array(CrisisIncidentDetail),
    recent: z.array(CrisisIncident).describe("ended incidents, newest first"),
    breaches: z.array(SlaBreachSummary).describe("SLA clocks that breached, newest first"),
    escalations: z.array(TimerDecisionSummary).describe("timed decisions (escalation steps), newest first"),
  })
  .meta({ id: "CrisisDashboard" });
export type CrisisDashboard = z.infer<typeof CrisisDashboard>;
