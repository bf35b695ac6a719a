// A rule-set playbook document (routing, escalation, crisis) as readable cards: shared by the playbook page and the page of one exact version.
import { Badge } from "@/app/_components/badges";
import { ConditionView } from "@/app/_components/condition-view";
import { SentenceText } from "@/app/_components/sentence";
import { fmt, type Messages, type UiLocale } from "@/app/_i18n";
import { describeAction } from "@/engine/explain";
import type { PlaybookDocument, RoutingAction, RoutingRule } from "@/schemas";

/** The kinds made of rules: routing, escalation (its ladder's rules) and crisis (its overrides). */
type RoutingDocument = Extract<PlaybookDocument, { kind: "routing" | "escalation" | "crisis" }>;

/** The rules, highest priority first; each card's heading is the `#rule-<id>` anchor decisions link to. */
export function RuleCards({ doc, t, locale }: { doc: RoutingDocument; t: Messages; locale: UiLocale }) {
  return (
    <section aria-labelledby="rules-title">
      <h2 id="rules-title" className="section-title">
        {t.playbook.rulesTitle} <span className="count">{fmt(t.playbook.ruleCount, { n: doc.rules.length })}</span>
      </h2>
      {doc.rules.length === 0 && <p className="empty">{t.playbook.noRules}</p>}
      <ol className="rule-list">
        {[...doc.rules]
          .sort((a, b) => b.priority - a.priority)
          .map((r) => (
            <li key={r.id}>
              <RuleCard rule={r} t={t} locale={locale} />
            </li>
          ))}
      </ol>
    </section>
  );
}

/** One rule: name, priority, when and then. `headingId` defaults to the `rule-<id>` anchor (give another where a page shows a rule twice). */
export function RuleCard({ rule: r, t, locale, headingId = `rule-${r.id}`, className }: { rule: RoutingRule; t: Messages; locale: UiLocale; headingId?: string; className?: string }) {
  return (
    <article className={["rule-card", r.enabled ? "" : "is-disabled", className ?? ""].filter(Boolean).join(" ")} aria-labelledby={headingId}>
      <header className="rule-head">
        <h3 id={headingId}>{r.name}</h3>
        <code className="sub">{r.id}</code>
        <span className="spacer" />
        <Badge tone="neutral">{fmt(t.playbook.priority, { n: r.priority })}</Badge>
        {!r.enabled && <Badge tone="muted">{t.playbook.disabled}</Badge>}
      </header>
      {r.description && <p className="rule-desc">{r.description}</p>}
      <div className="rule-body">
        <div className="rule-when">
          <span className="rule-label">{t.playbook.when}</span>
          <ConditionView condition={r.conditions} t={t} locale={locale} />
        </div>
        <div className="rule-then">
          <span className="rule-label">{t.playbook.then}</span>
          <ul className="action-list">
            {r.actions.map((a, i) => (
              <li key={i}>
                <ActionText action={a} locale={locale} />
              </li>
            ))}
          </ul>
        </div>
      </div>
    </article>
  );
}

/** Trigger, conflict strategy and precedence. */
export function TriggerPanel({ doc, t, locale }: { doc: RoutingDocument; t: Messages; locale: UiLocale }) {
  return (
    <section className="card card-pad" aria-labelledby="trigger-title">
      <h2 id="trigger-title" className="card-title">
        {t.playbook.trigger}
      </h2>
      <dl className="facts-list">
        <dt>{t.playbook.channels}</dt>
        <dd>{doc.trigger.channels.length ? doc.trigger.channels.join(", ") : t.playbook.allChannels}</dd>
        {doc.trigger.condition && (
          <>
            <dt>{t.playbook.onlyWhen}</dt>
            <dd>
              <ConditionView condition={doc.trigger.condition} t={t} locale={locale} />
            </dd>
          </>
        )}
        <dt>{t.playbook.strategy}</dt>
        <dd>{t.playbook.strategies[doc.settings.conflictStrategy]}</dd>
        <dt>{t.playbook.precedence}</dt>
        <dd className="tabular">{doc.precedence}</dd>
      </dl>
    </section>
  );
}

/** Named conditions rules refer to. Nothing when the document has none. */
export function SharedConditionsPanel({ doc, t, locale }: { doc: RoutingDocument; t: Messages; locale: UiLocale }) {
  if (Object.keys(doc.conditions).length === 0) return null;
  return (
    <section className="card card-pad" aria-labelledby="shared-title">
      <h2 id="shared-title" className="card-title">
        {t.playbook.sharedConditions}
      </h2>
      <dl className="facts-list">
        {Object.entries(doc.conditions).map(([name, c]) => (
          <div key={name}>
            <dt>
              <code>{name}</code>
            </dt>
            <dd>
              <ConditionView condition={c} t={t} locale={locale} />
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export function ActionText({ action, locale }: { action: RoutingAction; locale: UiLocale }) {
  const sentence = describeAction(action, locale);
  if (action.type === "auto_reply") {
    const text = action.templates[locale] ?? Object.values(action.templates)[0];
    return (
      <>
        <SentenceText sentence={sentence} />
        {text && <q className="template">{text}</q>}
      </>
    );
  }
  if (action.type === "notify" && action.message) {
    return (
      <>
        <SentenceText sentence={sentence} /> <q className="template">{action.message}</q>
      </>
    );
  }
  return <SentenceText sentence={sentence} />;
}
