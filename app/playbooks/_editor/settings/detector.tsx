"use client";
// A crisis detector: the window, keywords per language, the author filter and the level thresholds.
// The cases it counts are the ones reaching it: the conditions on the path are its condition.
import { DetectorMode, Locale } from "@/schemas";
import type { SettingsProps } from "../store";
import { NumberField, SelectField, TagListInput, TextField } from "./fields";
import { issuesUnder } from "./logic";
import { sm } from "./messages";
import { Panel } from "./panel";
import { fmt } from "@/app/_i18n";

const LEVELS = ["1", "2", "3"] as const;

export function DetectorSettings({ node, update, issues, locale, readOnly }: SettingsProps<"detector">) {
  const t = sm(locale);
  const d = t.detector;
  const data = node.data;
  const set = <K extends keyof typeof data>(key: K, value: (typeof data)[K] | undefined, merge?: string) => {
    const { [key]: _old, ...rest } = data;
    update((value === undefined ? rest : { ...rest, [key]: value }) as typeof data, merge);
  };
  return (
    <Panel readOnly={readOnly} kind="detector">
      <p className="insp-hint">{d.intro}</p>
      <TextField label={d.name} value={data.name} onChange={(name) => set("name", name, `${node.id}:name`)} locale={locale} issues={issuesUnder(issues, "name")} />
      {Locale.options.map((l) => (
        <TagListInput
          key={l}
          label={fmt(d.keywords, { locale: l })}
          {...(l === Locale.options[0] ? { hint: d.keywordsHint } : {})}
          value={data.keywords[l] ?? []}
          onChange={(words) => {
            const { [l]: _old, ...others } = data.keywords;
            set("keywords", words.length ? { ...others, [l]: words.map(String) } : others);
          }}
          locale={locale}
          issues={issuesUnder(issues, `keywords.${l}`)}
        />
      ))}
      <NumberField label={d.window} value={data.windowMinutes} min={1} max={1440} onChange={(v) => set("windowMinutes", v ?? 0, `${node.id}:window`)} locale={locale} issues={issuesUnder(issues, "windowMinutes")} />
      <SelectField label={d.mode} value={data.mode} options={DetectorMode.options.map((v) => ({ value: v, label: d.modes[v] }))} onChange={(mode) => set("mode", mode)} locale={locale} issues={issuesUnder(issues, "mode")} />
      <fieldset className="insp-group">
        <legend className="insp-label">{d.levels}</legend>
        {data.levels.map((lv, i) => (
          <div key={i} className="insp-row" data-testid={`detector-level-${i}`}>
            <SelectField
              label={d.level}
              value={String(lv.level) as (typeof LEVELS)[number]}
              options={LEVELS.map((v) => ({ value: v, label: v }))}
              onChange={(v) => set("levels", data.levels.map((x, k) => (k === i ? { ...x, level: Number(v) } : x)))}
              locale={locale}
              issues={issuesUnder(issues, `levels[${i}].level`)}
            />
            <NumberField
              label={d.threshold}
              value={lv.threshold}
              min={0}
              onChange={(v) => set("levels", data.levels.map((x, k) => (k === i ? { ...x, threshold: v ?? 0 } : x)), `${node.id}:threshold${i}`)}
              locale={locale}
              issues={issuesUnder(issues, `levels[${i}].threshold`)}
            />
            <button type="button" className="btn btn-ghost" onClick={() => set("levels", data.levels.filter((_x, k) => k !== i))}>
              {t.common.remove}
            </button>
          </div>
        ))}
        <button type="button" className="btn btn-ghost" onClick={() => set("levels", [...data.levels, { level: Math.min(3, (data.levels.at(-1)?.level ?? 0) + 1), threshold: 10 }])}>
          {d.addLevel}
        </button>
      </fieldset>
      <NumberField label={`${d.minFollowers} (${t.common.optional})`} value={data.minFollowers} min={0} onChange={(v) => set("minFollowers", v, `${node.id}:followers`)} locale={locale} issues={issuesUnder(issues, "minFollowers")} />
      {data.mode === "relative" && (
        <NumberField label={d.minCases} value={data.minCases} min={1} onChange={(v) => set("minCases", v, `${node.id}:minCases`)} locale={locale} issues={issuesUnder(issues, "minCases")} />
      )}
    </Panel>
  );
}
