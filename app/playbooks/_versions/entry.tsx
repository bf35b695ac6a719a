"use client";
// One version in the lifecycle: why it was made, when it was live, its approval, schedules and
// backtest, and the actions the signed-in person may take on it. The same component is a row of the
// playbook's versions list and the lifecycle card of the version's own page.
import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import { KeyValueList } from "@/app/_components/kv-list";
import { LocalTime } from "@/app/_components/local-time";
import { fmt } from "@/app/_i18n";
import { useI18n } from "@/app/_i18n/client";
import { useCan, useSession } from "@/app/_server/auth/session-client";
import { useTRPCClient } from "@/app/_trpc/client";
import type { PublishSchedule, VersionList, VersionListItem } from "@/schemas/lifecycle";
import { DialogHost } from "./dialog";
import { CancelScheduleDialog, DecideDialog, PublishDialog, RequestApprovalDialog, RollbackDialog } from "./dialogs";
import { versionText, type VersionMessages } from "./messages";
import { actorName, ApprovalText, BacktestLine, StateBadge, versionHref } from "./parts";
import { useRefreshWhenDue, type Announce } from "./status";

type Open = { kind: "publish" } | { kind: "rollback" } | { kind: "request" } | { kind: "approve" } | { kind: "reject" } | { kind: "cancel"; schedule: PublishSchedule };

/** What the signed-in person may do with this version (the server decides; this only hides). */
export function useVersionRights(list: VersionList, item: VersionListItem) {
  const session = useSession();
  const canPublish = useCan("playbooks.publish");
  const canApprove = useCan("playbooks.approve");
  const canRequest = useCan("playbooks.request_approval");
  const me = session ? `user:${session.user.email}` : null;
  const live = list.publishedVersion === item.version;
  const a = item.approval;
  const pending = a?.status === "pending" ? a : null;
  const approved = a?.status === "approved" && a.contentHash === item.contentHash;
  // A version live before comes back by rollback, which needs no approval.
  const needsApproval = list.requireApproval && !live && !item.canRollBackTo && !approved;
  const requestable = !live && !item.canRollBackTo && item.state !== "scheduled" && (!a || a.status === "withdrawn");
  return {
    needsApproval,
    publish: canPublish && !live && !item.canRollBackTo && item.state !== "rejected" && !needsApproval,
    rollback: canPublish && item.canRollBackTo,
    request: canRequest && requestable && (list.requireApproval || !canPublish),
    withdraw: !!pending && canRequest && (me === pending.requestedBy || session?.user.role === "admin"),
    // Never offered to the author or the requester: four eyes means a second person.
    decide: !!pending && canApprove && me !== pending.requestedBy && me !== item.createdBy,
    cancelSchedule: canPublish,
  };
}

export function VersionEntry({
  list,
  item,
  announce,
  variant,
  picked,
  onPick,
}: {
  list: VersionList;
  item: VersionListItem;
  announce: Announce;
  /** "row": in the playbook's list (with its heading and the compare tick); "page": on the version's page */
  variant: "row" | "page";
  picked?: boolean;
  onPick?: (version: number, on: boolean) => void;
}) {
  const { t, locale } = useI18n();
  const m = versionText(locale);
  const client = useTRPCClient();
  const rights = useVersionRights(list, item);
  const [open, setOpen] = useState<Open | null>(null);
  const [withdrawing, setWithdrawing] = useState(false);
  const anchor = useRef<HTMLElement | null>(null);
  const titleId = useId();
  const n = item.version;
  const id = list.playbookId;
  const live = list.publishedVersion === n;
  useRefreshWhenDue(item.schedules);

  const close = () => setOpen(null);
  // After an action the button that opened it may be gone: focus goes to the version's heading once
  // the dialog has closed (its own effect, which runs first, hands focus back to the opener).
  const focusAnchor = useRef(false);
  useEffect(() => {
    if (open !== null || !focusAnchor.current) return;
    focusAnchor.current = false;
    anchor.current?.focus();
  }, [open]);
  const done = (message: string) => {
    focusAnchor.current = true;
    setOpen(null);
    announce(message);
  };
  const withdraw = async () => {
    setWithdrawing(true);
    try {
      await client.versions.withdrawApproval.mutate({ id, version: n });
      announce(fmt(m.done.withdrawn, { n }));
    } catch (e) {
      announce(fmt(m.errors.failed, { message: e instanceof Error ? e.message : String(e) }), "error");
    } finally {
      setWithdrawing(false);
    }
  };
  const dialogProps = { list, item, onClose: close, onDone: done };

  return (
    <>
      {variant === "row" ? (
        <div className="lc-entry-head">
          <h3 id={titleId}>
            <Link href={versionHref(id, n)} ref={(el) => void (anchor.current = el)}>
              {fmt(t.common.version, { n })}
            </Link>
          </h3>
          <StateBadge state={item.state} t={t} />
          {onPick && (
            <label className="lc-pick">
              <input type="checkbox" checked={!!picked} onChange={(e) => onPick(n, e.target.checked)} aria-label={fmt(m.compare.pick, { n })} />
              <span aria-hidden="true">{m.compare.pickShort}</span>
            </label>
          )}
        </div>
      ) : (
        <h2 id={titleId} className="card-title lc-entry-anchor" tabIndex={-1} ref={(el) => void (anchor.current = el)}>
          {m.page.title}
        </h2>
      )}

      <Summary list={list} item={item} m={m} rights={rights} onCancel={(schedule) => setOpen({ kind: "cancel", schedule })} />

      <div className="lc-actions" role="group" aria-label={fmt(m.actions.label, { n })}>
        {rights.publish && (
          <button type="button" className="btn btn-primary" aria-haspopup="dialog" onClick={() => setOpen({ kind: "publish" })}>
            {m.actions.publish}
          </button>
        )}
        {rights.rollback && (
          <button type="button" className="btn" aria-haspopup="dialog" onClick={() => setOpen({ kind: "rollback" })}>
            {m.actions.rollback}
          </button>
        )}
        {rights.request && (
          <button type="button" className={rights.publish ? "btn" : "btn btn-primary"} aria-haspopup="dialog" onClick={() => setOpen({ kind: "request" })}>
            {m.actions.request}
          </button>
        )}
        {rights.withdraw && (
          <button type="button" className="btn" onClick={() => void withdraw()} disabled={withdrawing}>
            {m.actions.withdraw}
          </button>
        )}
        {rights.decide && (
          <>
            <button type="button" className="btn btn-primary" aria-haspopup="dialog" onClick={() => setOpen({ kind: "approve" })}>
              {m.actions.approve}
            </button>
            <button type="button" className="btn" aria-haspopup="dialog" onClick={() => setOpen({ kind: "reject" })}>
              {m.actions.reject}
            </button>
          </>
        )}
        {list.publishedVersion !== null && !live && (
          <Link className="btn btn-ghost" href={`/playbooks/${encodeURIComponent(id)}/compare?from=${list.publishedVersion}&to=${n}`}>
            {m.actions.compareLive}
          </Link>
        )}
        <a className="btn btn-ghost" href={`/api/v1/playbooks/${encodeURIComponent(id)}/file?version=${n}`} download>
          {m.actions.export}
        </a>
      </div>

      <DialogHost open={open !== null} onClose={close}>
        {open?.kind === "publish" && <PublishDialog {...dialogProps} />}
        {open?.kind === "rollback" && <RollbackDialog {...dialogProps} />}
        {open?.kind === "request" && <RequestApprovalDialog {...dialogProps} />}
        {(open?.kind === "approve" || open?.kind === "reject") && <DecideDialog {...dialogProps} decision={open.kind} />}
        {open?.kind === "cancel" && <CancelScheduleDialog {...dialogProps} schedule={open.schedule} />}
      </DialogHost>
    </>
  );
}

