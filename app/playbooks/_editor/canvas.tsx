"use client";
// The React Flow canvas: derives nodes and edges from the store's document, turns React Flow's
// changes back into store edits (drag stop = one undo step), refuses invalid connections with the
// reason, takes palette drops and centres a node on "go to node".
import { memo, useCallback, useEffect, useMemo, type DragEvent } from "react";
import {
  Background,
  BaseEdge,
  Controls,
  MiniMap,
  ReactFlow,
  getBezierPath,
  useReactFlow,
  useStoreApi,
  type ReactFlowState,
  type Connection,
  type EdgeChange,
  type EdgeProps,
  type EdgeTypes,
  type FinalConnectionState,
  type NodeChange,
  type NodeTypes,
  type OnConnectEnd,
  type Edge,
} from "@xyflow/react";
import { canConnect, nodeSize } from "@/engine/flow";
import { FLOW_NODE_TYPES, type FlowNodeType } from "@/schemas";
import { fmt } from "@/app/_i18n";
import { useI18n } from "@/app/_i18n/client";
import { editorText } from "./messages";
import { FlowNodeRenderer, handleLabel } from "./nodes";
import { nodeSummary } from "./specs";
import { makeRfEdgesSelector, makeRfNodesSelector, useEditor, useEditorStoreApi, type RfEdge, type RfNode, type XY } from "./store";

/** dataTransfer type of a palette drag; its value is the node type. */
export const PALETTE_MIME = "application/pauta-node";

function FlowEdgeView({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, markerEnd, selected }: EdgeProps<RfEdge>) {
  const [path] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  return <BaseEdge id={id} path={path} markerEnd={markerEnd} className={selected ? "flow-edge-selected" : undefined} />;
}

// Module scope (never re-created during render): every kind uses the one renderer.
const nodeTypes = Object.fromEntries(FLOW_NODE_TYPES.map((t) => [t, FlowNodeRenderer])) as NodeTypes;
const edgeTypes: EdgeTypes = { flow: memo(FlowEdgeView) };
const MINIMAP_SIZE = { width: 150, height: 100 };
export const FIT_VIEW = { padding: 0.15, maxZoom: 1.2 };
const isFlowNodeType = (t: string): t is FlowNodeType => (FLOW_NODE_TYPES as readonly string[]).includes(t);

export function isMacPlatform(): boolean {
  if (typeof navigator === "undefined") return false;
  const nav = navigator as Navigator & { userAgentData?: { platform?: string } };
  return /mac|iphone|ipad|ipod/i.test(nav.userAgentData?.platform || nav.platform || "");
}

