// Routing playbooks: compile into frozen snapshots, evaluate cases, settle conflicts (FACTS.md).
import {
  PlaybookDocument,
  type ActionTrace,
  type ConditionTrace,
  type ConflictTrace,
  type Decision,
  type DecisionError,
  type Locale,
  type Outcome,
  type PlaybookTrace,
  type PlaybookVersionRef,
  type RoutingAction,
  type RoutingPlaybook,
  type RuleTrace,
  type CrisisDetector,
  type CrisisPlaybook,
  type EscalationPlaybook,
  type Channel,
  type ToneCheckInput,
  type TonePlaybook,
} from "@/schemas";
import { ConditionCompiler, deepFreeze, newRunCtx, RootCondition, type CompileIssue, type Facts, type RunCtx } from "./conditions";
import { PlaybookCompileError } from "./errors";
import { compileCalendar } from "./calendar";
import { compileTemplate, type Template } from "./template";
import { checkReply, toneFacts } from "./tone";

export { PlaybookCompileError };

/** `["rules", 2, "conditions"]` → `rules[2].conditions` */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const k of path) {
    if (typeof k === "number") out += `[${k}]`;
    else out += out === "" ? String(k) : `.${String(k)}`;
  }
  return out;
}

export interface CompiledRule {
  readonly id: string;
  readonly name: string;
  readonly priority: number;
  readonly enabled: boolean;
  readonly nodeId?: string;
  readonly conditions: RootCondition;
  /** the condition trace when the rule is not evaluated: static, so built once (frozen, shared) */
  readonly skippedTrigger: ConditionTrace;
  readonly skippedDisabled: ConditionTrace;
  /** `value`: what a single-valued action sets, when it does not depend on the case (shared, frozen) */
  readonly actions: readonly { action: RoutingAction; template?: Readonly<Record<string, Template>>; value?: unknown }[];
}

/** The playbook kinds whose rules the engine runs (escalation ladders, crisis overrides, routing). */
export type RuleSetDoc = RoutingPlaybook | EscalationPlaybook | CrisisPlaybook | TonePlaybook;

export interface CompiledRouting {
  readonly kind: RuleSetDoc["kind"];
  readonly doc: RuleSetDoc;
  readonly channels: ReadonlySet<string> | undefined;
  readonly trigger: RootCondition | undefined;
  /** in evaluation order: priority desc, then declaration */
  readonly rules: readonly CompiledRule[];
  /** distinct leaves of this playbook: the size of a run's memo */
  readonly leafCount: number;
}

export interface CompiledPlaybookInternal {
  readonly ref: PlaybookVersionRef;
  readonly name: string;
  readonly document: PlaybookDocument;
  readonly routing?: CompiledRouting;
  /** crisis playbooks: each detector with its compiled condition (engine/crisis.ts counts matches) */
  readonly detectors?: readonly { readonly detector: CrisisDetector; readonly condition: RootCondition | undefined }[];
}

