import { describe, expect, it } from "vitest";
import { CaseInput, Decision, type PlaybookDocumentInput } from "@/schemas";
import { compilePlaybook, deriveFacts, evaluate, PlaybookCompileError, runJsonRules, type CompiledPlaybook, type Facts } from "./index";
import { TEXT_OPERATOR_FNS } from "./operators";
import { compilePath } from "./paths";
import { JSONPath } from "jsonpath-plus";

let t = 0;
const clock = { now: () => new Date("2026-03-01T12:00:00.000Z"), perf: () => (t += 0.25) };

function pb(doc: Partial<PlaybookDocumentInput> & { rules: unknown[] }, version = 1): CompiledPlaybook {
  return compilePlaybook({ schemaVersion: 1, id: "pb", name: "Playbook", kind: "routing", ...doc } as never, { versionId: `${doc.id ?? "pb"}@${version}`, version });
}
const rule = (id: string, conditions: unknown, actions: unknown[], extra: Record<string, unknown> = {}) => ({ id, name: id, conditions, actions, ...extra });
const leaf = (fact: string, operator: string, value: unknown, path?: string) => ({ fact, operator, value, ...(path ? { path } : {}) });
const run = (facts: Facts, ...playbooks: CompiledPlaybook[]) => evaluate({ decisionId: "d1", subject: "simulation", facts, playbooks, clock });
const ruleTrace = (d: Decision, ruleId: string, playbookId = "pb") => d.trace.playbooks.find((p) => p.playbookId === playbookId)!.rules.find((r) => r.ruleId === ruleId)!;

describe("text operators", () => {
  const op = TEXT_OPERATOR_FNS;
  it("ignore case and accents, match whole words and phrases", () => {
    expect(op.containsWord!("Quiero un REÉMBOLSO ya", "reembolso")).toBe(true);
    expect(op.containsWord!("quiero un reembolso", "Reémbolso")).toBe(true);
    expect(op.containsWord!("reembolsos", "reembolso")).toBe(false);
    expect(op.containsWord!("¿Dónde está mi pedido?", "mi pedido")).toBe(true);
    expect(op.containsWord!("pedido mi", "mi pedido")).toBe(false);
    expect(op.containsWord!(["maestría", "finanzas"], "maestria")).toBe(true);
    expect(op.containsWord!(undefined, "x")).toBe(false);
    expect(op.containsAnyWord!("envío tardío", ["reembolso", "envio"])).toBe(true);
    expect(op.containsAnyWord!("envío tardío", [])).toBe(false);
    expect(op.containsAllWords!("envío tardío y frío", ["envio", "frio"])).toBe(true);
    expect(op.containsAllWords!("envío tardío", ["envio", "frio"])).toBe(false);
    expect(op.textEquals!("  México ", "mexico")).toBe(true);
    expect(op.textEquals!("México DF", "mexico")).toBe(false);
    expect(op.matchesPattern!("Pedido #A-123", "#a-\\d+")).toBe(true);
    expect(op.matchesPattern!("Maestría", "maestria")).toBe(true);
  });
  it("an invalid pattern throws at evaluation", () => {
    expect(() => op.matchesPattern!("x", "([")).toThrow(/invalid pattern/);
  });
});

describe("paths", () => {
  const doc = { a: { b: [1, { c: 2 }], "x y": 3, s: "abc", z: 0, n: null } };
  it.each(["$", "$.a", "$.a.b", "$.a.b[1].c", "$.a['x y']", '$.a["x y"]', "$.a.s.length", "$.a.s[0]", "$.a.z", "$.a.z.q", "$.a.n.q", "$.q", "$.a.toString", "$..c", "$.a.b[*]"])(
    "%s answers as jsonpath-plus",
    (p) => {
      expect(compilePath(p)(doc)).toStrictEqual(JSONPath({ path: p, json: doc, wrap: false }));
    },
  );
});

