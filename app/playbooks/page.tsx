import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "../_components/badges";
import { PageHeader } from "../_components/page-header";
import { fmt, formatDateTime } from "../_i18n";
import { getI18n } from "../_i18n/server";
import { serverApi } from "../_server/trpc/server";
import { NewPlaybook, NewPlaybookButton } from "./new-playbook";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t.playbooks.title };
}

export default async function PlaybooksPage({ searchParams }: { searchParams: Promise<{ new?: string | string[] }> }) {
  const { t, locale } = await getI18n();
  const playbooks = await serverApi().playbooks.list();
  const creating = (await searchParams).new !== undefined;
  return (
    <>
      <PageHeader title={t.playbooks.title} intro={t.playbooks.intro} actions={creating ? undefined : <NewPlaybookButton />} />
      {creating && <NewPlaybook />}
      <section className="card">
        {playbooks.length === 0 ? (
          <p className="empty">{t.playbooks.empty}</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <caption className="sr-only">{t.playbooks.tableCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.playbooks.name}</th>
                  <th scope="col">{t.playbooks.kind}</th>
                  <th scope="col">{t.playbooks.published}</th>
                  <th scope="col">{t.playbooks.publishedAt}</th>
                  <th scope="col" className="num">
                    {t.playbooks.rules}
                  </th>
                </tr>
              </thead>
              <tbody>
                {playbooks.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">
                      <Link href={`/playbooks/${encodeURIComponent(p.id)}`} className="strong-link">
                        {p.name}
                      </Link>
                      <div className="sub">
                        <code>{p.id}</code>
                        {p.description && <span> · {p.description}</span>}
                      </div>
                    </th>
                    <td>
                      <Badge tone="accent">{(t.playbooks.kinds as Record<string, string>)[p.kind] ?? p.kind}</Badge>
                    </td>
                    <td>
                      {p.publishedVersion !== null ? (
                        <Badge tone="ok">{fmt(t.common.version, { n: p.publishedVersion })}</Badge>
                      ) : (
                        <Badge tone="muted">{t.playbooks.notPublished}</Badge>
                      )}
                      {p.latestVersion > (p.publishedVersion ?? 0) && (
                        <span className="sub">
                          {" "}
                          {t.playbooks.latest}: {fmt(t.common.version, { n: p.latestVersion })}
                        </span>
                      )}
                    </td>
                    <td className="nowrap">
                      {p.publishedAt ? (
                        <time dateTime={p.publishedAt} suppressHydrationWarning>
                          {formatDateTime(p.publishedAt, locale)}
                        </time>
                      ) : (
                        <span className="muted">{t.common.none}</span>
                      )}
                    </td>
                    <td className="num tabular">{p.ruleCount}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
