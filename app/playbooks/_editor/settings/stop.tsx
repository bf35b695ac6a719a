"use client";
// Stop: nothing to set; it says what it means.
import type { SettingsProps } from "../store";
import { sm } from "./messages";
import { Panel } from "./panel";

export function StopSettings({ locale, readOnly }: SettingsProps<"stop">) {
  return (
    <Panel readOnly={readOnly} kind="stop">
      <p className="insp-hint">{sm(locale).stop.text}</p>
    </Panel>
  );
}
