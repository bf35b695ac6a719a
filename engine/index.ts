// The engine's public contract (signatures agreed with the server, the UI, the playbooks and the
// bench). A pure library: no Next, no database, no clock of its own. Semantics: engine/FACTS.md.
import type { Case, Decision, JsonRule, PlaybookDocument, PlaybookVersionRef, RulesRunResult, TopLevelCondition } from "@/schemas";
import { compilePlaybookDoc, evaluateCase, type CompiledPlaybookInternal } from "./routing";
import { deriveCaseFacts } from "./facts";
import { compileJsonRules, runCompiledJsonRules } from "./jre";

export { PlaybookCompileError } from "./errors";
export { compileJsonRules, runCompiledJsonRules, type CompiledJsonRules } from "./jre";
export { normalizeText, tokenize, keywordsOf } from "./text";
export { CHANNEL_TIER, TIER_THRESHOLDS, customerTierOf, detectLanguage } from "./facts";
export { DEFAULT_OPERATORS, TEXT_OPERATOR_FNS, OPERATOR_NAMES } from "./operators";
// Business time for SLA clocks (engine/CALENDAR.md). Server-side: calendar.ts loads date-holidays' data.
export { compileCalendar, addSlaTime, slaTimeBetween, isOpenAt, closedDaysOf, type CompiledCalendar } from "./calendar";
export { DEFAULT_WARNING_PERCENT, selectTarget, targetMinutesFor, stepThresholdMs } from "./sla";
// The reply checker (engine/FACTS.md, "Tone"): also run in the browser by the tone editor.
export { checkReply, effectiveToneRules, toneFacts, toneApprovalRule, TONE_APPROVAL_RULE_IDS, type ToneApprovalPreset } from "./tone";

/** Injected time: the engine never reads a clock of its own. */
export interface EngineClock {
  /** wall-clock time of the decision (decidedAt) */
  now(): Date;
  /** monotonic milliseconds, for timings only (performance.now in production) */
  perf(): number;
}

/** Facts derived from a case: the plain object the rules look at (documented in engine/FACTS.md). */
export type Facts = Record<string, unknown>;

/** A compiled, frozen, reusable snapshot of one published playbook version. */
export interface CompiledPlaybook {
  readonly ref: PlaybookVersionRef;
  readonly name: string;
  readonly document: PlaybookDocument;
}

/** Compile a (validated) playbook document; throws PlaybookCompileError naming each bad path. */
export function compilePlaybook(doc: PlaybookDocument, ref: { versionId: string; version: number }): CompiledPlaybook {
  return compilePlaybookDoc(doc, ref);
}

/** Derive every fact the rules can use from a validated case. Async because NLP models load lazily. */
export async function deriveFacts(c: Case, ctx: { now: Date }): Promise<Facts> {
  return deriveCaseFacts(c, ctx);
}

function internal(p: CompiledPlaybook): CompiledPlaybookInternal {
  // A snapshot from compilePlaybook carries its compiled form; anything else is compiled here.
  const hasRules = p.document.kind !== "okr";
  return "routing" in p || !hasRules ? (p as CompiledPlaybookInternal) : compilePlaybookDoc(p.document, p.ref);
}

/** Evaluate facts against the published playbooks: the decision with its complete trace. Never throws for rule errors. */
export function evaluate(input: {
  decisionId: string;
  caseId?: string;
  subject: Decision["subject"];
  facts: Facts;
  factsMs?: number;
  playbooks: readonly CompiledPlaybook[];
  clock: EngineClock;
}): Decision {
  return evaluateCase({ ...input, playbooks: input.playbooks.map(internal) });
}

/** Run plain json-rules-engine rules over arbitrary facts, as engine.run(facts) would: events in json-rules-engine's order. */
export function runJsonRules(input: {
  rules: readonly JsonRule[];
  conditions?: Record<string, TopLevelCondition>;
  facts: Record<string, unknown>;
  clock: EngineClock;
  decisionId: string;
}): RulesRunResult {
  return runCompiledJsonRules(compileJsonRules(input.rules, input.conditions), input);
}
export { matchDetectors, levelFor, type DetectorMatch } from "./crisis";