describe("conditions (json-rules-engine semantics)", () => {
  const facts = { channel: "whatsapp", customer: { country: "MX", lifetimeValue: 500 }, attributes: { limit: 100, account: "delivery-co" }, n: "12" };
  it("compares with another fact and records valueResult and factValue", () => {
    const d = run(facts, pb({ rules: [rule("r", { all: [leaf("customer", "greaterThan", { fact: "attributes", path: "$.limit" }, "$.lifetimeValue")] }, [{ type: "add_tags", tags: ["x"] }])] }));
    const c = ruleTrace(d, "r").conditions as { children: { factValue: unknown; valueResult: unknown; result: boolean }[] };
    expect(c.children[0]).toMatchObject({ factValue: 500, valueResult: 100, result: true, evaluated: true });
  });
  it("numeric operators accept numeric strings as jre does", () => {
    const d = run(facts, pb({ rules: [rule("r", { all: [leaf("n", "greaterThan", 5)] }, [{ type: "add_tags", tags: ["x"] }])] }));
    expect(d.matched).toBe(true);
  });
  it("an absent fact is undefined and the condition is evaluated", () => {
    const d = run(facts, pb({ rules: [rule("r", { all: [leaf("nope", "notEqual", "x")] }, [{ type: "add_tags", tags: ["x"] }])] }));
    const c = ruleTrace(d, "r").conditions as { children: { evaluated: boolean; factValue?: unknown }[] };
    expect(d.matched).toBe(true);
    expect(c.children[0]!.evaluated).toBe(true);
    expect("factValue" in c.children[0]!).toBe(false);
  });
  it("short-circuits between priority groups and says why", () => {
    const conditions = {
      all: [
        { ...leaf("channel", "equal", "email"), priority: 10 },
        leaf("channel", "equal", "whatsapp"),
        { any: [leaf("n", "equal", "12")] },
      ],
    };
    const d = run(facts, pb({ rules: [rule("r", conditions, [{ type: "add_tags", tags: ["x"] }])] }));
    const c = ruleTrace(d, "r").conditions as { children: { evaluated: boolean; skippedReason?: string; children?: { evaluated: boolean }[] }[] };
    expect(c.children[0]!.evaluated).toBe(true);
    expect(c.children[1]!.evaluated).toBe(false);
    expect(c.children[1]!.skippedReason).toMatch(/higher-priority group was false/);
    expect(c.children[2]!.children![0]!.evaluated).toBe(false);
  });
  it("evaluates every condition of one priority group (no short-circuit inside a group)", () => {
    const d = run(facts, pb({ rules: [rule("r", { all: [leaf("channel", "equal", "email"), leaf("channel", "equal", "whatsapp")] }, [{ type: "add_tags", tags: ["x"] }])] }));
    const c = ruleTrace(d, "r").conditions as { children: { evaluated: boolean; result: boolean }[] };
    expect(c.children.map((x) => [x.evaluated, x.result])).toEqual([[true, false], [true, true]]);
  });
  it("shared conditions are referenced by name and traced", () => {
    const d = run(facts, pb({ conditions: { mx: { all: [leaf("customer", "equal", "MX", "$.country")] } }, rules: [rule("r", { all: [{ condition: "mx" }, { not: { condition: "mx" } }] }, [{ type: "add_tags", tags: ["x"] }])] }));
    const c = ruleTrace(d, "r").conditions as { children: { type: string; result: boolean; child?: unknown }[] };
    expect(c.children[0]).toMatchObject({ type: "ref", condition: "mx", result: true });
    expect(c.children[1]).toMatchObject({ type: "not", result: false });
    expect(d.matched).toBe(false);
  });
  it("empty all and empty any are true, as in jre", () => {
    const d = run(facts, pb({ rules: [rule("a", { all: [] }, [{ type: "add_tags", tags: ["a"] }]), rule("b", { any: [] }, [{ type: "add_tags", tags: ["b"] }])] }));
    expect(d.outcome.tags).toEqual(["a", "b"]);
  });
});

