"use client";
// The editor's state: one zustand store per editor instance (created by <EditorStoreProvider>, never
// a module singleton). The FlowDocument is the source of truth; React Flow's nodes and edges are
// derived from it with memoised selectors (only a node whose inputs changed gets a new object, so
// memo'd renderers of the other nodes do not re-render). Every document edit goes through `commit`,
// which records one undo step (or merges a typing burst with the same mergeKey within 1 s).
import { createContext, createElement, useContext, useState, type ReactNode } from "react";
import { createStore, useStore, type StoreApi } from "zustand";
import { MarkerType, type Edge, type Node } from "@xyflow/react";
import { canConnect, layoutFlow, newNode, nodeSize, type ConnectCheck } from "@/engine/flow";
import type { FlowDocument, FlowEdge, FlowIssue, FlowNode, FlowNodeOf, FlowNodeType, FlowOverlay, RuleSettings } from "@/schemas";
import { isActionNode } from "@/schemas/graph";
import type { NodeDiffState } from "@/schemas/lifecycle";

export interface SettingsProps<T extends FlowNodeType = FlowNodeType> {
  node: FlowNodeOf<T>;
  /** replace the node's data; edits with the same mergeKey within 1 s are one undo step (typing bursts) */
  update: (data: FlowNodeOf<T>["data"], mergeKey?: string) => void;
  /** action nodes only: the rule settings of a chain head */
  updateRule: (rule: RuleSettings | undefined, mergeKey?: string) => void;
  updateLabel: (label: string | undefined, mergeKey?: string) => void;
  issues: FlowIssue[]; // this node's issues
  locale: "es" | "en";
  readOnly: boolean;
  doc: FlowDocument; // whole document (shared conditions, other nodes) for pickers
}

export type XY = { x: number; y: number };
export type SaveStatus = "saved" | "saving" | "dirty" | "conflict" | "error";
export type Toast = { id: number; text: string; tone: "info" | "error" };
/** A toast's text is resolved by the UI (es/en): the store only says what happened. */
export type Notice =
  | { kind: "second_trigger" }
  | { kind: "refused"; code: Extract<ConnectCheck, { ok: false }>["code"] }
  | { kind: "copied"; n: number }
  | { kind: "pasted"; n: number }
  | { kind: "nothing_to_paste" }
  | { kind: "read_only" }
  | { kind: "text"; text: string; tone: "info" | "error" };

/** React Flow node carrying a FlowNode; the `type` is the node kind (one renderer per kind). */
export type RfNode = Node<{ node: FlowNode; diff?: NodeDiffState }, FlowNodeType>;
export type RfEdge = Edge<{ taken: boolean }, "flow">;

/** One side of a version comparison: how this drawing's nodes and edges differ from the other side's (ids not named are unchanged). */
export interface DiffMarks {
  nodes: Readonly<Record<string, NodeDiffState>>;
  edges: Readonly<Record<string, "added" | "removed">>;
}

export const HISTORY_LIMIT = 200;
export const MERGE_WINDOW_MS = 1000;
const PASTE_OFFSET = 40;

interface HistoryEntry {
  doc: FlowDocument;
}

export interface EditorState {
  playbookId: string;
  readOnly: boolean;
  doc: FlowDocument;
  past: HistoryEntry[];
  future: HistoryEntry[];
  /** the key and time of the last merged edit (typing bursts) */
  lastEdit: { key: string; at: number } | null;

  selectedNodes: ReadonlySet<string>;
  selectedEdges: ReadonlySet<string>;
  /** positions while a drag is in progress (committed to the document on drag stop) */
  dragging: ReadonlyMap<string, XY> | null;

  /** issues of `issuesFor` (validation runs debounced after edits) */
  issues: FlowIssue[];
  issuesByNode: ReadonlyMap<string, FlowIssue[]>;
  issuesFor: FlowDocument | null;

