// json-rules-engine conditions compiled into a tree of small objects: evaluated with jre 7.3.1's
// semantics (priority groups, short-circuit between groups, every condition of a group evaluated),
// producing the trace as it goes. No JSON is interpreted per run.
import type { ConditionTrace, JsonValue } from "@/schemas";
import { resolveOperator, TEXT_OPERATORS, type OperatorFn, type TextCache, type TextOperator, OPERATOR_NAMES } from "./operators";
import { compilePath, type PathResolver } from "./paths";

export type Facts = Record<string, unknown>;

/** Per-run state: never stored on a compiled node. */
export interface RunCtx {
  text: TextCache;
  /** the first error of the rule being evaluated */
  error?: string;
  /**
   * Traces of leaves already evaluated in this run, by leaf key: identical leaves (same fact, path,
   * operator, value) of different rules give identical answers on the same facts, so one trace
   * object is computed and shared. Reset per rule set (the ids belong to one compiler).
   */
  memo: (ConditionTrace | undefined)[];
}

export function newRunCtx(): RunCtx {
  return { text: new Map(), memo: [] };
}

export interface CompileIssue {
  path: string;
  message: string;
}

export interface CNode {
  /** the priority jre sorts this condition by inside all/any (facts carry no priority here: 1) */
  readonly priority: number;
  eval(facts: Facts, ctx: RunCtx): ConditionTrace;
  skip(reason: string): ConditionTrace;
  /** jre's microtask depth of this condition's promise when started at tick g (see jre.ts) */
  depth(t: ConditionTrace, g: number, facts: Facts): number;
}

const SKIP_ALL = "not evaluated: a condition of a higher-priority group was false, so 'all' was already false";
const SKIP_ANY = "not evaluated: a condition of a higher-priority group was true, so 'any' was already true";
const SKIP_ERR = "not evaluated: an earlier condition of this rule failed";

const isTrue = (t: ConditionTrace) => t.result === true;

