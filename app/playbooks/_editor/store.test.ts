import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { emptyFlow, newNode } from "@/engine/flow";
import type { FlowDocument, FlowNode } from "@/schemas";
import { matchKinds } from "./palette";
import { shortcutOf } from "./shortcuts";
import { cloneInto, createEditorStore, makeRfEdgesSelector, makeRfNodesSelector, MERGE_WINDOW_MS, removeElements, uniqueId, withGraph } from "./store";

function docWith(nodes: FlowNode[], edges: FlowDocument["graph"]["edges"] = []): FlowDocument {
  const base = emptyFlow({ id: "pb", name: "Test" });
  return withGraph(base, nodes, edges);
}

const trigger = newNode("trigger", "t", { x: 0, y: 0 });
const cond = newNode("condition", "c", { x: 300, y: 0 });
const route = newNode("route", "r", { x: 600, y: 0 });
const base = () =>
  docWith(
    [trigger, cond, route],
    [
      { id: "e1", source: "t", sourceHandle: "out", target: "c" },
      { id: "e2", source: "c", sourceHandle: "true", target: "r" },
    ],
  );
const make = (doc = base()) => createEditorStore({ playbookId: "pb", doc, revision: 3 });

describe("editor store: history", () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date("2026-01-01T00:00:00Z") }));
  afterEach(() => vi.useRealTimers());

  it("undoes and redoes every edit, and a new edit clears the redo stack", () => {
    const s = make();
    const d0 = s.getState().doc;
    s.getState().addNode("stop", { x: 900, y: 0 });
    const d1 = s.getState().doc;
    s.getState().updateNode("r", (n) => ({ ...n, label: "Posgrado" }));
    expect(s.getState().past).toHaveLength(2);
    s.getState().undo();
    expect(s.getState().doc).toBe(d1);
    s.getState().undo();
    expect(s.getState().doc).toBe(d0);
    expect(s.getState().save.status).toBe("saved");
    s.getState().redo();
    expect(s.getState().doc).toBe(d1);
    expect(s.getState().future).toHaveLength(1);
    s.getState().moveNodes(new Map([["c", { x: 310, y: 40 }]]));
    expect(s.getState().future).toHaveLength(0);
    expect(s.getState().doc.graph.nodes.find((n) => n.id === "c")?.position).toEqual({ x: 310, y: 40 });
    expect(s.getState().save.status).toBe("dirty");
  });

  it("merges a typing burst with one mergeKey into one step, but not after the window", () => {
    const s = make();
    const typed = (label: string) => s.getState().updateNode("r", (n) => ({ ...n, label }), "label");
    typed("P");
    vi.advanceTimersByTime(300);
    typed("Po");
    vi.advanceTimersByTime(300);
    typed("Pos");
    expect(s.getState().past).toHaveLength(1);
    vi.advanceTimersByTime(MERGE_WINDOW_MS + 1);
    typed("Posg");
    expect(s.getState().past).toHaveLength(2);
    // a different key (or node) is a new step
    s.getState().updateNode("c", (n) => ({ ...n, label: "x" }), "label");
    expect(s.getState().past).toHaveLength(3);
    s.getState().undo();
    s.getState().undo();
    expect(s.getState().doc.graph.nodes.find((n) => n.id === "r")?.label).toBe("Pos");
    s.getState().undo();
    expect(s.getState().doc.graph.nodes.find((n) => n.id === "r")?.label).toBeUndefined();
  });

  it("does not record a step for an edit that changes nothing", () => {
    const s = make();
    s.getState().moveNodes(new Map([["c", { x: 300, y: 0 }]]));
    s.getState().updateNode("c", (n) => n);
    expect(s.getState().past).toHaveLength(0);
  });
});