  overlay: FlowOverlay | null;
  /** a version comparison drawn over a read-only document (fixed for the editor's life) */
  diff: DiffMarks | null;
  clipboard: { nodes: FlowNode[]; edges: FlowEdge[]; pastes: number } | null;
  notice: (Notice & { id: number }) | null;
  /** "go to node": the canvas centres it and the inspector takes focus */
  focusRequest: { nodeId: string; seq: number } | null;

  save: { status: SaveStatus; revision: number; savedDoc: FlowDocument; message: string | null; updatedAt: string | null };
}

export interface EditorActions {
  /** every document edit; it clears a run overlay (drawn for the document before the edit) unless `keepOverlay` (moves) */
  commit: (recipe: (doc: FlowDocument) => FlowDocument, mergeKey?: string, keepOverlay?: boolean) => void;
  addNode: (type: FlowNodeType, position: XY) => string | null;
  updateNode: (id: string, patch: (n: FlowNode) => FlowNode, mergeKey?: string) => void;
  setDragging: (positions: ReadonlyMap<string, XY> | null) => void;
  moveNodes: (positions: ReadonlyMap<string, XY>, mergeKey?: string) => void;
  connect: (edge: Omit<FlowEdge, "id">) => ConnectCheck;
  deleteElements: (nodeIds: Iterable<string>, edgeIds?: Iterable<string>) => void;
  deleteSelection: () => void;
  copySelection: () => void;
  paste: () => void;
  duplicateSelection: () => void;
  autoLayout: () => void;
  /** the whole drawing replaced (e.g. by imported rules): one undo step */
  replaceGraph: (graph: FlowDocument["graph"]) => void;
  undo: () => void;
  redo: () => void;
  select: (nodeIds: Iterable<string>, edgeIds?: Iterable<string>) => void;
  applySelection: (nodes: { id: string; selected: boolean }[], edges: { id: string; selected: boolean }[]) => void;
  setIssues: (forDoc: FlowDocument, issues: FlowIssue[]) => void;
  setOverlay: (overlay: FlowOverlay | null) => void;
  notify: (n: Notice) => void;
  goToNode: (nodeId: string) => void;
  setSave: (patch: Partial<EditorState["save"]>) => void;
  /** the server's copy replaces the local one (after a conflict): history starts again */
  replaceDocument: (doc: FlowDocument, revision: number, updatedAt: string | null) => void;
}

export type EditorStore = StoreApi<EditorState & EditorActions>;

// ---------------------------------------------------------------------------------------------
// Pure document helpers (exported for tests)

/** `${prefix}_${n}` with the smallest n not taken. */
export function uniqueId(prefix: string, taken: ReadonlySet<string>): string {
  const base = prefix.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 80) || "node";
  for (let n = 1; ; n++) {
    const id = `${base}_${n}`;
    if (!taken.has(id)) return id;
  }
}

export function withGraph(doc: FlowDocument, nodes: FlowNode[], edges: FlowEdge[]): FlowDocument {
  return { ...doc, graph: { ...doc.graph, nodes, edges } };
}

/** Nodes plus the edges between them (the edges leaving the set are dropped). */
export function innerEdges(doc: FlowDocument, ids: ReadonlySet<string>): FlowEdge[] {
  return doc.graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
}

