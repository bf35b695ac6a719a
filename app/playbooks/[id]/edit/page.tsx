import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { fmt } from "@/app/_i18n";
import { FLOW_KINDS } from "@/schemas";
import { getI18n } from "@/app/_i18n/server";
import { orNull } from "@/app/_server/trpc/errors";
import { serverApi } from "@/app/_server/trpc/server";
import { FlowEditor } from "../../_editor/flow-editor";
import { editorText } from "../../_editor/messages";
import { OkrEditor } from "../../_okr/okr-editor";
import { ToneEditor } from "../../_tone/tone-editor";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const { locale } = await getI18n();
  return { title: fmt(editorText(locale).editor.title, { name: decodeURIComponent(id) }) };
}

/** The canvas editor of a flow playbook's shared draft, or the form of a tone or OKR playbook. */
export default async function EditPlaybookPage({ params }: Props) {
  const { id: raw } = await params;
  const id = decodeURIComponent(raw);
  const { t, locale } = await getI18n();
  const m = editorText(locale);
  const detail = await orNull(serverApi().playbooks.get({ id }));
  if (!detail) notFound();
  const href = `/playbooks/${encodeURIComponent(id)}`;
  const isFlow = (FLOW_KINDS as readonly string[]).includes(detail.playbook.kind);
  const crumbs = (
    <nav aria-label="breadcrumb" className="breadcrumb">
      <Link href="/playbooks">{t.playbooks.title}</Link>
      <span aria-hidden="true"> / </span>
      <Link href={href}>{detail.playbook.id}</Link>
      <span aria-hidden="true"> / </span>
      <span aria-current="page">{isFlow ? t.playbook.editOnCanvas : t.playbook.editForm}</span>
    </nav>
  );
  if (!isFlow) {
    // Tone and OKR playbooks are a form over the whole document.
    const view = await serverApi().playbooks.document({ id });
    return (
      <>
        {crumbs}
        <h1 className="sr-only">{fmt(m.editor.title, { name: view.document.name || id })}</h1>
        {view.kind === "tone" ? <ToneEditor playbookId={id} initial={view} /> : <OkrEditor playbookId={id} initial={view} />}
      </>
    );
  }
  const draft = await serverApi().playbooks.draft({ id });
  return (
    <>
      {crumbs}
      <h1 className="sr-only">{fmt(m.editor.title, { name: draft.document.name || id })}</h1>
      <FlowEditor key={`${id}:${draft.revision}`} playbookId={id} doc={draft.document} revision={draft.revision} updatedAt={draft.updatedAt} issues={draft.issues} />
    </>
  );
}
