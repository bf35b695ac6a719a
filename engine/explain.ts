// Turns a decision's trace into sentences a person can read, in Spanish or English. Pure: no I/O,
// no clock, so the UI and (later) the API render the same explanation from the same stored trace.
import type { ConditionTrace, ConflictTrace, Decision, JsonValue, PlaybookTrace, RoutingAction, RuleTrace } from "@/schemas";

export type ExplainLocale = "es" | "en";

/** One piece of a sentence; the kind tells a renderer how to style it. */
export type Segment =
  | { kind: "text"; text: string }
  | { kind: "name"; text: string } // a rule, queue or playbook name: emphasised
  | { kind: "field"; text: string } // a fact (and path) the rule looked at
  | { kind: "value"; text: string } // a value seen or expected
  | { kind: "op"; text: string }; // an operator in words or symbols

export interface Sentence {
  segments: Segment[];
  /** the sentence as plain text (for APIs, logs and tests) */
  text: string;
}

export type RuleTone = "fired" | "not_fired" | "error" | "skipped" | "disabled";

export interface RuleExplanation {
  playbookId: string;
  ruleId: string;
  name: string;
  priority: number;
  status: RuleTone;
  sentence: Sentence;
  /** conditions that made a fired rule fire, or the first that failed */
  reasons: Sentence[];
  /** how many leaf conditions held: a not-fired rule with many was a near miss */
  conditionsHeld: number;
}

export interface PlaybookExplanation {
  playbookId: string;
  name: string;
  version: number;
  triggerMatched: boolean;
  /** present when the playbook's trigger kept this case out, or the playbook failed */
  sentence?: Sentence;
  rules: RuleExplanation[];
}

export interface Explanation {
  locale: ExplainLocale;
  /** "routed to posgrado-mx because …; rule leads-colombia did not apply because …" */
  summary: Sentence;
  playbooks: PlaybookExplanation[];
  conflicts: Sentence[];
  errors: Sentence[];
}

// ---------------------------------------------------------------------------------------------
// Words per locale

interface OpWords {
  yes: string;
  no: string;
  /** symbolic operators read "field = seen op expected"; worded ones "field (seen) op expected" */
  symbolic?: boolean;
  /** compare text: quote the values */
  text?: boolean;
}

/** Comparison operators read the same in every language. */
const SYMBOLIC_OPS: Record<string, OpWords> = {
  equal: { yes: "=", no: "≠", symbolic: true },
  notEqual: { yes: "≠", no: "=", symbolic: true },
  lessThan: { yes: "<", no: "≥", symbolic: true },
  lessThanInclusive: { yes: "≤", no: ">", symbolic: true },
  greaterThan: { yes: ">", no: "≤", symbolic: true },
  greaterThanInclusive: { yes: "≥", no: "<", symbolic: true },
};

const OPS: Record<ExplainLocale, Record<string, OpWords>> = {
  es: {
    ...SYMBOLIC_OPS,
    in: { yes: "está en", no: "no está en" },
    notIn: { yes: "no está en", no: "está en" },
    contains: { yes: "contiene", no: "no contiene", text: true },
    doesNotContain: { yes: "no contiene", no: "contiene", text: true },
    containsWord: { yes: "contiene la palabra", no: "no contiene la palabra", text: true },
    containsAnyWord: { yes: "contiene alguna de", no: "no contiene ninguna de", text: true },
    containsAllWords: { yes: "contiene todas las palabras", no: "no contiene todas las palabras", text: true },
    textEquals: { yes: "es igual a", no: "no es igual a", text: true },
    matchesPattern: { yes: "coincide con el patrón", no: "no coincide con el patrón", text: true },
  },
  en: {
    ...SYMBOLIC_OPS,
    in: { yes: "is in", no: "is not in" },
    notIn: { yes: "is not in", no: "is in" },
    contains: { yes: "contains", no: "does not contain", text: true },
    doesNotContain: { yes: "does not contain", no: "contains", text: true },
    containsWord: { yes: "contains the word", no: "does not contain the word", text: true },
    containsAnyWord: { yes: "contains any of", no: "contains none of", text: true },
    containsAllWords: { yes: "contains all of", no: "does not contain all of", text: true },
    textEquals: { yes: "equals", no: "does not equal", text: true },
    matchesPattern: { yes: "matches the pattern", no: "does not match the pattern", text: true },
  },
};