/** Copies of nodes (and their inner edges) with fresh ids, moved by `offset`. A second trigger is left out. */
export function cloneInto(doc: FlowDocument, nodes: readonly FlowNode[], edges: readonly FlowEdge[], offset: XY): { doc: FlowDocument; ids: string[]; skippedTrigger: boolean } {
  const takenNodes = new Set(doc.graph.nodes.map((n) => n.id));
  const takenEdges = new Set(doc.graph.edges.map((e) => e.id));
  const hasTrigger = doc.graph.nodes.some((n) => n.type === "trigger");
  const rename = new Map<string, string>();
  const added: FlowNode[] = [];
  let skippedTrigger = false;
  for (const n of nodes) {
    if (n.type === "trigger" && (hasTrigger || added.some((a) => a.type === "trigger"))) {
      skippedTrigger = true;
      continue;
    }
    const id = uniqueId(n.type, takenNodes);
    takenNodes.add(id);
    rename.set(n.id, id);
    const copy = structuredClone(n);
    copy.id = id;
    copy.position = { x: n.position.x + offset.x, y: n.position.y + offset.y };
    // A copied chain head must not carry the original's rule id (ids must stay unique).
    if (isActionNode(copy) && copy.rule?.id) copy.rule = { ...copy.rule, id: undefined };
    added.push(copy);
  }
  const addedEdges: FlowEdge[] = [];
  for (const e of edges) {
    const source = rename.get(e.source);
    const target = rename.get(e.target);
    if (!source || !target) continue;
    const id = uniqueId("e", takenEdges);
    takenEdges.add(id);
    addedEdges.push({ id, source, sourceHandle: e.sourceHandle, target });
  }
  return { doc: withGraph(doc, [...doc.graph.nodes, ...added], [...doc.graph.edges, ...addedEdges]), ids: added.map((n) => n.id), skippedTrigger };
}

export function removeElements(doc: FlowDocument, nodeIds: ReadonlySet<string>, edgeIds: ReadonlySet<string>): FlowDocument {
  if (!nodeIds.size && !edgeIds.size) return doc;
  return withGraph(
    doc,
    doc.graph.nodes.filter((n) => !nodeIds.has(n.id)),
    doc.graph.edges.filter((e) => !edgeIds.has(e.id) && !nodeIds.has(e.source) && !nodeIds.has(e.target)),
  );
}

function groupIssues(issues: FlowIssue[], previous: ReadonlyMap<string, FlowIssue[]>): Map<string, FlowIssue[]> {
  const by = new Map<string, FlowIssue[]>();
  for (const i of issues) {
    if (!i.nodeId) continue;
    const list = by.get(i.nodeId);
    if (list) list.push(i);
    else by.set(i.nodeId, [i]);
  }
  // Keep the previous array when a node's issues did not change, so its renderer does not re-render.
  for (const [id, list] of by) {
    const prev = previous.get(id);
    if (prev && prev.length === list.length && prev.every((p, k) => p.code === list[k]?.code && p.message === list[k]?.message && p.severity === list[k]?.severity)) by.set(id, prev);
  }
  return by;
}

// ---------------------------------------------------------------------------------------------
// The store

