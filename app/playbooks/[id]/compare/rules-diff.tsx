// The rules of two versions compared, readably: added and removed rules as rule cards, changed ones
// with what changed (conditions, actions, priority, enabled, name…) before and after, and the exact
// field changes beside them. Server-rendered from versions.diff and the two documents.
import Link from "next/link";
import { Badge } from "@/app/_components/badges";
import { ConditionView } from "@/app/_components/condition-view";
import { ChangesTable } from "@/app/_components/field-changes";
import { ActionText, RuleCard } from "@/app/_components/playbook-document";
import { fmt, type Messages, type UiLocale } from "@/app/_i18n";
import type { PlaybookDocument, RoutingRule } from "@/schemas";
import type { FieldChange } from "@/schemas/history";
import type { VersionDiff } from "@/schemas/lifecycle";
import type { CompareMessages } from "./messages";

const PARTS = ["conditions", "actions", "priority", "enabled", "name", "description"] as const;
type Part = (typeof PARTS)[number] | "other";

/** "actions[0].queue" → "actions"; a field the page does not render on its own → "other". */
function partOf(path: string): Part {
  const head = path.split(/[.[]/)[0] ?? "";
  return (PARTS as readonly string[]).includes(head) ? (head as Part) : "other";
}

function rulesOf(doc: PlaybookDocument): Map<string, RoutingRule> {
  return new Map(doc.kind === "routing" ? doc.rules.map((r) => [r.id, r]) : []);
}

interface Props {
  diff: VersionDiff;
  fromDoc: PlaybookDocument;
  toDoc: PlaybookDocument;
  t: Messages;
  m: CompareMessages;
  locale: UiLocale;
}

export function RulesDiff({ diff, fromDoc, toDoc, t, m, locale }: Props) {
  const { added, removed, changed } = diff.rules;
  const before = rulesOf(fromDoc);
  const after = rulesOf(toDoc);
  const vFrom = `v${diff.from.version}`;
  const vTo = `v${diff.to.version}`;
  const ruleHref = (v: number, id: string) => `/playbooks/${encodeURIComponent(diff.playbookId)}/versions/${v}#rule-${encodeURIComponent(id)}`;
  const none = !added.length && !removed.length && !changed.length;
  return (
    <section className="compare-section" aria-labelledby="rules-diff-title" data-testid="rules-diff">
      <h2 id="rules-diff-title" className="section-title">
        {m.rulesTitle} <span className="count">{fmt(m.rulesSummary, { added: added.length, removed: removed.length, changed: changed.length })}</span>
      </h2>
      {none && <p className="empty">{m.rulesSame}</p>}

      {added.length > 0 && (
        <section aria-labelledby="rules-added" data-testid="rules-added">
          <h3 id="rules-added" className="mini-title diff-added">
            <span aria-hidden="true">+ </span>
            {m.added} ({added.length})
          </h3>
          <ol className="rule-list">
            {added.map((r) => {
              const rule = after.get(r.id);
              return (
                <li key={r.id} data-rule={r.id}>
                  {rule ? <RuleCard rule={rule} t={t} locale={locale} headingId={`added-${r.id}`} className="is-added" /> : <Link href={ruleHref(diff.to.version, r.id)}>{r.name}</Link>}
                </li>
              );
            })}
          </ol>
        </section>
      )}

      {removed.length > 0 && (
        <section aria-labelledby="rules-removed" data-testid="rules-removed">
          <h3 id="rules-removed" className="mini-title diff-removed">
            <span aria-hidden="true">− </span>
            {m.removed} ({removed.length})
          </h3>
          <ol className="rule-list">
            {removed.map((r) => {
              const rule = before.get(r.id);
              return (
                <li key={r.id} data-rule={r.id}>
                  {rule ? <RuleCard rule={rule} t={t} locale={locale} headingId={`removed-${r.id}`} className="is-removed" /> : <Link href={ruleHref(diff.from.version, r.id)}>{r.name}</Link>}
                </li>
              );
            })}
          </ol>
        </section>
      )}

      {changed.length > 0 && (
        <section aria-labelledby="rules-changed" data-testid="rules-changed">
          <h3 id="rules-changed" className="mini-title diff-changed">
            <span aria-hidden="true">~ </span>
            {m.changed} ({changed.length})
          </h3>
          <ol className="rule-list">
            {changed.map((r) => (
              <li key={r.id} data-rule={r.id}>
                <ChangedRule
                  name={r.name}
                  id={r.id}
                  changes={r.changes}
                  a={before.get(r.id)}
                  b={after.get(r.id)}
                  labels={{ from: vFrom, to: vTo }}
                  href={ruleHref(diff.to.version, r.id)}
                  t={t}
                  m={m}
                  locale={locale}
                />
              </li>
            ))}
          </ol>
        </section>
      )}
    </section>
  );
}

function ChangedRule(p: {
  name: string;
  id: string;
  changes: FieldChange[];
  a: RoutingRule | undefined;
  b: RoutingRule | undefined;
  labels: { from: string; to: string };
  href: string;
  t: Messages;
  m: CompareMessages;
  locale: UiLocale;
}) {
  const { a, b, t, m, locale, labels } = p;
  const parts = [...new Set(p.changes.map((c) => partOf(c.path)))];
  const has = (x: Part) => parts.includes(x) && !!a && !!b;
  const other = p.changes.filter((c) => partOf(c.path) === "other" || !a || !b);
  const headingId = `changed-${p.id}`;
  return (
    <article className="rule-card is-changed" aria-labelledby={headingId}>
      <header className="rule-head">
        <h3 id={headingId}>
          <Link href={p.href}>{p.name}</Link>
        </h3>
        <code className="sub">{p.id}</code>
        <span className="spacer" />
        <span className="sub">{m.whatChanged}</span>
        <span className="chips" data-testid="changed-parts">
          {parts.map((x) => (
            <Badge key={x} tone="warn">
              {m.parts[x]}
            </Badge>
          ))}
        </span>
      </header>
      <div className="compare-rule-parts">
        {has("name") && <Pair label={m.parts.name} labels={labels} m={m} before={a!.name} after={b!.name} />}
        {has("description") && <Pair label={m.parts.description} labels={labels} m={m} before={a!.description ?? m.noDescription} after={b!.description ?? m.noDescription} />}
        {has("priority") && <Pair label={m.parts.priority} labels={labels} m={m} before={fmt(t.playbook.priority, { n: a!.priority })} after={fmt(t.playbook.priority, { n: b!.priority })} />}
        {has("enabled") && <Pair label={m.parts.enabled} labels={labels} m={m} before={a!.enabled ? m.enabled : m.disabled} after={b!.enabled ? m.enabled : m.disabled} />}
        {has("conditions") && (
          <Pair
            label={t.playbook.when}
            labels={labels}
            m={m}
            before={<ConditionView condition={a!.conditions} t={t} locale={locale} />}
            after={<ConditionView condition={b!.conditions} t={t} locale={locale} />}
          />
        )}
        {has("actions") && <Pair label={t.playbook.then} labels={labels} m={m} before={<Actions rule={a!} locale={locale} />} after={<Actions rule={b!} locale={locale} />} />}
        {other.length > 0 && <ChangesTable changes={other} t={t} />}
      </div>
      <details className="disclosure">
        <summary>{m.exactFields}</summary>
        <ChangesTable changes={p.changes} t={t} />
      </details>
    </article>
  );
}

function Actions({ rule, locale }: { rule: RoutingRule; locale: UiLocale }) {
  return (
    <ul className="action-list">
      {rule.actions.map((a, i) => (
        <li key={i}>
          <ActionText action={a} locale={locale} />
        </li>
      ))}
    </ul>
  );
}

/** One changed part: what it was and what it becomes, side by side. */
function Pair({ label, labels, m, before, after }: { label: string; labels: { from: string; to: string }; m: CompareMessages; before: React.ReactNode; after: React.ReactNode }) {
  return (
    <div className="compare-pair">
      <span className="rule-label">{label}</span>
      <div className="compare-before">
        <span className="sub">{fmt(m.before, { v: labels.from })}</span>
        <div>{before}</div>
      </div>
      <div className="compare-after">
        <span className="sub">{fmt(m.after, { v: labels.to })}</span>
        <div>{after}</div>
      </div>
    </div>
  );
}
