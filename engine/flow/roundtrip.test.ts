// Round trips: rules → graph → rules gives the same rules and the same decisions (property test),
// the example playbooks import without overlapping nodes, and a drawn graph is stable.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CrisisPlaybook, EscalationPlaybook, FlowDocument, type Decision, type EscalationStep, type JsonRule, type RoutingPlaybook, type RoutingRule, type TopLevelCondition } from "@/schemas";
import { readPlaybookFiles, readSampleFiles } from "@/playbooks/load";
import { compilePlaybook, deriveFacts, evaluate } from "../index";
import { compileFlow, compileFlowPlaybook, layoutFlow, nodeSize, overlaps, playbookToFlow, rulesToFlow, type FlowPlaybook } from "./index";
import { FC_SEED, factsArb, fcRuns, graphDocArb, playbookOf, rulesArb, SHARED } from "./testing";

const clock = { now: () => new Date("2026-01-01T00:00:00.000Z"), perf: () => 0 };
const RUNS = fcRuns(300);

const withoutNodeId = (r: RoutingRule) => {
  const { nodeId: _n, ...rest } = r;
  return rest;
};
function decide(pb: FlowPlaybook, facts: Record<string, unknown>): Pick<Decision, "outcome" | "firedRules" | "matched" | "partial"> {
  const d = evaluate({ decisionId: "d", subject: "simulation", facts, playbooks: [compilePlaybook(pb, { versionId: "v", version: 1 })], clock });
  return { outcome: d.outcome, firedRules: d.firedRules, matched: d.matched, partial: d.partial };
}
function docOf(pb: FlowPlaybook, graph: FlowDocument["graph"]): FlowDocument {
  return FlowDocument.parse({ ...playbookToFlow({ ...pb, graph }), graph });
}

describe("rules → graph → rules", () => {
  it(`gives the same rules and the same decisions (${RUNS} runs, seed ${FC_SEED})`, () => {
    fc.assert(
      fc.property(rulesArb, fc.constantFrom("collect", "first_match"), fc.array(factsArb, { minLength: 1, maxLength: 4 }), (rules, strategy, factsList) => {
        const original = playbookOf(rules, { settings: { conflictStrategy: strategy } });
        const { graph, warnings } = rulesToFlow({ rules, trigger: original.trigger });
        expect(warnings).toEqual([]);
        expect(overlaps(graph)).toEqual([]);
        const compiled = compileFlow(docOf(original, graph));
        expect(compiled.issues.filter((i) => i.severity === "error")).toEqual([]);
        const back = compiled.playbook!;
        expect(back.rules.map(withoutNodeId)).toStrictEqual(rules);
        // every rule remembers the canvas node it came from
        for (const r of back.rules) expect(graph.nodes.find((n) => n.id === r.nodeId)?.type).toBe(r.actions[0]!.type);
        for (const facts of factsList) expect(decide(back, facts)).toStrictEqual(decide(original, facts));
      }),
      { numRuns: RUNS, seed: FC_SEED },
    );
  });

  it("imports plain json-rules-engine rules: events that are routing actions become actions, others tags", () => {
    const rules: JsonRule[] = [
      { name: "Ventas MX", priority: 3, conditions: { all: [{ fact: "country", operator: "equal", value: "MX" }] }, event: { type: "route", params: { queue: "ventas-mx" } } },
      { conditions: { any: [{ fact: "channel", operator: "equal", value: "email" }] }, event: { type: "lead-email" } },
    ];
    const { graph, warnings } = rulesToFlow({ rules });
    expect(warnings).toEqual(["rule 'rule-2': event 'lead-email' is not a routing action; imported as the tag 'lead-email' (edit the action on the canvas)"]);
    const pb = compileFlowPlaybook(FlowDocument.parse({ id: "imp", kind: "routing", name: "Imported", graph }));
    expect(pb.rules.map(withoutNodeId)).toEqual([
      { id: "ventas-mx", name: "Ventas MX", priority: 3, enabled: true, conditions: rules[0]!.conditions, actions: [{ type: "route", queue: "ventas-mx" }] },
      { id: "rule-2", name: "rule-2", priority: 1, enabled: true, conditions: rules[1]!.conditions, actions: [{ type: "add_tags", tags: ["lead-email"] }] },
    ]);
  });

  it("layout is deterministic, never overlaps nodes and never changes what the flow means", () => {
    const evaluationOrder = (rules: RoutingRule[]) =>
      rules
        .map((r, i) => ({ r, i }))
        .sort((a, b) => b.r.priority - a.r.priority || a.i - b.i)
        .map((x) => x.r.id);
    const byId = (rules: RoutingRule[]) => [...rules].sort((a, b) => (a.id < b.id ? -1 : 1));
    fc.assert(
      fc.property(graphDocArb, (d) => {
        const a = layoutFlow(d.graph);
        expect(layoutFlow(d.graph)).toStrictEqual(a);
        expect(overlaps(a)).toEqual([]);
        expect(a.edges).toBe(d.graph.edges);
        const before = compileFlow(d).playbook;
        const after = compileFlow({ ...d, graph: a }).playbook;
        if (!before) return;
        expect(byId(after!.rules)).toStrictEqual(byId(before.rules));
        // equal priorities run in canvas order: the layout keeps that order
        expect(evaluationOrder(after!.rules)).toStrictEqual(evaluationOrder(before.rules));
      }),
      { numRuns: Math.min(RUNS, 150), seed: FC_SEED },
    );
  });
});

