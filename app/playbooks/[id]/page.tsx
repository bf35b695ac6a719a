import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge } from "@/app/_components/badges";
import { ConditionView } from "@/app/_components/condition-view";
import { PageHeader } from "@/app/_components/page-header";
import { SentenceText } from "@/app/_components/sentence";
import { fmt, formatDateTime } from "@/app/_i18n";
import { getI18n } from "@/app/_i18n/server";
import { orNull } from "@/app/_server/trpc/errors";
import { serverApi } from "@/app/_server/trpc/server";
import { describeAction } from "@/engine/explain";
import type { RoutingAction } from "@/schemas";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: decodeURIComponent(id) };
}

export default async function PlaybookPage({ params }: Props) {
  const { id } = await params;
  const { t, locale } = await getI18n();
  const detail = await orNull(serverApi().playbooks.get({ id: decodeURIComponent(id) }));
  if (!detail) notFound();
  const { playbook, versions } = detail;
  const doc = detail.publishedDocument ?? detail.latestDocument;
  const kindLabel = (t.playbooks.kinds as Record<string, string>)[playbook.kind] ?? playbook.kind;

  return (
    <>
      <nav aria-label="breadcrumb" className="breadcrumb">
        <Link href="/playbooks">{t.playbooks.title}</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{playbook.id}</span>
      </nav>
      <PageHeader
        eyebrow={
          <>
            <Badge tone="accent">{kindLabel}</Badge>{" "}
            {playbook.publishedVersion !== null ? (
              <Badge tone="ok">{fmt(t.common.version, { n: playbook.publishedVersion })}</Badge>
            ) : (
              <Badge tone="muted">{t.playbooks.notPublished}</Badge>
            )}
          </>
        }
        title={playbook.name}
        intro={playbook.description}
      />

      {doc.kind === "routing" ? (
        <div className="grid-2-1">
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
                    <article className={`rule-card ${r.enabled ? "" : "is-disabled"}`} aria-labelledby={`rule-${r.id}`}>
                      <header className="rule-head">
                        <h3 id={`rule-${r.id}`}>{r.name}</h3>
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
                  </li>
                ))}
            </ol>
          </section>

          <aside className="side-panels">
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
            {Object.keys(doc.conditions).length > 0 && (
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
            )}
            <VersionsPanel versions={versions} t={t} locale={locale} />
          </aside>
        </div>
      ) : (
        <div className="grid-2-1">
          <p className="card card-pad">{t.playbook.otherKind}</p>
          <aside className="side-panels">
            <VersionsPanel versions={versions} t={t} locale={locale} />
          </aside>
        </div>
      )}

      <details className="disclosure">
        <summary>{t.playbook.document}</summary>
        <pre className="json">{JSON.stringify(doc, null, 2)}</pre>
      </details>
    </>
  );
}

function ActionText({ action, locale }: { action: RoutingAction; locale: "es" | "en" }) {
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

function VersionsPanel({
  versions,
  t,
  locale,
}: {
  versions: { id: string; version: number; state: string; createdAt: string; publishedAt: string | null }[];
  t: Awaited<ReturnType<typeof getI18n>>["t"];
  locale: "es" | "en";
}) {
  return (
    <section className="card card-pad" aria-labelledby="versions-title">
      <h2 id="versions-title" className="card-title">
        {t.playbook.versions}
      </h2>
      <ol className="version-list">
        {versions.map((v) => (
          <li key={v.id}>
            <Badge tone={v.state === "published" ? "ok" : "muted"}>{fmt(t.common.version, { n: v.version })}</Badge> <span className="sub">{(t.playbook.versionStates as Record<string, string>)[v.state] ?? v.state}</span>{" "}
            <time className="sub" dateTime={v.publishedAt ?? v.createdAt} suppressHydrationWarning>
              {formatDateTime(v.publishedAt ?? v.createdAt, locale)}
            </time>
          </li>
        ))}
      </ol>
    </section>
  );
}
