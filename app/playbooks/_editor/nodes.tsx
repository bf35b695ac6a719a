"use client";
// The node renderer: one memo'd component for every kind (the kind's spec gives icon and summary).
// It is drawn at exactly nodeSize(node) (fixed width, min height) so auto-layout never overlaps,
// with labelled handles, an issue badge, the run overlay state and the selection ring.
import { memo, useEffect, useRef, type CSSProperties } from "react";
import { Handle, Position, useStore, useUpdateNodeInternals, type NodeProps, type ReactFlowState } from "@xyflow/react";
import { NODE_SIZES, nodeSize, sourceHandles } from "@/engine/flow";
import { formatValue } from "@/engine/explain";
import { fmt } from "@/app/_i18n";
import { useI18n } from "@/app/_i18n/client";
import type { ConditionTrace, FlowNode, FlowOverlay, JsonValue } from "@/schemas";
import { editorText, type EditorMessages } from "./messages";
import { issueText } from "./settings/issue-text";
import { NODE_SPECS, caseLabel, nodeSummary } from "./specs";
import { selectNodeIssues, selectOverlayNode, useEditor, type RfNode } from "./store";

type OverlayNode = FlowOverlay["nodes"][string];

/**
 * Below this zoom the text of a summary is unreadable anyway: nodes draw only their title, badge,
 * state and handles (contextual zoom), which keeps a 300-node canvas cheap to open and to pan.
 */
export const COMPACT_ZOOM = 0.45;
const selectCompact = (s: ReactFlowState) => s.transform[2] < COMPACT_ZOOM;

/** The label shown beside a source handle ("" for a lone `out`). */
export function handleLabel(node: FlowNode, handle: string, m: EditorMessages): string {
  if (handle === "true") return m.node.yes;
  if (handle === "false") return m.node.no;
  if (handle === "default") return m.node.other;
  if (node.type === "switch" && handle.startsWith("case:")) {
    const i = node.data.cases.findIndex((c) => `case:${c.id}` === handle);
    const c = node.data.cases[i];
    return c ? caseLabel(c, i, m) : handle;
  }
  return "";
}

/** Vertical centre (px from the node's top) of each source handle, matching nodeSize's rows. */
function handleTops(node: FlowNode, handles: string[], height: number): number[] {
  if (node.type === "switch") return handles.map((_, i) => NODE_SIZES.switchHeader + NODE_SIZES.switchRow * i + NODE_SIZES.switchRow / 2);
  if (node.type === "condition") return [height * 0.45, height * 0.78];
  return handles.map(() => height / 2);
}

/** The fact values a condition saw, from its trace leaves (first few). */
function seenValues(trace: ConditionTrace | undefined, locale: "es" | "en"): string[] {
  const out: string[] = [];
  const walk = (t: ConditionTrace): void => {
    if (out.length >= 2) return;
    if (t.type === "fact") {
      if (t.evaluated) out.push(`${t.path ? `${t.fact}${t.path.replace(/^\$/, "")}` : t.fact} = ${formatValue(t.factValue as JsonValue | undefined, locale, true)}`);
    } else if (t.type === "not") walk(t.child);
    else if (t.type === "ref") {
      if (t.child) walk(t.child);
    } else t.children.forEach(walk);
  };
  if (trace) walk(trace);
  return out;
}

function RunState({ run, node, m, locale }: { run: OverlayNode; node: FlowNode; m: EditorMessages; locale: "es" | "en" }) {
  const seen =
    node.type === "switch" && run.factValue !== undefined
      ? [fmt(m.node.seen, { value: formatValue(run.factValue, locale, true) })]
      : node.type === "condition" || node.type === "trigger"
        ? seenValues(run.trace, locale)
        : [];
  return (
    <div className="fn-run">
      <span className={`fn-run-state is-${run.state}`}>{m.node.state[run.state]}</span>
      {seen.map((s, i) => (
        <span key={i} className="fn-run-seen" title={s}>
          {s}
        </span>
      ))}
      {run.error && (
        <span className="fn-run-seen" title={run.error}>
          {run.error}
        </span>
      )}
    </div>
  );
}