describe("editor store: graph edits", () => {
  it("refuses a second trigger with a notice", () => {
    const s = make();
    expect(s.getState().addNode("trigger", { x: 0, y: 200 })).toBeNull();
    expect(s.getState().notice?.kind).toBe("second_trigger");
    expect(s.getState().doc.graph.nodes.filter((n) => n.type === "trigger")).toHaveLength(1);
  });

  it("adds a node with a fresh id, selected", () => {
    const s = make();
    const id = s.getState().addNode("route", { x: 10.4, y: 20.6 });
    expect(id).toBe("route_1");
    expect(s.getState().doc.graph.nodes.at(-1)).toMatchObject({ id: "route_1", type: "route", position: { x: 10, y: 21 } });
    expect([...s.getState().selectedNodes]).toEqual(["route_1"]);
  });

  it("connects through canConnect and says why a connection is refused", () => {
    const s = make();
    expect(s.getState().connect({ source: "r", sourceHandle: "out", target: "r" }).ok).toBe(false);
    expect(s.getState().notice).toMatchObject({ kind: "refused" });
    expect(s.getState().connect({ source: "r", sourceHandle: "out", target: "c" }).ok).toBe(false); // cycle
    const stop = s.getState().addNode("stop", { x: 900, y: 0 })!;
    expect(s.getState().connect({ source: "c", sourceHandle: "false", target: stop }).ok).toBe(true);
    expect(s.getState().doc.graph.edges.at(-1)).toMatchObject({ source: "c", sourceHandle: "false", target: stop });
  });

  it("deletes nodes with their edges in one step", () => {
    const s = make();
    s.getState().select(["c"]);
    s.getState().deleteSelection();
    expect(s.getState().doc.graph.nodes.map((n) => n.id)).toEqual(["t", "r"]);
    expect(s.getState().doc.graph.edges).toEqual([]);
    expect(s.getState().past).toHaveLength(1);
    s.getState().undo();
    expect(s.getState().doc.graph.edges).toHaveLength(2);
  });

  it("copies and pastes nodes with new ids and only their inner edges", () => {
    const s = make();
    s.getState().updateNode("r", (n) => ({ ...n, rule: { id: "posgrado", name: "Posgrado" } }) as FlowNode);
    s.getState().select(["c", "r"]);
    s.getState().copySelection();
    s.getState().paste();
    const { nodes, edges } = s.getState().doc.graph;
    expect(nodes.map((n) => n.id)).toEqual(["t", "c", "r", "condition_1", "route_1"]);
    expect(nodes.find((n) => n.id === "route_1")).toMatchObject({ position: { x: 640, y: 40 }, rule: { name: "Posgrado" } });
    expect((nodes.find((n) => n.id === "route_1") as { rule?: { id?: string } }).rule?.id).toBeUndefined();
    expect(edges.filter((e) => e.source === "condition_1")).toEqual([{ id: "e_1", source: "condition_1", sourceHandle: "true", target: "route_1" }]);
    expect(edges.some((e) => e.target === "condition_1")).toBe(false);
    expect([...s.getState().selectedNodes].sort()).toEqual(["condition_1", "route_1"]);
    // a second paste lands further away
    s.getState().paste();
    expect(s.getState().doc.graph.nodes.find((n) => n.id === "route_2")?.position).toEqual({ x: 680, y: 80 });
  });

  it("duplicates the selection, leaving a second trigger out", () => {
    const s = make();
    s.getState().select(["t", "c"]);
    s.getState().duplicateSelection();
    expect(s.getState().notice?.kind).toBe("second_trigger");
    expect(s.getState().doc.graph.nodes.map((n) => n.id)).toEqual(["t", "c", "r", "condition_1"]);
  });

  it("auto-layout is one undo step", () => {
    const s = make();
    const before = s.getState().doc;
    s.getState().autoLayout();
    expect(s.getState().past).toHaveLength(1);
    s.getState().undo();
    expect(s.getState().doc).toBe(before);
  });

  it("is read only when asked", () => {
    const s = createEditorStore({ playbookId: "pb", doc: base(), revision: 1, readOnly: true });
    s.getState().addNode("route", { x: 0, y: 0 });
    s.getState().deleteElements(["c"]);
    expect(s.getState().doc.graph.nodes).toHaveLength(3);
    expect(s.getState().notice?.kind).toBe("read_only");
  });
});

describe("pure helpers", () => {
  it("uniqueId takes the smallest free number", () => {
    expect(uniqueId("route", new Set(["route_1", "route_3"]))).toBe("route_2");
    expect(uniqueId("case:x y", new Set())).toBe("case_x_y_1");
  });
  it("removeElements drops dangling edges", () => {
    const d = removeElements(base(), new Set(["r"]), new Set());
    expect(d.graph.edges.map((e) => e.id)).toEqual(["e1"]);
  });
  it("cloneInto keeps inner edges only", () => {
    const d = base();
    const r = cloneInto(d, [cond], d.graph.edges, { x: 0, y: 0 });
    expect(r.ids).toEqual(["condition_1"]);
    expect(r.doc.graph.edges).toHaveLength(2);
  });
});