const PRIORITY_WORDS: Record<ExplainLocale, Record<string, string>> = {
  es: { urgent: "urgente", high: "alta", normal: "normal", low: "baja" },
  en: { urgent: "urgent", high: "high", normal: "normal", low: "low" },
};

const W = {
  es: {
    and: " y ",
    because: " porque ",
    routedTo: "enrutado a ",
    withPriority: " con prioridad ",
    noQueue: "sin cola asignada",
    noRuleFired: "ninguna regla se aplicó a este caso",
    firedNoQueue: "ninguna regla fijó una cola",
    ruleWord: "la regla ",
    ruleWordCap: "La regla ",
    applied: " se aplicó",
    notApplied: " no aplicó",
    failed: " falló",
    skipped: " no se evaluó",
    disabled: " está desactivada",
    noValue: "sin valor",
    valueOf: "el valor de ",
    whichIs: ", que es ",
    didNotHold: "no debía cumplirse: ",
    sharedCond: "la condición compartida ",
    notMet: " no se cumplió",
    met: " se cumplió",
    noneOf: "no se cumplió ninguna: ",
    actionsArrow: " → ",
    route: "enruta a ",
    team: " (equipo ",
    skills: "requiere habilidades ",
    priority: "prioridad ",
    tags: "etiquetas ",
    autoReply: "respuesta automática",
    sla: "SLA ",
    notify: "notifica a ",
    approval: "pide aprobación para responder",
    actionNotApplied: " (no aplicada: ",
    trigger: "El playbook no se aplicó a este caso porque ",
    pbFailed: "El playbook falló: ",
    evaluating: " al evaluar ",
    conflict: (field: string) => `Conflicto en ${field}: `,
    won: " ganó con ",
    over: "; descartado: ",
    errorIn: "Error en ",
    unknownReason: "sin motivo registrado",
    semicolon: "; ",
  },
  en: {
    and: " and ",
    because: " because ",
    routedTo: "routed to ",
    withPriority: " with priority ",
    noQueue: "no queue assigned",
    noRuleFired: "no rule applied to this case",
    firedNoQueue: "no rule set a queue",
    ruleWord: "rule ",
    ruleWordCap: "Rule ",
    applied: " applied",
    notApplied: " did not apply",
    failed: " failed",
    skipped: " was not evaluated",
    disabled: " is disabled",
    noValue: "no value",
    valueOf: "the value of ",
    whichIs: ", which is ",
    didNotHold: "it should not hold: ",
    sharedCond: "shared condition ",
    notMet: " did not hold",
    met: " held",
    noneOf: "none held: ",
    actionsArrow: " → ",
    route: "routes to ",
    team: " (team ",
    skills: "requires skills ",
    priority: "priority ",
    tags: "tags ",
    autoReply: "auto-reply",
    sla: "SLA ",
    notify: "notifies ",
    approval: "requires approval before replying",
    actionNotApplied: " (not applied: ",
    trigger: "The playbook did not apply to this case because ",
    pbFailed: "The playbook failed: ",
    evaluating: " while evaluating ",
    conflict: (field: string) => `Conflict on ${field}: `,
    won: " won with ",
    over: "; overruled: ",
    errorIn: "Error in ",
    unknownReason: "no reason recorded",
    semicolon: "; ",
  },
} as const;

