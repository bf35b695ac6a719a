import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { fmt } from "@/app/_i18n";
import { getI18n } from "@/app/_i18n/server";
import { orNull } from "@/app/_server/trpc/errors";
import { serverApi } from "@/app/_server/trpc/server";
import { playbookToFlow } from "@/engine/flow";
import type { FlowDocument, FlowOverlay } from "@/schemas";
import { FlowEditor } from "@/app/playbooks/_editor/flow-editor";
import { canvasPageMessages } from "./messages";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string; version: string }>; searchParams: Promise<{ decision?: string | string[] }> };

function parseVersion(v: string): number | null {
  return /^[1-9]\d{0,8}$/.test(v) ? Number(v) : null;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id, version } = await params;
  const { locale } = await getI18n();
  return { title: `${decodeURIComponent(id)} v${version} · ${canvasPageMessages[locale].crumb}` };
}

/**
 * One playbook version on the canvas, read only; with `?decision=<id>` the decision's path is drawn
 * over it ("show on canvas" from a decision). The overlay is the server's (decisions.canvas), traced
 * on the exact version the decision recorded.
 */
export default async function VersionCanvasPage({ params, searchParams }: Props) {
  const { id: rawId, version } = await params;
  const { decision: rawDecision } = await searchParams;
  const n = parseVersion(version);
  if (n === null) notFound();
  const id = decodeURIComponent(rawId);
  const decisionId = typeof rawDecision === "string" && rawDecision !== "" ? rawDecision : null;
  const { t, locale } = await getI18n();
  const m = canvasPageMessages[locale];
  const base = `/playbooks/${encodeURIComponent(id)}`;

  const found = await orNull(serverApi().playbooks.version({ id, version: n }));
  if (!found) notFound();

  let doc: FlowDocument | null = null;
  let overlay: FlowOverlay | null = null;
  if (decisionId) {
    const canvas = await orNull(serverApi().decisions.canvas({ decisionId, playbookId: id }));
    if (!canvas) notFound();
    // The overlay belongs to the version the decision ran: send the reader there.
    if (canvas.version !== n) redirect(`${base}/versions/${canvas.version}/canvas?decision=${encodeURIComponent(decisionId)}`);
    doc = canvas.document;
    overlay = canvas.overlay;
  } else if (found.document.kind === "routing" || found.document.kind === "escalation" || found.document.kind === "crisis") {
    doc = playbookToFlow(found.document);
  }

  const crumbs = (
    <nav aria-label="breadcrumb" className="breadcrumb">
      <Link href="/playbooks">{t.playbooks.title}</Link>
      <span aria-hidden="true"> / </span>
      <Link href={base}>{id}</Link>
      <span aria-hidden="true"> / </span>
      <Link href={`${base}/versions/${n}`}>{fmt(t.common.version, { n })}</Link>
      <span aria-hidden="true"> / </span>
      <span aria-current="page">{m.crumb}</span>
    </nav>
  );
  if (!doc) {
    return (
      <>
        {crumbs}
        <p className="card card-pad">{m.otherKind}</p>
      </>
    );
  }

  const caption = (
    <span data-testid="canvas-caption">
      {decisionId ? fmt(m.decision, { id: decisionId }) : fmt(m.readOnly, { n })}{" "}
      {decisionId && <Link href={`/decisions/${encodeURIComponent(decisionId)}`}>{m.backToDecision}</Link>}
      {decisionId && " · "}
      <Link href={`${base}/versions/${n}`}>{m.backToVersion}</Link>
    </span>
  );
  return (
    <>
      {crumbs}
      <h1 className="sr-only">{fmt(m.title, { name: doc.name || id, n })}</h1>
      <FlowEditor key={`${id}:${n}:${decisionId ?? ""}`} playbookId={id} doc={doc} readOnly overlay={overlay} caption={caption} />
    </>
  );
}
