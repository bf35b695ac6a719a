import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge } from "@/app/_components/badges";
import { PageHeader } from "@/app/_components/page-header";
import { RuleCards, SharedConditionsPanel, TriggerPanel } from "@/app/_components/playbook-document";
import { fmt, formatDateTime } from "@/app/_i18n";
import { getI18n } from "@/app/_i18n/server";
import { orNull } from "@/app/_server/trpc/errors";
import { serverApi } from "@/app/_server/trpc/server";
import { CompareLink } from "./compare/compare-link";

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
        actions={
          playbook.kind === "routing" && (
            <Link href={`/playbooks/${encodeURIComponent(playbook.id)}/edit`} className="btn btn-primary">
              {t.playbook.editOnCanvas}
            </Link>
          )
        }
      />

      {!doc ? (
        <div className="grid-2-1">
          <p className="card card-pad">
            {t.playbook.draftOnly} <Link href={`/playbooks/${encodeURIComponent(playbook.id)}/edit`}>{t.playbook.openDraft}</Link>
          </p>
        </div>
      ) : doc.kind === "routing" ? (
        <div className="grid-2-1">
          <RuleCards doc={doc} t={t} locale={locale} />

          <aside className="side-panels">
            <TriggerPanel doc={doc} t={t} locale={locale} />
            <SharedConditionsPanel doc={doc} t={t} locale={locale} />
            <VersionsPanel playbookId={playbook.id} versions={versions} t={t} locale={locale} />
          </aside>
        </div>
      ) : (
        <div className="grid-2-1">
          <p className="card card-pad">{t.playbook.otherKind}</p>
          <aside className="side-panels">
            <VersionsPanel playbookId={playbook.id} versions={versions} t={t} locale={locale} />
          </aside>
        </div>
      )}

      {doc && (
        <details className="disclosure">
          <summary>{t.playbook.document}</summary>
          <pre className="json">{JSON.stringify(doc, null, 2)}</pre>
        </details>
      )}
    </>
  );
}

function VersionsPanel({
  playbookId,
  versions,
  t,
  locale,
}: {
  playbookId: string;
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
            <Link href={`/playbooks/${encodeURIComponent(playbookId)}/versions/${v.version}`} className="link-quiet">
              <Badge tone={v.state === "published" ? "ok" : "muted"}>{fmt(t.common.version, { n: v.version })}</Badge>
            </Link> <span className="sub">{(t.playbook.versionStates as Record<string, string>)[v.state] ?? v.state}</span>{" "}
            <time className="sub" dateTime={v.publishedAt ?? v.createdAt} suppressHydrationWarning>
              {formatDateTime(v.publishedAt ?? v.createdAt, locale)}
            </time>
          </li>
        ))}
      </ol>
      <p>
        <Link href={`/audit/history?entity=playbook&entityId=${encodeURIComponent(playbookId)}`}>{t.history.playbookHistory}</Link>
      </p>
      {versions.length > 1 && <CompareLink playbookId={playbookId} locale={locale} />}
    </section>
  );
}
