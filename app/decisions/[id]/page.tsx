import type { Metadata } from "next";
import Link from "next/link";
import { DecisionContextCard } from "../_context/context-card";
import { notFound } from "next/navigation";
import { Badge, ChannelTag, DecisionStatusBadge, PriorityBadge, RuleStatusBadge } from "@/app/_components/badges";
import { ConditionTree } from "@/app/_components/condition-tree";
import { firstFailure, holdingLeaves } from "@/app/_components/why";
import { CaseContent } from "@/app/_components/case-content";
import { PageHeader } from "@/app/_components/page-header";
import { ProofActions } from "@/app/_components/proof-actions";
import { SentenceText } from "@/app/_components/sentence";
import { fmt, formatDateTime, type Messages, type UiLocale } from "@/app/_i18n";
import { getI18n } from "@/app/_i18n/server";
import { orNull } from "@/app/_server/trpc/errors";
import { serverApi } from "@/app/_server/trpc/server";
import { describeLeaf, explainDecision, fieldName, formatValue, type PlaybookExplanation } from "@/engine/explain";
import type { Decision, PlaybookTrace } from "@/schemas";
import { KeyValueList } from "@/app/_components/kv-list";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const { t } = await getI18n();
  return { title: `${t.decision.title} ${decodeURIComponent(id)}` };
}