// The engine writes its reasons in English; these are the ones a reader meets most, in Spanish.
// Anything not listed is shown as the engine wrote it.
const REASONS_ES: [RegExp, (...m: string[]) => string][] = [
  [/^trigger condition is false$/, () => "la condición de entrada del playbook no se cumplió"],
  [/^trigger condition failed: (.*)$/s, (e) => `la condición de entrada del playbook falló: ${e}`],
  [/^trigger: channel (.*) is not one of (.*)$/, (c, l) => `el canal ${c} no está entre ${l}`],
  [/^not evaluated: the playbook's trigger did not match$/, () => "no evaluada: el playbook no aplicaba a este caso"],
  [/^not evaluated: the rule is disabled$/, () => "no evaluada: la regla está desactivada"],
  [/^not evaluated: a condition of a higher-priority group was false, so 'all' was already false$/, () => "no evaluada: otra condición de «todas» ya era falsa"],
  [/^not evaluated: a condition of a higher-priority group was true, so 'any' was already true$/, () => "no evaluada: otra condición de «alguna» ya era verdadera"],
  [/^not evaluated: an earlier condition of this rule failed$/, () => "no evaluada: una condición anterior de esta regla falló"],
  [/^every tag was already added by an earlier rule$/, () => "todas las etiquetas ya las había agregado otra regla"],
  [/^every skill was already required by an earlier rule$/, () => "todas las habilidades ya las había pedido otra regla"],
  [/^the same notification was already added by an earlier rule$/, () => "otra regla ya había agregado la misma notificación"],
  [/^the rule failed$/, () => "la regla falló"],
  [/^(\w+) was already set by rule '([^']+)', which comes first in priority order$/, (f, r) => `la regla «${r}», que va antes por prioridad, ya fijó ${f}`],
  [
    /^(\w+) was already set by playbook '([^']+)' \(precedence (\d+), applied before precedence (\d+)\)$/,
    (f, p, a, b) => `el playbook «${p}» ya fijó ${f} (precedencia ${a}, se aplica antes que ${b})`,
  ],
  [/^first_match: rule '([^']+)' fired first and is the only one that acts$/, (r) => `primera coincidencia: la regla «${r}» se aplicó primero y es la única que actúa`],
  [/^collect: the first rule in priority order \(then declaration order\) that sets (\w+) wins$/, (f) => `acumular: gana la primera regla por prioridad (y luego por orden) que fija ${f}`],
  [/^across playbooks the lowest precedence \(then playbook id\) that sets (\w+) wins$/, (f) => `entre playbooks gana la menor precedencia (y luego el id) que fija ${f}`],
];

/** An engine reason in the reader's language, when it is one we know. */
export function translateReason(reason: string, locale: ExplainLocale): string {
  if (locale !== "es") return reason;
  for (const [re, fn] of REASONS_ES) {
    const m = re.exec(reason);
    if (m) return fn(...m.slice(1));
  }
  return reason;
}

// ---------------------------------------------------------------------------------------------
// Sentence building

class Builder {
  readonly segments: Segment[] = [];
  text(t: string): this {
    if (t) this.segments.push({ kind: "text", text: t });
    return this;
  }
  name(t: string): this {
    this.segments.push({ kind: "name", text: t });
    return this;
  }
  field(t: string): this {
    this.segments.push({ kind: "field", text: t });
    return this;
  }
  value(t: string): this {
    this.segments.push({ kind: "value", text: t });
    return this;
  }
  op(t: string): this {
    this.segments.push({ kind: "op", text: t });
    return this;
  }
  append(s: Sentence | Segment[]): this {
    this.segments.push(...(Array.isArray(s) ? s : s.segments));
    return this;
  }
  build(): Sentence {
    return sentence(this.segments);
  }
}

function sentence(segments: Segment[]): Sentence {
  // Merge neighbouring text pieces so renderers and tests see clean runs.
  const merged: Segment[] = [];
  for (const s of segments) {
    const last = merged[merged.length - 1];
    if (s.kind === "text" && last?.kind === "text") merged[merged.length - 1] = { kind: "text", text: last.text + s.text };
    else merged.push(s);
  }
  return { segments: merged, text: merged.map((s) => s.text).join("") };
}

function join(parts: Sentence[], sep: string): Segment[] {
  const out: Segment[] = [];
  parts.forEach((p, i) => {
    if (i > 0) out.push({ kind: "text", text: sep });
    out.push(...p.segments);
  });
  return out;
}

function capitalize(s: Sentence): Sentence {
  const [first, ...rest] = s.segments;
  if (!first || first.kind !== "text" || !first.text) return s;
  return sentence([{ kind: "text", text: first.text.charAt(0).toUpperCase() + first.text.slice(1) }, ...rest]);
}

/** `$.tier` on fact `customer` reads `customer.tier`. */
export function fieldName(fact: string, path?: string): string {
  if (!path) return fact;
  const p = path.replace(/^\$\.?/, "").replace(/\[['"]?([^\]'"]+)['"]?\]/g, ".$1").replace(/^\./, "");
  return p ? `${fact}.${p}` : fact;
}

function isFactRef(v: unknown): v is { fact: string; path?: string } {
  return typeof v === "object" && v !== null && !Array.isArray(v) && typeof (v as { fact?: unknown }).fact === "string";
}

const MAX_VALUE = 80;

