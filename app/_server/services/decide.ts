import { randomUUID } from "node:crypto";
import type { Case, Decision } from "@/schemas";
import { deriveFacts, evaluate, type CompiledPlaybook, type EngineClock } from "@/engine";
import { systemClock } from "./cases";

/** Each case's decision against the given playbooks, as intake would decide it; nothing is stored (simulate, try it). */
export async function decideCases(cases: readonly Case[], playbooks: readonly CompiledPlaybook[], clock: EngineClock = systemClock): Promise<Decision[]> {
  const decisions: Decision[] = [];
  for (const input of cases) {
    const now = clock.now();
    const c = { ...input, receivedAt: input.receivedAt ?? now.toISOString() };
    const t0 = clock.perf();
    const facts = await deriveFacts(c, { now });
    decisions.push(evaluate({ decisionId: randomUUID(), subject: "simulation", facts, factsMs: clock.perf() - t0, playbooks, clock }));
  }
  return decisions;
}
