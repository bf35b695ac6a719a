import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { Decision } from "@/schemas";
import { explainDecision, fieldName, translateReason } from "./explain";

type DecisionInput = z.input<typeof Decision>;

// A decision shaped like the postgraduate example: one playbook, a fired rule, a rule that did not
// apply, a rule that threw (bad pattern from a fact), a disabled rule and a skipped one, a conflict.
const base: DecisionInput = {
  id: "dec_1",
  caseId: "case_1",
  subject: "case",
  decidedAt: "2026-11-25T14:00:00.000Z",
  matched: true,
  partial: true,
  outcome: {
    queue: "posgrado-mx",
    priority: "high",
    tags: ["lead"],
    sources: { queue: { playbookId: "leads-posgrado", ruleId: "leads-mexico" } },
  },
  firedRules: [{ playbookId: "leads-posgrado", ruleId: "leads-mexico" }],
  playbooks: [{ playbookId: "leads-posgrado", versionId: "v1", version: 3, kind: "routing" }],
  errors: [{ playbookId: "leads-posgrado", ruleId: "pattern-rule", fact: "attributes", code: "rule_error", message: "Invalid regular expression: /(/: Unterminated group" }],
  trace: {
    facts: { channel: "whatsapp", country: "MX" },
    playbooks: [
      {
        playbookId: "leads-posgrado",
        versionId: "v1",
        version: 3,
        kind: "routing",
        name: "Leads de posgrado",
        trigger: { matched: true },
        durationMs: 0.4,
        rules: [
          {
            ruleId: "leads-mexico",
            name: "leads-mexico",
            priority: 10,
            status: "fired",
            conditions: {
              type: "all",
              evaluated: true,
              result: true,
              children: [
                { type: "fact", fact: "channel", operator: "equal", value: "whatsapp", factValue: "whatsapp", evaluated: true, result: true },
                {
                  type: "fact",
                  fact: "attributes",
                  path: "$.program",
                  operator: "contains",
                  value: "maestría",
                  factValue: "Maestría en Finanzas",
                  evaluated: true,
                  result: true,
                },
              ],
            },
            actions: [
              { action: { type: "route", queue: "posgrado-mx" }, applied: true },
              { action: { type: "set_priority", priority: "high" }, applied: true },
            ],
          },
          {
            ruleId: "leads-colombia",
            name: "leads-colombia",
            priority: 9,
            status: "not_fired",
            conditions: {
              type: "all",
              evaluated: true,
              result: false,
              children: [
                { type: "fact", fact: "channel", operator: "equal", value: "whatsapp", factValue: "whatsapp", evaluated: true, result: true },
                { type: "fact", fact: "country", operator: "equal", value: "CO", factValue: "MX", evaluated: true, result: false },
                {
                  type: "fact",
                  fact: "customerTier",
                  operator: "in",
                  value: ["vip"],
                  evaluated: false,
                  skippedReason: "short-circuit",
                },
              ],
            },
            actions: [{ action: { type: "route", queue: "posgrado-co" }, applied: false }],
          },
          {
            ruleId: "pattern-rule",
            name: "pattern-rule",
            priority: 5,
            status: "error",
            error: "Invalid regular expression: /(/: Unterminated group",
            conditions: {
              type: "all",
              evaluated: true,
              children: [
                {
                  type: "fact",
                  fact: "text",
                  operator: "matchesPattern",
                  value: { fact: "attributes", path: "$.pattern" },
                  valueResult: "(",
                  evaluated: true,
                  error: "Invalid regular expression: /(/: Unterminated group",
                },
              ],
            },
          },
          { ruleId: "old-rule", name: "old-rule", priority: 1, status: "disabled" },
          { ruleId: "late-rule", name: "late-rule", priority: 1, status: "skipped", skippedReason: "first_match: an earlier rule already acted" },
        ],
      },
      {
        playbookId: "cooperativa",
        versionId: "v9",
        version: 1,
        kind: "routing",
        name: "Cooperativa",
        trigger: {
          matched: false,
          conditions: {
            type: "all",
            evaluated: true,
            result: false,
            children: [
              { type: "fact", fact: "attributes", path: "$.account", operator: "equal", value: "cooperativa-sv", factValue: "posgrados-unimx", evaluated: true, result: false },
            ],
          },
        },
        durationMs: 0.1,
        rules: [],
      },
    ],
    conflicts: [
      {
        field: "queue",
        winner: { playbookId: "leads-posgrado", ruleId: "leads-mexico", value: "posgrado-mx" },
        losers: [{ playbookId: "leads-posgrado", ruleId: "fallback", value: "general" }],
        reason: "higher priority wins",
      },
    ],
    timings: { factsMs: 1, rulesMs: 0.5, totalMs: 1.5 },
  },
};

