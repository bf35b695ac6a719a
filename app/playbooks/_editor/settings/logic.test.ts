import { describe, expect, it } from "vitest";
import type { FlowIssue } from "@/schemas";
import { coerceValue, freshId, issuesAt, issuesUnder, keepOperator, normalizeIssuePath, parseList, parseNumber, usedValues, valueKind } from "./logic";

const CHANNEL = { type: "string" as const, values: ["whatsapp", "email"] };
const issue = (path?: string): FlowIssue => ({ severity: "error", code: "field", message: "x", ...(path !== undefined ? { path } : {}) });

describe("valueKind", () => {
  it("offers the input the fact and operator call for", () => {
    expect(valueKind(CHANNEL, "equal")).toBe("select");
    expect(valueKind(CHANNEL, "in")).toBe("multiselect");
    expect(valueKind(CHANNEL, "containsAnyWord")).toBe("list");
    expect(valueKind({ type: "number" }, "greaterThan")).toBe("number");
    expect(valueKind({ type: "number" }, "in")).toBe("numberList");
    expect(valueKind({ type: "boolean" }, "equal")).toBe("boolean");
    expect(valueKind({ type: "string[]" }, "contains")).toBe("text");
    expect(valueKind({ type: "string" }, "matchesPattern")).toBe("text");
    expect(valueKind({ type: "datetime" }, "lessThan")).toBe("text");
  });
});

describe("parseNumber / parseList", () => {
  it("reads numbers as people type them, and nothing else", () => {
    expect(parseNumber("12")).toBe(12);
    expect(parseNumber(" -3.5 ")).toBe(-3.5);
    expect(parseNumber("1,5")).toBe(1.5);
    expect(parseNumber("1e3")).toBeNull();
    expect(parseNumber("5abc")).toBeNull();
    expect(parseNumber("")).toBeNull();
    expect(parseNumber("-")).toBeNull();
  });
  it("splits lists on commas and new lines, trimmed and unique", () => {
    expect(parseList(" reembolso, devolución\nreembolso ,, ")).toEqual(["reembolso", "devolución"]);
  });
});

describe("coerceValue", () => {
  it("wraps and unwraps lists when the operator changes", () => {
    expect(coerceValue("vip", "list")).toEqual(["vip"]);
    expect(coerceValue(["vip", "new"], "text")).toBe("vip");
    expect(coerceValue("", "list")).toEqual([]);
  });
  it("types numbers as numbers", () => {
    expect(coerceValue("12", "number")).toBe(12);
    expect(coerceValue(["3", "x", 4, "3"], "numberList")).toEqual([3, 4]);
    expect(coerceValue("abc", "number")).toBe("");
    expect(coerceValue(7, "text")).toBe("7");
  });
  it("drops values that are not among the fact's known values", () => {
    expect(coerceValue("telegram", "select", CHANNEL.values)).toBe("");
    expect(coerceValue(["email", "telegram"], "multiselect", CHANNEL.values)).toEqual(["email"]);
  });
  it("reads booleans and keeps fact references", () => {
    expect(coerceValue("true", "boolean")).toBe(true);
    expect(coerceValue("no", "boolean")).toBe(false);
    expect(coerceValue({ fact: "country" }, "number")).toEqual({ fact: "country" });
  });
});

describe("keepOperator", () => {
  it("keeps an operator that is still offered, else takes the first", () => {
    expect(keepOperator("in", ["equal", "in"])).toBe("in");
    expect(keepOperator("greaterThan", ["equal", "in"])).toBe("equal");
    expect(keepOperator("not:in", ["equal"])).toBe("not:in");
    expect(keepOperator("", [])).toBe("equal");
  });
});

describe("issues by field", () => {
  const list = [issue("queue"), issue("condition.all.0.fact"), issue("condition.all[1]"), issue(), issue("templates.es")];
  it("reads zod-style and bracket paths alike", () => {
    expect(normalizeIssuePath("condition.all.0.any.12.value")).toBe("condition.all[0].any[12].value");
    expect(issuesAt(list, "condition.all[0].fact")).toHaveLength(1);
    expect(issuesUnder(list, "condition")).toHaveLength(2);
    expect(issuesUnder(list, "template")).toHaveLength(0);
  });
});

describe("freshId / usedValues", () => {
  it("never returns a taken id", () => {
    let n = 0;
    const seq = [0, 0, 0.5];
    const id = freshId("c", ["c000000"], () => seq[n++]!);
    expect(id).not.toBe("c000000");
    expect(id).toMatch(/^c[0-9a-z]{6}$/);
  });
  it("collects values used by nodes of one kind", () => {
    const nodes = [
      { type: "route", data: { queue: "b" } },
      { type: "route", data: { queue: "a" } },
      { type: "route", data: { queue: "" } },
      { type: "add_tags", data: { tags: ["x", "y"] } },
    ];
    expect(usedValues<{ queue: string }>(nodes, "route", (d) => d.queue)).toEqual(["a", "b"]);
    expect(usedValues<{ tags: string[] }>(nodes, "add_tags", (d) => d.tags)).toEqual(["x", "y"]);
  });
});
