import { randomUUID } from "node:crypto";
import { SimulateRequest, type SimulateResponse } from "@/schemas";
import { compilePlaybook, PlaybookCompileError, runJsonRules, type CompiledPlaybook, type EngineClock } from "@/engine";
import type { ServiceContext } from "../db/client";
import { ValidationError, zodIssues } from "../errors";
import { systemClock } from "./cases";
import { decideCases } from "./decide";
import { compiledDraft } from "./drafts";
import { publishedPlaybooks } from "./snapshot";

/** Evaluate without persisting anything: published playbooks, a sent playbook, a saved canvas draft, or plain json-rules-engine rules. */
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
  } else if (req.mode === "draft") {
    playbooks = [compiledDraft(ctx, req.playbookId).playbook];
  } else {
    playbooks = publishedPlaybooks(ctx);
  }
  return { mode: req.mode, decisions: await decideCases(req.cases, playbooks, clock) };
}