describe("derived React Flow state", () => {
  it("re-creates only the nodes whose inputs changed", () => {
    const s = make();
    const sel = makeRfNodesSelector();
    const a = sel(s.getState());
    expect(sel(s.getState())).toBe(a);
    s.getState().updateNode("r", (n) => ({ ...n, label: "x" }));
    const b = sel(s.getState());
    expect(b).not.toBe(a);
    expect(b[0]).toBe(a[0]);
    expect(b[1]).toBe(a[1]);
    expect(b[2]).not.toBe(a[2]);
    s.getState().select(["c"]);
    const c = sel(s.getState());
    expect(c[1]?.selected).toBe(true);
    expect(c[0]).toBe(b[0]);
  });

  it("marks taken edges and dims the rest under an overlay", () => {
    const s = make();
    s.getState().setOverlay({ nodes: { t: { state: "passed" }, c: { state: "passed", branch: "true" } }, edges: ["e1"] });
    const edges = makeRfEdgesSelector()(s.getState());
    expect(edges.map((e) => e.className)).toEqual(["flow-edge-taken", "flow-dim"]);
    const nodes = makeRfNodesSelector()(s.getState());
    expect(nodes.map((n) => n.className)).toEqual([undefined, undefined, "flow-dim"]);
  });

  it("marks a comparison's nodes and edges (class, data-diff, words for screen readers), and re-creates no node on a selection change", () => {
    const s = createEditorStore({ playbookId: "pb", doc: base(), revision: 1, readOnly: true, diff: { nodes: { c: "changed", r: "added" }, edges: { e2: "added" } } });
    const sel = makeRfNodesSelector((n, diff) => `${n.id}${diff ? ` (${diff})` : ""}`);
    const nodes = sel(s.getState());
    expect(nodes.map((n) => [n.className, n.domAttributes, n.data.diff, n.ariaLabel])).toEqual([
      [undefined, undefined, undefined, "t"],
      ["flow-diff-changed", { "data-diff": "changed" }, "changed", "c (changed)"],
      ["flow-diff-added", { "data-diff": "added" }, "added", "r (added)"],
    ]);
    const edges = makeRfEdgesSelector()(s.getState());
    expect(edges.map((e) => [e.className, e.domAttributes])).toEqual([
      [undefined, undefined],
      ["flow-diff-added", { "data-diff": "added" }],
    ]);
    s.getState().select(["t"]);
    const after = sel(s.getState());
    expect(after[1]).toBe(nodes[1]);
    expect(after[2]).toBe(nodes[2]);
  });

  it("drops a run overlay once the drawing changes (it no longer describes it), but not for a move", () => {
    const s = make();
    const overlay = { nodes: { t: { state: "passed" as const } }, edges: ["e1"] };
    s.getState().setOverlay(overlay);
    s.getState().moveNodes(new Map([["r", { x: 640, y: 20 }]]));
    expect(s.getState().overlay).toBe(overlay);
    s.getState().updateNode("r", (n) => ({ ...n, label: "Otra" }));
    expect(s.getState().overlay).toBeNull();
    s.getState().setOverlay(overlay);
    s.getState().undo();
    expect(s.getState().overlay).toBeNull();
  });
});

describe("shortcuts and palette search", () => {
  const key = (k: string, mods: Partial<Record<"ctrlKey" | "metaKey" | "shiftKey" | "altKey", boolean>> = {}) => ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });
  it("uses Ctrl off Mac and Cmd on Mac", () => {
    expect(shortcutOf(key("z", { ctrlKey: true }), false)).toBe("undo");
    expect(shortcutOf(key("z", { metaKey: true }), false)).toBeNull();
    expect(shortcutOf(key("z", { metaKey: true }), true)).toBe("undo");
    expect(shortcutOf(key("Z", { metaKey: true, shiftKey: true }), true)).toBe("redo");
    expect(shortcutOf(key("y", { ctrlKey: true }), false)).toBe("redo");
    expect(shortcutOf(key("s", { ctrlKey: true }), false)).toBe("save");
    expect(shortcutOf(key("L", { shiftKey: true }), false)).toBe("layout");
    expect(shortcutOf(key("?", { shiftKey: true }), false)).toBe("help");
    expect(shortcutOf(key("Delete"), false)).toBe("delete");
    expect(shortcutOf(key("l"), false)).toBeNull();
  });
  it("finds node kinds by Spanish or English words, accents ignored", () => {
    expect(matchKinds("cola")).toEqual(["route"]);
    expect(matchKinds("queue")).toEqual(["route"]);
    expect(matchKinds("condicion")).toContain("condition");
    expect(matchKinds("prioridad")).toEqual(["set_priority"]);
    expect(matchKinds("")).toHaveLength(12);
    expect(matchKinds("zzz")).toEqual([]);
  });

  it("offers ladder steps only in escalation flows and detectors only in crisis flows", () => {
    expect(matchKinds("")).not.toContain("escalation_step");
    expect(matchKinds("")).not.toContain("detector");
    expect(matchKinds("", "escalation")).toContain("escalation_step");
    expect(matchKinds("", "escalation")).not.toContain("detector");
    expect(matchKinds("", "crisis")).toContain("detector");
    expect(matchKinds("aprobación", "crisis")).toEqual(["require_approval"]);
    expect(matchKinds("escalera", "escalation")).toEqual(["escalation_step"]);
  });
});
