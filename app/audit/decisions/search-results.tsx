"use client";
import Link from "next/link";
import { useState } from "react";
import { ChannelTag, DecisionStatusBadge, PriorityBadge, RuleChips } from "@/app/_components/badges";
import { fmt, formatDateTime, type UiLocale } from "@/app/_i18n";
import { useI18n } from "@/app/_i18n/client";
import { useTRPCClient } from "@/app/_trpc/client";
import type { DecisionSummary } from "@/schemas";

/** The search's results: the first page from the server, then "load more" with the keyset cursor. */
export function SearchResults({
  filters,
  total,
  capped,
  initial,
  initialCursor,
  locale,
}: {
  filters: Record<string, string>;
  total: number;
  /** more than total match (the count stopped there) */
  capped: boolean;
  initial: DecisionSummary[];
  initialCursor: string | null;
  locale: UiLocale;
}) {
  const { t } = useI18n();
  const ts = t.search;
  const client = useTRPCClient();
  const [rows, setRows] = useState(initial);
  const [cursor, setCursor] = useState(initialCursor);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function loadMore(): Promise<void> {
    if (!cursor) return;
    setLoading(true);
    setError(null);
    try {
      const page = await client.decisions.search.query({ ...filters, cursor, limit: 50 });
      setRows((prev) => [...prev, ...page.items]);
      setCursor(page.nextCursor);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setLoading(false);
    }
  }

  return (
    <section className="card" aria-labelledby="search-results-title">
      <header className="card-header">
        <h2 id="search-results-title" className="card-title">
          {ts.results}
        </h2>
        <span className="muted tabular" data-testid="search-total">
          {fmt(ts.resultsCount, { n: `${capped ? "> " : ""}${total.toLocaleString(locale === "es" ? "es-MX" : "en-US")}` })}
        </span>
      </header>
      {rows.length === 0 ? (
        <p className="empty">{ts.none}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-labelledby="search-results-title">
            <thead>
              <tr>
                <th scope="col">{ts.time}</th>
                <th scope="col">{ts.channel}</th>
                <th scope="col">{ts.externalId}</th>
                <th scope="col">{ts.customer}</th>
                <th scope="col">{ts.queue}</th>
                <th scope="col">{ts.priority}</th>
                <th scope="col">{ts.firedRules}</th>
                <th scope="col">{ts.tags}</th>
                <th scope="col">{ts.status}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td className="nowrap tabular">
                    <time dateTime={r.decidedAt} suppressHydrationWarning>
                      {formatDateTime(r.decidedAt, locale, { year: "numeric", day: "2-digit", month: "short", hour: "2-digit", minute: "2-digit", second: "2-digit" })}
                    </time>
                  </td>
                  <td>
                    <ChannelTag channel={r.channel} />
                  </td>
                  <td>
                    <Link href={`/decisions/${encodeURIComponent(r.id)}`} aria-label={fmt(ts.open, { id: r.externalId ?? r.id })}>
                      {r.externalId ?? r.id}
                    </Link>
                  </td>
                  <td>{r.customerId ?? <span className="muted">{t.common.none}</span>}</td>
                  <td>{r.queue ? <span className="queue">{r.queue}</span> : <span className="muted">{t.common.none}</span>}</td>
                  <td>
                    <PriorityBadge priority={r.priority} t={t} />
                  </td>
                  <td>
                    <RuleChips rules={r.firedRules} t={t} />
                  </td>
                  <td>
                    {r.tags?.length ? (
                      <ul className="chips">
                        {r.tags.map((tag) => (
                          <li key={tag} className="chip">
                            {tag}
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <span className="muted">{t.common.none}</span>
                    )}
                  </td>
                  <td>
                    <DecisionStatusBadge partial={r.partial} matched={r.matched} t={t} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {error && (
        <p className="inline-alert" role="alert">
          {t.common.error}: {error}
        </p>
      )}
      {cursor && (
        <footer className="card-footer">
          <button type="button" className="btn" onClick={loadMore} disabled={loading}>
            {loading ? t.common.loading : ts.loadMore}
          </button>
        </footer>
      )}
    </section>
  );
}
