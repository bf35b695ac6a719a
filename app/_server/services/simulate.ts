import { randomUUID } from "node:crypto";
import { SimulateRequest, type Decision, type SimulateResponse } from "@/schemas";
import { compilePlaybook, deriveFacts, evaluate, PlaybookCompileError, runJsonRules, type CompiledPlaybook, type EngineClock } from "@/engine";
import type { ServiceContext } from "../db/client";
import { ValidationError, zodIssues } from "../errors";
import { systemClock } from "./cases";
import { publishedPlaybooks } from "./snapshot";

/** Evaluate without persisting anything: published playbooks, a sent playbook, or plain json-rules-engine rules. */
export async function simulate(ctx: ServiceContext, input: unknown, clock: EngineClock = systemClock): Promise<SimulateResponse> {
  const parsed = SimulateRequest.safeParse(input);
  if (!parsed.success) throw new ValidationError("the simulation request is invalid", zodIssues(parsed.error));
  const req = parsed.data;

  if (req.mode === "rules") {
    const results = req.facts.map((facts) => runJsonRules({ rules: req.rules, conditions: req.conditions, facts, clock, decisionId: randomUUID() }));
    return { mode: "rules", results };
  }

  let playbooks: readonly CompiledPlaybook[];
  if (req.mode === "playbook") {
    try {
      playbooks = [compilePlaybook(req.playbook, { versionId: "simulation", version: 1 })];
    } catch (e) {
      if (e instanceof PlaybookCompileError)
        throw new ValidationError("the playbook does not compile", e.issues.map((i) => ({ ...i, path: i.path ? `playbook.${i.path}` : "playbook" })));
      throw e;
    }
  } else {
    playbooks = publishedPlaybooks(ctx);
  }

  const decisions: Decision[] = [];
  for (const input of req.cases) {
    const now = clock.now();
    const c = { ...input, receivedAt: input.receivedAt ?? now.toISOString() };
    const t0 = clock.perf();
    const facts = await deriveFacts(c, { now });
    decisions.push(evaluate({ decisionId: randomUUID(), subject: "simulation", facts, factsMs: clock.perf() - t0, playbooks, clock }));
  }
  return { mode: req.mode, decisions };
}

