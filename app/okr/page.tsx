import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/app/_components/badges";
import { PageHeader } from "@/app/_components/page-header";
import { fmt } from "@/app/_i18n";
import { getI18n } from "@/app/_i18n/server";
import { serverApi } from "@/app/_server/trpc/server";
import { formatProgress } from "../playbooks/_okr/format";
import { okrDashboardText } from "./messages";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getI18n();
  return { title: okrDashboardText(locale).title };
}

/** The OKR sets, each opening its dashboard. */
export default async function OkrIndexPage() {
  const { locale } = await getI18n();
  const m = okrDashboardText(locale);
  const sets = await serverApi().okr.list();
  return (
    <>
      <PageHeader title={m.title} intro={m.intro} />
      {sets.length === 0 ? (
        <p className="card card-pad empty">{m.empty}</p>
      ) : (
        <div className="card table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{m.columns.name}</th>
                <th scope="col">{m.columns.version}</th>
                <th scope="col" className="num">{m.columns.objectives}</th>
                <th scope="col" className="num">{m.columns.keyResults}</th>
                <th scope="col" className="num">{m.columns.progress}</th>
                <th scope="col" className="num">{m.columns.warnings}</th>
              </tr>
            </thead>
            <tbody>
              {sets.map((s) => (
                <tr key={s.playbookId}>
                  <th scope="row">
                    <Link href={`/okr/${encodeURIComponent(s.playbookId)}`} className="strong-link" aria-label={fmt(m.open, { name: s.name })}>
                      {s.name}
                    </Link>
                    <div className="sub">
                      <code>{s.playbookId}</code>
                    </div>
                  </th>
                  <td>{s.published ? <Badge tone="ok">{fmt(m.version, { n: s.version })}</Badge> : <Badge tone="muted">{fmt(m.versionDraft, { n: s.version })}</Badge>}</td>
                  <td className="num">{s.objectives}</td>
                  <td className="num">{s.keyResults}</td>
                  <td className="num">{formatProgress(s.progress, locale)}</td>
                  <td className="num">{s.warnings}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
