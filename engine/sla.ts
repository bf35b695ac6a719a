// SLA policy lookups: which target applies to a case and when each escalation step is reached.
// Durations here are SLA time (business or calendar, as the policy says); engine/calendar.ts turns
// them into instants. Semantics: engine/CALENDAR.md.
import type { Channel, EscalationStep, Priority, SlaMetric, SlaPolicy, SlaTarget } from "@/schemas";

export const DEFAULT_WARNING_PERCENT = 80;

/** The first target whose channels (empty = any) include the channel and whose priorities (empty = any) include the priority. */
export function selectTarget(policy: SlaPolicy, channel: Channel, priority: Priority | undefined): SlaTarget | undefined {
  return policy.targets.find(
    (t) =>
      (t.channels.length === 0 || t.channels.includes(channel)) &&
      (t.priorities.length === 0 || (priority !== undefined && t.priorities.includes(priority))),
  );
}

/** The target's minutes for a metric (first_response → firstResponseMinutes, …); undefined when the target has none. */
export function targetMinutesFor(target: SlaTarget, metric: SlaMetric): number | undefined {
  switch (metric) {
    case "first_response":
      return target.firstResponseMinutes;
    case "next_response":
      return target.nextResponseMinutes;
    case "resolution":
      return target.resolutionMinutes;
  }
}

/** The SLA time (ms) elapsed at which a step is reached: warning → percent (default 80) of the target; breach → the target; after_breach → target + minutes. */
export function stepThresholdMs(step: EscalationStep, targetMs: number): number {
  switch (step.at) {
    case "warning":
      // Rounded: instants are whole milliseconds, and 80 % of an odd target is not.
      return Math.round((targetMs * (step.percent ?? DEFAULT_WARNING_PERCENT)) / 100);
    case "breach":
      return targetMs;
    case "after_breach":
      return targetMs + Math.round((step.minutes ?? 0) * 60_000);
  }
}