describe("routing actions and conflicts", () => {
  const facts = { channel: "whatsapp", language: "en", customer: { name: "Ana María López" }, attributes: { orderId: "A-9" } };
  const always = { all: [] };
  it("collect: everything accumulates, single values from the first rule in priority order", () => {
    const p = pb({
      locale: "es",
      rules: [
        rule("low", always, [{ type: "route", queue: "general" }, { type: "add_tags", tags: ["b", "a"] }, { type: "require_skills", skills: ["es"] }], { priority: 1 }),
        rule("high", always, [{ type: "route", queue: "vip", team: "t1" }, { type: "add_tags", tags: ["a"] }, { type: "set_priority", priority: "urgent" }, { type: "notify", target: "slack:#vip" }], { priority: 5 }),
      ],
    });
    const d = run(facts, p);
    expect(d.outcome).toMatchObject({ queue: "vip", team: "t1", tags: ["a", "b"], skills: ["es"], priority: "urgent", notifications: [{ target: "slack:#vip" }] });
    expect(d.outcome.sources.queue).toEqual({ playbookId: "pb", ruleId: "high" });
    expect(d.firedRules.map((f) => f.ruleId)).toEqual(["high", "low"]);
    expect(d.trace.conflicts).toEqual([
      expect.objectContaining({ field: "queue", winner: { playbookId: "pb", ruleId: "high", value: { queue: "vip", team: "t1" } }, losers: [{ playbookId: "pb", ruleId: "low", value: { queue: "general" } }] }),
    ]);
    expect(ruleTrace(d, "low").actions[0]).toMatchObject({ applied: false, reason: expect.stringMatching(/already set by rule 'high'/) });
  });
  it("first_match: only the first fired rule acts", () => {
    const p = pb({ settings: { conflictStrategy: "first_match" }, rules: [rule("a", always, [{ type: "add_tags", tags: ["a"] }]), rule("b", always, [{ type: "add_tags", tags: ["b"] }])] });
    const d = run(facts, p);
    expect(d.outcome.tags).toEqual(["a"]);
    expect(ruleTrace(d, "b").status).toBe("fired");
    expect(ruleTrace(d, "b").actions[0]).toMatchObject({ applied: false, reason: expect.stringMatching(/first_match: rule 'a'/) });
  });
  it("across playbooks: lower precedence wins single values; tags accumulate", () => {
    const a = pb({ id: "zeta", precedence: 10, rules: [rule("r", always, [{ type: "route", queue: "from-zeta" }, { type: "add_tags", tags: ["z"] }])] });
    const b = pb({ id: "alpha", precedence: 50, rules: [rule("r", always, [{ type: "route", queue: "from-alpha" }, { type: "add_tags", tags: ["a"] }])] });
    const d = run(facts, b, a);
    expect(d.outcome.queue).toBe("from-zeta");
    expect(d.outcome.tags).toEqual(["z", "a"]);
    expect(d.trace.playbooks.map((p) => p.playbookId)).toEqual(["zeta", "alpha"]);
    expect(d.trace.conflicts[0]!.reason).toMatch(/precedence/);
  });
  it("auto-reply: case language, else playbook locale, else first; placeholders filled, missing ones empty", () => {
    const p = pb({ locale: "es", rules: [rule("r", always, [{ type: "auto_reply", templates: { es: "Hola {{customer.firstName}}", en: "Hi {{customer.firstName}} ({{channel}}), order {{attributes.orderId}}{{attributes.missing}}." } }])] });
    expect(run(facts, p).outcome.autoReply).toEqual({ locale: "en", text: "Hi Ana (whatsapp), order A-9." });
    expect(run({ ...facts, language: "pt" }, p).outcome.autoReply).toEqual({ locale: "es", text: "Hola Ana" });
    const q = pb({ locale: "es", rules: [rule("r", always, [{ type: "auto_reply", templates: { pt: "Olá {{customer.name}}" } }])] });
    expect(run({ channel: "sms" }, q).outcome.autoReply).toEqual({ locale: "pt", text: "Olá " });
  });
  it("trigger: channels and condition; rules are skipped with the reason", () => {
    const p = pb({ trigger: { channels: ["email"] }, rules: [rule("r", always, [{ type: "add_tags", tags: ["x"] }])] });
    const d = run(facts, p);
    expect(d.trace.playbooks[0]!.trigger).toMatchObject({ matched: false });
    expect(ruleTrace(d, "r")).toMatchObject({ status: "skipped", skippedReason: expect.stringMatching(/channel "whatsapp"/) });
    const q = pb({ trigger: { channels: [], condition: { all: [leaf("attributes", "equal", "delivery-co", "$.account")] } }, rules: [rule("r", always, [{ type: "add_tags", tags: ["x"] }])] });
    const e = run(facts, q);
    expect(e.trace.playbooks[0]!.trigger).toMatchObject({ matched: false, reason: "trigger condition is false", conditions: { type: "all", result: false } });
    expect(run({ ...facts, attributes: { account: "delivery-co" } }, q).matched).toBe(true);
  });
  it("disabled rules are listed, not evaluated", () => {
    const d = run(facts, pb({ rules: [rule("r", always, [{ type: "add_tags", tags: ["x"] }], { enabled: false })] }));
    expect(ruleTrace(d, "r").status).toBe("disabled");
    expect(d.matched).toBe(false);
  });
});