describe("the example playbooks", () => {
  const files = readPlaybookFiles().filter((f) => f.document.kind === "routing");
  const samples = readSampleFiles().flatMap((f) => f.samples.cases);

  it.each(files.map((f) => [f.document.id, f.document] as const))("%s imports without overlapping nodes and compiles back to the same rules", async (_id, doc) => {
    const pb = doc as RoutingPlaybook;
    const flow = playbookToFlow(pb);
    expect(flow.graph.nodes.length).toBeGreaterThan(pb.rules.length);
    expect(overlaps(flow.graph)).toEqual([]);
    for (const n of flow.graph.nodes) expect(nodeSize(n).width).toBeGreaterThan(0);
    const compiled = compileFlow(flow);
    // the examples order their rules with explicit priorities: nothing to warn about
    expect(compiled.issues).toEqual([]);
    const back = compiled.playbook!;
    expect(back.rules.map(withoutNodeId)).toStrictEqual(pb.rules.map(withoutNodeId));
    expect(back.trigger).toStrictEqual(pb.trigger);
    expect(back.conditions).toStrictEqual(pb.conditions);
    // and decides every sample case the same way
    expect(samples.length).toBeGreaterThan(10);
    for (const s of samples) {
      const facts = await deriveFacts(s.case as never, { now: new Date("2026-01-01T00:00:00.000Z") });
      expect(decide(back, facts)).toStrictEqual(decide(pb, facts));
    }
    // a stored graph is opened as it is
    expect(playbookToFlow(back).graph).toBe(back.graph);
  });
});

describe("a drawn graph is stable: graph → rules → graph → rules", () => {
  it(`for random drawn graphs (seed ${FC_SEED})`, () => {
    fc.assert(
      fc.property(graphDocArb, fc.array(factsArb, { minLength: 1, maxLength: 3 }), (d, factsList) => {
        const first = compileFlow(d);
        if (!first.playbook) return;
        const pb1 = first.playbook;
        const redrawn = rulesToFlow({ rules: pb1.rules, trigger: pb1.trigger });
        const second = compileFlow(docOf(pb1, redrawn.graph));
        expect(second.issues.filter((i) => i.severity === "error")).toEqual([]);
        expect(second.playbook!.rules.map(withoutNodeId)).toStrictEqual(pb1.rules.map(withoutNodeId));
        const third = compileFlow(docOf(second.playbook!, rulesToFlow({ rules: second.playbook!.rules, trigger: second.playbook!.trigger }).graph));
        expect(third.playbook!.rules).toStrictEqual(second.playbook!.rules);
        for (const facts of factsList) expect(decide(second.playbook!, facts)).toStrictEqual(decide(pb1, facts));
      }),
      { numRuns: Math.min(RUNS, 200), seed: FC_SEED },
    );
  });
  it("the shared conditions the arbitraries use are valid", () => {
    expect(compileFlowPlaybook(FlowDocument.parse({ id: "x", kind: "routing", name: "x", conditions: SHARED, graph: { nodes: [{ id: "t", type: "trigger", position: { x: 0, y: 0 }, data: {} }], edges: [] } })).conditions).toEqual(SHARED);
  });
});

describe("json-rules-engine names", () => {
  it("give unique rule ids, even when names repeat or look like generated ids", () => {
    const c: TopLevelCondition = { all: [] };
    const rules: JsonRule[] = [
      { name: "rule-2", conditions: c, event: { type: "a" } },
      { conditions: c, event: { type: "b" } },
      { name: "Ventas", conditions: c, event: { type: "c" } },
      { name: "ventas", conditions: c, event: { type: "d" } },
    ];
    const pb = compileFlowPlaybook(FlowDocument.parse({ id: "imp", kind: "routing", name: "Imported", graph: rulesToFlow({ rules }).graph }));
    expect(pb.rules.map((r) => [r.id, r.name])).toEqual([
      ["rule-2", "rule-2"],
      ["rule-3", "rule-2"],
      ["ventas", "Ventas"],
      ["ventas-2", "ventas"],
    ]);
  });
});

