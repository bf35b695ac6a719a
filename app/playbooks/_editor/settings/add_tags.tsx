"use client";
// Add tags: tags put on the case (they accumulate across rules).
import type { SettingsProps } from "../store";
import { TagListInput } from "./fields";
import { issuesUnder, usedValues } from "./logic";
import { sm } from "./messages";
import { Panel } from "./panel";

export function AddTagsSettings({ node, update, issues, locale, readOnly, doc }: SettingsProps<"add_tags">) {
  const t = sm(locale);
  return (
    <Panel readOnly={readOnly} kind="add_tags">
      <TagListInput
        label={t.tags.tags}
        hint={t.tags.hint}
        value={node.data.tags}
        onChange={(tags) => update({ ...node.data, tags: tags.map(String) })}
        locale={locale}
        issues={issuesUnder(issues, "tags")}
        suggestions={usedValues<{ tags: string[] }>(doc.graph.nodes, "add_tags", (d) => d.tags)}
      />
    </Panel>
  );
}
