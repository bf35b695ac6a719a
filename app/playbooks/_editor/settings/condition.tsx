"use client";
// Condition: one condition tree; the case leaves by `true` when it holds, by `false` otherwise.
import type { SettingsProps } from "../store";
import { ConditionTreeEditor } from "./condition-editor";
import { sm } from "./messages";
import { Panel } from "./panel";

export function ConditionSettings({ node, update, issues, locale, readOnly, doc }: SettingsProps<"condition">) {
  const t = sm(locale);
  return (
    <Panel readOnly={readOnly} kind="condition">
      <p className="insp-hint">{t.condition.hint}</p>
      <ConditionTreeEditor
        value={node.data.condition}
        onChange={(condition, mergeKey) => update({ ...node.data, condition }, mergeKey)}
        prefix="condition"
        issues={issues}
        locale={locale}
        sharedNames={Object.keys(doc.conditions)}
        mergeBase={node.id}
      />
    </Panel>
  );
}