function FlowNodeView({ id, data, selected }: NodeProps<RfNode>) {
  const { locale } = useI18n();
  const m = editorText(locale);
  const node = data.node;
  const issues = useEditor(selectNodeIssues(id));
  const run = useEditor(selectOverlayNode(id));
  const readOnly = useEditor((s) => s.readOnly);
  const compact = useStore(selectCompact);
  const spec = NODE_SPECS[node.type];
  const Icon = spec.icon;
  const size = nodeSize(node);
  const handles = sourceHandles(node);
  const tops = handleTops(node, handles, size.height);
  // A switch's handles come and go with its cases: React Flow must measure them again.
  const updateNodeInternals = useUpdateNodeInternals();
  const handleKey = handles.join("|");
  const firstHandles = useRef(handleKey);
  useEffect(() => {
    if (handleKey !== firstHandles.current) {
      firstHandles.current = handleKey;
      updateNodeInternals(id);
    }
  }, [handleKey, id, updateNodeInternals]);
  const errors = issues.filter((i) => i.severity === "error");
  const summary = compact ? [] : nodeSummary(node, m, locale);
  const kindName = m.kinds[node.type];
  const title = node.label?.trim() || kindName;
  const style: CSSProperties = { width: size.width, minHeight: size.height };
  const issueTitle = issues.map((i) => issueText(i, locale)).join("\n");

  return (
    <div
      className={[
        "fn",
        `fn-${spec.category}`,
        `fn-kind-${node.type}`,
        selected ? "is-selected" : "",
        errors.length ? "is-invalid" : issues.length ? "is-warning" : "",
        run ? `run-${run.state}` : "",
        data.diff ? `diff-${data.diff}` : "",
        compact ? "is-compact" : "",
      ]
        .filter(Boolean)
        .join(" ")}
      style={style}
      data-testid={`node-${node.type}`}
      data-state={run?.state}
      data-invalid={errors.length ? "true" : undefined}
    >
      {node.type !== "trigger" && <Handle type="target" position={Position.Left} id="in" isConnectable={!readOnly} className="fn-handle fn-handle-in" />}
      <div className="fn-head">
        <span className="fn-icon" aria-hidden="true">
          <Icon />
        </span>
        <span className="fn-title" title={title}>
          {title}
        </span>
        {data.diff && <span className={`fn-diff is-${data.diff}`}>{m.node.diff[data.diff]}</span>}
        {issues.length > 0 && (
          <span className={`fn-issue ${errors.length ? "is-error" : "is-warning"}`} data-testid="node-issue" title={issueTitle} aria-label={issues.length === 1 ? m.node.issue : fmt(m.node.issues, { n: issues.length })} role="img">
            {issues.length}
          </span>
        )}
      </div>
      {!compact && node.label?.trim() && node.type !== "stop" && <div className="fn-kind">{kindName}</div>}
      {!compact && node.type !== "stop" && (
        <div className="fn-summary">
          {summary.length ? (
            summary.map((line, i) => (
              <span key={i} className="fn-line" title={line}>
                {line}
              </span>
            ))
          ) : (
            <span className="fn-line fn-empty">{m.node.empty}</span>
          )}
        </div>
      )}
      {run && !compact && <RunState run={run} node={node} m={m} locale={locale} />}
      {handles.map((h, i) => {
        const label = handleLabel(node, h, m);
        const taken = run?.branch === h;
        return (
          <div key={h} className={`fn-port${taken ? " is-taken" : ""}${node.type === "switch" ? " fn-port-row" : ""}`} style={{ top: tops[i] }}>
            {label && !compact && (
              <span className={`fn-port-label fn-port-${h.startsWith("case:") ? "case" : h}`} title={label}>
                {label}
              </span>
            )}
            <Handle type="source" position={Position.Right} id={h} isConnectable={!readOnly} className="fn-handle" />
          </div>
        );
      })}
    </div>
  );
}

export const FlowNodeRenderer = memo(FlowNodeView);
