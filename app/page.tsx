import Link from "next/link";
import { ChannelTag, DecisionStatusBadge, PriorityBadge } from "./_components/badges";
import { PageHeader } from "./_components/page-header";
import { fmt, formatDateTime } from "./_i18n";
import { getI18n } from "./_i18n/server";
import { serverApi } from "./_server/trpc/server";

export const dynamic = "force-dynamic";

const WINDOW = 100;

export default async function OverviewPage() {
  const { t, locale } = await getI18n();
  const api = serverApi();
  const [playbooks, recent] = await Promise.all([api.playbooks.list(), api.decisions.list({ limit: WINDOW })]);
  const published = playbooks.filter((p) => p.publishedVersion !== null).length;
  const matched = recent.items.filter((d) => d.matched).length;
  const partial = recent.items.filter((d) => d.partial).length;
  const last = recent.items[0];
  const ofLast = fmt(t.overview.ofLast, { n: recent.items.length });
  const byQueue = [...recent.items.reduce((m, d) => m.set(d.queue ?? "", (m.get(d.queue ?? "") ?? 0) + 1), new Map<string, number>())]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8);
  const maxQueue = byQueue[0]?.[1] ?? 1;

  return (
    <>
      <PageHeader
        title={t.overview.title}
        intro={t.overview.intro}
        actions={
          <>
            <Link href="/playbooks" className="btn">
              {t.overview.viewPlaybooks}
            </Link>
            <Link href="/decisions" className="btn btn-primary">
              {t.overview.openFeed}
            </Link>
          </>
        }
      />
      <section className="stats" aria-label={t.overview.title}>
        <div className="stat">
          <span className="stat-label">{t.overview.playbooks}</span>
          <span className="stat-value">{playbooks.length}</span>
          <span className="stat-note">
            {t.overview.published}: {published}
          </span>
        </div>
        <div className="stat">
          <span className="stat-label">{t.overview.decisions}</span>
          <span className="stat-value">{recent.items.length}</span>
          <span className="stat-note">
            {t.overview.lastDecision}:{" "}
            {last ? (
              <time dateTime={last.decidedAt} suppressHydrationWarning>
                {formatDateTime(last.decidedAt, locale)}
              </time>
            ) : (
              t.overview.never
            )}
          </span>
        </div>
        <div className="stat">
          <span className="stat-label">{t.overview.matched}</span>
          <span className="stat-value">{recent.items.length ? `${Math.round((matched / recent.items.length) * 100)}%` : t.common.none}</span>
          <span className="stat-note">{ofLast}</span>
        </div>
        <div className={`stat ${partial ? "stat-alert" : ""}`}>
          <span className="stat-label">{t.overview.partial}</span>
          <span className="stat-value">{partial}</span>
          <span className="stat-note">{ofLast}</span>
        </div>
      </section>

      <div className="grid-2-1">
        <section className="card" aria-labelledby="recent-title">
          <header className="card-header">
            <h2 id="recent-title" className="card-title">
              {t.overview.recentTitle}
            </h2>
            <Link href="/decisions" className="link-quiet">
              {t.overview.openFeed} →
            </Link>
          </header>
          {recent.items.length === 0 ? (
            <p className="empty">{t.feed.empty}</p>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t.feed.time}</th>
                    <th scope="col">{t.feed.channel}</th>
                    <th scope="col">{t.feed.externalId}</th>
                    <th scope="col">{t.feed.queue}</th>
                    <th scope="col">{t.feed.priority}</th>
                    <th scope="col">{t.feed.status}</th>
                  </tr>
                </thead>
                <tbody>
                  {recent.items.slice(0, 6).map((d) => (
                    <tr key={d.id}>
                      <td className="nowrap tabular">
                        <time dateTime={d.decidedAt} suppressHydrationWarning>
                          {formatDateTime(d.decidedAt, locale, { hour: "2-digit", minute: "2-digit", second: "2-digit" })}
                        </time>
                      </td>
                      <td>
                        <ChannelTag channel={d.channel} />
                      </td>
                      <td>
                        <Link href={`/decisions/${encodeURIComponent(d.id)}`}>{d.externalId ?? d.id}</Link>
                      </td>
                      <td>{d.queue ? <span className="queue">{d.queue}</span> : <span className="muted">{t.common.none}</span>}</td>
                      <td>
                        <PriorityBadge priority={d.priority} t={t} />
                      </td>
                      <td>
                        <DecisionStatusBadge partial={d.partial} matched={d.matched} t={t} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
        <section className="card card-pad" aria-labelledby="queues-title">
          <h2 id="queues-title" className="card-title">
            {t.overview.queuesTitle}
          </h2>
          {byQueue.length === 0 ? (
            <p className="muted">{t.overview.never}</p>
          ) : (
            <>
              <p className="sub">{ofLast}</p>
              <ul className="bars">
                {byQueue.map(([queue, count]) => (
                  <li key={queue || "-"}>
                    <span className="bar-label">{queue ? <span className="queue">{queue}</span> : <span className="muted">{t.overview.noQueue}</span>}</span>
                    <span className="bar-track" aria-hidden="true">
                      <span className="bar-fill" style={{ width: `${Math.max(4, (count / maxQueue) * 100)}%` }} />
                    </span>
                    <span className="bar-value tabular">{count}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      </div>
    </>
  );
}
