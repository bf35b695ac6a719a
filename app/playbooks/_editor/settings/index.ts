// The settings panel of every node kind, rendered by the canvas inspector as SETTINGS[node.type];
// RuleSettingsPanel goes under an action node's panel (rule settings of a chain head).
import type { ComponentType } from "react";
import type { FlowNodeType } from "@/schemas";
import type { SettingsProps } from "../store";
import { AddTagsSettings } from "./add_tags";
import { ApplySlaSettings } from "./apply_sla";
import { AutoReplySettings } from "./auto_reply";
import { ConditionSettings } from "./condition";
import { NotifySettings } from "./notify";
import { RequireSkillsSettings } from "./require_skills";
import { RouteSettings } from "./route";
import { SetPrioritySettings } from "./set_priority";
import { StopSettings } from "./stop";
import { SwitchSettings } from "./switch";
import { TriggerSettings } from "./trigger";
import "./settings.css";

export const SETTINGS: { [T in FlowNodeType]: ComponentType<SettingsProps<T>> } = {
  trigger: TriggerSettings,
  condition: ConditionSettings,
  switch: SwitchSettings,
  route: RouteSettings,
  require_skills: RequireSkillsSettings,
  set_priority: SetPrioritySettings,
  add_tags: AddTagsSettings,
  auto_reply: AutoReplySettings,
  apply_sla: ApplySlaSettings,
  notify: NotifySettings,
  stop: StopSettings,
};

export { RuleSettingsPanel, chainHead } from "./rule-settings";
export { ConditionTreeEditor } from "./condition-editor";
export { FactPicker, OperatorSelect, ValueInput } from "./fact-picker";
export { TagListInput } from "./fields";