export function compilePlaybookDoc(input: PlaybookDocument, ref: { versionId: string; version: number }): CompiledPlaybookInternal {
  // Parse again: defaults are applied and a raw document gets field-level errors, not a crash.
  const parsed = PlaybookDocument.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
    throw new PlaybookCompileError(`invalid playbook: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, issues);
  }
  const doc = deepFreeze(parsed.data);
  const vref: PlaybookVersionRef = Object.freeze({ playbookId: doc.id, versionId: ref.versionId, version: ref.version, kind: doc.kind });
  const issues: CompileIssue[] = [];
  let routing: CompiledRouting | undefined;

  let detectors: CompiledPlaybookInternal["detectors"];
  if (doc.kind === "routing" || doc.kind === "escalation" || doc.kind === "crisis" || doc.kind === "tone") {
    const cc = new ConditionCompiler(doc.conditions, (n) => `conditions.${n}`);
    const trigger = doc.trigger.condition ? cc.compileRoot(doc.trigger.condition, "trigger.condition") : undefined;
    const rules: (Omit<CompiledRule, "skippedTrigger" | "skippedDisabled"> & { skippedTrigger?: ConditionTrace; skippedDisabled?: ConditionTrace })[] = doc.rules.map((r, i) => ({
      id: r.id,
      name: r.name,
      priority: r.priority,
      enabled: r.enabled,
      ...(r.nodeId !== undefined ? { nodeId: r.nodeId } : {}),
      conditions: cc.compileRoot(r.conditions, `rules[${i}].conditions`),
      actions: r.actions.map((a) => ({
        action: a,
        ...(a.type === "route" ? { value: deepFreeze(a.team !== undefined ? { queue: a.queue, team: a.team } : { queue: a.queue }) } : {}),
        ...(a.type === "set_priority" ? { value: a.priority } : a.type === "apply_sla" ? { value: a.policy } : {}),
        ...(a.type === "auto_reply"
          ? { template: Object.fromEntries(Object.entries(a.templates).map(([l, t]) => [l, compileTemplate(t as string)])) }
          : {}),
      })),
    }));
    cc.link();
    issues.push(...cc.issues);
    if (issues.length === 0) {
      for (const r of rules) {
        r.skippedTrigger = deepFreeze(r.conditions.skip(SKIP_TRIGGER));
        r.skippedDisabled = deepFreeze(r.conditions.skip(SKIP_DISABLED));
      }
    }
    const ordered = (rules as unknown as CompiledRule[]).map((r, i) => ({ r, i })).sort((a, b) => b.r.priority - a.r.priority || a.i - b.i).map((x) => x.r);
    routing = {
      kind: doc.kind,
      doc,
      channels: doc.trigger.channels.length > 0 ? new Set(doc.trigger.channels) : undefined,
      trigger,
      rules: ordered,
      leafCount: cc.leafCount,
    };
    if (doc.kind === "escalation") {
      // A calendar that cannot count (no hours, unknown zone or subdivision) is refused at publish, not at the first clock.
      doc.calendars.forEach((cal, i) => {
        try {
          compileCalendar(cal);
        } catch (e) {
          issues.push({ path: `calendars[${i}]`, message: e instanceof Error ? e.message : String(e) });
        }
      });
    }
    if (doc.kind === "crisis") {
      const dc = new ConditionCompiler(doc.conditions, (n) => `conditions.${n}`);
      detectors = doc.detectors.map((d, i) => ({ detector: d, condition: d.condition ? dc.compileRoot(d.condition, `detectors[${i}].condition`) : undefined }));
      dc.link();
      issues.push(...dc.issues);
    }
  }
  if (issues.length > 0) {
    throw new PlaybookCompileError(`playbook '${doc.id}' does not compile: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, issues);
  }
  return Object.freeze({
    ref: vref,
    name: doc.name,
    document: doc,
    ...(routing ? { routing: Object.freeze(routing) } : {}),
    ...(detectors ? { detectors: Object.freeze(detectors) } : {}),
  });
}

// ---------------------------------------------------------------------------------------------
// Evaluation

type SingleField = "queue" | "priority" | "slaPolicy" | "autoReply";
const FIELD_OF: Partial<Record<RoutingAction["type"], SingleField>> = {
  route: "queue",
  set_priority: "priority",
  apply_sla: "slaPolicy",
  auto_reply: "autoReply",
};

interface Settled {
  playbookId: string;
  ruleId: string;
  value: unknown;
  precedence: number;
}

class OutcomeBuilder {
  readonly outcome: Outcome = { skills: [], tags: [], notifications: [], sources: {} };
  private readonly settled = new Map<SingleField, Settled>();
  private readonly conflicts = new Map<SingleField, ConflictTrace>();
  private readonly tagSet = new Set<string>();
  private readonly skillSet = new Set<string>();
  private readonly notifySet = new Set<string>();

  constructor(private readonly facts: Facts) {}

  conflictList(): ConflictTrace[] {
    return [...this.conflicts.values()];
  }