export function deepFreeze<T>(o: T): T {
  if (o && typeof o === "object" && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

class Leaf implements CNode {
  private readonly fn: OperatorFn | undefined;
  private readonly text: TextOperator | undefined;
  private readonly prepared: unknown;
  private readonly factPath: PathResolver | undefined;
  private readonly valueFact: string | undefined;
  private readonly valuePath: PathResolver | undefined;
  private readonly valuePathStr: string | undefined;

  constructor(
    private readonly id: number,
    readonly priority: number,
    private readonly name: string | undefined,
    private readonly fact: string,
    private readonly pathStr: string | undefined,
    private readonly operator: string,
    private readonly value: JsonValue,
    fn: OperatorFn | undefined,
    text: TextOperator | undefined,
  ) {
    this.factPath = pathStr ? compilePath(pathStr) : undefined;
    // jre's almanac.getValue: any object with an own `fact` property is a reference to another fact
    if (value !== null && typeof value === "object" && Object.hasOwn(value, "fact")) {
      const ref = value as { fact: string; path?: string };
      this.valueFact = ref.fact;
      this.valuePathStr = ref.path || undefined;
      this.valuePath = ref.path ? compilePath(ref.path) : undefined;
    }
    this.fn = fn;
    this.text = text;
    this.prepared = text && this.valueFact === undefined ? text.prepare(value) : undefined;
  }

  private read(facts: Facts, fact: string, path: PathResolver | undefined): unknown {
    const v = Object.hasOwn(facts, fact) ? facts[fact] : undefined;
    // jre resolves a path only on a non-null object; any other value is compared as it is
    return path !== undefined && v !== null && typeof v === "object" ? path(v) : v;
  }

  eval(facts: Facts, ctx: RunCtx): ConditionTrace {
    const hit = ctx.memo[this.id];
    if (hit !== undefined) {
      if ((hit as { error?: string }).error !== undefined && ctx.error === undefined) ctx.error = (hit as { error?: string }).error;
      return hit;
    }
    const t = this.compute(facts, ctx);
    ctx.memo[this.id] = t;
    return t;
  }

  private compute(facts: Facts, ctx: RunCtx): ConditionTrace {
    const t: ConditionTrace & { type: "fact" } = { type: "fact", fact: this.fact, operator: this.operator, value: this.value, evaluated: true };
    let fv: unknown, vv: unknown;
    try {
      fv = this.read(facts, this.fact, this.factPath);
      vv = this.valueFact === undefined ? this.value : this.read(facts, this.valueFact, this.valuePath);
    } catch (e) {
      // a JSONPath outside the compiled subset can throw inside jsonpath-plus
      return this.fail(t, ctx, `path on fact '${this.fact}': ${e instanceof Error ? e.message : String(e)}`);
    }
    if (this.name !== undefined) t.name = this.name;
    if (this.pathStr !== undefined) t.path = this.pathStr;
    if (this.valueFact !== undefined && vv !== undefined) t.valueResult = vv as JsonValue;
    if (fv !== undefined) t.factValue = fv as JsonValue;
    try {
      t.result = this.text
        ? this.text.run(fv, this.valueFact === undefined ? this.prepared : this.text.prepare(vv), ctx.text)
        : this.fn!(fv, vv);
    } catch (e) {
      return this.fail(t, ctx, `${this.operator} on fact '${this.fact}': ${e instanceof Error ? e.message : String(e)}`);
    }
    return t;
  }

  private fail(t: ConditionTrace & { type: "fact" }, ctx: RunCtx, msg: string): ConditionTrace {
    t.error = msg;
    if (ctx.error === undefined) ctx.error = msg;
    return t;
  }

  skip(reason: string): ConditionTrace {
    const t: ConditionTrace & { type: "fact" } = { type: "fact", fact: this.fact, operator: this.operator, value: this.value, evaluated: false, skippedReason: reason };
    if (this.name !== undefined) t.name = this.name;
    if (this.pathStr !== undefined) t.path = this.pathStr;
    return t;
  }

  depth(_t: ConditionTrace, g: number, facts: Facts): number {
    // Promise.all([getValue, factValue]) (+1), .then in Condition.evaluate (+1), .then in evaluateCondition (+1);
    // a path adds a .then inside almanac.factValue, but only when the fact exists.
    const pf = this.pathStr && Object.hasOwn(facts, this.fact) ? 1 : 0;
    const pv = this.valueFact !== undefined && this.valuePathStr && Object.hasOwn(facts, this.valueFact) ? 1 : 0;
    return g + 3 + Math.max(pf, pv);
  }
}

class Bool implements CNode {
  /** indexes of children, grouped by priority, highest first (jre's prioritizeConditions) */
  private readonly sets: number[][];
  constructor(
    readonly priority: number,
    private readonly name: string | undefined,
    private readonly op: "all" | "any",
    private readonly children: CNode[],
  ) {
    const byPriority = new Map<number, number[]>();
    children.forEach((c, i) => {
      const s = byPriority.get(c.priority);
      if (s) s.push(i);
      else byPriority.set(c.priority, [i]);
    });
    this.sets = [...byPriority.keys()].sort((a, b) => b - a).map((p) => byPriority.get(p)!);
  }

  /** The all/any result with jre's rules: empty → true; one child → its result; else groups in order. */
  run(facts: Facts, ctx: RunCtx, out: ConditionTrace[]): boolean {
    const n = this.children.length;
    if (n === 0) return true;
    if (n === 1) {
      const t = this.children[0]!.eval(facts, ctx);
      out[0] = t;
      return isTrue(t);
    }
    const any = this.op === "any";
    let setResult = !any;
    for (let s = 0; s < this.sets.length; s++) {
      const set = this.sets[s]!;
      if (any ? setResult : !setResult) {
        for (let k = 0; k < set.length; k++) out[set[k]!] = this.skipped(set[k]!, any ? SKIP_ANY : SKIP_ALL);
        continue;
      }
      if (ctx.error !== undefined) {
        for (let k = 0; k < set.length; k++) out[set[k]!] = this.skipped(set[k]!, SKIP_ERR);
        continue;
      }
      let r = !any;
      for (let k = 0; k < set.length; k++) {
        const i = set[k]!;
        const t = this.children[i]!.eval(facts, ctx);
        out[i] = t;
        if (any) r = r || t.result === true;
        else r = r && t.result === true;
      }
      setResult = r;
    }
    return setResult;
  }

  private skipCache: { short: ConditionTrace; error: ConditionTrace }[] | undefined;

  /** A skipped child's trace depends only on the child and the reason: built once at compile time, frozen, shared. */
  finish(): void {
    if (this.sets.length < 2) return;
    this.skipCache = this.children.map((c) => ({ short: deepFreeze(c.skip(this.op === "any" ? SKIP_ANY : SKIP_ALL)), error: deepFreeze(c.skip(SKIP_ERR)) }));
  }

  private skipped(i: number, reason: string): ConditionTrace {
    const cached = this.skipCache?.[i];
    if (cached) return reason === SKIP_ERR ? cached.error : cached.short;
    return this.children[i]!.skip(reason);
  }

  eval(facts: Facts, ctx: RunCtx): ConditionTrace {
    const children: ConditionTrace[] = new Array(this.children.length);
    const result = this.run(facts, ctx, children);
    const t: ConditionTrace = { type: this.op, evaluated: true, result, children };
    if (this.name !== undefined) t.name = this.name;
    return t;
  }

  skip(reason: string): ConditionTrace {
    const t: ConditionTrace = { type: this.op, evaluated: false, skippedReason: reason, children: this.children.map((c) => c.skip(reason)) };
    if (this.name !== undefined) t.name = this.name;
    return t;
  }

  /** jre's prioritizeAndRun depth (without evaluateCondition's own .then). */
  runDepth(t: ConditionTrace, g: number, facts: Facts): number {
    const kids = (t as { children: ConditionTrace[] }).children;
    const n = this.children.length;
    if (n === 0) return g;
    if (n === 1) return this.children[0]!.depth(kids[0]!, g, facts);
    let c = g;
    for (const set of this.sets) {
      const start = c + 1;
      if (!kids[set[0]!]!.evaluated) {
        c = start; // the cursor's .then still runs, returning the settled result
        continue;
      }
      let m = start;
      for (const i of set) m = Math.max(m, this.children[i]!.depth(kids[i]!, start, facts));
      // Promise.all (+1), its .then (+1), then the cursor adopts that promise (+1)
      c = m + 3;
    }
    return c;
  }

  depth(t: ConditionTrace, g: number, facts: Facts): number {
    return this.runDepth(t, g, facts) + 1;
  }
}

class Not implements CNode {
  constructor(
    readonly priority: number,
    private readonly name: string | undefined,
    readonly child: CNode,
  ) {}
  eval(facts: Facts, ctx: RunCtx): ConditionTrace {
    const c = this.child.eval(facts, ctx);
    const t: ConditionTrace = { type: "not", evaluated: true, result: !(c.result === true), child: c };
    if (this.name !== undefined) t.name = this.name;
    return t;
  }
  skip(reason: string): ConditionTrace {
    const t: ConditionTrace = { type: "not", evaluated: false, skippedReason: reason, child: this.child.skip(reason) };
    if (this.name !== undefined) t.name = this.name;
    return t;
  }
  depth(t: ConditionTrace, g: number, facts: Facts): number {
    return this.child.depth((t as { child: ConditionTrace }).child, g, facts) + 2;
  }
}

class Ref implements CNode {
  target!: CNode;
  constructor(
    readonly priority: number,
    private readonly name: string | undefined,
    private readonly condition: string,
  ) {}
  eval(facts: Facts, ctx: RunCtx): ConditionTrace {
    const c = this.target.eval(facts, ctx);
    const t: ConditionTrace = { type: "ref", condition: this.condition, evaluated: true, result: c.result === true, child: c };
    if (this.name !== undefined) t.name = this.name;
    return t;
  }
  skip(reason: string): ConditionTrace {
    const t: ConditionTrace = { type: "ref", condition: this.condition, evaluated: false, skippedReason: reason, child: this.target.skip(reason) };
    if (this.name !== undefined) t.name = this.name;
    return t;
  }
  depth(t: ConditionTrace, g: number, facts: Facts): number {
    // jre projects the shared condition onto the reference and evaluates it in the same tick
    return this.target.depth((t as { child: ConditionTrace }).child, g, facts);
  }
}

/** A rule's root condition: jre evaluates a root all/any/not slightly differently from a nested one. */
export class RootCondition {
  constructor(readonly node: CNode) {}
  eval(facts: Facts, ctx: RunCtx): { result: boolean; trace: ConditionTrace } {
    const n = this.node;
    if (n instanceof Bool) {
      const children: ConditionTrace[] = new Array((n as unknown as { children: CNode[] }).children.length);
      const result = n.run(facts, ctx, children);
      const t = { type: (n as unknown as { op: "all" | "any" }).op, evaluated: true, result, children } as ConditionTrace;
      const name = (n as unknown as { name?: string }).name;
      if (name !== undefined) t.name = name;
      return { result, trace: t };
    }
    const trace = n.eval(facts, ctx);
    return { result: trace.result === true, trace };
  }
  skip(reason: string): ConditionTrace {
    return this.node.skip(reason);
  }
  /** jre: rule root all/any → prioritizeAndRun; not → (+1 for the negation); reference → evaluateCondition */
  depth(t: ConditionTrace, facts: Facts): number {
    const n = this.node;
    if (n instanceof Bool) return n.runDepth(t, 0, facts);
    if (n instanceof Not) return n.child.depth((t as { child: ConditionTrace }).child, 0, facts) + 1;
    return n.depth(t, 0, facts);
  }
}

/** Compiles conditions of one rule set (a playbook, or a list of jre rules) sharing named conditions. */
export class ConditionCompiler {
  readonly issues: CompileIssue[] = [];
  private readonly shared = new Map<string, CNode | "compiling">();
  private readonly refs: { ref: Ref; name: string; path: string }[] = [];
  private readonly leafIds = new Map<string, number>();
  private readonly bools: Bool[] = [];

  /** how many distinct leaves: the size of a run's memo */
  get leafCount(): number {
    return this.leafIds.size;
  }

  constructor(
    private readonly sharedDocs: Record<string, unknown>,
    private readonly sharedPath: (name: string) => string,
  ) {}

  compileRoot(c: unknown, path: string): RootCondition {
    if (!c || typeof c !== "object" || !["all", "any", "not", "condition"].some((k) => Object.hasOwn(c, k))) {
      this.issues.push({ path, message: 'conditions must start with "all", "any", "not" or "condition"' });
      return new RootCondition(new Bool(1, undefined, "all", []));
    }
    return new RootCondition(this.compile(c, path));
  }

  /** Resolve every { condition } reference once all are compiled; reports unknown names and cycles. */
  link(): void {
    for (const name of Object.keys(this.sharedDocs)) this.sharedNode(name, [name]);
    for (const { ref, name, path } of this.refs) {
      const n = this.shared.get(name);
      if (n && n !== "compiling") ref.target = n;
      else if (!Object.hasOwn(this.sharedDocs, name)) this.issues.push({ path, message: `unknown shared condition '${name}'` });
    }
    if (this.issues.length === 0) for (const b of this.bools) b.finish();
  }

  private sharedNode(name: string, stack: string[]): CNode | undefined {
    const got = this.shared.get(name);
    if (got === "compiling") {
      this.issues.push({ path: this.sharedPath(stack[0]!), message: `shared conditions refer to each other in a cycle: ${stack.join(" → ")}` });
      return undefined;
    }
    if (got) return got;
    if (!Object.hasOwn(this.sharedDocs, name)) return undefined;
    this.shared.set(name, "compiling");
    const node = this.compileRoot(this.sharedDocs[name], this.sharedPath(name)).node;
    // follow references inside the shared condition now, to find cycles
    this.walkRefs(this.sharedDocs[name], (ref) => {
      this.sharedNode(ref, [...stack, ref]);
    });
    this.shared.set(name, node);
    return node;
  }

  private walkRefs(c: unknown, f: (name: string) => void): void {
    if (!c || typeof c !== "object") return;
    const o = c as Record<string, unknown>;
    if (typeof o.condition === "string") f(o.condition);
    for (const k of ["all", "any"]) if (Array.isArray(o[k])) (o[k] as unknown[]).forEach((x) => this.walkRefs(x, f));
    if (o.not) this.walkRefs(o.not, f);
  }

  compile(c: unknown, path: string): CNode {
    const o = (c ?? {}) as Record<string, unknown>;
    const name = typeof o.name === "string" ? o.name : undefined;
    const boolPriority = Number.parseInt(String(o.priority), 10) || 1;
    if (Object.hasOwn(o, "any") || Object.hasOwn(o, "all")) {
      const op = Object.hasOwn(o, "any") ? "any" : "all";
      const list = o[op];
      if (!Array.isArray(list)) {
        this.issues.push({ path: `${path}.${op}`, message: `"${op}" must be a list of conditions` });
        return new Bool(boolPriority, name, op, []);
      }
      const b = new Bool(boolPriority, name, op, list.map((x, i) => this.compile(x, `${path}.${op}[${i}]`)));
      this.bools.push(b);
      return b;
    }
    if (Object.hasOwn(o, "not")) {
      if (Array.isArray(o.not) || !o.not || typeof o.not !== "object") {
        this.issues.push({ path: `${path}.not`, message: '"not" takes one condition, not a list' });
        return new Bool(boolPriority, name, "all", []);
      }
      return new Not(boolPriority, name, this.compile(o.not, `${path}.not`));
    }
    // a reference or a leaf has no priority of its own unless given (then jre uses the fact's: 1)
    const leafPriority = (o.priority !== undefined ? Number.parseInt(String(o.priority), 10) : 0) || 1;
    if (Object.hasOwn(o, "condition")) {
      const ref = new Ref(leafPriority, name, String(o.condition));
      this.refs.push({ ref, name: String(o.condition), path: `${path}.condition` });
      return ref;
    }
    if (typeof o.fact !== "string" || o.fact === "") this.issues.push({ path: `${path}.fact`, message: "name the fact to test" });
    if (!Object.hasOwn(o, "value")) this.issues.push({ path: `${path}.value`, message: "give the value to compare with" });
    const operator = typeof o.operator === "string" ? o.operator : "";
    const text = Object.hasOwn(TEXT_OPERATORS, operator) ? TEXT_OPERATORS[operator] : undefined;
    const fn = text ? undefined : resolveOperator(operator);
    if (!text && !fn) {
      this.issues.push({ path: `${path}.operator`, message: `unknown operator '${operator}' (known: ${OPERATOR_NAMES.join(", ")}, optionally decorated as not:, swap:, someFact:, someValue:, everyFact:, everyValue:)` });
    }
    const p = typeof o.path === "string" && o.path !== "" ? o.path : undefined;
    const key = JSON.stringify([name ?? null, o.fact, p ?? null, operator, o.value ?? null]);
    let id = this.leafIds.get(key);
    if (id === undefined) this.leafIds.set(key, (id = this.leafIds.size));
    return new Leaf(id, leafPriority, name, String(o.fact ?? ""), p, operator, (o.value ?? null) as JsonValue, fn ?? (() => false), text);
  }
}
