// The settings panel of every node kind, rendered by the canvas inspector as SETTINGS[node.type];
// RuleSettingsPanel goes under an action node's panel (rule settings of a chain head).
import type { ComponentType } from "react";
import dynamic from "next/dynamic";
import type { FlowNodeType } from "@/schemas";
import type { SettingsProps } from "../store";
import "./settings.css";

// Each panel is its own chunk, loaded the first time a node of its kind is selected: the canvas of a
// large playbook opens without compiling forms nobody has asked for yet.
const lazy = <T extends FlowNodeType>(load: () => Promise<ComponentType<SettingsProps<T>>>) => dynamic(load, { ssr: false });

export const SETTINGS: { [T in FlowNodeType]: ComponentType<SettingsProps<T>> } = {
  trigger: lazy(() => import("./trigger").then((m) => m.TriggerSettings)),
  condition: lazy(() => import("./condition").then((m) => m.ConditionSettings)),
  switch: lazy(() => import("./switch").then((m) => m.SwitchSettings)),
  route: lazy(() => import("./route").then((m) => m.RouteSettings)),
  require_skills: lazy(() => import("./require_skills").then((m) => m.RequireSkillsSettings)),
  set_priority: lazy(() => import("./set_priority").then((m) => m.SetPrioritySettings)),
  add_tags: lazy(() => import("./add_tags").then((m) => m.AddTagsSettings)),
  auto_reply: lazy(() => import("./auto_reply").then((m) => m.AutoReplySettings)),
  apply_sla: lazy(() => import("./apply_sla").then((m) => m.ApplySlaSettings)),
  notify: lazy(() => import("./notify").then((m) => m.NotifySettings)),
  require_approval: lazy(() => import("./require_approval").then((m) => m.RequireApprovalSettings)),
  escalation_step: lazy(() => import("./escalation_step").then((m) => m.EscalationStepSettings)),
  detector: lazy(() => import("./detector").then((m) => m.DetectorSettings)),
  stop: lazy(() => import("./stop").then((m) => m.StopSettings)),
};

export { RuleSettingsPanel, chainHead } from "./rule-settings";
export { TagListInput } from "./fields";