describe("isolation of failures", () => {
  it("a rule whose pattern comes from a fact and is invalid fails alone; the decision is partial", () => {
    const a = pb({ id: "a", rules: [rule("bad", { all: [leaf("text", "matchesPattern", { fact: "attributes", path: "$.pattern" })] }, [{ type: "route", queue: "x" }]), rule("good", { all: [] }, [{ type: "route", queue: "ok" }])] });
    const b = pb({ id: "b", rules: [rule("other", { all: [] }, [{ type: "add_tags", tags: ["b"] }])] });
    const d = run({ text: "hola", attributes: { pattern: "([" } }, a, b);
    expect(d.partial).toBe(true);
    expect(d.errors).toEqual([expect.objectContaining({ playbookId: "a", ruleId: "bad", code: "rule_error" })]);
    expect(ruleTrace(d, "bad", "a")).toMatchObject({ status: "error", error: expect.stringMatching(/invalid pattern/) });
    expect(d.outcome.queue).toBe("ok");
    expect(d.outcome.tags).toEqual(["b"]);
    expect(Decision.safeParse(JSON.parse(JSON.stringify(d))).success).toBe(true);
  });
});

describe("compile errors name the path", () => {
  it("unknown operator", () => {
    try {
      pb({ rules: [rule("a", { all: [] }, [{ type: "add_tags", tags: ["x"] }]), rule("b", { any: [leaf("x", "equal", 1), { all: [leaf("x", "bogus", 1)] }] }, [{ type: "add_tags", tags: ["x"] }])] });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PlaybookCompileError);
      expect((e as PlaybookCompileError).issues[0]!.path).toBe("rules[1].conditions.any[1].all[0].operator");
    }
  });
  it("unknown shared condition and cycles", () => {
    expect(() => pb({ rules: [rule("a", { condition: "nope" }, [{ type: "add_tags", tags: ["x"] }])] })).toThrow(/rules\[0\]\.conditions\.condition: unknown shared condition 'nope'/);
    expect(() => pb({ conditions: { a: { condition: "b" }, b: { all: [{ condition: "a" }] } }, rules: [] })).toThrow(/cycle/);
  });
  it("an invalid document gets field paths", () => {
    expect(() => pb({ rules: [{ id: "a", name: "a", conditions: { all: [] }, actions: [] }] })).toThrow(/rules\[0\]\.actions/);
  });
  it("non-routing playbooks compile and are not evaluated", () => {
    const tone = compilePlaybook({ schemaVersion: 1, id: "tono", name: "Tono", kind: "tone" } as never, { versionId: "t", version: 1 });
    const d = run({ channel: "sms" }, tone);
    expect(d.trace.playbooks).toEqual([]);
  });
});

describe("replay", () => {
  it("evaluating trace.facts again gives the same decision (apart from id, time and timings)", async () => {
    const c = CaseInput.parse({ externalId: "e1", channel: "whatsapp", text: "Quiero información de la maestría en finanzas", customer: { id: "c1", name: "Luis Pérez", country: "mx" }, attributes: { account: "posgrados-unimx", program: "maestria-finanzas" } });
    const facts = await deriveFacts(c, { now: clock.now() });
    const p = pb({
      trigger: { channels: ["whatsapp"], condition: { all: [leaf("attributes", "equal", "posgrados-unimx", "$.account")] } },
      rules: [
        rule("mx", { all: [leaf("country", "equal", "MX"), leaf("normalizedText", "containsWord", "maestria")] }, [{ type: "route", queue: "posgrado-mx" }, { type: "auto_reply", templates: { es: "Hola {{customer.firstName}}" } }]),
        rule("co", { all: [leaf("country", "equal", "CO")] }, [{ type: "route", queue: "posgrado-co" }]),
      ],
    });
    const first = evaluate({ decisionId: "a", subject: "case", facts, playbooks: [p], clock });
    const replay = evaluate({ decisionId: "b", subject: "case", facts: JSON.parse(JSON.stringify(first.trace.facts)), playbooks: [p], clock: { now: () => new Date(0), perf: () => 0 } });
    const strip = (d: Decision) => JSON.parse(JSON.stringify({ ...d, id: "", decidedAt: "", trace: { ...d.trace, timings: null, playbooks: d.trace.playbooks.map((x) => ({ ...x, durationMs: 0 })) } }));
    expect(strip(replay)).toEqual(strip(first));
    expect(first.outcome).toMatchObject({ queue: "posgrado-mx", autoReply: { locale: "es", text: "Hola Luis" } });
  });
});