export function formatValue(v: JsonValue | undefined, locale: ExplainLocale, quote = false): string {
  if (v === undefined) return `(${W[locale].noValue})`;
  if (v === null) return "null";
  if (typeof v === "string") {
    const s = v.length > MAX_VALUE ? `${v.slice(0, MAX_VALUE - 1)}…` : v;
    if (!quote) return s;
    return locale === "es" ? `«${s}»` : `“${s}”`;
  }
  if (Array.isArray(v)) return `[${v.map((x) => formatValue(x, locale, quote)).join(", ")}]`;
  if (typeof v === "object") {
    // Flat objects (a route's { queue, team }) read better as their values.
    const vals = Object.values(v);
    const s = vals.every((x) => typeof x === "string" || typeof x === "number") ? vals.join(" · ") : JSON.stringify(v);
    return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s;
  }
  return String(v);
}

type Leaf = Extract<ConditionTrace, { type: "fact" }>;

/** One leaf in words; `holds` says whether to phrase it as met or as failed. */
function leafSentence(leaf: Leaf, holds: boolean, locale: ExplainLocale): Sentence {
  const words = OPS[locale][leaf.operator] ?? { yes: leaf.operator, no: locale === "es" ? `no ${leaf.operator}` : `not ${leaf.operator}` };
  const quote = words.text === true;
  const b = new Builder().field(fieldName(leaf.fact, leaf.path));
  const seen = formatValue(leaf.factValue, locale, quote);
  const expected = (): void => {
    if (isFactRef(leaf.value)) {
      b.text(W[locale].valueOf).field(fieldName(leaf.value.fact, leaf.value.path));
      if (leaf.valueResult !== undefined) b.text(W[locale].whichIs).value(formatValue(leaf.valueResult, locale, quote));
    } else b.value(formatValue(leaf.value, locale, quote));
  };
  if (words.symbolic) {
    // "channel = whatsapp" when met by equality; otherwise "country = MX ≠ CO".
    if (holds && leaf.operator === "equal") {
      b.text(" ").op("=").text(" ");
      expected();
    } else {
      b.text(" = ").value(seen).text(" ").op(holds ? words.yes : words.no).text(" ");
      expected();
    }
  } else {
    b.text(" (").value(seen).text(") ").op(holds ? words.yes : words.no).text(" ");
    expected();
  }
  if (leaf.error) b.text(`: ${leaf.error}`);
  return b.build();
}

/** A rule's leaf condition in words, before any case is seen: "channel = whatsapp", "keywords contains any of [...]". */
export function describeLeaf(leaf: { fact: string; path?: string; operator: string; value: unknown }, locale: ExplainLocale): Sentence {
  const words = OPS[locale][leaf.operator];
  const b = new Builder().field(fieldName(leaf.fact, leaf.path)).text(" ").op(words?.yes ?? leaf.operator).text(" ");
  if (isFactRef(leaf.value)) b.text(W[locale].valueOf).field(fieldName(leaf.value.fact, leaf.value.path));
  else b.value(formatValue(leaf.value as JsonValue, locale, words?.text === true));
  return b.build();
}

/** An action in words: "routes to posgrado-mx", "priority high". */
export function describeAction(a: RoutingAction, locale: ExplainLocale): Sentence {
  return actionSentence(a, locale);
}

/** Why a condition that passed, passed: the leaves that carried it. */
function passReasons(c: ConditionTrace, locale: ExplainLocale): Sentence[] {
  switch (c.type) {
    case "fact":
      return [leafSentence(c, true, locale)];
    case "all":
      return c.children.filter((k) => k.evaluated && k.result === true).flatMap((k) => passReasons(k, locale));
    case "any": {
      const first = c.children.find((k) => k.evaluated && k.result === true);
      return first ? passReasons(first, locale) : [];
    }
    case "not": {
      const inner = failReasons(c.child, locale);
      return inner.length ? inner : [];
    }
    case "ref":
      if (c.child) return passReasons(c.child, locale);
      return [new Builder().text(W[locale].sharedCond).name(c.condition).text(W[locale].met).build()];
  }
}

/** Why a condition that failed, failed: the first failing leaf (all), every alternative (any). */
function failReasons(c: ConditionTrace, locale: ExplainLocale): Sentence[] {
  switch (c.type) {
    case "fact":
      return [leafSentence(c, false, locale)];
    case "all": {
      const first = c.children.find((k) => k.evaluated && k.result === false);
      return first ? failReasons(first, locale) : [];
    }
    case "any": {
      const failed = c.children.filter((k) => k.evaluated && k.result === false);
      if (failed.length <= 1) return failed.flatMap((k) => failReasons(k, locale));
      const parts = failed.slice(0, 3).map((k) => sentence(join(failReasons(k, locale), W[locale].and)));
      return [new Builder().text(W[locale].noneOf).append(join(parts, W[locale].semicolon)).build()];
    }
    case "not": {
      const inner = passReasons(c.child, locale);
      return [new Builder().text(W[locale].didNotHold).append(join(inner, W[locale].and)).build()];
    }
    case "ref":
      if (c.child) return failReasons(c.child, locale);
      return [new Builder().text(W[locale].sharedCond).name(c.condition).text(W[locale].notMet).build()];
  }
}

