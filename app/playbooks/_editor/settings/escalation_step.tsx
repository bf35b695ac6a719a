"use client";
// A ladder step: which SLA metric, and when (warning at a share of the target, breach, N minutes after).
import { EscalationStepAt, SlaMetric } from "@/schemas";
import type { SettingsProps } from "../store";
import { NumberField, SelectField } from "./fields";
import { issuesUnder } from "./logic";
import { sm } from "./messages";
import { Panel } from "./panel";

export function EscalationStepSettings({ node, update, issues, locale, readOnly }: SettingsProps<"escalation_step">) {
  const t = sm(locale).step;
  const data = node.data;
  return (
    <Panel readOnly={readOnly} kind="escalation_step">
      <p className="insp-hint">{t.intro}</p>
      <SelectField
        label={t.metric}
        value={data.metric}
        options={SlaMetric.options.map((v) => ({ value: v, label: t.metrics[v] }))}
        onChange={(metric) => update({ ...data, metric })}
        locale={locale}
        issues={issuesUnder(issues, "metric")}
      />
      <SelectField
        label={t.at}
        value={data.at}
        options={EscalationStepAt.options.map((v) => ({ value: v, label: t.ats[v] }))}
        onChange={(at) => {
          // only the number the moment uses is kept
          const { percent, minutes, ...rest } = data;
          update({ ...rest, at, ...(at === "warning" && percent !== undefined ? { percent } : {}), ...(at === "after_breach" && minutes !== undefined ? { minutes } : {}) });
        }}
        locale={locale}
        issues={issuesUnder(issues, "at")}
      />
      {data.at === "warning" && (
        <NumberField
          label={t.percent}
          hint={t.percentHint}
          value={data.percent}
          min={1}
          max={99}
          onChange={(percent) => {
            const { percent: _p, ...rest } = data;
            update(percent === undefined ? rest : { ...rest, percent }, `${node.id}:percent`);
          }}
          locale={locale}
          issues={issuesUnder(issues, "percent")}
        />
      )}
      {data.at === "after_breach" && (
        <NumberField
          label={t.minutes}
          value={data.minutes}
          min={1}
          onChange={(minutes) => {
            const { minutes: _m, ...rest } = data;
            update(minutes === undefined ? rest : { ...rest, minutes }, `${node.id}:minutes`);
          }}
          locale={locale}
          issues={issuesUnder(issues, "minutes")}
        />
      )}
    </Panel>
  );
}
