// Plain json-rules-engine rules on arbitrary facts: the answer engine.run(facts) would give,
// events in the same order, with Pauta's trace.
import type { Decision, JsonRule, RuleTrace, RulesRunResult, TopLevelCondition } from "@/schemas";
import { ConditionCompiler, newRunCtx, type RootCondition } from "./conditions";
import { PlaybookCompileError } from "./errors";

export interface CompiledJsonRules {
  readonly rules: readonly { index: number; id: string; name: string | undefined; priority: number; event: JsonRule["event"]; conditions: RootCondition }[];
  /** jre's priority groups (highest first), each a list of indexes into rules in declaration order */
  readonly groups: readonly (readonly number[])[];
}

export const JSON_RULES_PLAYBOOK = { playbookId: "json-rules", versionId: "inline", version: 1, kind: "routing" } as const;

/** Compile once, run many times (the simulate endpoint runs one rule list over many fact objects). */
export function compileJsonRules(rules: readonly JsonRule[], conditions: Record<string, TopLevelCondition> = {}): CompiledJsonRules {
  const cc = new ConditionCompiler(conditions, (n) => `conditions.${n}`);
  const compiled = rules.map((r, i) => ({
    index: i,
    id: r.name ?? `rule-${i + 1}`,
    name: r.name,
    // jre: `options.priority || 1`, then parseInt
    priority: Number.parseInt(String(r.priority || 1), 10),
    event: r.event,
    conditions: cc.compileRoot(r.conditions, `rules[${i}].conditions`),
  }));
  cc.link();
  if (cc.issues.length > 0) {
    throw new PlaybookCompileError(`rules do not compile: ${cc.issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, cc.issues);
  }
  const byPriority = new Map<number, number[]>();
  for (const r of compiled) {
    const g = byPriority.get(r.priority);
    if (g) g.push(r.index);
    else byPriority.set(r.priority, [r.index]);
  }
  const groups = [...byPriority.keys()].sort((a, b) => b - a).map((p) => byPriority.get(p)!);
  return Object.freeze({ rules: compiled, groups });
}

export function runCompiledJsonRules(
  compiled: CompiledJsonRules,
  input: { facts: Record<string, unknown>; clock: { now(): Date; perf(): number }; decisionId: string },
): RulesRunResult {
  const { facts, clock } = input;
  const t0 = clock.perf();
  const ctx = newRunCtx();
  const events: RulesRunResult["events"] = [];
  const firedRules: string[] = [];
  const traces: RuleTrace[] = [];
  const errors: Decision["errors"] = [];
  for (const group of compiled.groups) {
    // jre runs a group's rules concurrently; each rule's event is recorded when its promise chain
    // settles, so the order is by microtask depth, then declaration (see FACTS.md).
    const done: { i: number; depth: number; trace: RuleTrace; fired: boolean }[] = [];
    for (const i of group) {
      const r = compiled.rules[i]!;
      ctx.error = undefined;
      const { result, trace } = r.conditions.eval(facts, ctx);
      const rt: RuleTrace = { ruleId: r.id, name: r.name ?? r.id, priority: r.priority, status: result ? "fired" : "not_fired", conditions: trace, actions: [] };
      if (ctx.error !== undefined) {
        rt.status = "error";
        rt.error = ctx.error;
        errors.push({ playbookId: JSON_RULES_PLAYBOOK.playbookId, ruleId: r.id, code: "rule_error", message: ctx.error });
      }
      done.push({ i, depth: ctx.error === undefined ? r.conditions.depth(trace, facts) : Infinity, trace: rt, fired: ctx.error === undefined && result });
    }
    done.sort((a, b) => a.depth - b.depth || a.i - b.i);
    for (const d of done) {
      traces.push(d.trace);
      if (!d.fired) continue;
      const r = compiled.rules[d.i]!;
      events.push(r.event.params !== undefined ? { type: r.event.type, params: r.event.params } : { type: r.event.type });
      firedRules.push(r.id);
    }
  }
  const rulesMs = Math.max(0, clock.perf() - t0);
  const decision: Decision = {
    id: input.decisionId,
    subject: "simulation",
    decidedAt: clock.now().toISOString(),
    matched: firedRules.length > 0,
    partial: errors.length > 0,
    outcome: { skills: [], tags: [], notifications: [], sources: {} },
    firedRules: firedRules.map((ruleId) => ({ playbookId: JSON_RULES_PLAYBOOK.playbookId, ruleId })),
    playbooks: [{ ...JSON_RULES_PLAYBOOK }],
    errors,
    trace: {
      facts: { ...facts } as Record<string, never>,
      playbooks: [{ ...JSON_RULES_PLAYBOOK, name: "json-rules-engine rules", rules: traces, durationMs: rulesMs }],
      conflicts: [],
      timings: { factsMs: 0, rulesMs, totalMs: rulesMs },
    },
  };
  return { events, firedRules, decision };
}