export function createEditorStore(init: {
  playbookId: string;
  doc: FlowDocument;
  revision: number;
  updatedAt?: string | null;
  readOnly?: boolean;
  overlay?: FlowOverlay | null;
  diff?: DiffMarks | null;
  /** the server's validation of `doc` (same validator): the editor need not run it again on open */
  issues?: FlowIssue[];
}): EditorStore {
  let noticeSeq = 0;
  let focusSeq = 0;
  return createStore<EditorState & EditorActions>()((set, get) => {
    const guard = (): boolean => {
      if (!get().readOnly) return true;
      get().notify({ kind: "read_only" });
      return false;
    };
    return {
      playbookId: init.playbookId,
      readOnly: !!init.readOnly,
      doc: init.doc,
      past: [],
      future: [],
      lastEdit: null,
      selectedNodes: new Set(),
      selectedEdges: new Set(),
      dragging: null,
      issues: init.issues ?? [],
      issuesByNode: groupIssues(init.issues ?? [], new Map()),
      issuesFor: init.issues ? init.doc : null,
      overlay: init.overlay ?? null,
      diff: init.diff ?? null,
      clipboard: null,
      notice: null,
      focusRequest: null,
      save: { status: "saved", revision: init.revision, savedDoc: init.doc, message: null, updatedAt: init.updatedAt ?? null },

      commit(recipe, mergeKey, keepOverlay = false) {
        if (!guard()) return;
        const s = get();
        const next = recipe(s.doc);
        if (next === s.doc) return;
        const now = Date.now();
        const merge = !!mergeKey && s.lastEdit?.key === mergeKey && now - s.lastEdit.at < MERGE_WINDOW_MS && s.past.length > 0;
        set({
          doc: next,
          past: merge ? s.past : [...s.past, { doc: s.doc }].slice(-HISTORY_LIMIT),
          future: [],
          lastEdit: mergeKey ? { key: mergeKey, at: now } : null,
          overlay: keepOverlay ? s.overlay : null,
          save: s.save.status === "conflict" ? s.save : { ...s.save, status: s.save.status === "saving" ? "saving" : "dirty" },
        });
      },

      addNode(type, position) {
        if (!guard()) return null;
        const s = get();
        if (type === "trigger" && s.doc.graph.nodes.some((n) => n.type === "trigger")) {
          s.notify({ kind: "second_trigger" });
          return null;
        }
        const id = uniqueId(type, new Set(s.doc.graph.nodes.map((n) => n.id)));
        const node = newNode(type, id, { x: Math.round(position.x), y: Math.round(position.y) });
        s.commit((doc) => withGraph(doc, [...doc.graph.nodes, node], doc.graph.edges));
        set({ selectedNodes: new Set([id]), selectedEdges: new Set() });
        return id;
      },

      updateNode(id, patch, mergeKey) {
        get().commit((doc) => {
          let changed = false;
          const nodes = doc.graph.nodes.map((n) => {
            if (n.id !== id) return n;
            const next = patch(n);
            if (next !== n) changed = true;
            return next;
          });
          return changed ? withGraph(doc, nodes, doc.graph.edges) : doc;
        }, mergeKey && `${id}:${mergeKey}`);
      },

      setDragging(positions) {
        set({ dragging: positions });
      },

      moveNodes(positions, mergeKey) {
        set({ dragging: null });
        if (!positions.size) return;
        get().commit((doc) => {
          let changed = false;
          const nodes = doc.graph.nodes.map((n) => {
            const p = positions.get(n.id);
            if (!p) return n;
            const x = Math.round(p.x);
            const y = Math.round(p.y);
            if (x === n.position.x && y === n.position.y) return n;
            changed = true;
            return { ...n, position: { x, y } };
          });
          return changed ? withGraph(doc, nodes, doc.graph.edges) : doc;
        }, mergeKey, true);
      },

      connect(edge) {
        if (get().readOnly) return { ok: false, code: "duplicate", message: "read only" };
        const check = canConnect(get().doc.graph, edge);
        if (!check.ok) {
          get().notify({ kind: "refused", code: check.code });
          return check;
        }
        get().commit((doc) => {
          const id = uniqueId("e", new Set(doc.graph.edges.map((e) => e.id)));
          return withGraph(doc, doc.graph.nodes, [...doc.graph.edges, { id, ...edge }]);
        });
        return check;
      },

      deleteElements(nodeIds, edgeIds = []) {
        const nodes = new Set(nodeIds);
        const edges = new Set(edgeIds);
        if (!nodes.size && !edges.size) return;
        get().commit((doc) => removeElements(doc, nodes, edges));
        const s = get();
        set({
          selectedNodes: new Set([...s.selectedNodes].filter((id) => !nodes.has(id))),
          selectedEdges: new Set([...s.selectedEdges].filter((id) => !edges.has(id))),
        });
      },

      deleteSelection() {
        const s = get();
        s.deleteElements(s.selectedNodes, s.selectedEdges);
      },

      copySelection() {
        const s = get();
        if (!s.selectedNodes.size) return;
        const nodes = s.doc.graph.nodes.filter((n) => s.selectedNodes.has(n.id));
        set({ clipboard: { nodes: structuredClone(nodes), edges: structuredClone(innerEdges(s.doc, s.selectedNodes)), pastes: 0 } });
        s.notify({ kind: "copied", n: nodes.length });
      },

      paste() {
        if (!guard()) return;
        const s = get();
        if (!s.clipboard?.nodes.length) {
          s.notify({ kind: "nothing_to_paste" });
          return;
        }
        const k = s.clipboard.pastes + 1;
        const result = cloneInto(s.doc, s.clipboard.nodes, s.clipboard.edges, { x: PASTE_OFFSET * k, y: PASTE_OFFSET * k });
        if (result.skippedTrigger) s.notify({ kind: "second_trigger" });
        if (!result.ids.length) return;
        s.commit(() => result.doc);
        set({ clipboard: { ...s.clipboard, pastes: k }, selectedNodes: new Set(result.ids), selectedEdges: new Set() });
        if (!result.skippedTrigger) s.notify({ kind: "pasted", n: result.ids.length });
      },

      duplicateSelection() {
        if (!guard()) return;
        const s = get();
        if (!s.selectedNodes.size) return;
        const nodes = s.doc.graph.nodes.filter((n) => s.selectedNodes.has(n.id));
        const result = cloneInto(s.doc, nodes, innerEdges(s.doc, s.selectedNodes), { x: PASTE_OFFSET, y: PASTE_OFFSET });
        if (result.skippedTrigger) s.notify({ kind: "second_trigger" });
        if (!result.ids.length) return;
        s.commit(() => result.doc);
        set({ selectedNodes: new Set(result.ids), selectedEdges: new Set() });
      },

      replaceGraph(graph) {
        get().commit((doc) => ({ ...doc, graph }));
        set({ selectedNodes: new Set(), selectedEdges: new Set() });
      },

      autoLayout() {
        get().commit((doc) => {
          const graph = layoutFlow(doc.graph);
          return graph === doc.graph ? doc : { ...doc, graph };
        });
      },

      undo() {
        const s = get();
        const prev = s.past.at(-1);
        if (!prev || s.readOnly) return;
        set({
          doc: prev.doc,
          past: s.past.slice(0, -1),
          future: [...s.future, { doc: s.doc }],
          lastEdit: null,
          dragging: null,
          overlay: null,
          save: s.save.status === "conflict" ? s.save : { ...s.save, status: prev.doc === s.save.savedDoc ? "saved" : "dirty" },
        });
      },

      redo() {
        const s = get();
        const next = s.future.at(-1);
        if (!next || s.readOnly) return;
        set({
          doc: next.doc,
          past: [...s.past, { doc: s.doc }],
          future: s.future.slice(0, -1),
          lastEdit: null,
          dragging: null,
          overlay: null,
          save: s.save.status === "conflict" ? s.save : { ...s.save, status: next.doc === s.save.savedDoc ? "saved" : "dirty" },
        });
      },

      select(nodeIds, edgeIds = []) {
        set({ selectedNodes: new Set(nodeIds), selectedEdges: new Set(edgeIds) });
      },

      applySelection(nodes, edges) {
        if (!nodes.length && !edges.length) return;
        const s = get();
        const sn = new Set(s.selectedNodes);
        const se = new Set(s.selectedEdges);
        for (const c of nodes) c.selected ? sn.add(c.id) : sn.delete(c.id);
        for (const c of edges) c.selected ? se.add(c.id) : se.delete(c.id);
        const same = (a: ReadonlySet<string>, b: ReadonlySet<string>) => a.size === b.size && [...a].every((x) => b.has(x));
        if (same(sn, s.selectedNodes) && same(se, s.selectedEdges)) return;
        set({ selectedNodes: sn, selectedEdges: se });
      },

      setIssues(forDoc, issues) {
        set({ issues, issuesFor: forDoc, issuesByNode: groupIssues(issues, get().issuesByNode) });
      },

      setOverlay(overlay) {
        set({ overlay });
      },

      notify(n) {
        set({ notice: { ...n, id: ++noticeSeq } });
      },

      goToNode(nodeId) {
        set({ selectedNodes: new Set([nodeId]), selectedEdges: new Set(), focusRequest: { nodeId, seq: ++focusSeq } });
      },

      setSave(patch) {
        set({ save: { ...get().save, ...patch } });
      },

      replaceDocument(doc, revision, updatedAt) {
        set({
          doc,
          past: [],
          future: [],
          lastEdit: null,
          dragging: null,
          selectedNodes: new Set(),
          selectedEdges: new Set(),
          save: { status: "saved", revision, savedDoc: doc, message: null, updatedAt },
        });
      },
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Context

const EditorStoreContext = createContext<EditorStore | null>(null);

export function EditorStoreProvider({ init, children }: { init: Parameters<typeof createEditorStore>[0]; children: ReactNode }) {
  // One store per mounted editor; `init` is read once (a new document means a new editor key).
  const [store] = useState(() => createEditorStore(init));
  return createElement(EditorStoreContext.Provider, { value: store }, children);
}

export function useEditorStoreApi(): EditorStore {
  const store = useContext(EditorStoreContext);
  if (!store) throw new Error("useEditor outside <EditorStoreProvider>");
  return store;
}

export function useEditor<T>(selector: (s: EditorState & EditorActions) => T): T {
  return useStore(useEditorStoreApi(), selector);
}

// ---------------------------------------------------------------------------------------------
// Selectors

const EMPTY_ISSUES: FlowIssue[] = [];
export const selectNodeIssues = (id: string) => (s: EditorState) => s.issuesByNode.get(id) ?? EMPTY_ISSUES;
export const selectOverlayNode = (id: string) => (s: EditorState) => s.overlay?.nodes[id];
export const selectCanUndo = (s: EditorState) => s.past.length > 0 && !s.readOnly;
export const selectCanRedo = (s: EditorState) => s.future.length > 0 && !s.readOnly;
export const selectErrorCount = (s: EditorState) => s.issues.reduce((n, i) => n + (i.severity === "error" ? 1 : 0), 0);
export const selectSingleSelected = (s: EditorState): FlowNode | null => {
  if (s.selectedNodes.size !== 1) return null;
  const [id] = s.selectedNodes;
  return s.doc.graph.nodes.find((n) => n.id === id) ?? null;
};

/** `data-diff` on React Flow's wrapper of a node or edge (tests and assistive tech find compared elements by it). */
function diffAttribute(mark: NodeDiffState): NonNullable<RfNode["domAttributes"]> & NonNullable<RfEdge["domAttributes"]> {
  return { "data-diff": mark } as NonNullable<RfNode["domAttributes"]> & NonNullable<RfEdge["domAttributes"]>;
}

/** Whether the run overlay dims this node: an overlay is shown and the case did not go through it. */
export function isDimmed(overlay: FlowOverlay | null, nodeId: string): boolean {
  if (!overlay) return false;
  const st = overlay.nodes[nodeId]?.state;
  return !st || st === "skipped" || st === "not_fired";
}

/**
 * React Flow nodes from the document, memoised per node: a node object is re-created only when its
 * FlowNode, selection, drag position or overlay dimming changed (a comparison's marks are fixed). Nodes carry their drawn size
 * (nodeSize) as width, height and measured size: React Flow shows them at once, and an edited node
 * keeps its measured handles (a renderer whose handles change asks React Flow to re-measure).
 */
export function makeRfNodesSelector(ariaLabel?: (n: FlowNode, diff?: NodeDiffState) => string): (s: EditorState) => RfNode[] {
  type Size = { width: number; height: number };
  type Entry = { src: FlowNode; selected: boolean; pos: XY | undefined; dim: boolean; readOnly: boolean; drawn: Size; out: RfNode };
  let cache = new Map<string, Entry>();
  let lastKey: unknown[] = [];
  let last: RfNode[] = [];
  return (s) => {
    const key = [s.doc.graph.nodes, s.selectedNodes, s.dragging, s.overlay, s.readOnly];
    if (key.every((k, i) => k === lastKey[i])) return last;
    lastKey = key;
    const next = new Map<string, Entry>();
    last = s.doc.graph.nodes.map((n) => {
      const selected = s.selectedNodes.has(n.id);
      const pos = s.dragging?.get(n.id);
      const dim = isDimmed(s.overlay, n.id);
      const prev = cache.get(n.id);
      if (prev && prev.src === n && prev.selected === selected && prev.pos === pos && prev.dim === dim && prev.readOnly === s.readOnly) {
        next.set(n.id, prev);
        return prev.out;
      }
      // Drawn at exactly the engine's size (what auto-layout spaces nodes by): React Flow shows
      // the node at once instead of waiting for a measuring pass.
      const drawn = prev?.src === n ? prev.drawn : nodeSize(n);
      const mark = s.diff?.nodes[n.id];
      const className = [dim ? "flow-dim" : "", mark ? `flow-diff-${mark}` : ""].filter(Boolean).join(" ");
      const out: RfNode = {
        id: n.id,
        type: n.type,
        position: pos ?? n.position,
        width: drawn.width,
        height: drawn.height,
        // the wrapper is drawn at exactly this size, so it is also what React Flow would measure
        measured: drawn,
        ...(ariaLabel ? { ariaLabel: ariaLabel(n, mark) } : {}),
        data: mark ? { node: n, diff: mark } : { node: n },
        selected,
        draggable: !s.readOnly,
        connectable: !s.readOnly,
        deletable: !s.readOnly,
        className: className || undefined,
        ...(mark ? { domAttributes: diffAttribute(mark) } : {}),
      };
      next.set(n.id, { src: n, selected, pos, dim, readOnly: s.readOnly, drawn, out });
      return out;
    });
    cache = next;
    return last;
  };
}

export function makeRfEdgesSelector(ariaLabel?: (e: FlowEdge, nodes: ReadonlyMap<string, FlowNode>, diff?: "added" | "removed") => string): (s: EditorState) => RfEdge[] {
  type Entry = { src: FlowEdge; selected: boolean; cls: string | undefined; out: RfEdge };
  let cache = new Map<string, Entry>();
  let lastKey: unknown[] = [];
  let last: RfEdge[] = [];
  return (s) => {
    const key = [s.doc.graph.edges, s.selectedEdges, s.overlay, s.readOnly];
    if (key.every((k, i) => k === lastKey[i])) return last;
    lastKey = key;
    const taken = new Set(s.overlay?.edges ?? []);
    const byId = ariaLabel ? new Map(s.doc.graph.nodes.map((n) => [n.id, n])) : new Map<string, FlowNode>();
    const next = new Map<string, Entry>();
    last = s.doc.graph.edges.map((e) => {
      const selected = s.selectedEdges.has(e.id);
      const mark = s.diff?.edges[e.id];
      const cls = s.overlay ? (taken.has(e.id) ? "flow-edge-taken" : "flow-dim") : mark ? `flow-diff-${mark}` : undefined;
      const prev = cache.get(e.id);
      if (prev && prev.src === e && prev.selected === selected && prev.cls === cls) {
        next.set(e.id, prev);
        return prev.out;
      }
      const out: RfEdge = {
        id: e.id,
        type: "flow",
        source: e.source,
        sourceHandle: e.sourceHandle,
        target: e.target,
        targetHandle: "in",
        selected,
        deletable: !s.readOnly,
        className: cls,
        markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
        ...(ariaLabel ? { ariaLabel: ariaLabel(e, byId, mark) } : {}),
        ...(mark ? { domAttributes: diffAttribute(mark) } : {}),
        data: { taken: cls === "flow-edge-taken" },
      };
      next.set(e.id, { src: e, selected, cls, out });
      return out;
    });
    cache = next;
    return last;
  };
}
