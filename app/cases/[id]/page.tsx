import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge, ChannelTag, DecisionStatusBadge, PriorityBadge } from "@/app/_components/badges";
import { CaseContent } from "@/app/_components/case-content";
import { PageHeader } from "@/app/_components/page-header";
import { fmt, formatDateTime, type Messages, type UiLocale } from "@/app/_i18n";
import { getI18n } from "@/app/_i18n/server";
import { getPageSession } from "@/app/_server/auth/server";
import { orNull } from "@/app/_server/trpc/errors";
import { serverApi } from "@/app/_server/trpc/server";
import type { CaseEvent } from "@/schemas";
import type { TimelineEntry } from "@/schemas/history";
import { KeyValueList } from "@/app/_components/kv-list";
import { contextMessages } from "@/app/decisions/_context/messages";
import { slaMessages } from "../_sla/messages";
import { SlaPanel } from "../_sla/sla-panel";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const { t } = await getI18n();
  return { title: `${t.history.timeline.title} ${decodeURIComponent(id)}` };
}

/** A case and everything that happened to it, with the same customer's cases on other channels woven in. */
export default async function CaseTimelinePage({ params }: Props) {
  const { id } = await params;
  const { t, locale } = await getI18n();
  const session = await getPageSession();
  const tt = t.history.timeline;
  const found = await orNull(serverApi().cases.timeline({ id: decodeURIComponent(id) }));
  if (!found) notFound();
  const sla = await orNull(serverApi().cases.sla({ id: found.case.id }));
  const { case: c, entries, cases } = found;
  const input = c.input;
  const otherChannels = new Set(cases.filter((k) => !k.current).map((k) => k.channel));
  const externalOf = new Map(cases.map((k) => [k.id, k.externalId]));

  return (
    <>
      <nav aria-label="breadcrumb" className="breadcrumb">
        <Link href="/decisions">{t.feed.title}</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{c.externalId}</span>
      </nav>
      <PageHeader
        eyebrow={<ChannelTag channel={c.channel} />}
        title={
          <>
            {tt.title} <span className="title-id">{c.externalId}</span>
          </>
        }
        intro={
          <>
            {tt.received}{" "}
            <time dateTime={c.receivedAt} suppressHydrationWarning>
              {formatDateTime(c.receivedAt, locale)}
            </time>
            {cases.length > 1 && <> · {fmt(tt.acrossChannels, { n: cases.length, channels: [...new Set(cases.map((k) => k.channel))].join(", ") })}</>}
          </>
        }
        actions={
          // PROOF: the case's evidence bundle (a plain download; the session cookie authenticates it).
          session?.permissions.includes("audit.export") && (
            <a className="btn" href={`/api/v1/cases/${encodeURIComponent(c.id)}/evidence`} download title={t.proof.exportHint}>
              {t.proof.exportEvidence}
            </a>
          )
        }
      />

      <div className="grid-2-1">
        <section aria-labelledby="timeline-title">
          <h2 id="timeline-title" className="section-title">
            {tt.events} <span className="count">{entries.length}</span>
          </h2>
          <ol className="timeline" data-testid="timeline">
            {entries.map((e, i) => (
              <li key={i} className={`timeline-item timeline-${e.kind} ${e.caseId === c.id ? "" : "is-other-case"}`} data-kind={e.kind}>
                <div className="timeline-meta">
                  <time dateTime={e.at} className="tabular" suppressHydrationWarning>
                    {formatDateTime(e.at, locale)}
                  </time>
                  <ChannelTag channel={e.channel} />
                  {e.caseId !== c.id && (
                    <Link href={`/cases/${encodeURIComponent(e.caseId)}`} className="sub">
                      {fmt(tt.otherCase, { id: externalOf.get(e.caseId) ?? e.caseId })}
                    </Link>
                  )}
                </div>
                <div className="timeline-body">
                  <EntryBody entry={e} t={t} locale={locale} />
                </div>
              </li>
            ))}
          </ol>
        </section>

        <aside className="side-panels">
          <section className="card card-pad" aria-labelledby="case-title">
            <h2 id="case-title" className="card-title">
              {t.decision.caseTitle}
            </h2>
            <dl className="facts-list">
              <dt>{t.feed.channel}</dt>
              <dd>
                <ChannelTag channel={c.channel} />
              </dd>
              <dt>{t.feed.externalId}</dt>
              <dd>
                <code>{c.externalId}</code>
              </dd>
              {c.source !== c.channel && (
                <>
                  <dt>{tt.source}</dt>
                  <dd>{c.source}</dd>
                </>
              )}
            </dl>
            <CaseContent input={input} t={t} />
          </section>

          {sla && <SlaPanel clocks={sla.items} locale={locale} />}

          <section className="card card-pad" aria-labelledby="customer-cases-title">
            <h2 id="customer-cases-title" className="card-title">
              {tt.customerCases}
            </h2>
            {cases.length === 1 ? (
              <p className="muted">{tt.onlyCase}</p>
            ) : (
              <>
                {otherChannels.size > 0 && <p className="sub">{tt.customerCasesHint}</p>}
                <ol className="plain-list">
                  {cases.map((k) => (
                    <li key={k.id}>
                      <ChannelTag channel={k.channel} />{" "}
                      {k.current ? (
                        <strong aria-current="page">{k.externalId}</strong>
                      ) : (
                        <Link href={`/cases/${encodeURIComponent(k.id)}`}>{k.externalId}</Link>
                      )}{" "}
                      <time className="sub" dateTime={k.receivedAt} suppressHydrationWarning>
                        {formatDateTime(k.receivedAt, locale, { dateStyle: "medium", timeStyle: "short" })}
                      </time>
                    </li>
                  ))}
                </ol>
                {found.moreCases && <p className="sub">{tt.moreCases}</p>}
              </>
            )}
          </section>
        </aside>
      </div>
    </>
  );
}