const decision = Decision.parse(base);

describe("explainDecision (es)", () => {
  const ex = explainDecision(decision, "es");
  const rules = ex.playbooks[0]?.rules ?? [];
  const rule = (id: string) => rules.find((r) => r.ruleId === id);

  it("summarises the routing with the winning rule's reasons and one rule that did not apply", () => {
    expect(ex.summary.text).toBe(
      "Enrutado a posgrado-mx con prioridad alta porque channel = whatsapp y attributes.program («Maestría en Finanzas») contiene «maestría»; " +
        "la regla leads-colombia no aplicó porque country = MX ≠ CO; la regla pattern-rule falló",
    );
    expect(ex.summary.segments).toContainEqual({ kind: "name", text: "posgrado-mx" });
  });

  it("explains a fired rule with the fact values that made it fire and its actions", () => {
    expect(rule("leads-mexico")?.status).toBe("fired");
    expect(rule("leads-mexico")?.sentence.text).toBe(
      "La regla leads-mexico se aplicó porque channel = whatsapp y attributes.program («Maestría en Finanzas») contiene «maestría» → enruta a posgrado-mx, prioridad alta",
    );
  });

  it("explains a rule that did not fire by its first failing condition, not the skipped ones", () => {
    expect(rule("leads-colombia")?.sentence.text).toBe("La regla leads-colombia no aplicó porque country = MX ≠ CO");
    expect(rule("leads-colombia")?.reasons).toHaveLength(1);
  });

  it("names what broke in a rule that errored", () => {
    expect(rule("pattern-rule")?.status).toBe("error");
    expect(rule("pattern-rule")?.sentence.text).toBe(
      "La regla pattern-rule falló al evaluar text coincide con el patrón attributes.pattern: Invalid regular expression: /(/: Unterminated group",
    );
    expect(ex.errors[0]?.text).toBe("Error en leads-posgrado/pattern-rule (attributes): Invalid regular expression: /(/: Unterminated group");
  });

  it("gives the reason of skipped and disabled rules", () => {
    expect(rule("late-rule")?.sentence.text).toBe("La regla late-rule no se evaluó: first_match: an earlier rule already acted");
    // Reasons the engine writes in English read in Spanish when known; unknown ones stay as written.
    expect(translateReason("not evaluated: the playbook's trigger did not match", "es")).toBe("no evaluada: el playbook no aplicaba a este caso");
    expect(translateReason("queue was already set by rule 'a', which comes first in priority order", "es")).toBe("la regla «a», que va antes por prioridad, ya fijó queue");
    expect(translateReason("queue was already set by rule 'a', which comes first in priority order", "en")).toBe("queue was already set by rule 'a', which comes first in priority order");
    expect(rule("old-rule")?.sentence.text).toBe("La regla old-rule está desactivada");
  });

  it("says why a playbook's trigger kept the case out", () => {
    expect(ex.playbooks[1]?.triggerMatched).toBe(false);
    expect(ex.playbooks[1]?.sentence?.text).toBe("El playbook no se aplicó a este caso porque attributes.account = posgrados-unimx ≠ cooperativa-sv");
  });

  it("describes conflicts", () => {
    expect(ex.conflicts[0]?.text).toBe(
      "Conflicto en queue: leads-posgrado/leads-mexico ganó con posgrado-mx; descartado: leads-posgrado/fallback (general) — higher priority wins",
    );
  });
});

