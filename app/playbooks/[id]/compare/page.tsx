import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge } from "@/app/_components/badges";
import { ChangesTable } from "@/app/_components/field-changes";
import { PageHeader } from "@/app/_components/page-header";
import { fmt, type Messages } from "@/app/_i18n";
import { getI18n } from "@/app/_i18n/server";
import { orNull } from "@/app/_server/trpc/errors";
import { serverApi } from "@/app/_server/trpc/server";
import { FlowEditor } from "@/app/playbooks/_editor/flow-editor";
import type { DiffMarks } from "@/app/playbooks/_editor/store";
import type { FieldChange } from "@/schemas/history";
import type { FlowDiff, VersionList } from "@/schemas/lifecycle";
import { RecordComparison, VersionPickers } from "./compare-controls";
import { compareMessages, type CompareMessages } from "./messages";
import { RulesDiff } from "./rules-diff";
import "./compare.css";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const { locale } = await getI18n();
  return { title: `${decodeURIComponent(id)} · ${compareMessages[locale].crumb}` };
}

const asVersion = (v: string | string[] | undefined): number | null => {
  const s = Array.isArray(v) ? v[0] : v;
  return s && /^[1-9]\d{0,8}$/.test(s) ? Number(s) : null;
};

/** From the published version to the newest one; when those are the same, from the one before. */
function defaultPair(list: VersionList): { from: number; to: number } | null {
  const newest = list.versions[0]?.version;
  if (newest === undefined || list.versions.length < 2) return null;
  const published = list.publishedVersion;
  if (published !== null && published !== newest) return { from: published, to: newest };
  return { from: list.versions[1]!.version, to: newest };
}

/** One side's marks: the "from" drawing shows what was removed or changed, the "to" drawing what was added or changed. */
function sideMarks(diff: FlowDiff, side: "from" | "to"): DiffMarks {
  const hidden = side === "from" ? "added" : "removed";
  const edgeIds = side === "from" ? diff.edges.removed : diff.edges.added;
  const edgeMark = side === "from" ? "removed" : "added";
  return {
    nodes: Object.fromEntries(Object.entries(diff.nodes).filter(([, s]) => s !== hidden)),
    edges: Object.fromEntries(edgeIds.map((id) => [id, edgeMark])),
  };
}