export default async function DecisionPage({ params }: Props) {
  const { id } = await params;
  const { t, locale } = await getI18n();
  const found = await orNull(serverApi().decisions.get({ id: decodeURIComponent(id) }));
  if (!found) notFound();
  const { decision, case: stored } = found;
  const ex = explainDecision(decision, locale);
  const input = stored?.input;
  const ms = (n: number) => fmt(t.decision.ms, { n: n < 10 ? n.toFixed(2) : Math.round(n) });

  return (
    <>
      <nav aria-label="breadcrumb" className="breadcrumb">
        <Link href="/decisions">{t.feed.title}</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{stored?.externalId ?? decision.id}</span>
      </nav>
      <PageHeader
        eyebrow={
          <>
            <ChannelTag channel={stored?.channel} /> <DecisionStatusBadge partial={decision.partial} matched={decision.matched} t={t} />
          </>
        }
        title={
          <>
            {t.decision.title} <span className="title-id">{stored?.externalId ?? decision.id}</span>
          </>
        }
        intro={
          <>
            {t.decision.decidedAt}{" "}
            <time dateTime={decision.decidedAt} suppressHydrationWarning>
              {formatDateTime(decision.decidedAt, locale)}
            </time>{" "}
            · {t.decision.duration} {ms(decision.trace.timings.totalMs)}
          </>
        }
        actions={
          <>
            <Link href="/decisions" className="btn">
              ← {t.decision.backToFeed}
            </Link>
            {stored && (
              <Link href={`/cases/${encodeURIComponent(stored.id)}`} className="btn">
                {t.history.timeline.open}
              </Link>
            )}
          </>
        }
      />

      <section className={`summary ${decision.partial ? "summary-partial" : ""}`} aria-labelledby="why-title">
        <h2 id="why-title" className="summary-label">
          {t.decision.summary}
        </h2>
        <p className="summary-sentence">
          <SentenceText sentence={ex.summary} />
        </p>
      </section>

      <DecisionContextCard decision={decision} locale={locale} />

      {ex.errors.length > 0 && (
        <section className="card card-pad card-danger" aria-labelledby="errors-title">
          <h2 id="errors-title" className="card-title">
            {t.decision.errors}
          </h2>
          <ul className="plain-list">
            {ex.errors.map((e, i) => (
              <li key={i}>
                <SentenceText sentence={e} />
              </li>
            ))}
          </ul>
        </section>
      )}

      <div className="grid-2-1">
        <div className="stack">
          <section aria-labelledby="rules-title">
            <h2 id="rules-title" className="section-title">
              {t.decision.rulesTitle}
            </h2>
            {/* Playbooks that looked at the case first; those whose trigger kept it out are folded. */}
            {ex.playbooks
              .map((pb, pi) => ({ pb, trace: decision.trace.playbooks[pi] }))
              .sort((a, b) => Number(b.pb.triggerMatched) - Number(a.pb.triggerMatched))
              .map(({ pb, trace }) => (
                <PlaybookTraceCard key={pb.playbookId} pb={pb} trace={trace} t={t} locale={locale} />
              ))}
          </section>

          <section className="card card-pad" aria-labelledby="conflicts-title">
            <h2 id="conflicts-title" className="card-title">
              {t.decision.conflicts}
            </h2>
            {ex.conflicts.length === 0 ? (
              <p className="muted">{t.decision.noConflicts}</p>
            ) : (
              <ul className="plain-list">
                {ex.conflicts.map((c, i) => (
                  <li key={i}>
                    <SentenceText sentence={c} />
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>

        <aside className="side-panels">
          <Outcome decision={decision} t={t} />
          <ProofActions decisionId={decision.id} {...(stored ? { caseId: stored.id } : {})} />
          {input && (
            <section className="card card-pad" aria-labelledby="case-title">
              <h2 id="case-title" className="card-title">
                {t.decision.caseTitle}
              </h2>
              <CaseContent input={input} t={t} />
            </section>
          )}
          <section className="card card-pad" aria-labelledby="versions-title">
            <h2 id="versions-title" className="card-title">
              {t.decision.playbooks}
            </h2>
            <ul className="plain-list">
              {decision.playbooks.map((p) => (
                <li key={p.versionId}>
                  <Link href={`/playbooks/${encodeURIComponent(p.playbookId)}/versions/${p.version}`} aria-label={fmt(t.history.why.versionLink, { id: p.playbookId, n: p.version })}>
                    {p.playbookId} <Badge tone="neutral">{fmt(t.common.version, { n: p.version })}</Badge>
                  </Link>
                  {" · "}
                  <Link
                    href={`/playbooks/${encodeURIComponent(p.playbookId)}/versions/${p.version}/canvas?decision=${encodeURIComponent(decision.id)}`}
                    aria-label={fmt(t.decision.showOnCanvasLabel, { id: p.playbookId, n: p.version })}
                    data-testid="show-on-canvas"
                  >
                    {t.decision.showOnCanvas}
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        </aside>
      </div>

      <details className="disclosure">
        <summary>{t.decision.facts}</summary>
        <pre className="json">{JSON.stringify(decision.trace.facts, null, 2)}</pre>
      </details>
      <details className="disclosure">
        <summary>{t.decision.raw}</summary>
        <pre className="json">{JSON.stringify(decision, null, 2)}</pre>
      </details>
    </>
  );
}

function PlaybookTraceCard({ pb, trace, t, locale }: { pb: PlaybookExplanation; trace: PlaybookTrace | undefined; t: Messages; locale: UiLocale }) {
  // The exact version this decision ran, not whatever is published today.
  const versionHref = `/playbooks/${encodeURIComponent(pb.playbookId)}/versions/${pb.version}`;
  const tw = t.history.why;
  const ruleList = (
    <ol className="trace-rules">
      {pb.rules.map((r, ri) => {
        const conditions = trace?.rules[ri]?.conditions;
        const failure = conditions && r.status === "not_fired" ? firstFailure(conditions) : null;
        const held = conditions && r.status === "fired" ? holdingLeaves(conditions) : [];
        const failedLeaf = failure?.node.type === "fact" ? failure.node : null;
        return (
          <li key={r.ruleId} className={`trace-rule is-${r.status}`} data-rule={r.ruleId}>
            <div className="trace-rule-head">
              <RuleStatusBadge status={r.status} t={t} />
              <p className="trace-sentence">
                <SentenceText sentence={r.sentence} nameHref={`${versionHref}#rule-${encodeURIComponent(r.ruleId)}`} />
              </p>
            </div>
            {failedLeaf && (
              <p className="why-line why-fail" data-testid="first-fail">
                <span className="rule-label">{tw.firstFail}</span> <SentenceText sentence={describeLeaf(failedLeaf, locale)} /> · {t.decision.tree.saw}{" "}
                <code className="s-value">{formatValue(failedLeaf.factValue, locale)}</code>
              </p>
            )}
            {held.length > 0 && (
              <p className="why-line why-held" data-testid="fired-values">
                <span className="rule-label">{tw.firedBecause}</span>{" "}
                {held.map(({ path, leaf }, i) => (
                  <span key={path}>
                    {i > 0 && "; "}
                    <code className="s-field">{fieldName(leaf.fact, leaf.path)}</code> = <code className="s-value">{formatValue(leaf.factValue, locale)}</code>
                  </span>
                ))}
              </p>
            )}
            {conditions && (
              <details className="tree-toggle">
                <summary>{t.decision.showTree}</summary>
                <ConditionTree
                  node={conditions}
                  t={t}
                  locale={locale}
                  highlight={{ ...(failure ? { firstFail: failure.path } : {}), reasons: new Set(held.map((h) => h.path)) }}
                />
              </details>
            )}
          </li>
        );
      })}
    </ol>
  );
  return (
    <section key={pb.playbookId} className="card trace-playbook" aria-labelledby={`pb-${pb.playbookId}`}>
      <header className="card-header">
        <h3 id={`pb-${pb.playbookId}`} className="card-title">
          <Link href={versionHref}>
            {pb.name} <Badge tone="neutral">{fmt(t.common.version, { n: pb.version })}</Badge>
          </Link>
        </h3>
        {!pb.triggerMatched && <Badge tone="muted">{t.decision.triggerSkipped}</Badge>}
      </header>
      {pb.sentence && (
        <p className={`trace-note ${trace?.error ? "is-error" : ""}`}>
          <SentenceText sentence={pb.sentence} />
        </p>
      )}
      {pb.rules.length > 0 &&
        (pb.triggerMatched ? (
          ruleList
        ) : (
          <details className="folded-rules">
            <summary>{fmt(t.decision.showSkipped, { n: pb.rules.length })}</summary>
            {ruleList}
          </details>
        ))}
    </section>
  );
}

function Outcome({ decision, t }: { decision: Decision; t: Messages }) {
  const o = decision.outcome;
  const rows: [string, React.ReactNode][] = [];
  rows.push([t.decision.queue, o.queue ? <strong className="queue">{o.queue}</strong> : t.common.none]);
  if (o.team) rows.push([t.decision.team, o.team]);
  rows.push([t.decision.priority, <PriorityBadge key="p" priority={o.priority} t={t} />]);
  if (o.skills.length) rows.push([t.decision.skills, o.skills.join(", ")]);
  if (o.tags.length)
    rows.push([
      t.decision.tags,
      <ul key="t" className="chips">
        {o.tags.map((tag) => (
          <li key={tag} className="chip">
            {tag}
          </li>
        ))}
      </ul>,
    ]);
  if (o.slaPolicy) rows.push([t.decision.sla, o.slaPolicy]);
  if (o.autoReply) rows.push([t.decision.autoReply, <q key="a" className="template" lang={o.autoReply.locale}>{o.autoReply.text}</q>]);
  if (o.notifications.length) rows.push([t.decision.notifications, o.notifications.map((n) => n.target).join(", ")]);
  return (
    <section className="card card-pad" aria-labelledby="outcome-title">
      <h2 id="outcome-title" className="card-title">
        {t.decision.outcome}
      </h2>
      <KeyValueList rows={rows} className="facts-list" />
    </section>
  );
}

