import { Engine } from "json-rules-engine";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, countRows, sampleCase } from "../support/api";
import { testRoutingPlaybook } from "../support/playbooks";
import { startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let call: ReturnType<typeof apiClient>;

beforeAll(async () => {
  server = await startServer();
  call = apiClient(server);
});
afterAll(async () => server?.stop());

function rowCounts() {
  return ["cases", "decisions", "playbook_versions", "audit_log"].map((t) => countRows(server.dbPath, t));
}

describe("POST /api/v1/simulate", () => {
  it("mode published: decides like intake, with traces, and persists nothing", async () => {
    const before = rowCounts();
    const fraud = {
      externalId: "sim-1",
      channel: "whatsapp",
      text: "Me clonaron la tarjeta y hay cargos que NO RECONOZCO",
      customer: { id: "socio-1", name: "José", tier: "standard", region: "central", country: "SV" },
      attributes: { account: "cooperativa-sv" },
    };
    const r = await call("POST", "/api/v1/simulate", { mode: "published", cases: [fraud, sampleCase()] });
    expect(r.status).toBe(200);
    expect(r.body.mode).toBe("published");
    expect(r.body.decisions).toHaveLength(2);
    expect(r.body.decisions[0].subject).toBe("simulation");
    expect(r.body.decisions[0].outcome.queue).toBe("prevencion-fraude");
    expect(r.body.decisions[0].trace.playbooks.length).toBeGreaterThan(0);
    expect(rowCounts()).toEqual(before);
    // The same case posted for real gets the same outcome.
    const real = await call("POST", "/api/v1/cases", fraud);
    expect(real.body.decision.outcome).toEqual(r.body.decisions[0].outcome);
  });

  it("mode playbook: runs only the sent document (nothing imported)", async () => {
    const before = rowCounts();
    const r = await call("POST", "/api/v1/simulate", { mode: "playbook", playbook: testRoutingPlaybook("sim-queue"), cases: [sampleCase()] });
    expect(r.status).toBe(200);
    expect(r.body.decisions[0].outcome.queue).toBe("sim-queue");
    expect(r.body.decisions[0].playbooks.map((p: { playbookId: string }) => p.playbookId)).toEqual(["http-tests-routing"]);
    expect(rowCounts()).toEqual(before);
    const bad = await call("POST", "/api/v1/simulate", { mode: "playbook", playbook: { ...testRoutingPlaybook("q"), kind: "nope" }, cases: [sampleCase()] });
    expect(bad.status).toBe(422);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path)).toContain("playbook.kind");
  });

  it("mode rules: the same events and fired rules as json-rules-engine's own run()", async () => {
    const rules = [
      {
        name: "vip-complaint",
        priority: 10,
        conditions: {
          all: [
            { fact: "customer", path: "$.tier", operator: "equal", value: "vip" },
            { any: [{ fact: "score", operator: "lessThan", value: 0 }, { condition: "angry" }] },
          ],
        },
        event: { type: "route", params: { queue: "vip-care" } },
      },
      { name: "big-order", priority: 5, conditions: { all: [{ fact: "order", path: "$.total", operator: "greaterThanInclusive", value: 100 }] }, event: { type: "add_tags", params: { tags: ["big"] } } },
      { name: "not-mx", conditions: { not: { fact: "country", operator: "equal", value: "MX" } }, event: { type: "set_priority", params: { priority: "low" } } },
      { name: "same-as-home", conditions: { all: [{ fact: "country", operator: "equal", value: { fact: "home" } }] }, event: { type: "add_tags", params: { tags: ["local"] } } },
      { name: "in-list", conditions: { any: [{ fact: "channel", operator: "in", value: ["email", "sms"] }] }, event: { type: "apply_sla", params: { policy: "slow" } } },
    ];
    const conditions = { angry: { any: [{ fact: "words", operator: "contains", value: "terrible" }] } };
    const facts = [
      { customer: { tier: "vip" }, score: -1, words: [], order: { total: 250 }, country: "MX", home: "MX", channel: "email" },
      { customer: { tier: "vip" }, score: 3, words: ["terrible"], order: { total: 10 }, country: "CO", home: "MX", channel: "whatsapp" },
      { customer: { tier: "standard" }, score: 3, words: [], order: { total: 100 }, country: "AR", home: "AR", channel: "sms" },
    ];
    const before = rowCounts();
    const r = await call("POST", "/api/v1/simulate", { mode: "rules", rules, conditions, facts });
    expect(r.status).toBe(200);
    expect(r.body.mode).toBe("rules");
    expect(r.body.results).toHaveLength(facts.length);
    for (const [i, f] of facts.entries()) {
      const engine = new Engine([], { allowUndefinedFacts: true });
      for (const [name, c] of Object.entries(conditions)) engine.setCondition(name, c);
      for (const rule of rules) engine.addRule(rule);
      const expected = await engine.run(f);
      const got = r.body.results[i];
      expect(got.events).toEqual(expected.events.map((e) => ({ type: e.type, ...(e.params ? { params: e.params } : {}) })));
      expect(got.firedRules).toEqual(expected.results.map((x) => x.name));
      expect(got.decision.trace.playbooks.length).toBeGreaterThan(0);
    }
    expect(rowCounts()).toEqual(before);
  });

  it("rejects a bad request naming the field", async () => {
    const r = await call("POST", "/api/v1/simulate", { mode: "rules", rules: [{ conditions: { all: [] } }], facts: [] });
    expect(r.status).toBe(422);
    const paths = r.body.error.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["rules.0.event", "facts"]));
    const m = await call("POST", "/api/v1/simulate", { mode: "guess", cases: [] });
    expect(m.status).toBe(422);
    expect(m.body.error.issues[0].path).toBe("mode");
  });
});
