"use client";
// The inspector frame: the selected node's label, its settings panel (the kind's spec), the rule
// settings of a chain head (the inspector helper's RuleSettingsPanel) and the node's problems. With nothing selected: the playbook's details.
// Every edit goes through the store (one undo step; typing bursts merge by mergeKey).
import { useMemo, type ComponentType } from "react";
import { fmt } from "@/app/_i18n";
import { useI18n } from "@/app/_i18n/client";
import { ConflictStrategy, isActionNode, type FlowDocument, type FlowNode } from "@/schemas";
import { editorText, type EditorMessages } from "./messages";
import { issueText } from "./settings/issue-text";
import { NODE_SPECS } from "./specs";
import { RuleSettingsPanel } from "./settings";
import { SelectField, Section, TextField } from "./settings/fields";
import { Panel } from "./settings/panel";
import { selectNodeIssues, selectSingleSelected, useEditor, useEditorStoreApi, type SettingsProps } from "./store";
import { KindSettings } from "./kind-settings";

export function Inspector() {
  const { locale } = useI18n();
  const m = editorText(locale);
  const node = useEditor(selectSingleSelected);
  const count = useEditor((s) => s.selectedNodes.size);
  const readOnly = useEditor((s) => s.readOnly);
  return (
    <section className="fe-inspector" data-testid="inspector" aria-labelledby="inspector-title">
      {node ? (
        <NodeInspector key={node.id} node={node} m={m} locale={locale} />
      ) : (
        <>
          <h2 id="inspector-title" className="fe-panel-title" tabIndex={-1}>
            {m.inspector.title}
          </h2>
          <p className="fe-help">{count > 1 ? fmt(m.inspector.many, { n: count }) : readOnly ? m.inspector.emptyReadOnly : m.inspector.empty}</p>
          {count === 0 && <PlaybookPanel m={m} locale={locale} />}
        </>
      )}
    </section>
  );
}

function NodeInspector({ node, m, locale }: { node: FlowNode; m: EditorMessages; locale: "es" | "en" }) {
  const api = useEditorStoreApi();
  const issues = useEditor(selectNodeIssues(node.id));
  const readOnly = useEditor((s) => s.readOnly);
  const doc = useEditor((s) => s.doc);
  const Settings = NODE_SPECS[node.type].settings as ComponentType<SettingsProps>;
  // Field and condition problems are shown under their fields by the settings panel.
  const structural = issues.filter((i) => i.code !== "field" && i.code !== "condition" && !i.path);

  const props: SettingsProps = useMemo(
    () => ({
      node,
      update: (data, mergeKey) => api.getState().updateNode(node.id, (n) => ({ ...n, data }) as FlowNode, mergeKey),
      updateRule: (rule, mergeKey) =>
        api.getState().updateNode(
          node.id,
          (n) => {
            if (!isActionNode(n)) return n;
            const { rule: _old, ...rest } = n;
            return (rule ? { ...rest, rule } : rest) as FlowNode;
          },
          mergeKey ?? "rule",
        ),
      updateLabel: (label, mergeKey) =>
        api.getState().updateNode(
          node.id,
          (n) => {
            const { label: _old, ...rest } = n;
            return (label ? { ...rest, label } : rest) as FlowNode;
          },
          mergeKey ?? "label",
        ),
      issues,
      locale,
      readOnly,
      doc,
    }),
    [api, node, issues, locale, readOnly, doc],
  );

  return (
    <>
      <h2 id="inspector-title" className="fe-panel-title" tabIndex={-1}>
        {m.kinds[node.type]}
        <span className="sub">{fmt(m.inspector.nodeId, { id: node.id })}</span>
      </h2>
      <Panel readOnly={readOnly} kind="label">
        <TextField label={m.inspector.label} hint={m.inspector.labelHint} value={node.label ?? ""} onChange={(v) => props.updateLabel(v || undefined, "label")} locale={locale} />
      </Panel>
      {Settings ? <Settings {...props} /> : <p className="fe-help">{m.inspector.settingsPending}</p>}
      {isActionNode(node) && <RuleSettingsPanel {...props} />}
      {structural.length > 0 && (
        <div className="fe-node-issues">
          <h3 className="fe-subtitle">{m.inspector.issues}</h3>
          <ul>
            {structural.map((i, k) => (
              <li key={k} className={`fe-issue is-${i.severity}`}>
                {issueText(i, locale)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {!readOnly && (
        <p>
          <button type="button" className="btn btn-ghost fe-danger" onClick={() => api.getState().deleteElements([node.id])}>
            {m.inspector.delete}
          </button>
        </p>
      )}
    </>
  );
}

function PlaybookDetails({ m, locale }: { m: EditorMessages; locale: "es" | "en" }) {
  const { t } = useI18n();
  const api = useEditorStoreApi();
  const doc = useEditor((s) => s.doc);
  const readOnly = useEditor((s) => s.readOnly);
  const edit = (patch: Partial<Pick<FlowDocument, "name" | "description" | "settings">>, key: string) => api.getState().commit((d) => ({ ...d, ...patch }) as FlowDocument, `doc.${key}`);
  const strategies = t.playbook.strategies as Record<string, string>;
  return (
    <Panel readOnly={readOnly} kind="playbook">
      <Section title={m.inspector.playbook}>
        {!readOnly && <p className="insp-hint">{m.inspector.playbookHelp}</p>}
        <TextField label={m.inspector.name} value={doc.name} onChange={(name) => edit({ name }, "name")} locale={locale} />
        <TextField label={m.inspector.description} value={doc.description ?? ""} onChange={(v) => edit({ description: v || undefined }, "description")} locale={locale} multiline />
        <SelectField
          label={m.inspector.strategy}
          value={doc.settings.conflictStrategy}
          options={ConflictStrategy.options.map((o) => ({ value: o, label: strategies[o] ?? o }))}
          onChange={(v) => edit({ settings: { ...doc.settings, conflictStrategy: v } }, "strategy")}
          locale={locale}
        />
      </Section>
    </Panel>
  );
}

function PlaybookPanel({ m, locale }: { m: EditorMessages; locale: "es" | "en" }) {
  return (
    <>
      <PlaybookDetails m={m} locale={locale} />
      <KindSettings locale={locale} />
    </>
  );
}
