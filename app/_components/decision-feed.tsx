"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { fmt, formatDateTime } from "@/app/_i18n";
import { useI18n } from "@/app/_i18n/client";
import { useTRPC, useTRPCClient } from "@/app/_trpc/client";
import type { DecisionSummary } from "@/schemas";
import { ChannelTag, DecisionStatusBadge, PriorityBadge, RuleChips } from "./badges";

const POLL_MS = 1500;

/** The live feed: server-rendered first page, then polls for decisions newer than the top row. */
export function DecisionFeed({ initial, initialCursor }: { initial: DecisionSummary[]; initialCursor: string | null }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const router = useRouter();
  const [rows, setRows] = useState(initial);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const [announce, setAnnounce] = useState("");
  const [live, setLive] = useState(true);
  const [cursor, setCursor] = useState(initialCursor);
  const [loadingMore, setLoadingMore] = useState(false);

  const afterSeq = rows[0]?.seq ?? 0;
  const poll = useQuery({
    ...trpc.decisions.after.queryOptions({ afterSeq, limit: 100 }),
    enabled: live,
    refetchInterval: live ? POLL_MS : false,
    refetchIntervalInBackground: false,
    staleTime: 0,
  });

  useEffect(() => {
    const incoming = poll.data;
    if (!incoming?.length) return;
    const known = new Set(rows.map((r) => r.id));
    const added = incoming.filter((r) => !known.has(r.id));
    if (!added.length) return;
    setRows([...added, ...rows].sort((a, b) => b.seq - a.seq));
    setFresh(new Set(added.map((r) => r.id)));
    setAnnounce(fmt(t.feed.newRows, { n: added.length }));
    // Only new poll results matter; rows is read as of this render on purpose.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [poll.data]);

  async function loadMore(): Promise<void> {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const page = await client.decisions.list.query({ cursor, limit: 50 });
      setRows((prev) => {
        const known = new Set(prev.map((r) => r.id));
        return [...prev, ...page.items.filter((r) => !known.has(r.id))];
      });
      setCursor(page.nextCursor);
    } finally {
      setLoadingMore(false);
    }
  }

  return (
    <section className="card feed" aria-labelledby="feed-title">
      <header className="card-header">
        <h2 id="feed-title" className="card-title">
          {t.feed.tableCaption}
        </h2>
        <div className="feed-controls">
          <span className={`live-indicator ${live ? "is-live" : ""}`}>
            <span className="live-dot" aria-hidden="true" />
            {live ? t.feed.live : t.feed.paused}
          </span>
          <button type="button" className="btn btn-ghost" onClick={() => setLive((v) => !v)}>
            {live ? t.feed.pause : t.feed.resume}
          </button>
        </div>
      </header>
      <p className="sr-only" role="status" aria-live="polite">
        {announce}
      </p>
      {poll.isError && (
        <p className="inline-alert" role="alert">
          {t.common.error}: {poll.error.message}
        </p>
      )}
      {rows.length === 0 ? (
        <p className="empty">{t.feed.empty}</p>
      ) : (
        <div className="table-wrap">
          <table className="table table-interactive" aria-labelledby="feed-title">
            <thead>
              <tr>
                <th scope="col">{t.feed.time}</th>
                <th scope="col">{t.feed.channel}</th>
                <th scope="col">{t.feed.externalId}</th>
                <th scope="col">{t.feed.queue}</th>
                <th scope="col">{t.feed.priority}</th>
                <th scope="col">{t.feed.firedRules}</th>
                <th scope="col">{t.feed.status}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const href = `/decisions/${encodeURIComponent(r.id)}`;
                return (
                  <tr
                    key={r.id}
                    className={fresh.has(r.id) ? "row-fresh" : undefined}
                    // The whole row is a click target for the mouse; the link in it serves keyboards and screen readers.
                    onClick={(e) => {
                      if ((e.target as HTMLElement).closest("a,button")) return;
                      router.push(href);
                    }}
                  >
                    <td className="nowrap tabular">
                      <time dateTime={r.decidedAt} suppressHydrationWarning>
                        {formatDateTime(r.decidedAt, locale, { day: "2-digit", month: "short", hour: "2-digit", minute: "2-digit", second: "2-digit" })}
                      </time>
                    </td>
                    <td>
                      <ChannelTag channel={r.channel} />
                    </td>
                    <td>
                      <Link href={href} className="row-link" aria-label={fmt(t.feed.open, { id: r.externalId ?? r.id })}>
                        {r.externalId ?? r.id}
                      </Link>
                      {r.caseId && (
                        <>
                          {" "}
                          <Link href={`/cases/${encodeURIComponent(r.caseId)}`} className="sub timeline-link" title={t.history.timeline.open}>
                            {t.history.timeline.short}
                          </Link>
                        </>
                      )}
                    </td>
                    <td>{r.queue ? <span className="queue">{r.queue}</span> : <span className="muted">{t.common.none}</span>}</td>
                    <td>
                      <PriorityBadge priority={r.priority} t={t} />
                    </td>
                    <td>
                      <RuleChips rules={r.firedRules} t={t} />
                    </td>
                    <td>
                      <DecisionStatusBadge partial={r.partial} matched={r.matched} t={t} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {cursor && (
        <footer className="card-footer">
          <button type="button" className="btn" onClick={loadMore} disabled={loadingMore}>
            {loadingMore ? t.common.loading : t.feed.loadMore}
          </button>
        </footer>
      )}
    </section>
  );
}
