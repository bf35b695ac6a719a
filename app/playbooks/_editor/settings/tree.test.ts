import { describe, expect, it } from "vitest";
import type { Condition } from "@/schemas";
import { appendAt, asTopLevel, getAt, issuePathOf, moveAt, removeAt, setGroupKind, toggleNotAt } from "./tree";

const a: Condition = { fact: "channel", operator: "equal", value: "email" };
const b: Condition = { fact: "customerTier", operator: "in", value: ["vip"] };
const c: Condition = { fact: "language", operator: "equal", value: "en" };
const tree: Condition = { all: [a, { any: [b, c], name: "n" }] };

describe("condition tree edits", () => {
  it("reads and appends by path without touching the input", () => {
    expect(getAt(tree, [1, 0])).toBe(b);
    const next = appendAt(tree, [1], a);
    expect(getAt(next, [1, 2])).toEqual(a);
    expect((tree as { all: Condition[] }).all[1]).toEqual({ any: [b, c], name: "n" });
  });
  it("negates and un-negates", () => {
    const neg = toggleNotAt(tree, [0]);
    expect(getAt(neg, [0])).toEqual({ not: a });
    expect(getAt(neg, [0, 0])).toEqual(a);
    expect(toggleNotAt(neg, [0])).toEqual(tree);
  });
  it("removes a node, and a negation left empty with it", () => {
    expect(removeAt(tree, [0])).toEqual({ all: [{ any: [b, c], name: "n" }] });
    const neg = toggleNotAt(tree, [1, 1]);
    expect(removeAt(neg, [1, 1, 0])).toEqual({ all: [a, { any: [b], name: "n" }] });
    expect(removeAt(tree, [])).toEqual({ all: [] });
  });
  it("moves among siblings and stops at the ends", () => {
    expect(getAt(moveAt(tree, [1, 0], 1), [1])).toEqual({ any: [c, b], name: "n" });
    expect(moveAt(tree, [1, 1], 1)).toEqual(tree);
    expect(moveAt(tree, [0], -1)).toEqual(tree);
  });
  it("switches all/any keeping name and children", () => {
    expect(setGroupKind({ any: [b, c], name: "n" }, "all")).toEqual({ all: [b, c], name: "n" });
    expect(setGroupKind(a, "all")).toBe(a);
  });
  it("names paths the way the validator does", () => {
    const neg = toggleNotAt(tree, [1]);
    expect(issuePathOf(neg, [1, 0, 1], "condition")).toBe("condition.all[1].not.any[1]");
    expect(issuePathOf(tree, [], "condition")).toBe("condition");
  });
  it("keeps the root a top-level condition", () => {
    expect(asTopLevel(a)).toEqual({ all: [a] });
    expect(asTopLevel(undefined)).toEqual({ all: [] });
  });
});