function EntryBody({ entry: e, t, locale }: { entry: TimelineEntry; t: Messages; locale: UiLocale }) {
  const tt = t.history.timeline;
  switch (e.kind) {
    case "case":
      return (
        <>
          <p className="timeline-title">{fmt(tt.caseArrived, { channel: e.channel })}</p>
          {e.subject && <p className="sub">{e.subject}</p>}
          <blockquote className="case-text">{e.text}</blockquote>
        </>
      );
    case "decision":
      return (
        <>
          <p className="timeline-title">
            <Link href={`/decisions/${encodeURIComponent(e.decisionId)}`}>{e.subject === "case" ? tt.decision : contextMessages[locale].subject[e.subject]}</Link>{" "}
            <DecisionStatusBadge partial={e.partial} matched={e.matched} t={t} />
          </p>
          <dl className="kv">
            <div>
              <dt>{t.decision.queue}</dt>
              <dd>{e.queue ? <strong className="queue">{e.queue}</strong> : t.common.none}</dd>
            </div>
            <div>
              <dt>{t.decision.priority}</dt>
              <dd>
                <PriorityBadge priority={e.priority} t={t} />
              </dd>
            </div>
            {e.tags.length > 0 && (
              <div>
                <dt>{t.decision.tags}</dt>
                <dd>{e.tags.join(", ")}</dd>
              </div>
            )}
            <div>
              <dt>{t.feed.firedRules}</dt>
              <dd>{e.firedRules.length ? e.firedRules.map((r) => r.ruleId).join(", ") : t.common.none}</dd>
            </div>
          </dl>
          {e.errors > 0 && <Badge tone="danger">{fmt(tt.errors, { n: e.errors })}</Badge>}
        </>
      );
    case "event":
      return (
        <>
          <p className="timeline-title">
            {e.decisionId ? <Link href={`/decisions/${encodeURIComponent(e.decisionId)}`}>{(tt.eventTypes as Record<string, string>)[e.type] ?? e.type}</Link> : ((tt.eventTypes as Record<string, string>)[e.type] ?? e.type)}
          </p>
          <EventDetails event={e.event} t={t} locale={locale} />
          {e.clocks.length > 0 && (
            <ul className="plain-list sub" aria-label={slaMessages[locale].title}>
              {e.clocks.map((k) => (
                <li key={`${k.clockId}-${k.change}`}>
                  {fmt(contextMessages[locale].clock, {
                    metric: contextMessages[locale].metric[k.metric],
                    policy: k.policyId,
                    change: contextMessages[locale].change[k.change],
                    used: k.elapsedMinutes,
                    target: k.targetMinutes,
                  })}
                </li>
              ))}
            </ul>
          )}
        </>
      );
  }
}

function EventDetails({ event, t }: { event: CaseEvent; t: Messages; locale: UiLocale }) {
  const tt = t.history.timeline;
  const rows: [string, string][] = [];
  if (event.actor) rows.push([tt.actor, event.actor]);
  if (event.type === "assigned") {
    if (event.queue) rows.push([t.decision.queue, event.queue]);
    if (event.agent) rows.push([tt.agent, event.agent]);
  }
  if (event.type === "survey_answered") {
    if (event.csat !== undefined) rows.push(["CSAT", String(event.csat)]);
    if (event.nps !== undefined) rows.push(["NPS", String(event.nps)]);
    if (event.comment) rows.push([tt.comment, event.comment]);
  }
  const text = "text" in event ? event.text : undefined;
  return (
    <>
      {rows.length > 0 && (
        <KeyValueList rows={rows} />
      )}
      {text && <blockquote className="case-text">{text}</blockquote>}
    </>
  );
}

