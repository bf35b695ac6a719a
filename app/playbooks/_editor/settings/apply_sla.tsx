"use client";
// Apply SLA: the id of the SLA policy.
import type { SettingsProps } from "../store";
import { TextField } from "./fields";
import { issuesUnder, usedValues } from "./logic";
import { sm } from "./messages";
import { Panel } from "./panel";

export function ApplySlaSettings({ node, update, issues, locale, readOnly, doc }: SettingsProps<"apply_sla">) {
  const t = sm(locale);
  return (
    <Panel readOnly={readOnly} kind="apply_sla">
      <TextField
        label={t.sla.policy}
        hint={t.sla.hint}
        value={node.data.policy}
        onChange={(policy) => update({ ...node.data, policy }, `${node.id}:policy`)}
        locale={locale}
        issues={issuesUnder(issues, "policy")}
        suggestions={usedValues<{ policy: string }>(doc.graph.nodes, "apply_sla", (d) => d.policy)}
        mono
      />
    </Panel>
  );
}
