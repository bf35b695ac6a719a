import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/app/_components/badges";
import { PageHeader } from "@/app/_components/page-header";
import { fmt } from "@/app/_i18n";
import { getI18n } from "@/app/_i18n/server";
import { serverApi } from "@/app/_server/trpc/server";
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
              </tr>
            </thead>
            <tbody>
              {sets.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    <Link href={`/okr/${encodeURIComponent(s.id)}`} className="strong-link" aria-label={fmt(m.open, { name: s.name })}>
                      {s.name}
                    </Link>
                    <div className="sub">
                      <code>{s.id}</code>
                      {s.description && <span> · {s.description}</span>}
                    </div>
                  </th>
                  <td>{s.publishedVersion !== null ? <Badge tone="ok">{fmt(m.version, { n: s.publishedVersion })}</Badge> : <Badge tone="muted">{m.notPublished}</Badge>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