describe("derived facts", () => {
  it("normalises text, keywords, language, sentiment and tiers", async () => {
    const c = CaseInput.parse({ externalId: "e", channel: "twitter", subject: "Pésimo servicio", text: "Estoy furioso: mi pedido llegó frío y tarde, quiero un REÉMBOLSO", customer: { id: "c", lifetimeValue: 2500, country: "co" } });
    const f = await deriveFacts(c, { now: clock.now() });
    expect(f).toMatchObject({ channel: "twitter", channelTier: 3, source: "twitter", language: "es", customerTier: "high_value", country: "CO", receivedAt: "2026-03-01T12:00:00.000Z" });
    expect(f.normalizedText).toBe("pesimo servicio estoy furioso: mi pedido llego frio y tarde, quiero un reembolso");
    expect(f.keywords).toEqual(expect.arrayContaining(["pesimo", "pedido", "reembolso"]));
    expect(f.keywords).not.toContain("mi");
    expect(f.sentiment).toMatchObject({ label: "negative" });
    const en = await deriveFacts(CaseInput.parse({ externalId: "e2", channel: "email", text: "Thank you, the service was excellent and the team was great", customer: { id: "c", tier: "vip" } }), { now: clock.now() });
    expect(en).toMatchObject({ language: "en", customerTier: "vip", channelTier: 1, sentiment: { label: "positive" } });
  });
});

describe("sentiment neutral band", () => {
  it("keeps a plain question neutral and a real complaint negative", async () => {
    const facts = (text: string) => deriveFacts(CaseInput.parse({ externalId: "s", channel: "whatsapp", text, customer: { id: "c" } }), { now: clock.now() });
    expect((await facts("¿Cuáles son los requisitos para asociarme a la cooperativa?")).sentiment).toMatchObject({ label: "neutral" });
    expect((await facts("Me robaron la tarjeta, hay cargos que no reconozco, fraude")).sentiment).toMatchObject({ label: "negative" });
  });
});

describe("runJsonRules", () => {
  it("returns events as engine.run() does, with the trace", () => {
    const r = runJsonRules({
      rules: [
        { name: "deep", conditions: { all: [{ all: [{ all: [leaf("x", "equal", 1)] }] }] } as never, event: { type: "deep" } },
        { name: "shallow", conditions: { all: [leaf("x", "equal", 1)] } as never, event: { type: "shallow", params: { a: 1 } } },
        { name: "first", priority: 5, conditions: { any: [leaf("x", "equal", 2)] } as never, event: { type: "first" } },
      ],
      facts: { x: 1 },
      clock,
      decisionId: "r",
    });
    expect(r.events).toEqual([{ type: "shallow", params: { a: 1 } }, { type: "deep" }]);
    expect(r.firedRules).toEqual(["shallow", "deep"]);
    expect(r.decision.trace.playbooks[0]!.rules.map((x) => x.status)).toEqual(["not_fired", "fired", "fired"]);
  });
  it("unknown operators are compile errors", () => {
    expect(() => runJsonRules({ rules: [{ conditions: { all: [leaf("x", "nope", 1)] } as never, event: { type: "e" } }], facts: {}, clock, decisionId: "r" })).toThrow(PlaybookCompileError);
  });
});

