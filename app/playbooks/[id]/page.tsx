import type { Metadata } from "next";
import Link from "next/link";
import { CrisisPanels, EscalationPanels } from "../_kinds/kind-panels";
import { OkrSetPanel } from "../_okr/okr-set";
import { notFound } from "next/navigation";
import { Badge } from "@/app/_components/badges";
import { PageHeader } from "@/app/_components/page-header";
import { RuleCards, SharedConditionsPanel, TriggerPanel } from "@/app/_components/playbook-document";
import { fmt } from "@/app/_i18n";
import { getI18n } from "@/app/_i18n/server";
import { sessionWith } from "@/app/_server/auth/server";
import { orNull } from "@/app/_server/trpc/errors";
import { serverApi } from "@/app/_server/trpc/server";
import { FLOW_KINDS } from "@/schemas";
import { VersionsSection } from "../_versions/section";
import { TonePanels } from "../_tone/tone-panels";
import { toneMessages } from "../_tone/messages";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: decodeURIComponent(id) };
}

export default async function PlaybookPage({ params }: Props) {
  const { id } = await params;
  const { t, locale } = await getI18n();
  const api = serverApi();
  const detail = await orNull(api.playbooks.get({ id: decodeURIComponent(id) }));
  if (!detail) notFound();
  const { playbook } = detail;
  const list = await api.versions.list({ id: playbook.id });
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
          ((FLOW_KINDS as readonly string[]).includes(playbook.kind) || playbook.kind === "tone") && (
            <Link href={`/playbooks/${encodeURIComponent(playbook.id)}/edit`} className="btn btn-primary">
              {playbook.kind === "tone" ? toneMessages[locale].panels.edit : t.playbook.editOnCanvas}
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
      ) : doc.kind === "routing" || doc.kind === "escalation" || doc.kind === "crisis" ? (
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
        <OkrSetPanel doc={doc} locale={locale} canEdit={!!(await sessionWith("playbooks.import"))} />
      )}

      <VersionsSection list={list} historyHref={`/audit/history?entity=playbook&entityId=${encodeURIComponent(playbook.id)}`} />

      {doc && (
        <details className="disclosure">
          <summary>{t.playbook.document}</summary>
          <pre className="json">{JSON.stringify(doc, null, 2)}</pre>
        </details>
      )}
    </>
  );
}
