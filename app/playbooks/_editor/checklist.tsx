"use client";
// The checklist: every problem of the draft, errors first, in the reader's language, each with
// "go to node" (selects and centres the node, and moves focus to the inspector).
import { useMemo } from "react";
import { fmt } from "@/app/_i18n";
import { useI18n } from "@/app/_i18n/client";
import type { FlowIssue } from "@/schemas";
import { editorText } from "./messages";
import { issueText } from "./settings/issue-text";
import { useEditor } from "./store";

export function sortIssues(issues: readonly FlowIssue[]): FlowIssue[] {
  return [...issues.filter((i) => i.severity === "error"), ...issues.filter((i) => i.severity !== "error")];
}

export function Checklist() {
  const { locale } = useI18n();
  const m = editorText(locale);
  const issues = useEditor((s) => s.issues);
  const nodes = useEditor((s) => s.doc.graph.nodes);
  const goToNode = useEditor((s) => s.goToNode);
  const sorted = useMemo(() => sortIssues(issues), [issues]);
  const byId = useMemo(() => new Map(nodes.map((n) => [n.id, n])), [nodes]);
  const errors = sorted.filter((i) => i.severity === "error").length;
  const warnings = sorted.length - errors;

  return (
    <section className="fe-checklist" data-testid="checklist" aria-labelledby="checklist-title">
      <h2 id="checklist-title" className="fe-panel-title">
        {m.checklist.title}
        {errors > 0 && <span className="badge badge-danger">{fmt(m.checklist.errors, { n: errors })}</span>}
        {warnings > 0 && <span className="badge badge-warn">{fmt(m.checklist.warnings, { n: warnings })}</span>}
      </h2>
      {sorted.length === 0 ? (
        <p className="fe-help fe-ok">{m.checklist.ok}</p>
      ) : (
        <ul className="fe-issues">
          {sorted.map((issue, i) => {
            const node = issue.nodeId ? byId.get(issue.nodeId) : undefined;
            const where = node ? node.label?.trim() || `${m.kinds[node.type]} · ${node.id}` : m.checklist.general;
            return (
              <li key={`${issue.code}-${issue.nodeId ?? ""}-${issue.edgeId ?? ""}-${i}`} className={`fe-issue is-${issue.severity}`} data-testid="checklist-item" data-severity={issue.severity} data-code={issue.code}>
                <span className={`badge ${issue.severity === "error" ? "badge-danger" : "badge-warn"}`}>{issue.severity === "error" ? m.checklist.error : m.checklist.warning}</span>
                <span className="fe-issue-text">
                  <span className="fe-issue-where">{where}</span>
                  <span>{issueText(issue, locale)}</span>
                </span>
                {node && (
                  <button type="button" className="btn btn-ghost fe-goto" onClick={() => goToNode(node.id)} aria-label={`${m.checklist.goTo}: ${where}`}>
                    {m.checklist.goTo}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