  apply(pb: CompiledRouting, rule: CompiledRule, a: CompiledRule["actions"][number]): ActionTrace {
    const action = a.action;
    const playbookId = pb.doc.id;
    const src = { playbookId, ruleId: rule.id };
    const field = FIELD_OF[action.type];
    if (field) {
      const value = this.valueOf(pb, a);
      const won = this.settled.get(field);
      if (won) {
        const samePb = won.playbookId === playbookId;
        const reason = samePb
          ? `${field} was already set by rule '${won.ruleId}', which comes first in priority order`
          : `${field} was already set by playbook '${won.playbookId}' (precedence ${won.precedence}, applied before precedence ${pb.doc.precedence})`;
        let c = this.conflicts.get(field);
        if (!c) {
          c = {
            field,
            winner: { playbookId: won.playbookId, ruleId: won.ruleId, value: won.value as never },
            losers: [],
            reason: samePb
              ? `collect: the first rule in priority order (then declaration order) that sets ${field} wins`
              : `across playbooks the lowest precedence (then playbook id) that sets ${field} wins`,
          };
          this.conflicts.set(field, c);
        }
        c.losers.push({ playbookId, ruleId: rule.id, value: value as never });
        return { action, applied: false, reason };
      }
      this.settled.set(field, { playbookId, ruleId: rule.id, value, precedence: pb.doc.precedence });
      const o = this.outcome;
      switch (action.type) {
        case "route":
          o.queue = action.queue;
          o.sources.queue = src;
          if (action.team !== undefined) {
            o.team = action.team;
            o.sources.team = src;
          }
          break;
        case "set_priority":
          o.priority = action.priority;
          o.sources.priority = src;
          break;
        case "apply_sla":
          o.slaPolicy = action.policy;
          o.sources.slaPolicy = src;
          break;
        case "auto_reply":
          o.autoReply = value as { locale: Locale; text: string };
          o.sources.autoReply = src;
          break;
      }
      return { action, applied: true };
    }
    const o = this.outcome;
    switch (action.type) {
      case "add_tags": {
        let added = 0;
        for (const t of action.tags) {
          if (this.tagSet.has(t)) continue;
          this.tagSet.add(t);
          o.tags.push(t);
          o.sources[`tags.${t}`] = src;
          added++;
        }
        return added > 0 ? { action, applied: true } : { action, applied: false, reason: "every tag was already added by an earlier rule" };
      }
      case "require_skills": {
        let added = 0;
        for (const s of action.skills) {
          if (this.skillSet.has(s)) continue;
          this.skillSet.add(s);
          o.skills.push(s);
          o.sources[`skills.${s}`] = src;
          added++;
        }
        return added > 0 ? { action, applied: true } : { action, applied: false, reason: "every skill was already required by an earlier rule" };
      }
      case "notify": {
        const key = JSON.stringify([action.target, action.message ?? null]);
        if (this.notifySet.has(key)) return { action, applied: false, reason: "the same notification was already added by an earlier rule" };
        this.notifySet.add(key);
        o.sources[`notifications.${o.notifications.length}`] = src;
        o.notifications.push(action.message !== undefined ? { target: action.target, message: action.message } : { target: action.target });
        return { action, applied: true };
      }
      case "require_approval": {
        if (o.replyApproval) return { action, applied: false, reason: `replies already need approval (rule '${o.sources.replyApproval?.ruleId}')` };
        o.replyApproval = action.reason !== undefined ? { reason: action.reason } : {};
        o.sources.replyApproval = src;
        return { action, applied: true };
      }
    }
    return { action, applied: false, reason: "unknown action" };
  }

  private valueOf(pb: CompiledRouting, a: CompiledRule["actions"][number]): unknown {
    if (a.value !== undefined) return a.value;
    const action = a.action;
    switch (action.type) {
      case "route":
        return action.team !== undefined ? { queue: action.queue, team: action.team } : { queue: action.queue };
      case "set_priority":
        return action.priority;
      case "apply_sla":
        return action.policy;
      case "auto_reply": {
        const lang = this.facts.language;
        const locales = Object.keys(action.templates) as Locale[];
        const locale: Locale =
          typeof lang === "string" && Object.hasOwn(action.templates, lang)
            ? (lang as Locale)
            : Object.hasOwn(action.templates, pb.doc.locale)
              ? pb.doc.locale
              : locales[0]!;
        return { locale, text: a.template![locale]!(this.facts) };
      }
    }
    return undefined;
  }
}

const ms = (x: number) => (x > 0 ? x : 0);

export interface EvaluateInput {
  decisionId: string;
  caseId?: string;
  subject: Decision["subject"];
  facts: Facts;
  factsMs?: number;
  playbooks: readonly CompiledPlaybookInternal[];
  clock: { now(): Date; perf(): number };
}

const SKIP_TRIGGER = "not evaluated: the playbook's trigger did not match";
const SKIP_DISABLED = "not evaluated: the rule is disabled";

function skippedRule(rule: CompiledRule, status: "skipped" | "disabled", reason: string): RuleTrace {
  const t: RuleTrace = {
    ruleId: rule.id,
    name: rule.name,
    priority: rule.priority,
    status,
    skippedReason: reason,
    conditions: status === "disabled" ? rule.skippedDisabled : rule.skippedTrigger,
    actions: [],
  };
  if (rule.nodeId !== undefined) t.nodeId = rule.nodeId;
  return t;
}

