// Where in a traced condition tree the answer was decided: the first condition that failed (for a
// rule that did not fire) and the conditions that held (for one that fired). Paths are child
// indexes joined by "." ("" is the root), so the tree can mark the same nodes the words describe.
import type { ConditionTrace } from "@/schemas";

export type Leaf = Extract<ConditionTrace, { type: "fact" }>;

const at = (path: string, i: number) => (path === "" ? String(i) : `${path}.${i}`);

/**
 * The first node that failed, the way the engine short-circuits: under all, the first child that
 * failed; under any (every child failed), the first of them; a not fails as a whole (its inner
 * condition held), so the not itself is the node.
 */
export function firstFailure(c: ConditionTrace, path = ""): { path: string; node: ConditionTrace } | null {
  if (!c.evaluated || c.result !== false) return null;
  switch (c.type) {
    case "fact":
    case "not":
      return { path, node: c };
    case "ref":
      return (c.child && firstFailure(c.child, at(path, 0))) ?? { path, node: c };
    case "all":
    case "any": {
      const i = c.children.findIndex((k) => k.evaluated && k.result === false);
      const k = c.children[i];
      return (k && firstFailure(k, at(path, i))) ?? { path, node: c };
    }
  }
}

/** The leaves that made a condition hold: every child of all, the first that held of any. */
export function holdingLeaves(c: ConditionTrace, path = ""): { path: string; leaf: Leaf }[] {
  if (!c.evaluated || c.result !== true) return [];
  switch (c.type) {
    case "fact":
      return [{ path, leaf: c }];
    case "not":
      // A not holds because its inner condition failed: there is no single value that made it hold.
      return [];
    case "ref":
      return c.child ? holdingLeaves(c.child, at(path, 0)) : [];
    case "all":
      return c.children.flatMap((k, i) => holdingLeaves(k, at(path, i)));
    case "any": {
      const i = c.children.findIndex((k) => k.evaluated && k.result === true);
      const k = c.children[i];
      return k ? holdingLeaves(k, at(path, i)) : [];
    }
  }
}