/** The first leaf that carries an error, for naming what broke. */
function erroredLeaf(c: ConditionTrace | undefined): Leaf | undefined {
  if (!c) return undefined;
  switch (c.type) {
    case "fact":
      return c.error ? c : undefined;
    case "all":
    case "any":
      for (const k of c.children) {
        const e = erroredLeaf(k);
        if (e) return e;
      }
      return undefined;
    case "not":
      return erroredLeaf(c.child);
    case "ref":
      return erroredLeaf(c.child);
  }
}

function actionSentence(a: RoutingAction, locale: ExplainLocale): Sentence {
  const w = W[locale];
  const b = new Builder();
  switch (a.type) {
    case "route":
      b.text(w.route).name(a.queue);
      if (a.team) b.text(w.team).name(a.team).text(")");
      break;
    case "require_skills":
      b.text(w.skills).value(a.skills.join(", "));
      break;
    case "set_priority":
      b.text(w.priority).value(PRIORITY_WORDS[locale][a.priority] ?? a.priority);
      break;
    case "add_tags":
      b.text(w.tags).value(a.tags.join(", "));
      break;
    case "auto_reply":
      b.text(w.autoReply);
      break;
    case "apply_sla":
      b.text(w.sla).name(a.policy);
      break;
    case "notify":
      b.text(w.notify).name(a.target);
      break;
    case "require_approval":
      b.text(w.approval);
      if (a.reason) b.text(` (${a.reason})`);
      break;
  }
  return b.build();
}

function ruleExplanation(pb: PlaybookTrace, r: RuleTrace, locale: ExplainLocale): RuleExplanation {
  const w = W[locale];
  const b = new Builder().text(w.ruleWordCap).name(r.name || r.ruleId);
  let reasons: Sentence[] = [];
  switch (r.status) {
    case "fired": {
      reasons = r.conditions ? passReasons(r.conditions, locale) : [];
      b.text(w.applied);
      if (reasons.length) b.text(w.because.trimEnd() + " ").append(join(reasons, w.and));
      const acts = r.actions.map((t) => {
        const s = actionSentence(t.action, locale);
        return t.applied ? s : new Builder().append(s).text(`${w.actionNotApplied}${t.reason ? translateReason(t.reason, locale) : w.unknownReason})`).build();
      });
      if (acts.length) b.text(w.actionsArrow).append(join(acts, ", "));
      break;
    }
    case "not_fired":
      reasons = r.conditions ? failReasons(r.conditions, locale) : [];
      b.text(w.notApplied);
      if (reasons.length) b.text(w.because.trimEnd() + " ").append(join(reasons, w.and));
      break;
    case "error": {
      b.text(w.failed);
      const leaf = erroredLeaf(r.conditions);
      if (leaf) {
        b.text(w.evaluating).field(fieldName(leaf.fact, leaf.path)).text(" ").op(OPS[locale][leaf.operator]?.yes ?? leaf.operator).text(" ");
        b.value(isFactRef(leaf.value) ? fieldName(leaf.value.fact, leaf.value.path) : formatValue(leaf.value, locale, true));
      }
      b.text(`: ${r.error ?? leaf?.error ?? w.unknownReason}`);
      break;
    }
    case "skipped":
      b.text(w.skipped).text(`: ${r.skippedReason ? translateReason(r.skippedReason, locale) : w.unknownReason}`);
      break;
    case "disabled":
      b.text(w.disabled);
      break;
  }
  return {
    playbookId: pb.playbookId,
    ruleId: r.ruleId,
    name: r.name || r.ruleId,
    priority: r.priority,
    status: r.status,
    sentence: b.build(),
    reasons,
    conditionsHeld: countHeld(r.conditions),
  };
}

function countHeld(c: ConditionTrace | undefined): number {
  if (!c) return 0;
  switch (c.type) {
    case "fact":
      return c.evaluated && c.result === true ? 1 : 0;
    case "all":
    case "any":
      return c.children.reduce((n, k) => n + countHeld(k), 0);
    case "not":
    case "ref":
      return countHeld(c.child);
  }
}