describe("explainDecision (en)", () => {
  const ex = explainDecision(decision, "en");
  const rule = (id: string) => ex.playbooks[0]?.rules.find((r) => r.ruleId === id);

  it("summarises in English", () => {
    expect(ex.summary.text).toBe(
      "Routed to posgrado-mx with priority high because channel = whatsapp and attributes.program (“Maestría en Finanzas”) contains “maestría”; " +
        "rule leads-colombia did not apply because country = MX ≠ CO; rule pattern-rule failed",
    );
  });

  it("explains each rule status in English", () => {
    expect(rule("leads-mexico")?.sentence.text).toContain("Rule leads-mexico applied because channel = whatsapp");
    expect(rule("leads-mexico")?.sentence.text).toContain("→ routes to posgrado-mx, priority high");
    expect(rule("leads-colombia")?.sentence.text).toBe("Rule leads-colombia did not apply because country = MX ≠ CO");
    expect(rule("pattern-rule")?.sentence.text).toContain("Rule pattern-rule failed while evaluating text matches the pattern attributes.pattern");
    expect(rule("late-rule")?.sentence.text).toBe("Rule late-rule was not evaluated: first_match: an earlier rule already acted");
    expect(rule("old-rule")?.sentence.text).toBe("Rule old-rule is disabled");
    expect(ex.conflicts[0]?.text).toContain("Conflict on queue: leads-posgrado/leads-mexico won with posgrado-mx; overruled: leads-posgrado/fallback (general)");
    expect(ex.playbooks[1]?.sentence?.text).toBe("The playbook did not apply to this case because attributes.account = posgrados-unimx ≠ cooperativa-sv");
  });
});

describe("condition shapes", () => {
  const withConditions = (conditions: unknown, status: "fired" | "not_fired") =>
    Decision.parse({
      ...base,
      outcome: {},
      matched: status === "fired",
      partial: false,
      errors: [],
      firedRules: [],
      trace: {
        ...base.trace,
        conflicts: [],
        playbooks: [{ ...base.trace.playbooks[0], rules: [{ ruleId: "r", name: "r", priority: 1, status, conditions, actions: [] }] }],
      },
    });

  it("an `any` that failed lists each alternative; a `not` that failed says what should not hold", () => {
    const d = withConditions(
      {
        type: "all",
        evaluated: true,
        result: false,
        children: [
          {
            type: "any",
            evaluated: true,
            result: false,
            children: [
              { type: "fact", fact: "customerTier", operator: "in", value: ["vip", "high_value"], factValue: "standard", evaluated: true, result: false },
              { type: "fact", fact: "customer", path: "$.lifetimeValue", operator: "greaterThan", value: 1000, factValue: 200, evaluated: true, result: false },
            ],
          },
        ],
      },
      "not_fired",
    );
    expect(explainDecision(d, "es").playbooks[0]?.rules[0]?.sentence.text).toBe(
      "La regla r no aplicó porque no se cumplió ninguna: customerTier (standard) no está en [vip, high_value]; customer.lifetimeValue = 200 ≤ 1000",
    );
    const n = withConditions(
      {
        type: "not",
        evaluated: true,
        result: false,
        child: { type: "fact", fact: "keywords", operator: "containsWord", value: "fraude", factValue: ["fraude", "tarjeta"], evaluated: true, result: true },
      },
      "not_fired",
    );
    expect(explainDecision(n, "en").playbooks[0]?.rules[0]?.sentence.text).toBe(
      "Rule r did not apply because it should not hold: keywords ([“fraude”, “tarjeta”]) contains the word “fraude”",
    );
  });

  it("a fired `any` gives the alternative that held; a missing fact value is named", () => {
    const d = withConditions(
      {
        type: "any",
        evaluated: true,
        result: true,
        children: [
          { type: "fact", fact: "country", operator: "equal", value: "CO", evaluated: true, result: false },
          { type: "ref", condition: "es-vip", evaluated: true, result: true },
        ],
      },
      "fired",
    );
    expect(explainDecision(d, "es").playbooks[0]?.rules[0]?.sentence.text).toBe("La regla r se aplicó porque la condición compartida es-vip se cumplió");
    const m = withConditions(
      { type: "all", evaluated: true, result: false, children: [{ type: "fact", fact: "country", operator: "equal", value: "CO", evaluated: true, result: false }] },
      "not_fired",
    );
    expect(explainDecision(m, "en").playbooks[0]?.rules[0]?.sentence.text).toBe("Rule r did not apply because country = (no value) ≠ CO");
    expect(explainDecision(m, "es").summary.text).toBe("Ninguna regla se aplicó a este caso; la regla r no aplicó porque country = (sin valor) ≠ CO");
  });

  it("reads JSONPath paths as dotted field names", () => {
    expect(fieldName("customer", "$.tier")).toBe("customer.tier");
    expect(fieldName("attributes", "$['program']")).toBe("attributes.program");
    expect(fieldName("channel")).toBe("channel");
  });
});
