import { describe, expect, it } from "vitest";
import { compileFlow, emptyFlow } from "@/engine/flow";
import { importRulesText } from "./import-rules";

const jre = [
  {
    name: "vip-whatsapp",
    priority: 10,
    conditions: { all: [{ fact: "channel", operator: "equal", value: "whatsapp" }, { fact: "customerTier", operator: "equal", value: "vip" }] },
    event: { type: "route", params: { queue: "vip" } },
  },
  { conditions: { any: [{ fact: "text", operator: "containsWord", value: "fraude" }] }, event: { type: "fraud-alert" } },
];

describe("importing pasted rules onto the canvas", () => {
  it("turns a plain json-rules-engine array into a graph that compiles to the same conditions", () => {
    const r = importRulesText(JSON.stringify(jre));
    if (!r.ok) throw new Error(JSON.stringify(r));
    expect(r.rules).toBe(2);
    // an event that is not a Pauta action is kept as a tag, and said so
    expect(r.warnings.join(" ")).toMatch(/fraud-alert/);
    const compiled = compileFlow({ ...emptyFlow({ id: "pasted", name: "Pegado" }), graph: r.graph });
    expect(compiled.issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(compiled.playbook!.rules.map((x) => x.conditions)).toEqual(jre.map((x) => x.conditions));
    expect(compiled.playbook!.rules[0]!.actions).toEqual([{ type: "route", queue: "vip" }]);
  });

  it("takes a playbook file's rules and trigger", () => {
    const r = importRulesText(
      JSON.stringify({ trigger: { channels: ["email"] }, rules: [{ id: "r1", name: "R1", priority: 2, conditions: { all: [] }, actions: [{ type: "add_tags", tags: ["x"] }] }] }),
    );
    if (!r.ok) throw new Error(JSON.stringify(r));
    expect(r.graph.nodes.find((n) => n.type === "trigger")?.data).toMatchObject({ channels: ["email"] });
  });

  it("says what is wrong instead of importing half", () => {
    expect(importRulesText("[{")).toMatchObject({ ok: false, reason: "json" });
    expect(importRulesText("[]")).toMatchObject({ ok: false, reason: "shape" });
    const bad = importRulesText(JSON.stringify([{ conditions: { all: [] } }]));
    expect(bad).toMatchObject({ ok: false, reason: "shape" });
    if (!bad.ok && bad.reason === "shape") expect(bad.issues[0]!.path).toBe("0");
  });
});
