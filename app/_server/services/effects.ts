// What a stored decision sets in motion, inside the transaction that stores it: its notifications
// (in-app and webhooks), the case's SLA clocks, and the crisis detectors' windows. Intake, events,
// timers and crisis changes all store decisions through here, so none of them forgets an effect.
import type { Case, Decision } from "@/schemas";
import type { Exec } from "../db/tx";
import { recordDetections } from "./crisis";

export interface DecisionEffectsInput {
  decision: Decision;
  now: Date;
  /** intake only: the case as stored */
  case?: Case;
  /** bulk imports are history, not live traffic: they start no clocks and count in no crisis window */
  live: boolean;
}

export function applyDecisionEffects(tx: Exec, input: DecisionEffectsInput): void {
  // Filled in by the notification, SLA and crisis services (issue 6), each one call here.
  recordDetections(tx, input);
}
