// The shadowed / overlap analysis is sound: what it proves holds on every generated case.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Condition, RoutingRule, TopLevelCondition } from "@/schemas";
import { compilePlaybook, evaluate } from "../index";
import { analyzeRules, exclusive, implies } from "./analysis";
import { FC_SEED, factsArb, fcRuns, playbookOf, rulesArb, topArb } from "./testing";

const clock = { now: () => new Date("2026-01-01T00:00:00.000Z"), perf: () => 0 };
const RUNS = fcRuns(300);

// leaves on few facts and values, so that exclusive / implied pairs come up often
const smallLeaf: fc.Arbitrary<Condition> = fc
  .record({
    fact: fc.constantFrom("channel", "country"),
    op: fc.constantFrom("equal", "notEqual", "in", "notIn"),
    v: fc.constantFrom("whatsapp", "email", "MX", "CO"),
    list: fc.subarray(["whatsapp", "email", "MX", "CO"], { minLength: 1 }),
  })
  .map(({ fact, op, v, list }) => ({ fact, operator: op, value: op === "in" || op === "notIn" ? list : v }) as Condition);
const smallTop: fc.Arbitrary<TopLevelCondition> = fc.oneof(
  fc.array(smallLeaf, { maxLength: 3 }).map((all) => ({ all })),
  smallLeaf.map((l) => ({ not: l })),
  fc.array(smallLeaf, { minLength: 1, maxLength: 2 }).map((l) => ({ not: { all: l } })),
  fc.array(fc.array(smallLeaf, { minLength: 1, maxLength: 2 }), { minLength: 2, maxLength: 2 }).map((alts) => ({ any: alts.map((all) => ({ all })) })),
);
const smallFacts = fc.record({ channel: fc.constantFrom("whatsapp", "email", "sms"), country: fc.constantFrom("MX", "CO", "AR") }, { requiredKeys: [] });

/** Which of the given conditions hold on the facts, by the engine itself. */
function holds(conds: TopLevelCondition[], facts: Record<string, unknown>): boolean[] {
  const rules: RoutingRule[] = conds.map((c, i) => ({ id: `c${i}`, name: `c${i}`, priority: 1, enabled: true, conditions: c, actions: [{ type: "add_tags", tags: [`t${i}`] }] }));
  const d = evaluate({ decisionId: "d", subject: "simulation", facts, playbooks: [compilePlaybook(playbookOf(rules), { versionId: "v", version: 1 })], clock });
  const fired = new Set(d.firedRules.map((r) => r.ruleId));
  return conds.map((_, i) => fired.has(`c${i}`));
}

describe("analysis soundness", () => {
  it(`exclusive(a, b) ⇒ never both; implies(a, b) ⇒ b whenever a (seed ${FC_SEED})`, () => {
    let proved = 0;
    fc.assert(
      fc.property(fc.oneof(smallTop, topArb), fc.oneof(smallTop, topArb), fc.array(fc.oneof(smallFacts, factsArb), { minLength: 3, maxLength: 6 }), (a, b0, factsList) => {
        // b sometimes is a's negation or a narrower version of a
        const b = JSON.stringify(a) === JSON.stringify(b0) ? ({ not: a } as TopLevelCondition) : b0;
        const ex = exclusive(a, b);
        const im = implies(a, b);
        if (ex || im) proved++;
        for (const facts of factsList) {
          const [ha, hb] = holds([a, b], facts);
          if (ex) expect(ha && hb).toBe(false);
          if (im && ha) expect(hb).toBe(true);
        }
        expect(exclusive(a, { not: a })).toBe(true);
        expect(implies({ all: [a, b] }, a)).toBe(true);
      }),
      { numRuns: RUNS, seed: FC_SEED },
    );
    expect(proved).toBeGreaterThan(RUNS / 20);
  });

  it(`a shadowed rule never changes the outcome; an overlap is real (seed ${FC_SEED})`, () => {
    fc.assert(
      fc.property(rulesArb, fc.constantFrom("collect", "first_match"), fc.array(factsArb, { minLength: 3, maxLength: 6 }), (rules, strategy, factsList) => {
        const pb = playbookOf(rules, { settings: { conflictStrategy: strategy } });
        const warnings = analyzeRules(rules, strategy);
        const compiled = compilePlaybook(pb, { versionId: "v", version: 1 });
        for (const facts of factsList) {
          const d = evaluate({ decisionId: "d", subject: "simulation", facts, playbooks: [compiled], clock });
          const traces = d.trace.playbooks[0]!.rules;
          for (const w of warnings.filter((x) => x.code === "shadowed")) {
            const t = traces.find((r) => r.ruleId === w.rule.id)!;
            if (t.status === "fired") {
              expect(traces.find((r) => r.ruleId === w.other.id)!.status).toBe("fired");
              expect(t.actions.every((a) => !a.applied)).toBe(true);
            }
          }
        }
        // an overlap is between two enabled rules routing to different queues
        for (const w of warnings.filter((x) => x.code === "overlap")) {
          const q = (r: RoutingRule) => r.actions.find((a) => a.type === "route");
          expect(q(w.rule)).toBeDefined();
          expect(q(w.other)).toBeDefined();
          expect(w.rule.enabled && w.other.enabled).toBe(true);
        }
      }),
      { numRuns: RUNS, seed: FC_SEED },
    );
  });
});