/**
 * Which kinds run for which decision: routing and crisis overrides decide cases (a crisis
 * playbook only while `crisis.playbooks` names it); escalation ladders decide timers (steps);
 * tone playbooks decide events that carry a drafted reply (`reply.text`). Other event decisions
 * and crisis decisions record a change (their `context`) and run no rules. Kinds that do not run
 * are left out of the decision.
 */
const RUNS_ON: Readonly<Record<Decision["subject"], ReadonlySet<RuleSetDoc["kind"]>>> = {
  case: new Set(["routing", "crisis"]),
  simulation: new Set(["routing", "crisis"]),
  event: new Set(["tone"]),
  timer: new Set(["escalation"]),
  crisis: new Set(),
};
/** Crisis overrides come first, so their single values (queue, auto-reply…) win over routing's. */
const KIND_ORDER: Readonly<Record<RuleSetDoc["kind"], number>> = { crisis: 0, escalation: 1, routing: 2, tone: 3 };

export function evaluateCase(input: EvaluateInput): Decision {
  const { clock, facts } = input;
  const t0 = clock.perf();
  const runs = RUNS_ON[input.subject];
  const routing = input.playbooks
    .filter((p) => p.routing !== undefined && runs.has(p.routing.kind))
    .sort(
      (a, b) =>
        KIND_ORDER[a.routing!.kind] - KIND_ORDER[b.routing!.kind] ||
        a.routing!.doc.precedence - b.routing!.doc.precedence ||
        (a.ref.playbookId < b.ref.playbookId ? -1 : a.ref.playbookId > b.ref.playbookId ? 1 : 0),
    );
  const outcome = new OutcomeBuilder(facts);
  const errors: DecisionError[] = [];
  const fired: { playbookId: string; ruleId: string }[] = [];
  const pbTraces: PlaybookTrace[] = [];
  const ctx: RunCtx = newRunCtx();

  for (const p of routing) {
    const pb = p.routing!;
    const pt0 = clock.perf();
    const trace: PlaybookTrace = { ...p.ref, name: p.name, conflictStrategy: pb.doc.settings.conflictStrategy, rules: [], durationMs: 0 };
    try {
      evaluatePlaybook(p, pb, facts, ctx, outcome, trace, errors, fired);
    } catch (e) {
      // a failure outside any single rule: the playbook is recorded as failed, the others still run
      const message = e instanceof Error ? e.message : String(e);
      trace.error = message;
      errors.push({ playbookId: p.ref.playbookId, code: "playbook_error", message });
    }
    trace.durationMs = ms(clock.perf() - pt0);
    pbTraces.push(trace);
  }

  const rulesMs = ms(clock.perf() - t0);
  const factsMs = ms(input.factsMs ?? 0);
  const decision: Decision = {
    id: input.decisionId,
    subject: input.subject,
    decidedAt: clock.now().toISOString(),
    matched: fired.length > 0,
    partial: errors.length > 0,
    outcome: outcome.outcome,
    firedRules: fired,
    playbooks: routing.map((p) => ({ ...p.ref })),
    errors,
    trace: { facts: { ...facts } as Record<string, never>, playbooks: pbTraces, conflicts: outcome.conflictList(), timings: { factsMs, rulesMs, totalMs: factsMs + rulesMs } },
  };
  if (input.caseId !== undefined) decision.caseId = input.caseId;
  return decision;
}

const LOCALES: readonly string[] = ["es", "en", "pt"];

/** The reply check's input from an event decision's facts (engine/FACTS.md, "Reply drafted"). */
function replyInput(facts: Facts, text: string, fallback: Locale): ToneCheckInput {
  const locale = [facts["reply.locale"], facts.language].find((l): l is Locale => typeof l === "string" && LOCALES.includes(l)) ?? fallback;
  const name = (facts.customer as { name?: unknown } | undefined)?.name;
  return { channel: facts.channel as Channel, locale, text, ...(typeof name === "string" && name.trim() ? { customerName: name } : {}) };
}