describe("language detection and decorators", () => {
  it.each([
    ["Hola, quiero información sobre la maestría en finanzas", "es"],
    ["Hello I want a refund for my order", "en"],
    ["Meu pedido não chegou, quero reembolso", "pt"],
    ["reembolso", undefined],
  ])("%s → %s", async (text, lang) => {
    const { detectLanguage } = await import("./index");
    expect(detectLanguage(text)).toBe(lang);
  });
  it("jre operator decorators work on Pauta's operators too; unknown decorators do not compile", () => {
    const d = run({ keywords: ["reembolso", "pedido"], n: [3, 4] }, pb({ rules: [rule("r", { all: [leaf("keywords", "not:containsWord", "fraude"), leaf("n", "everyFact:greaterThan", 2), leaf("n", "someFact:equal", 4)] }, [{ type: "add_tags", tags: ["x"] }])] }));
    expect(d.matched).toBe(true);
    expect(() => pb({ rules: [rule("r", { all: [leaf("n", "sometimes:equal", 4)] }, [{ type: "add_tags", tags: ["x"] }])] })).toThrow(/operator/);
  });
});

describe("which kinds run for which subject", () => {
  const routing = pb({ id: "ruteo", rules: [rule("todo", { all: [leaf("channel", "equal", "whatsapp")] }, [{ type: "route", queue: "general" }])] });
  const crisis = pb({
    id: "crisis",
    kind: "crisis",
    levels: [{ level: 1, name: "Alerta" }],
    rules: [rule("contencion", { all: [leaf("channel", "equal", "whatsapp")] }, [{ type: "route", queue: "crisis" }, { type: "require_approval", reason: "crisis activa" }])],
  } as never);
  const escalation = pb({
    id: "escalamiento",
    kind: "escalation",
    steps: [{ id: "vencido", at: "breach" }],
    rules: [rule("urgente", { all: [leaf("sla.step", "equal", "vencido")] }, [{ type: "set_priority", priority: "urgent" }])],
  } as never);
  const facts = { channel: "whatsapp" };
  const decide = (subject: Decision["subject"], f: Facts) => evaluate({ decisionId: "d", subject, facts: f, playbooks: [routing, escalation, crisis], clock });

  it("a case runs crisis then routing; escalation is left out; crisis rules wait for an active incident", () => {
    const d = decide("case", facts);
    expect(d.playbooks.map((p) => p.playbookId)).toEqual(["crisis", "ruteo"]);
    expect(d.trace.playbooks[0]!.trigger).toMatchObject({ matched: false, reason: expect.stringContaining("crisis mode is off") });
    expect(ruleTrace(d, "contencion", "crisis").status).toBe("skipped");
    expect(d.outcome).toMatchObject({ queue: "general" });
    expect(d.outcome.replyApproval).toBeUndefined();
  });

  it("while crisis.playbooks names it, the crisis playbook's single values win over routing's", () => {
    const d = decide("case", { ...facts, "crisis.playbooks": ["crisis"] });
    expect(d.outcome).toMatchObject({ queue: "crisis", replyApproval: { reason: "crisis activa" }, sources: { queue: { playbookId: "crisis", ruleId: "contencion" } } });
    expect(d.trace.conflicts).toEqual([expect.objectContaining({ field: "queue", winner: expect.objectContaining({ playbookId: "crisis" }) })]);
  });

  it("a timer runs escalation only, its rules keyed on sla.step; events and crisis changes run none", () => {
    const d = decide("timer", { ...facts, "sla.step": "vencido" });
    expect(d.playbooks.map((p) => p.playbookId)).toEqual(["escalamiento"]);
    expect(d.outcome.priority).toBe("urgent");
    expect(decide("timer", { ...facts, "sla.step": "aviso" }).outcome.priority).toBeUndefined();
    expect(decide("event", facts).playbooks).toEqual([]);
    expect(decide("crisis", facts).playbooks).toEqual([]);
  });

  it("an escalation calendar that cannot count is refused when the playbook compiles", () => {
    const bad = () =>
      pb({ id: "e", kind: "escalation", calendars: [{ id: "mx", name: "MX", timeZone: "America/Mexico_City", hours: {} }], rules: [] } as never);
    expect(bad).toThrow(PlaybookCompileError);
    expect(bad).toThrow(/calendars\[0\]/);
  });
});
