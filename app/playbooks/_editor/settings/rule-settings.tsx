"use client";
// The rule settings of an action chain's head (name, id, priority, enabled, description). On an
// action that continues a chain it says where the settings live instead.
import { useMemo } from "react";
import { ruleIdOfNode } from "@/engine/flow/compile";
import { isActionNode, Slug, type ActionNode, type FlowDocument, type RuleSettings } from "@/schemas";
import type { SettingsProps } from "../store";
import { Field, IssueLines, Section, TextField } from "./fields";
import { NumberInput } from "./fact-picker";
import { issuesAt, issuesUnder } from "./logic";
import { sm } from "./messages";
import { Panel } from "./panel";

/** The first action of the chain `nodeId` belongs to (itself when it is a head); null when it is not an action. */
export function chainHead(doc: FlowDocument, nodeId: string): ActionNode | null {
  const byId = new Map(doc.graph.nodes.map((n) => [n.id, n]));
  let cur = byId.get(nodeId);
  const seen = new Set<string>();
  while (cur && isActionNode(cur) && !seen.has(cur.id)) {
    seen.add(cur.id);
    const from = doc.graph.edges
      .filter((e) => e.target === cur!.id)
      .map((e) => byId.get(e.source))
      .find((n) => n !== undefined && isActionNode(n));
    if (!from) return cur;
    cur = from;
  }
  return null;
}

/** Settings without empty fields; undefined when nothing is set (the compiler's defaults apply). */
export function cleanRule(rule: RuleSettings): RuleSettings | undefined {
  const out: RuleSettings = {};
  if (rule.id) out.id = rule.id;
  if (rule.name) out.name = rule.name;
  if (rule.description) out.description = rule.description;
  if (rule.priority !== undefined) out.priority = rule.priority;
  if (rule.enabled === false) out.enabled = false;
  return Object.keys(out).length ? out : undefined;
}

/**
 * The priority the compiler gives a head without an explicit one (engine/flow/README.md): 1 + the
 * decision nodes (condition/switch) on the longest path from the trigger. Computed on the graph
 * alone, so the panel does not compile the whole flow on every keystroke. Null when unreachable.
 */
export function defaultPriority(doc: FlowDocument, headId: string): number | null {
  const byId = new Map(doc.graph.nodes.map((n) => [n.id, n]));
  const incoming = new Map<string, string[]>();
  for (const e of doc.graph.edges) incoming.set(e.target, [...(incoming.get(e.target) ?? []), e.source]);
  const memo = new Map<string, number | null>();
  const visiting = new Set<string>();
  // Most decisions on a path from the trigger to `id`, not counting `id` itself.
  const longest = (id: string): number | null => {
    if (memo.has(id)) return memo.get(id)!;
    const node = byId.get(id);
    if (!node || visiting.has(id)) return null;
    if (node.type === "trigger") return 0;
    visiting.add(id);
    let best: number | null = null;
    for (const src of incoming.get(id) ?? []) {
      const before = longest(src);
      if (before === null) continue;
      const s = byId.get(src)!;
      const n = before + (s.type === "condition" || s.type === "switch" ? 1 : 0);
      if (best === null || n > best) best = n;
    }
    visiting.delete(id);
    memo.set(id, best);
    return best;
  };
  const d = longest(headId);
  return d === null ? null : 1 + d;
}

export function RuleSettingsPanel({ node, updateRule, issues, locale, readOnly, doc }: SettingsProps) {
  const t = sm(locale);
  const head = useMemo(() => chainHead(doc, node.id), [doc, node.id]);
  const isHead = head?.id === node.id;
  const fallbackPriority = useMemo(() => (isHead ? defaultPriority(doc, node.id) : null), [doc, isHead, node.id]);
  if (!isActionNode(node)) return null;
  if (!isHead) {
    return (
      <Section title={t.rule.title}>
        <p className="insp-hint">{head ? t.rule.continues.replace("{head}", head.label || head.id) : t.rule.notHead}</p>
        <IssueLines issues={issuesUnder(issues, "rule")} locale={locale} />
      </Section>
    );
  }
  const rule: RuleSettings = node.rule ?? {};
  const set = (patch: Partial<RuleSettings>, field: string) => updateRule(cleanRule({ ...rule, ...patch }), `${node.id}:rule.${field}`);
  const idBad = rule.id !== undefined && rule.id !== "" && !Slug.safeParse(rule.id).success;
  return (
    <Panel readOnly={readOnly} kind="rule">
      <Section title={t.rule.title}>
        <p className="insp-hint">{t.rule.intro}</p>
        <TextField
          label={t.rule.name}
          value={rule.name ?? ""}
          placeholder={t.rule.namePlaceholder}
          onChange={(name) => set({ name }, "name")}
          locale={locale}
          issues={issuesAt(issues, "rule.name")}
        />
        <TextField
          label={t.rule.id}
          value={rule.id ?? ""}
          placeholder={ruleIdOfNode(node.id)}
          hint={idBad ? undefined : t.rule.idHint.replace("{id}", ruleIdOfNode(node.id))}
          onChange={(id) => set({ id }, "id")}
          locale={locale}
          issues={[
            ...(idBad ? [{ severity: "error" as const, code: "field" as const, message: t.rule.idInvalid }] : []),
            ...issuesAt(issues, "rule.id").filter((i) => !idBad || i.code !== "field"),
          ]}
          mono
        />
        <Field
          label={t.rule.priority}
          hint={fallbackPriority !== null ? t.rule.priorityHint.replace("{n}", String(fallbackPriority)) : t.rule.priorityHintUnknown}
          locale={locale}
          issues={issuesAt(issues, "rule.priority")}
        >
          {(a) => (
            <NumberInput
              a11y={a}
              value={rule.priority ?? null}
              locale={locale}
              onChange={(n) => set({ priority: n === null ? undefined : Math.max(1, Math.round(n)) }, "priority")}
            />
          )}
        </Field>
        <Field label={t.rule.enabled} hint={rule.enabled === false ? t.rule.disabledHint : undefined} locale={locale} issues={issuesAt(issues, "rule.enabled")} className="is-inline">
          {(a) => <input {...a} type="checkbox" checked={rule.enabled !== false} onChange={(e) => set({ enabled: e.currentTarget.checked }, "enabled")} />}
        </Field>
        <TextField
          label={`${t.rule.description} (${t.common.optional})`}
          value={rule.description ?? ""}
          onChange={(description) => set({ description }, "description")}
          locale={locale}
          issues={issuesAt(issues, "rule.description")}
          multiline
        />
      </Section>
    </Panel>
  );
}