function Summary({
  list,
  item,
  m,
  rights,
  onCancel,
}: {
  list: VersionList;
  item: VersionListItem;
  m: VersionMessages;
  rights: ReturnType<typeof useVersionRights>;
  onCancel: (s: PublishSchedule) => void;
}) {
  const { t, locale } = useI18n();
  const live = list.publishedVersion === item.version;
  const pub = item.lastPublication;
  const rows: [string, React.ReactNode][] = [
    [m.kv.why, item.comment ? <p className="lc-comment">{item.comment}</p> : <span className="muted">{m.row.noComment}</span>],
    [
      m.kv.made,
      <>
        {actorName(item.createdBy, m)} · <LocalTime iso={item.createdAt} locale={locale} />
      </>,
    ],
    [
      m.kv.live,
      pub ? (
        <div data-testid="last-publication">
          <p>
            {live ? m.row.liveSince : m.row.lastLive} <LocalTime iso={pub.at} locale={locale} /> {fmt(m.row.by, { who: actorName(pub.actor, m) })}
            {pub.kind !== "publish" && <> · {m.log.kinds[pub.kind]}</>}
          </p>
          <blockquote className="lc-quote">{pub.comment}</blockquote>
        </div>
      ) : (
        <span className="muted">{m.row.neverLive}</span>
      ),
    ],
  ];
  if (item.approval || rights.needsApproval)
    rows.push([
      m.kv.approval,
      <>
        {item.approval && <ApprovalText approval={item.approval} m={m} locale={locale} />}
        {rights.needsApproval && item.approval?.status !== "pending" && <p className="sub">{m.row.needsApproval}</p>}
      </>,
    ]);
  if (item.schedules.length > 0)
    rows.push([
      m.kv.schedules,
      <ul className="lc-schedules" data-testid="schedules">
        {item.schedules.map((s) => (
          <li key={s.id}>
            <span>{m.schedule.statuses[s.status]}:</span>
            <span>
              {s.endAt ? (
                fmtNodes(m.schedule.window, { start: <LocalTime iso={s.startAt} locale={locale} />, end: <LocalTime iso={s.endAt} locale={locale} /> })
              ) : (
                fmtNodes(m.schedule.open, { start: <LocalTime iso={s.startAt} locale={locale} /> })
              )}
            </span>
            <span className="sub">
              · {fmt(m.schedule.by, { who: actorName(s.createdBy, m) })}
              {s.endAt && s.previous && <> · {fmt(m.schedule.returns, { what: fmt(t.common.version, { n: s.previous.version }) })}</>}
            </span>
            {rights.cancelSchedule && (s.status === "scheduled" || s.status === "active") && (
              <button type="button" className="btn btn-small" aria-haspopup="dialog" onClick={() => onCancel(s)}>
                {m.schedule.cancel}
              </button>
            )}
          </li>
        ))}
      </ul>,
    ]);
  if (list.kind === "routing") rows.push([m.kv.backtest, <BacktestLine backtest={item.backtest} playbookId={list.playbookId} version={item.version} m={m} locale={locale} />]);
  return <KeyValueList rows={rows} className="kv lc-kv" />;
}

/** fmt for templates whose placeholders are elements (times). */
function fmtNodes(template: string, vars: Record<string, React.ReactNode>): React.ReactNode {
  return template.split(/(\{\w+\})/).map((part, i) => {
    const k = /^\{(\w+)\}$/.exec(part)?.[1];
    return <span key={i}>{k && k in vars ? vars[k] : part}</span>;
  });
}
