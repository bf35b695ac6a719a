import { describe, expect, it } from "vitest";
import type { ConditionTrace } from "@/schemas";
import { firstFailure, holdingLeaves } from "./why";

const leaf = (fact: string, result: boolean | undefined, factValue: unknown = fact, evaluated = result !== undefined): ConditionTrace =>
  ({ type: "fact", fact, operator: "equal", value: "x", evaluated, ...(result === undefined ? {} : { result }), factValue }) as ConditionTrace;

describe("why / why not paths", () => {
  it("finds the first failed leaf under all, past the conditions that held, ignoring those never evaluated", () => {
    const tree: ConditionTrace = { type: "all", evaluated: true, result: false, children: [leaf("channel", true), leaf("country", false, "MX"), leaf("tier", undefined)] };
    const f = firstFailure(tree);
    expect(f?.path).toBe("1");
    expect(f?.node).toMatchObject({ fact: "country", factValue: "MX" });
  });

  it("descends through nested any/ref and stops at a not as a whole", () => {
    const tree: ConditionTrace = {
      type: "all",
      evaluated: true,
      result: false,
      children: [
        { type: "ref", condition: "shared", evaluated: true, result: false, child: { type: "any", evaluated: true, result: false, children: [leaf("a", false), leaf("b", false)] } },
      ],
    };
    expect(firstFailure(tree)?.path).toBe("0.0.0");
    const neg: ConditionTrace = { type: "not", evaluated: true, result: false, child: leaf("vip", true) };
    expect(firstFailure(neg)).toMatchObject({ path: "", node: { type: "not" } });
    expect(firstFailure(leaf("ok", true))).toBeNull();
  });

  it("lists the leaves that made a rule fire: all of an all, the first that held of an any", () => {
    const tree: ConditionTrace = {
      type: "all",
      evaluated: true,
      result: true,
      children: [leaf("channel", true, "whatsapp"), { type: "any", evaluated: true, result: true, children: [leaf("x", false), leaf("y", true, 3), leaf("z", true)] }],
    };
    expect(holdingLeaves(tree).map((h) => [h.path, h.leaf.type === "fact" && h.leaf.factValue])).toEqual([
      ["0", "whatsapp"],
      ["1.1", 3],
    ]);
    expect(holdingLeaves(leaf("no", false))).toEqual([]);
  });
});
