// CONTRACT STUB written by the lead: the engine helper replaces the bodies; the signatures are the
// contract the server, the UI, the playbook tests and the bench code against. Change them only together.
import type { Case, Decision, JsonRule, PlaybookDocument, PlaybookVersionRef, RulesRunResult, TopLevelCondition } from "@/schemas";

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

export class PlaybookCompileError extends Error {
  constructor(
    message: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(message);
  }
}

/** Compile a (validated) playbook document; throws PlaybookCompileError naming each bad path. */
export function compilePlaybook(_doc: PlaybookDocument, _ref: { versionId: string; version: number }): CompiledPlaybook {
  throw new Error("not implemented");
}

/** Derive every fact the rules can use from a validated case. Async because NLP models load lazily. */
export async function deriveFacts(_c: Case, _ctx: { now: Date }): Promise<Facts> {
  throw new Error("not implemented");
}

/** Evaluate facts against the published playbooks: the decision with its complete trace. Never throws for rule errors. */
export function evaluate(_input: {
  decisionId: string;
  caseId?: string;
  subject: Decision["subject"];
  facts: Facts;
  factsMs?: number;
  playbooks: readonly CompiledPlaybook[];
  clock: EngineClock;
}): Decision {
  throw new Error("not implemented");
}

/** Run plain json-rules-engine rules over arbitrary facts, as engine.run(facts) would: events in json-rules-engine's order. */
export function runJsonRules(_input: {
  rules: readonly JsonRule[];
  conditions?: Record<string, TopLevelCondition>;
  facts: Record<string, unknown>;
  clock: EngineClock;
  decisionId: string;
}): RulesRunResult {
  throw new Error("not implemented");
}
