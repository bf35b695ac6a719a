import type { Metadata } from "next";
import Link from "next/link";
import { CrisisPanels, EscalationPanels } from "@/app/playbooks/_kinds/kind-panels";
import { OkrSetPanel } from "@/app/playbooks/_okr/okr-set";
import { notFound } from "next/navigation";
import { Badge } from "@/app/_components/badges";
import { HashHighlight } from "@/app/_components/hash-highlight";
import { PageHeader } from "@/app/_components/page-header";
import { RuleCards, SharedConditionsPanel, TriggerPanel } from "@/app/_components/playbook-document";
import { fmt, formatDateTime } from "@/app/_i18n";
import { getI18n } from "@/app/_i18n/server";
import { orNull } from "@/app/_server/trpc/errors";
import { serverApi } from "@/app/_server/trpc/server";
import { VersionLifecycleCard } from "../../../_versions/lifecycle-card";
import { StateBadge } from "../../../_versions/parts";
import { BacktestPanel } from "@/app/playbooks/_backtest/backtest-panel";
import { TonePanels } from "@/app/playbooks/_tone/tone-panels";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string; version: string }> };

function parseVersion(v: string): number | null {
  return /^[1-9]\d{0,8}$/.test(v) ? Number(v) : null;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id, version } = await params;
  return { title: `${decodeURIComponent(id)} v${version}` };
}

/** One exact, immutable playbook version: what decisions that recorded it ran against. */
export default async function PlaybookVersionPage({ params }: Props) {
  const { id, version } = await params;
  const n = parseVersion(version);
  if (n === null) notFound();
  const { t, locale } = await getI18n();
  const tv = t.history.version;
  const api = serverApi();
  const found = await orNull(api.playbooks.version({ id: decodeURIComponent(id), version: n }));
  if (!found) notFound();
  const { playbook, version: v, document: doc } = found;
  const list = await api.versions.list({ id: playbook.id });
  const item = list.versions.find((x) => x.version === v.version);
  const base = `/playbooks/${encodeURIComponent(playbook.id)}`;
  const isCurrent = playbook.publishedVersion === v.version;
  const stateLabel = (t.playbook.versionStates as Record<string, string>)[v.state] ?? v.state;

  return (
    <>
      <HashHighlight />
      <nav aria-label="breadcrumb" className="breadcrumb">
        <Link href="/playbooks">{t.playbooks.title}</Link>
        <span aria-hidden="true"> / </span>
        <Link href={base}>{playbook.id}</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{fmt(t.common.version, { n: v.version })}</span>
      </nav>
      <PageHeader
        eyebrow={
          <>
            <StateBadge state={v.state} t={t} />{" "}
            {isCurrent ? <Badge tone="ok">{tv.current}</Badge> : <Badge tone="neutral">{tv.notCurrent}</Badge>}
          </>
        }
        title={
          <>
            {doc.name} <span className="title-id">{fmt(t.common.version, { n: v.version })}</span>
          </>
        }
        intro={doc.description}
        actions={
          <>
            {found.previous !== null && (
              <Link className="btn" href={`${base}/versions/${found.previous}`} rel="prev">
                ← {fmt(t.common.version, { n: found.previous })}
              </Link>
            )}
            {found.next !== null && (
              <Link className="btn" href={`${base}/versions/${found.next}`} rel="next">
                {fmt(t.common.version, { n: found.next })} →
              </Link>
            )}
          </>
        }
      />

      <section className="card card-pad" aria-labelledby="version-facts">
        <h2 id="version-facts" className="card-title">
          {tv.facts}
        </h2>
        <dl className="facts-list facts-grid">
          <div>
            <dt>{tv.state}</dt>
            <dd>{stateLabel}</dd>
          </div>
          <div>
            <dt>{tv.createdBy}</dt>
            <dd>
              <code>{v.createdBy}</code>
            </dd>
          </div>
          <div>
            <dt>{tv.createdAt}</dt>
            <dd>
              <time dateTime={v.createdAt} suppressHydrationWarning>
                {formatDateTime(v.createdAt, locale)}
              </time>
            </dd>
          </div>
          <div>
            <dt>{tv.publishedAt}</dt>
            <dd>
              {v.publishedAt ? (
                <time dateTime={v.publishedAt} suppressHydrationWarning>
                  {formatDateTime(v.publishedAt, locale)}
                </time>
              ) : (
                t.common.none
              )}
            </dd>
          </div>
          <div>
            <dt>{tv.contentHash}</dt>
            <dd>
              <code className="hash" data-testid="content-hash">
                {v.contentHash}
              </code>
            </dd>
          </div>
          <div>
            <dt>{tv.decisions}</dt>
            <dd>
              <Link href={`/audit/decisions?playbook=${encodeURIComponent(playbook.id)}&version=${v.version}`}>{fmt(tv.decisionCount, { n: found.decisionCount })}</Link>
            </dd>
          </div>
        </dl>
      </section>

      {item && <VersionLifecycleCard list={list} item={item} />}

      {/* What this version would change on past cases, next to its approval (the #backtest links land here). */}
      {doc.kind === "routing" && (
        <section id="backtest" className="card card-pad">
          <BacktestPanel playbookId={playbook.id} source={{ version: v.version }} />
        </section>
      )}

      {doc.kind === "routing" || doc.kind === "escalation" || doc.kind === "crisis" ? (
        <div className="grid-2-1">
          <RuleCards doc={doc} t={t} locale={locale} />
          <aside className="side-panels">
            <TriggerPanel doc={doc} t={t} locale={locale} />
            {doc.kind === "escalation" && <EscalationPanels doc={doc} locale={locale} year={new Date().getUTCFullYear()} />}
            {doc.kind === "crisis" && <CrisisPanels doc={doc} locale={locale} />}
            <SharedConditionsPanel doc={doc} t={t} locale={locale} />
          </aside>
        </div>
      ) : doc.kind === "tone" ? (
        <TonePanels doc={doc} locale={locale} />
      ) : (
        <OkrSetPanel doc={doc} locale={locale} canEdit={false} />
      )}

      <details className="disclosure">
        <summary>{tv.raw}</summary>
        <pre className="json">{JSON.stringify(doc, null, 2)}</pre>
      </details>
    </>
  );
}