describe("import row order", () => {
  it("when a layout puts the imported rows out of order, they are laid out again in order, without overlaps", async () => {
    const { keepRowOrder } = await import("./import");
    const rules = fc.sample(rulesArb.filter((r) => r.length >= 3), { numRuns: 20, seed: 7 });
    for (const rs of rules) {
      const { graph } = rulesToFlow({ rules: rs });
      // flip the drawing upside down: rows now run bottom to top
      const flipped = { ...graph, nodes: graph.nodes.map((n) => ({ ...n, position: { x: n.position.x, y: -n.position.y } })) };
      const rows = rs.map((r) => {
        const actions = graph.nodes.filter((n) => n.id === `do-${r.id}` || n.id.startsWith(`do-${r.id}-`)).map((n) => n.id);
        return { nodes: [`if-${r.id}`, ...actions], anchor: actions[0] ?? `if-${r.id}` };
      });
      const fixed = keepRowOrder(flipped, rows);
      expect(overlaps(fixed)).toEqual([]);
      const back = compileFlowPlaybook(FlowDocument.parse({ id: "x", kind: "routing", name: "x", conditions: SHARED, graph: fixed }));
      expect(back.rules.map(withoutNodeId)).toStrictEqual(rs);
    }
  });
});

describe("plain json-rules-engine rules → graph", () => {
  it(`fire exactly as json-rules-engine rules do (seed ${FC_SEED})`, async () => {
    const { runJsonRules } = await import("../index");
    fc.assert(
      fc.property(rulesArb, fc.array(factsArb, { minLength: 1, maxLength: 4 }), (rules, factsList) => {
        // one routing action per rule, as a jre event: { type, params }
        const json: JsonRule[] = rules.map((r, i) => {
          const { type, ...params } = r.actions[0]!;
          return { name: `regla ${i}`, ...(i % 2 ? { priority: r.priority } : {}), conditions: r.conditions, event: { type, params: params as never } };
        });
        const { graph, warnings } = rulesToFlow({ rules: json });
        expect(warnings).toEqual([]);
        const pb = compileFlowPlaybook(FlowDocument.parse({ id: "jre", kind: "routing", name: "jre", conditions: SHARED, graph }));
        expect(pb.rules.map((r) => r.name)).toEqual(json.map((r) => r.name));
        for (const facts of factsList) {
          const jre = runJsonRules({ rules: json, conditions: SHARED, facts, clock, decisionId: "d" });
          const ours = evaluate({ decisionId: "d", subject: "simulation", facts, playbooks: [compilePlaybook(pb, { versionId: "v", version: 1 })], clock });
          const nameOf = new Map(pb.rules.map((r) => [r.id, r.name]));
          expect(ours.firedRules.map((r) => nameOf.get(r.ruleId)).sort()).toEqual([...jre.firedRules].sort());
        }
      }),
      { numRuns: Math.min(RUNS, 200), seed: FC_SEED },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Escalation and crisis documents without a graph (as playbooks/*.json may come)

const stepLeaf = (id: string) => ({ fact: "sla.step", operator: "equal", value: id });
const STEPS: EscalationStep[] = [
  { id: "aviso", metric: "first_response", at: "warning", percent: 80 },
  { id: "incumplido", metric: "first_response", at: "breach" },
  { id: "despues", metric: "resolution", at: "after_breach", minutes: 30 },
];
const without = <T extends { nodeId?: string }>(x: T) => {
  const { nodeId: _n, ...rest } = x;
  return rest;
};

describe("escalation playbooks: rules, steps → graph → the same document", () => {
  it(`for random ladder rules (seed ${FC_SEED})`, () => {
    fc.assert(
      fc.property(rulesArb, fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 12, maxLength: 12 }), (rules, pick) => {
        const ladder = rules.map((r, i) => {
          const c = r.conditions;
          const rest = "all" in c && Object.keys(c).length === 1 ? c.all : [c];
          return { ...r, conditions: { all: [stepLeaf(STEPS[pick[i % pick.length]!]!.id), ...rest] } as TopLevelCondition };
        });
        const pb = EscalationPlaybook.parse({ schemaVersion: 1, id: "esc", kind: "escalation", name: "Escalera", conditions: SHARED, rules: ladder, steps: STEPS, slaPolicies: [{ id: "p", name: "P", time: "calendar", targets: [{ firstResponseMinutes: 60 }] }] });
        const flow = playbookToFlow(pb);
        expect(overlaps(flow.graph)).toEqual([]);
        const back = compileFlowPlaybook(flow);
        if (back.kind !== "escalation") throw new Error("not escalation");
        expect(back.rules.map(withoutNodeId)).toStrictEqual(pb.rules.map(withoutNodeId));
        expect(back.steps.map(without)).toStrictEqual(pb.steps);
        expect(back.slaPolicies).toStrictEqual(pb.slaPolicies);
      }),
      { numRuns: Math.min(RUNS, 100), seed: FC_SEED },
    );
  });

  it("a rule at several steps (any of them) and a step no rule uses", () => {
    const pb = EscalationPlaybook.parse({
      schemaVersion: 1,
      id: "esc",
      kind: "escalation",
      name: "Escalera",
      steps: STEPS,
      rules: [
        { id: "notify", name: "Avisar", conditions: { any: [{ all: [stepLeaf("aviso")] }, { all: [stepLeaf("incumplido"), { fact: "customerTier", operator: "equal", value: "vip" }] }] }, actions: [{ type: "notify", target: "supervisor" }] },
      ],
    });
    const back = compileFlowPlaybook(playbookToFlow(pb));
    if (back.kind !== "escalation") throw new Error("not escalation");
    expect(back.rules.map(withoutNodeId)).toStrictEqual(pb.rules.map(withoutNodeId));
    expect(back.steps.map(without)).toStrictEqual(pb.steps);
  });
});

describe("crisis playbooks: detectors, rules → graph → the same document", () => {
  it(`for random override rules and detectors (seed ${FC_SEED})`, () => {
    const detectorArb = fc.record({
      condition: fc.option(fc.constantFrom<TopLevelCondition>({ all: [{ fact: "sentiment", path: "$.label", operator: "equal", value: "negative" }] }, { any: [{ fact: "channel", operator: "equal", value: "twitter" }] }), { nil: undefined }),
      windowMinutes: fc.integer({ min: 1, max: 60 }),
      threshold: fc.integer({ min: 1, max: 50 }),
    });
    fc.assert(
      fc.property(rulesArb, fc.array(detectorArb, { minLength: 1, maxLength: 3 }), (rules, dets) => {
        const pb = CrisisPlaybook.parse({
          schemaVersion: 1,
          id: "cri",
          kind: "crisis",
          name: "Crisis",
          conditions: SHARED,
          rules,
          levels: [{ level: 2, name: "Alta", protocol: [{ id: "p1", phase: "mitigation", title: "Mensaje de contención", owner: "Comunicación" }] }],
          detectors: dets.map((d, i) => ({ id: `det-${i + 1}`, name: `Detector ${i + 1}`, keywords: { es: ["fraude"] }, windowMinutes: d.windowMinutes, levels: [{ level: 2, threshold: d.threshold }], ...(d.condition ? { condition: d.condition } : {}) })),
        });
        const flow = playbookToFlow(pb);
        expect(overlaps(flow.graph)).toEqual([]);
        const back = compileFlowPlaybook(flow);
        if (back.kind !== "crisis") throw new Error("not crisis");
        expect(back.rules.map(withoutNodeId)).toStrictEqual(pb.rules.map(withoutNodeId));
        expect(back.detectors.map(without)).toStrictEqual(pb.detectors);
        expect(back.levels).toStrictEqual(pb.levels);
      }),
      { numRuns: Math.min(RUNS, 100), seed: FC_SEED },
    );
  });
});

describe("the example escalation and crisis playbooks", () => {
  const files = readPlaybookFiles().filter((f) => f.document.kind === "escalation" || f.document.kind === "crisis");
  it("exist: one escalation and one crisis example", () => expect(files.map((f) => f.document.kind).sort()).toEqual(["crisis", "escalation"]));
  it.each(files.map((f) => [f.document.id, f.document] as const))("%s imports without overlapping nodes and compiles back to the same document", (_id, doc) => {
    const pb = doc as EscalationPlaybook | CrisisPlaybook;
    const flow = playbookToFlow(pb);
    expect(overlaps(flow.graph)).toEqual([]);
    const back = compileFlowPlaybook(flow);
    expect(back.rules.map(withoutNodeId)).toStrictEqual(pb.rules.map(withoutNodeId));
    if (back.kind === "escalation" && pb.kind === "escalation") expect(back.steps.map(without)).toStrictEqual(pb.steps.map(without));
    if (back.kind === "crisis" && pb.kind === "crisis") expect(back.detectors.map(without)).toStrictEqual(pb.detectors.map(without));
  });
});
