"use client";
// Set priority: one of urgent / high / normal / low.
import { messages } from "@/app/_i18n";
import { Priority } from "@/schemas";
import type { SettingsProps } from "../store";
import { SelectField } from "./fields";
import { issuesUnder } from "./logic";
import { sm } from "./messages";
import { Panel } from "./panel";

export function SetPrioritySettings({ node, update, issues, locale, readOnly }: SettingsProps<"set_priority">) {
  const names = messages(locale).priorities as Record<string, string>;
  return (
    <Panel readOnly={readOnly} kind="set_priority">
      <SelectField
        label={sm(locale).priority.priority}
        value={node.data.priority}
        options={Priority.options.map((p) => ({ value: p, label: names[p] ?? p }))}
        onChange={(priority) => update({ ...node.data, priority })}
        locale={locale}
        issues={issuesUnder(issues, "priority")}
      />
    </Panel>
  );
}
