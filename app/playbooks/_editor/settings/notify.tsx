"use client";
// Notify: who is told, and optionally what.
import type { SettingsProps } from "../store";
import { TextField } from "./fields";
import { issuesUnder, usedValues } from "./logic";
import { sm } from "./messages";
import { Panel } from "./panel";

export function NotifySettings({ node, update, issues, locale, readOnly, doc }: SettingsProps<"notify">) {
  const t = sm(locale);
  const data = node.data;
  return (
    <Panel readOnly={readOnly} kind="notify">
      <TextField
        label={t.notify.target}
        hint={t.notify.targetHint}
        value={data.target}
        onChange={(target) => update({ ...data, target }, `${node.id}:target`)}
        locale={locale}
        issues={issuesUnder(issues, "target")}
        suggestions={usedValues<{ target: string }>(doc.graph.nodes, "notify", (d) => d.target)}
      />
      <TextField
        label={`${t.notify.message} (${t.common.optional})`}
        value={data.message ?? ""}
        onChange={(message) => {
          const { message: _drop, ...rest } = data;
          update(message === "" ? rest : { ...rest, message }, `${node.id}:message`);
        }}
        locale={locale}
        issues={issuesUnder(issues, "message")}
        multiline
      />
    </Panel>
  );
}
