"use client";
// Require approval: replies to matching cases wait for a person's approval (crisis mode).
import type { SettingsProps } from "../store";
import { TextField } from "./fields";
import { issuesUnder } from "./logic";
import { sm } from "./messages";
import { Panel } from "./panel";

export function RequireApprovalSettings({ node, update, issues, locale, readOnly }: SettingsProps<"require_approval">) {
  const t = sm(locale);
  return (
    <Panel readOnly={readOnly} kind="require_approval">
      <TextField
        label={`${t.approval.reason} (${t.common.optional})`}
        hint={t.approval.reasonHint}
        value={node.data.reason ?? ""}
        onChange={(reason) => update(reason === "" ? {} : { reason }, `${node.id}:reason`)}
        locale={locale}
        issues={issuesUnder(issues, "reason")}
      />
    </Panel>
  );
}