/** Memo'd: the editor shell's own state (dialogs, try panel) must not re-render 300 nodes. */
export const FlowCanvas = memo(function FlowCanvas({ onReady }: { onReady: (ready: boolean) => void }) {
  const { locale } = useI18n();
  const m = editorText(locale);
  const api = useEditorStoreApi();
  const rf = useReactFlow<RfNode, RfEdge>();
  // Screen readers hear a node as "Route to queue: Queue posgrado-mx" and an edge as "Condition → Route (Yes)";
  // in a version comparison, what changed comes after ("… (Added)").
  const selectNodes = useMemo(
    () =>
      makeRfNodesSelector((n, diff) => {
        const title = n.label?.trim() || m.kinds[n.type];
        const summary = nodeSummary(n, m, locale).join("; ");
        return `${summary ? `${title}: ${summary}` : title}${diff ? ` (${m.node.diff[diff]})` : ""}`;
      }),
    [m, locale],
  );
  const selectEdges = useMemo(
    () =>
      makeRfEdgesSelector((e, byId, diff) => {
        const name = (id: string) => {
          const n = byId.get(id);
          return n ? n.label?.trim() || `${m.kinds[n.type]} ${n.id}` : id;
        };
        const src = byId.get(e.source);
        const branch = src ? handleLabel(src, e.sourceHandle, m) : "";
        return `${name(e.source)} → ${name(e.target)}${branch ? ` (${branch})` : ""}${diff ? ` (${m.node.diff[diff]})` : ""}`;
      }),
    [m],
  );
  const nodes = useEditor(selectNodes);
  const edges = useEditor(selectEdges);
  const readOnly = useEditor((s) => s.readOnly);
  const focusRequest = useEditor((s) => s.focusRequest);
  const rfStore = useStoreApi<RfNode, RfEdge>();

  // Ready once every node's handles are measured (its edges can be drawn): React Flow's own
  // "initialized" flag only looks at sizes, which our nodes carry from the start.
  useEffect(() => {
    const measured = (s: ReactFlowState<RfNode, RfEdge>) => {
      for (const n of s.nodeLookup.values()) if (!n.internals.handleBounds) return false;
      return s.nodeLookup.size > 0 || api.getState().doc.graph.nodes.length === 0;
    };
    const done = () => onReady(true);
    if (measured(rfStore.getState())) {
      done();
      return;
    }
    const unsubscribe = rfStore.subscribe((s) => {
      if (!measured(s)) return;
      unsubscribe();
      done();
    });
    return unsubscribe;
  }, [api, onReady, rfStore]);

  // "Go to node": centre it, then hand focus to the inspector.
  useEffect(() => {
    if (!focusRequest) return;
    const node = api.getState().doc.graph.nodes.find((n) => n.id === focusRequest.nodeId);
    if (!node) return;
    const size = nodeSize(node);
    void rf.setCenter(node.position.x + size.width / 2, node.position.y + size.height / 2, { zoom: Math.max(rf.getZoom(), 1), duration: 250 });
    const t = setTimeout(() => document.getElementById("inspector-title")?.focus(), 60);
    return () => clearTimeout(t);
  }, [focusRequest, api, rf]);

  const onNodesChange = useCallback(
    (changes: NodeChange<RfNode>[]) => {
      const s = api.getState();
      const sel: { id: string; selected: boolean }[] = [];
      let drag: Map<string, XY> | null = null;
      let done: Map<string, XY> | null = null;
      for (const c of changes) {
        if (c.type === "select") sel.push({ id: c.id, selected: c.selected });
        else if (c.type === "position" && c.position) {
          if (c.dragging) (drag ??= new Map(s.dragging ?? [])).set(c.id, c.position);
          else (done ??= new Map()).set(c.id, c.position);
        }
      }
      if (sel.length) s.applySelection(sel, []);
      if (drag) s.setDragging(drag);
      if (done) {
        // A drag's end, or a keyboard move (arrow bursts merge into one undo step).
        const wasDragging = !!s.dragging;
        const final = new Map([...(s.dragging ?? []), ...done]);
        s.moveNodes(final, wasDragging ? undefined : "keyboard-move");
      }
    },
    [api],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<RfEdge>[]) => {
      const sel = changes.flatMap((c) => (c.type === "select" ? [{ id: c.id, selected: c.selected }] : []));
      if (sel.length) api.getState().applySelection([], sel);
    },
    [api],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      if (!c.sourceHandle) return;
      api.getState().connect({ source: c.source, sourceHandle: c.sourceHandle, target: c.target });
    },
    [api],
  );

  const isValidConnection = useCallback(
    (c: Connection | Edge) => !!c.sourceHandle && canConnect(api.getState().doc.graph, { source: c.source, sourceHandle: c.sourceHandle, target: c.target }).ok,
    [api],
  );

  // A drop on a handle that isValidConnection refused: say why.
  const onConnectEnd: OnConnectEnd = useCallback(
    (_e: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.isValid !== false || !state.fromNode || !state.toNode) return;
      const from = state.fromHandle?.type === "source" ? state.fromHandle : state.toHandle;
      const to = state.fromHandle?.type === "source" ? state.toNode : state.fromNode;
      const source = state.fromHandle?.type === "source" ? state.fromNode : state.toNode;
      if (!from?.id || !to || !source) return;
      const check = canConnect(api.getState().doc.graph, { source: source.id, sourceHandle: from.id, target: to.id });
      if (!check.ok) api.getState().notify({ kind: "refused", code: check.code });
    },
    [api],
  );

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(PALETTE_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "copy";
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const type = e.dataTransfer.getData(PALETTE_MIME);
      if (!type || !isFlowNodeType(type)) return;
      e.preventDefault();
      const p = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      // The drop point is the node's centre-left: where the pointer held the palette item.
      api.getState().addNode(type, { x: p.x - 20, y: p.y - 20 });
    },
    [api, rf],
  );

  const ariaLabelConfig = useMemo(
    () => ({
      "node.a11yDescription.default": readOnly ? m.rf.nodeHelpReadOnly : m.rf.nodeHelp,
      "node.a11yDescription.keyboardDisabled": m.rf.nodeHelpReadOnly,
      "node.a11yDescription.ariaLiveMessage": ({ direction, x, y }: { direction: string; x: number; y: number }) => fmt(m.rf.moved, { direction, x: Math.round(x), y: Math.round(y) }),
      "edge.a11yDescription.default": m.rf.edgeHelp,
      "controls.ariaLabel": m.rf.controls,
      "controls.zoomIn.ariaLabel": m.rf.zoomIn,
      "controls.zoomOut.ariaLabel": m.rf.zoomOut,
      "controls.fitView.ariaLabel": m.rf.fitView,
      "controls.interactive.ariaLabel": m.rf.interactive,
      "minimap.ariaLabel": m.rf.minimap,
      "handle.ariaLabel": m.rf.handle,
    }),
    [m, readOnly],
  );

  return (
    <ReactFlow<RfNode, RfEdge>
      role="region"
      aria-label={m.editor.canvasLabel}
      className="flow-canvas"
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onConnect={onConnect}
      onConnectEnd={onConnectEnd}
      isValidConnection={isValidConnection}
      onDragOver={onDragOver}
      onDrop={onDrop}
      deleteKeyCode={null}
      selectionKeyCode="Shift"
      multiSelectionKeyCode={isMacPlatform() ? "Meta" : "Control"}
      nodesDraggable={!readOnly}
      nodesConnectable={!readOnly}
      elementsSelectable
      fitView
      fitViewOptions={FIT_VIEW}
      minZoom={0.1}
      maxZoom={2}
      ariaLabelConfig={ariaLabelConfig}
      proOptions={{ hideAttribution: false }}
    >
      <Background gap={20} size={1} />
      <MiniMap pannable zoomable nodeStrokeWidth={3} className="flow-minimap" style={MINIMAP_SIZE} />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
});
