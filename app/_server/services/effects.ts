// What a stored decision sets in motion, inside the transaction that stores it: its notifications
// (in-app and webhooks), the case's SLA clocks, and the crisis detectors' windows. Intake, events,
// timers and crisis changes all store decisions through here, so none of them forgets an effect.
import type { Case, Decision } from "@/schemas";
import type { CompiledPlaybook } from "@/engine";
import type { Exec } from "../db/tx";
import { SLA_BREACH_HANDLER, SLA_BREACH_TIMER, SLA_STEP_TIMER, startCaseClocks, stepHandler } from "./sla";
import type { TimerHandler } from "./timers";
import { enqueueNotifications } from "./notifications";
import { recordDetections } from "./crisis";

export interface DecisionEffectsInput {
  decision: Decision;
  now: Date;
  /** intake only: the case as stored */
  case?: Case;
  /** intake only: the published playbooks the case was decided with */
  playbooks?: readonly CompiledPlaybook[];
  /** bulk imports are history, not live traffic: they start no clocks and count in no crisis window */
  live: boolean;
}

export function applyDecisionEffects(tx: Exec, input: DecisionEffectsInput): void {
  if (!input.live) return;
  const { decision, now } = input;
  isolated(tx, decision, "notifications", (t) => enqueueNotifications(t, decision, now));
  if (decision.subject === "case" && input.case) {
    const c = input.case;
    isolated(tx, decision, "SLA clocks", (t) => startCaseClocks(t, { decision, case: c, now, playbooks: input.playbooks }));
  }
  isolated(tx, decision, "crisis detectors", (t) => recordDetections(t, input));
}

/**
 * One effect in a savepoint: if it fails, its writes are undone and the others (and the decision
 * already in the chain) stand. A case is never refused because a side effect broke.
 */
function isolated(tx: Exec, decision: Decision, what: string, run: (t: Exec) => void): void {
  try {
    tx.transaction((t) => run(t));
  } catch (e) {
    console.error(`[pauta] ${what} of decision ${decision.id} failed; the decision stands`, e);
  }
}

/** The SLA timers: a clock's breach, and each ladder step (its decision's effects applied here). */
export const SLA_TIMERS: Readonly<Record<string, TimerHandler>> = {
  [SLA_BREACH_TIMER]: SLA_BREACH_HANDLER,
  [SLA_STEP_TIMER]: stepHandler((tx, decision, now) => applyDecisionEffects(tx, { decision, now, live: true })),
};
