// Immutable edits of a json-rules-engine condition tree, addressed by a path of child indexes
// (all/any: the index in the list; not: 0). The ConditionTreeEditor calls these; pure and tested.
import type { Condition, TopLevelCondition } from "@/schemas";

export type TreePath = readonly number[];
export type GroupKind = "all" | "any";

export const EMPTY_LEAF: Condition = { fact: "", operator: "equal", value: "" };

export function isLeaf(c: Condition): c is Extract<Condition, { fact: string }> {
  return "fact" in c;
}
export function isRef(c: Condition): c is Extract<Condition, { condition: string }> {
  return "condition" in c && !("fact" in c);
}
export function isNot(c: Condition): c is Extract<Condition, { not: Condition }> {
  return "not" in c;
}
export function groupKind(c: Condition): GroupKind | null {
  if ("all" in c) return "all";
  if ("any" in c) return "any";
  return null;
}

/** The children of a node: a group's list, a `not`'s one child, nothing for a leaf or a reference. */
export function childrenOf(c: Condition): Condition[] {
  if ("all" in c) return c.all;
  if ("any" in c) return c.any;
  if ("not" in c) return [c.not];
  return [];
}

function withChildren(c: Condition, list: Condition[]): Condition {
  if ("all" in c) return { ...c, all: list };
  if ("any" in c) return { ...c, any: list };
  if ("not" in c) {
    const [only] = list;
    return only ? { ...c, not: only } : c;
  }
  return c;
}

export function getAt(root: Condition, path: TreePath): Condition | undefined {
  let c: Condition | undefined = root;
  for (const i of path) {
    if (!c) return undefined;
    c = childrenOf(c)[i];
  }
  return c;
}

export function updateAt(root: Condition, path: TreePath, fn: (c: Condition) => Condition): Condition {
  if (path.length === 0) return fn(root);
  const [i, ...rest] = path as [number, ...number[]];
  const kids = childrenOf(root);
  const child = kids[i];
  if (!child) return root;
  const next = kids.slice();
  next[i] = updateAt(child, rest, fn);
  return withChildren(root, next);
}

/**
 * Removes the node at `path`. A `not` left without its child goes too (a negation of nothing means
 * nothing). The root itself cannot be removed: it is emptied to `{ all: [] }` instead.
 */
export function removeAt(root: Condition, path: TreePath): Condition {
  if (path.length === 0) return { all: [] };
  const parentPath = path.slice(0, -1);
  const parent = getAt(root, parentPath);
  if (!parent) return root;
  if (isNot(parent)) return removeAt(root, parentPath);
  const index = path[path.length - 1]!;
  return updateAt(root, parentPath, (p) => withChildren(p, childrenOf(p).filter((_, i) => i !== index)));
}

/** Appends a child to the all/any group at `groupPath`. */
export function appendAt(root: Condition, groupPath: TreePath, child: Condition): Condition {
  return updateAt(root, groupPath, (g) => (groupKind(g) ? withChildren(g, [...childrenOf(g), child]) : g));
}

/** Moves the node at `path` up (-1) or down (+1) among its siblings. */
export function moveAt(root: Condition, path: TreePath, delta: -1 | 1): Condition {
  if (path.length === 0) return root;
  const parentPath = path.slice(0, -1);
  const index = path[path.length - 1]!;
  return updateAt(root, parentPath, (p) => {
    const kids = childrenOf(p).slice();
    const to = index + delta;
    if (!groupKind(p) || to < 0 || to >= kids.length) return p;
    [kids[index], kids[to]] = [kids[to]!, kids[index]!];
    return withChildren(p, kids);
  });
}

/** Wraps the node in `not`, or unwraps it when it already is one. */
export function toggleNotAt(root: Condition, path: TreePath): Condition {
  return updateAt(root, path, (c) => (isNot(c) ? c.not : { not: c }));
}

/** all ↔ any, keeping the children, name and priority. */
export function setGroupKind(c: Condition, kind: GroupKind): Condition {
  const current = groupKind(c);
  if (!current || current === kind) return c;
  const { [current]: list, ...rest } = c as Record<string, unknown>;
  return { ...rest, [kind]: list } as Condition;
}

/** A tree the editor can show at its root: top-level shapes stay, a bare leaf is put in `all`. */
export function asTopLevel(c: Condition | undefined): TopLevelCondition {
  if (!c) return { all: [] };
  return isLeaf(c) ? { all: [c] } : c;
}

/** The validator's path of a node: `condition.all[0].not.any[1]`. */
export function issuePathOf(root: Condition, path: TreePath, prefix: string): string {
  let out = prefix;
  let c: Condition | undefined = root;
  for (const i of path) {
    if (!c) break;
    if ("all" in c) out += `.all[${i}]`;
    else if ("any" in c) out += `.any[${i}]`;
    else if ("not" in c) out += ".not";
    c = childrenOf(c)[i];
  }
  return out;
}