function conflictSentence(c: ConflictTrace, locale: ExplainLocale): Sentence {
  const w = W[locale];
  const b = new Builder().text(w.conflict(c.field)).name(`${c.winner.playbookId}/${c.winner.ruleId}`).text(w.won).value(formatValue(c.winner.value, locale));
  if (c.losers.length) {
    b.text(w.over);
    c.losers.forEach((l, i) => {
      if (i > 0) b.text(", ");
      b.name(`${l.playbookId}/${l.ruleId}`).text(" (").value(formatValue(l.value, locale)).text(")");
    });
  }
  if (c.reason) b.text(` — ${translateReason(c.reason, locale)}`);
  return b.build();
}

function summarize(decision: Decision, playbooks: PlaybookExplanation[], locale: ExplainLocale): Sentence {
  const w = W[locale];
  const { outcome } = decision;
  const b = new Builder();
  const queueSource = outcome.sources["queue"];
  const all = playbooks.flatMap((p) => p.rules);
  const winner = queueSource ? all.find((r) => r.playbookId === queueSource.playbookId && r.ruleId === queueSource.ruleId) : undefined;
  if (outcome.queue) {
    b.text(w.routedTo).name(outcome.queue);
    if (outcome.priority) b.text(w.withPriority).value(PRIORITY_WORDS[locale][outcome.priority] ?? outcome.priority);
    if (winner?.reasons.length) b.text(w.because).append(join(winner.reasons, w.and));
  } else {
    b.text(decision.matched ? w.firedNoQueue : w.noRuleFired);
  }
  // One rule that did not apply, as contrast: the nearest miss (most conditions held, then the
  // priority closest to the winner's) in the playbook that decided, or the first that ran.
  const home = playbooks.find((p) => p.playbookId === queueSource?.playbookId) ?? playbooks.find((p) => p.triggerMatched);
  const target = winner?.priority ?? 0;
  const contrast = home?.rules
    .filter((r) => r.status === "not_fired" && r.reasons.length > 0)
    .reduce<RuleExplanation | undefined>((best, r) => {
      if (!best) return r;
      if (r.conditionsHeld !== best.conditionsHeld) return r.conditionsHeld > best.conditionsHeld ? r : best;
      return Math.abs(r.priority - target) < Math.abs(best.priority - target) ? r : best;
    }, undefined);
  if (contrast) b.text(w.semicolon + w.ruleWord).name(contrast.name).text(w.notApplied + w.because).append(join(contrast.reasons, w.and));
  const erroredRule = all.find((r) => r.status === "error");
  if (erroredRule) b.text(w.semicolon + w.ruleWord).name(erroredRule.name).text(w.failed);
  return capitalize(b.build());
}

/** The readable explanation of a decision, in the given locale. */
export function explainDecision(decision: Decision, locale: ExplainLocale): Explanation {
  const w = W[locale];
  const playbooks: PlaybookExplanation[] = decision.trace.playbooks.map((pb) => {
    const triggerMatched = pb.trigger?.matched ?? true;
    let s: Sentence | undefined;
    if (pb.error) s = new Builder().text(w.pbFailed + pb.error).build();
    else if (!triggerMatched) {
      const reasons = pb.trigger?.conditions ? failReasons(pb.trigger.conditions, locale) : [];
      s = new Builder()
        .text(w.trigger)
        .append(reasons.length ? join(reasons, w.and) : [{ kind: "text", text: pb.trigger?.reason ? translateReason(pb.trigger.reason, locale) : w.unknownReason }])
        .build();
    }
    return {
      playbookId: pb.playbookId,
      name: pb.name,
      version: pb.version,
      triggerMatched,
      ...(s ? { sentence: s } : {}),
      rules: pb.rules.map((r) => ruleExplanation(pb, r, locale)),
    };
  });
  const errors = decision.errors.map((e) => {
    const where = [e.playbookId, e.ruleId].filter(Boolean).join("/");
    const b = new Builder().text(w.errorIn);
    if (where) b.name(where);
    if (e.fact) b.text(" (").field(e.fact).text(")");
    return b.text(`: ${e.message}`).build();
  });
  return {
    locale,
    summary: summarize(decision, playbooks, locale),
    playbooks,
    conflicts: decision.trace.conflicts.map((c) => conflictSentence(c, locale)),
    errors,
  };
}