function evaluatePlaybook(
  p: CompiledPlaybookInternal,
  pb: CompiledRouting,
  facts: Facts,
  ctx: RunCtx,
  outcome: OutcomeBuilder,
  trace: PlaybookTrace,
  errors: DecisionError[],
  fired: { playbookId: string; ruleId: string }[],
): void {
  const playbookId = p.ref.playbookId;
  ctx.memo = new Array(pb.leafCount);
  if (pb.kind === "crisis") {
    const active = facts["crisis.playbooks"];
    if (!Array.isArray(active) || !active.includes(playbookId)) {
      const reason = "crisis mode is off: this playbook has no active incident";
      trace.trigger = { matched: false, reason };
      for (const r of pb.rules) trace.rules.push(skippedRule(r, "skipped", reason));
      return;
    }
  }
  // Trigger: channel list first, then the trigger condition.
  if (pb.channels && !pb.channels.has(facts.channel as string)) {
    const reason = `trigger: channel ${JSON.stringify(facts.channel ?? null)} is not one of ${[...pb.channels].join(", ")}`;
    trace.trigger = { matched: false, reason };
    for (const r of pb.rules) trace.rules.push(skippedRule(r, "skipped", reason));
    return;
  }
  if (pb.trigger) {
    ctx.error = undefined;
    const { result, trace: ct } = pb.trigger.eval(facts, ctx);
    if (ctx.error !== undefined) {
      const reason = `trigger condition failed: ${ctx.error}`;
      trace.trigger = { matched: false, reason, conditions: ct };
      errors.push({ playbookId, code: "trigger_error", message: ctx.error });
      for (const r of pb.rules) trace.rules.push(skippedRule(r, "skipped", reason));
      return;
    }
    if (!result) {
      const reason = "trigger condition is false";
      trace.trigger = { matched: false, reason, conditions: ct };
      for (const r of pb.rules) trace.rules.push(skippedRule(r, "skipped", reason));
      return;
    }
    trace.trigger = { matched: true, conditions: ct };
  } else {
    trace.trigger = { matched: true };
  }

  if (pb.kind === "tone") {
    // A tone playbook whose trigger matched checks the drafted reply against its own guidelines;
    // its rules see the check as tone.* facts (the check itself is in the trace).
    const text = facts["reply.text"];
    if (typeof text !== "string" || text.trim() === "") {
      const reason = "no drafted reply: tone rules act on reply_drafted events";
      trace.trigger = { matched: false, reason };
      for (const r of pb.rules) trace.rules.push(skippedRule(r, "skipped", reason));
      return;
    }
    const check = checkReply(pb.doc as TonePlaybook, replyInput(facts, text, pb.doc.locale));
    trace.tone = check;
    facts = { ...facts, ...toneFacts(check) };
  }
  const firstMatch = pb.doc.settings.conflictStrategy === "first_match";
  let winner: CompiledRule | undefined;
  for (const rule of pb.rules) {
    if (!rule.enabled) {
      trace.rules.push(skippedRule(rule, "disabled", "rule is disabled"));
      continue;
    }
    ctx.error = undefined;
    let result: boolean;
    let ct: ConditionTrace;
    try {
      ({ result, trace: ct } = rule.conditions.eval(facts, ctx));
    } catch (e) {
      ctx.error = e instanceof Error ? e.message : String(e);
      result = false;
      ct = rule.conditions.skip(`rule failed: ${ctx.error}`);
    }
    const rt: RuleTrace = { ruleId: rule.id, name: rule.name, priority: rule.priority, status: "not_fired", conditions: ct, actions: [] };
    if (rule.nodeId !== undefined) rt.nodeId = rule.nodeId;
    if (ctx.error !== undefined) {
      rt.status = "error";
      rt.error = ctx.error;
      rt.actions = rule.actions.map((a) => ({ action: a.action, applied: false, reason: "the rule failed" }));
      errors.push({ playbookId, ruleId: rule.id, code: "rule_error", message: ctx.error });
    } else if (result) {
      rt.status = "fired";
      fired.push({ playbookId, ruleId: rule.id });
      if (firstMatch && winner) {
        const reason = `first_match: rule '${winner.id}' fired first and is the only one that acts`;
        rt.actions = rule.actions.map((a) => ({ action: a.action, applied: false, reason }));
      } else {
        winner ??= rule;
        rt.actions = rule.actions.map((a) => outcome.apply(pb, rule, a));
      }
    }
    // a rule that did not fire lists no actions (they are in the playbook document)
    trace.rules.push(rt);
  }
}
