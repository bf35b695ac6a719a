"use client";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Badge } from "@/app/_components/badges";
import { fmt } from "@/app/_i18n";
import { useI18n } from "@/app/_i18n/client";
import { useTRPC } from "@/app/_trpc/client";
import { notificationText } from "./messages";
import "./notifications.css";

/** The in-app list, newest first; marking read (one or all) is shared by the whole team. */
export function NotificationsList() {
  const { locale } = useI18n();
  const m = notificationText(locale);
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [onlyUnread, setOnlyUnread] = useState(false);
  const list = useQuery({ ...trpc.notifications.list.queryOptions({ unread: onlyUnread || undefined, limit: 100 }), refetchInterval: 5000 });
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.notifications.pathKey() });
  const markRead = useMutation(trpc.notifications.markRead.mutationOptions({ onSuccess: refresh }));
  const markAll = useMutation(trpc.notifications.markAllRead.mutationOptions({ onSuccess: refresh }));
  const failure = markRead.error ?? markAll.error;
  const items = list.data?.items ?? [];

  return (
    <section className="card" aria-labelledby="notif-title">
      <div className="card-header">
        <h2 className="card-title" id="notif-title">
          {fmt(m.unreadBadge, { n: list.data?.unread ?? 0 })}
        </h2>
        <div className="row-actions">
          <label>
            <input type="checkbox" checked={onlyUnread} onChange={(e) => setOnlyUnread(e.currentTarget.checked)} /> {m.onlyUnread}
          </label>
          <button type="button" className="btn" disabled={markAll.isPending || !list.data?.unread} onClick={() => markAll.mutate()}>
            {m.markAll}
          </button>
        </div>
      </div>
      {failure && (
        <p className="form-error card-pad" role="alert">
          {fmt(m.failed, { message: failure.message })}
        </p>
      )}
      {items.length === 0 ? (
        <p className="empty">{m.none}</p>
      ) : (
        <ul className="notif-list" aria-labelledby="notif-title">
          {items.map((n) => (
            <li key={n.id} className={n.readAt ? "notif is-read" : "notif"} aria-label={`${n.readAt ? m.read : m.unread}: ${n.message ?? n.target}`}>
              <div className="notif-main">
                <p className="notif-message">
                  {!n.readAt && <Badge tone="accent">{m.unread}</Badge>} <strong>{n.message ?? n.target}</strong>
                </p>
                <p className="muted">
                  {(m.kinds as Record<string, string>)[n.kind] ?? n.kind} · {m.target}: <code>{n.target}</code> · {new Date(n.createdAt).toLocaleString(locale)}
                  {n.readBy && ` · ${fmt(m.readBy, { who: n.readBy })}`}
                </p>
              </div>
              <div className="row-actions">
                {n.caseId && (
                  <Link className="btn btn-ghost" href={`/cases/${encodeURIComponent(n.caseId)}`}>
                    {m.openCase}
                  </Link>
                )}
                {!n.readAt && (
                  <button type="button" className="btn btn-ghost" disabled={markRead.isPending} onClick={() => markRead.mutate({ id: n.id })}>
                    {m.markRead}
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The sidebar link with its unread count (polled; the list page refreshes it when marking read). */
export function NotificationsNavBadge() {
  const { locale } = useI18n();
  const m = notificationText(locale);
  const trpc = useTRPC();
  const unread = useQuery({ ...trpc.notifications.unreadCount.queryOptions(), refetchInterval: 15_000 });
  if (!unread.data) return null;
  return (
    <span className="nav-badge" aria-label={fmt(m.unreadBadge, { n: unread.data })}>
      {unread.data}
    </span>
  );
}
