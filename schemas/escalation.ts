// SLA clocks as the API and the UI show them. The policies, calendars and ladder steps they follow
// are parts of an escalation playbook (schemas/playbook.ts); the arithmetic is engine/calendar.ts.
import { z } from "zod";
import { IsoDateTime, SlaMetric, SlaTime } from "./common";

export const SlaClockStatus = z.enum(["running", "paused", "stopped"]).meta({ id: "SlaClockStatus" });
export type SlaClockStatus = z.infer<typeof SlaClockStatus>;

export const SlaClock = z
  .object({
    id: z.string(),
    caseId: z.string(),
    playbookId: z.string().describe("the escalation playbook whose policy the clock follows"),
    versionId: z.string().describe("its version when the clock started: a clock keeps the rules it started with"),
    policyId: z.string(),
    metric: SlaMetric,
    time: SlaTime,
    calendarId: z.string().optional(),
    targetMinutes: z.number().positive(),
    status: SlaClockStatus,
    startedAt: IsoDateTime,
    elapsedMinutes: z.number().nonnegative().describe("SLA time consumed as of the answer (business minutes for business time)"),
    dueAt: IsoDateTime.optional().describe("running: when it breaches if nobody acts"),
    breachedAt: IsoDateTime.optional(),
    stoppedAt: IsoDateTime.optional(),
    met: z.boolean().optional().describe("stopped: whether it stopped within its target"),
  })
  .meta({ id: "SlaClock" });
export type SlaClock = z.infer<typeof SlaClock>;

export const SlaClockList = z.object({ items: z.array(SlaClock) }).meta({ id: "SlaClockList" });
export type SlaClockList = z.infer<typeof SlaClockList>;
