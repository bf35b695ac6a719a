"use client";
// Switch: one fact, a branch per set of values (handle `case:<id>`), and the default branch.
// Case ids are new for every added case and never reused, so existing edges keep their branch.
import type { JsonValue, SwitchCase } from "@/schemas";
import type { SettingsProps } from "../store";
import { factLike, FactPicker, ValueInput } from "./fact-picker";
import { IssueLines, Section, TextField } from "./fields";
import { coerceValue, freshId, issuesAt, issuesUnder, valueKind } from "./logic";
import { sm } from "./messages";
import { Panel } from "./panel";

export function SwitchSettings({ node, update, issues, locale, readOnly, doc }: SettingsProps<"switch">) {
  const t = sm(locale);
  const data = node.data;
  const fact = factLike(data.fact, data.path, data.cases.flatMap((c) => c.values)[0]);
  const setCases = (cases: SwitchCase[], mergeKey?: string) => update({ ...data, cases }, mergeKey);

  function addCase() {
    // Never reuse an id: not among the cases, nor among handles still named by edges.
    const taken = [...data.cases.map((c) => c.id), ...doc.graph.edges.filter((e) => e.source === node.id).map((e) => e.sourceHandle.replace(/^case:/, ""))];
    setCases([...data.cases, { id: freshId("c", taken), values: [] }]);
  }

  return (
    <Panel readOnly={readOnly} kind="switch">
      <FactPicker
        fact={data.fact}
        path={data.path}
        locale={locale}
        issues={issuesAt(issues, "fact")}
        pathIssues={issuesAt(issues, "path")}
        onChange={(f, p) => {
          const next = factLike(f, p, undefined);
          const kind = valueKind(next, "in");
          const cases = data.cases.map((c) => ({ ...c, values: coerceValue(c.values, kind, next.values) as JsonValue[] }));
          const { path: _drop, ...rest } = data;
          update({ ...rest, fact: f, ...(p ? { path: p } : {}), cases }, `${node.id}:fact`);
        }}
      />
      <Section title={t.switch.cases}>
        <IssueLines issues={issuesAt(issues, "cases")} locale={locale} />
        {data.cases.length === 0 && <p className="insp-hint">{t.switch.noCases}</p>}
        <ol className="insp-cases">
          {data.cases.map((c, i) => {
            const n = String(i + 1);
            const base = `cases[${i}]`;
            const name = c.label || t.switch.caseN.replace("{n}", n);
            return (
              <li key={c.id} className="insp-case" role="group" aria-label={name}>
                <div className="ctree-row">
                  <span className="ctree-ordinal">{n}</span>
                  <span className="insp-case-id">
                    <code>case:{c.id}</code>
                  </span>
                  <span className="spacer" />
                  <button
                    type="button"
                    className="insp-text-btn is-danger"
                    aria-label={`${t.switch.removeCase}: ${name}`}
                    onClick={() => setCases(data.cases.filter((x) => x.id !== c.id))}
                  >
                    {t.tree.remove}
                  </button>
                </div>
                <TextField
                  label={`${t.switch.caseName} ${n}`}
                  value={c.label ?? ""}
                  onChange={(label) => {
                    const { label: _drop, ...rest } = c;
                    setCases(
                      data.cases.map((x) => (x.id === c.id ? (label === "" ? rest : { ...rest, label }) : x)),
                      `${node.id}:${base}.label`,
                    );
                  }}
                  locale={locale}
                  issues={issuesAt(issues, `${base}.label`)}
                />
                <ValueInput
                  fact={fact}
                  operator="in"
                  label={`${t.switch.caseValues} ${n}`}
                  value={c.values}
                  allowFactReference={false}
                  onChange={(v) => setCases(data.cases.map((x) => (x.id === c.id ? { ...x, values: Array.isArray(v) ? v : [v] } : x)), `${node.id}:${base}.values`)}
                  locale={locale}
                  issues={[...issuesAt(issues, base), ...issuesUnder(issues, `${base}.values`)]}
                />
              </li>
            );
          })}
        </ol>
        <button type="button" className="insp-text-btn" onClick={addCase}>
          + {t.switch.addCase}
        </button>
        <p className="insp-hint">{t.switch.defaultHint}</p>
      </Section>
    </Panel>
  );
}