/** Two versions of a playbook side by side: both drawings with what differs coloured, then the rules and the rest of the document. */
export default async function ComparePage({ params, searchParams }: Props) {
  const { id: rawId } = await params;
  const sp = await searchParams;
  const id = decodeURIComponent(rawId);
  const { t, locale } = await getI18n();
  const m = compareMessages[locale];
  const api = serverApi();
  const list = await orNull(api.versions.list({ id }));
  if (!list) notFound();
  const base = `/playbooks/${encodeURIComponent(id)}`;
  const stateLabel = (s: string) => (t.playbook.versionStates as Record<string, string>)[s] ?? s;
  const known = new Set(list.versions.map((v) => v.version));
  const fallback = defaultPair(list);
  const asked = { from: asVersion(sp.from), to: asVersion(sp.to) };
  const unknown = [asked.from, asked.to].find((v) => v !== null && !known.has(v)) ?? null;
  const from = asked.from !== null && known.has(asked.from) ? asked.from : fallback?.from;
  const to = asked.to !== null && known.has(asked.to) ? asked.to : fallback?.to;

  const crumbs = (
    <nav aria-label="breadcrumb" className="breadcrumb">
      <Link href="/playbooks">{t.playbooks.title}</Link>
      <span aria-hidden="true"> / </span>
      <Link href={base}>{id}</Link>
      <span aria-hidden="true"> / </span>
      <span aria-current="page">{m.crumb}</span>
    </nav>
  );
  const back = (
    <Link href={base} className="btn">
      ← {m.back}
    </Link>
  );
  if (from === undefined || to === undefined) {
    return (
      <>
        {crumbs}
        <PageHeader title={m.title} actions={back} />
        <p className="card card-pad">{list.versions.length === 0 ? m.none : m.single}</p>
      </>
    );
  }

  const options = list.versions.map((v) => ({
    version: v.version,
    label: `${fmt(m.versionOption, { n: v.version, state: stateLabel(v.state) })}${v.comment ? ` · ${v.comment.slice(0, 60)}` : ""}`,
  }));
  const label = (n: number) => `v${n}${n === list.publishedVersion ? ` (${m.published})` : ""}`;
  const header = (
    <>
      {crumbs}
      <PageHeader
        eyebrow={<Badge tone="accent">{(t.playbooks.kinds as Record<string, string>)[list.kind] ?? list.kind}</Badge>}
        title={
          <>
            {m.title} <span className="title-id">{id}</span>
          </>
        }
        intro={fmt(m.intro, { from: label(from), to: label(to) })}
        actions={back}
      />
      <VersionPickers versions={options} from={from} to={to} />
      {unknown !== null && (
        <p className="inline-alert" role="alert">
          {fmt(m.unknownVersion, { n: unknown })}
        </p>
      )}
    </>
  );
  if (from === to) {
    return (
      <>
        {header}
        <p className="card card-pad">{m.same}</p>
      </>
    );
  }

  const [diff, a, b] = await Promise.all([api.versions.diff({ id, from, to }), api.playbooks.version({ id, version: from }), api.playbooks.version({ id, version: to })]);
  return (
    <>
      {header}
      <RecordComparison playbookId={id} from={from} to={to} />

      {diff.canvas ? (
        <section className="compare-section" aria-labelledby="canvas-diff-title">
          <h2 id="canvas-diff-title" className="section-title">
            {m.canvasTitle}
          </h2>
          <div className="compare-canvases">
            {(["from", "to"] as const).map((side) => {
              const marks = sideMarks(diff.canvas!.diff, side);
              const v = side === "from" ? from : to;
              return (
                <section key={side} className="compare-canvas" aria-label={fmt(m.canvasLabel, { v: label(v) })} data-testid={`compare-${side}`}>
                  <FlowEditor
                    key={`${id}:${from}:${to}:${side}`}
                    playbookId={id}
                    doc={diff.canvas![side]}
                    readOnly
                    diff={marks}
                    caption={<Legend side={side} version={label(v)} marks={marks} m={m} />}
                  />
                </section>
              );
            })}
          </div>
        </section>
      ) : (
        <p className="card card-pad">{m.otherKind}</p>
      )}

      {list.kind === "routing" && <RulesDiff diff={diff} fromDoc={a.document} toDoc={b.document} t={t} m={m} locale={locale} />}

      <DocumentDiff changes={diff.document} t={t} m={m} />
    </>
  );
}

function Legend({ side, version, marks, m }: { side: "from" | "to"; version: string; marks: DiffMarks; m: CompareMessages }) {
  const count = (s: string) => Object.values(marks.nodes).filter((x) => x === s).length;
  const edges = Object.keys(marks.edges).length;
  const items: { key: string; text: string }[] = [];
  if (side === "to" && count("added")) items.push({ key: "added", text: fmt(m.legend.added, { n: count("added") }) });
  if (side === "from" && count("removed")) items.push({ key: "removed", text: fmt(m.legend.removed, { n: count("removed") }) });
  if (count("changed")) items.push({ key: "changed", text: fmt(m.legend.changed, { n: count("changed") }) });
  if (edges) items.push({ key: side === "to" ? "edge-added" : "edge-removed", text: fmt(side === "to" ? m.legend.edgesAdded : m.legend.edgesRemoved, { n: edges }) });
  return (
    <span className="compare-legend" data-testid={`legend-${side}`}>
      <strong>{fmt(m.side[side], { v: version })}</strong>
      {items.length === 0 && <span className="sub">{m.legend.nothing}</span>}
      {items.map((i) => (
        <span key={i.key} className={`compare-key is-${i.key}`}>
          <span className="compare-swatch" aria-hidden="true" />
          {i.text}
        </span>
      ))}
    </span>
  );
}

function DocumentDiff({ changes, t, m }: { changes: FieldChange[]; t: Messages; m: CompareMessages }) {
  return (
    <section className="compare-section" aria-labelledby="document-diff-title" data-testid="document-diff">
      <h2 id="document-diff-title" className="section-title">
        {m.documentTitle}
      </h2>
      <p className="sub">{m.documentIntro}</p>
      {changes.length === 0 ? <p className="empty">{m.documentSame}</p> : <ChangesTable changes={changes} t={t} />}
    </section>
  );
}
