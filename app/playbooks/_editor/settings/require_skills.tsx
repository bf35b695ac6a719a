"use client";
// Require skills: a list of skills the agent must have.
import type { SettingsProps } from "../store";
import { TagListInput } from "./fields";
import { issuesUnder, usedValues } from "./logic";
import { sm } from "./messages";
import { Panel } from "./panel";

export function RequireSkillsSettings({ node, update, issues, locale, readOnly, doc }: SettingsProps<"require_skills">) {
  const t = sm(locale);
  return (
    <Panel readOnly={readOnly} kind="require_skills">
      <TagListInput
        label={t.skills.skills}
        hint={t.skills.hint}
        value={node.data.skills}
        onChange={(skills) => update({ ...node.data, skills: skills.map(String) })}
        locale={locale}
        issues={issuesUnder(issues, "skills")}
        suggestions={usedValues<{ skills: string[] }>(doc.graph.nodes, "require_skills", (d) => d.skills)}
      />
    </Panel>
  );
}
