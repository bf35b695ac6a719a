"use client";
// Trigger: which channels and events start the flow, and an optional entry condition.
import { Channel, TriggerEvent, type TopLevelCondition } from "@/schemas";
import type { SettingsProps } from "../store";
import { ConditionTreeEditor } from "./condition-editor";
import { CheckboxGroup, IssueLines, Section } from "./fields";
import { issuesAt, issuesUnder } from "./logic";
import { sm } from "./messages";
import { Panel } from "./panel";

/** Routing flows start on a new case only; the case events are for escalation flows. */
const ROUTING_EVENTS: readonly TriggerEvent[] = ["case.created"];

export function TriggerSettings({ node, update, issues, locale, readOnly, doc }: SettingsProps<"trigger">) {
  const t = sm(locale);
  const data = node.data;
  const set = (patch: Partial<typeof data>, mergeKey?: string) => update({ ...data, ...patch }, mergeKey);
  return (
    <Panel readOnly={readOnly} kind="trigger">
      <CheckboxGroup
        legend={t.trigger.channels}
        options={Channel.options.map((c) => ({ value: c, label: c }))}
        value={data.channels}
        onChange={(channels) => set({ channels: Channel.options.filter((c) => channels.includes(c)) })}
        locale={locale}
        hint={data.channels.length === 0 ? <strong>{t.trigger.allChannels}. {t.trigger.channelsHint}</strong> : t.trigger.channelsHint}
        issues={issuesUnder(issues, "channels")}
      />
      <CheckboxGroup
        legend={t.trigger.events}
        options={TriggerEvent.options.map((e) => ({ value: e, label: t.trigger.eventNames[e] ?? e }))}
        value={data.events}
        onChange={(events) => set({ events: TriggerEvent.options.filter((e) => events.includes(e)) })}
        locale={locale}
        hint={t.trigger.eventsHint}
        issues={issuesUnder(issues, "events")}
        isDisabled={(e) => !ROUTING_EVENTS.includes(e)}
      />
      <Section title={t.trigger.entry}>
        <p className="insp-hint">{t.trigger.entryHint}</p>
        {data.condition ? (
          <>
            <ConditionTreeEditor
              value={data.condition}
              onChange={(condition: TopLevelCondition, mergeKey) => set({ condition }, mergeKey)}
              prefix="condition"
              issues={issues}
              locale={locale}
              sharedNames={Object.keys(doc.conditions)}
              mergeBase={node.id}
              legend={t.trigger.entry}
            />
            <button
              type="button"
              className="insp-text-btn is-danger"
              onClick={() => {
                const { condition: _drop, ...rest } = data;
                update(rest);
              }}
            >
              {t.trigger.removeEntry}
            </button>
          </>
        ) : (
          <>
            <IssueLines issues={issuesAt(issues, "condition")} locale={locale} />
            <button type="button" className="insp-text-btn" onClick={() => set({ condition: { all: [{ fact: "", operator: "equal", value: "" }] } })}>
              + {t.trigger.addEntry}
            </button>
          </>
        )}
      </Section>
    </Panel>
  );
}
