"use client";
// The lifecycle dialogs: publish (now or scheduled), roll back, request approval, approve / reject,
// cancel a schedule. Each validates what it can before sending, then shows the server's refusal at
// the field it names; on success it hands a sentence to announce back to the list.
import Link from "next/link";
import { useState } from "react";
import { KeyValueList } from "@/app/_components/kv-list";
import { LocalTime } from "@/app/_components/local-time";
import { fmt, formatDateTime } from "@/app/_i18n";
import { useI18n } from "@/app/_i18n/client";
import { useTRPCClient } from "@/app/_trpc/client";
import type { PublishSchedule, VersionList, VersionListItem } from "@/schemas/lifecycle";
import { commentError, DateTimeField, DialogForm, focusFirstInvalid, serverErrors, TextAreaField, type FormErrors } from "./dialog";
import { versionText } from "./messages";
import { actorName, ApprovalText, BacktestLine, versionHref } from "./parts";

export interface DialogProps {
  list: VersionList;
  item: VersionListItem;
  onClose: () => void;
  /** the sentence that says what happened (announced, then the list reloads) */
  onDone: (message: string) => void;
}

/** Runs a submit: busy while it runs, the server's refusal as form errors. */
function useSubmit(fields: readonly string[]) {
  const { locale } = useI18n();
  const m = versionText(locale);
  const [errors, setErrors] = useState<FormErrors>({});
  const [busy, setBusy] = useState(false);
  const run = async (local: FormErrors, send: () => Promise<void>) => {
    if (Object.keys(local).length > 0) {
      setErrors(local);
      focusFirstInvalid();
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await send();
    } catch (e) {
      setErrors(serverErrors(e, fields, m));
      focusFirstInvalid();
    } finally {
      setBusy(false);
    }
  };
  return { errors, busy, run };
}

/** A Date as the value of a datetime-local input, in the browser's time zone. */
export function toLocalInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

function nextFullHour(now = new Date()): Date {
  const d = new Date(now);
  d.setMinutes(0, 0, 0);
  d.setHours(d.getHours() + 1);
  return d;
}

export function PublishDialog({ list, item, onClose, onDone }: DialogProps) {
  const { t, locale } = useI18n();
  const m = versionText(locale);
  const client = useTRPCClient();
  const [comment, setComment] = useState("");
  const [mode, setMode] = useState<"now" | "later">("now");
  const [start, setStart] = useState("");
  const [end, setEnd] = useState("");
  const { errors, busy, run } = useSubmit(["comment", "at", "until"]);
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const n = item.version;

  const submit = () => {
    const e: FormErrors = {};
    const c = commentError(comment, m);
    if (c) e.comment = c;
    let at: string | undefined;
    let until: string | undefined;
    if (mode === "later") {
      const s = start ? new Date(start) : null;
      if (!s || Number.isNaN(s.getTime())) e.at = m.publish.startRequired;
      else if (s.getTime() <= Date.now()) e.at = m.publish.startPast;
      else at = s.toISOString();
      if (end) {
        const u = new Date(end);
        if (s && !(u.getTime() > s.getTime())) e.until = m.publish.endBeforeStart;
        else until = u.toISOString();
      }
    }
    void run(e, async () => {
      const r = await client.versions.publish.mutate({ id: list.playbookId, version: n, comment: comment.trim(), ...(at ? { at } : {}), ...(until ? { until } : {}) });
      if (r.schedule) onDone(fmt(m.done.scheduled, { n, time: formatDateTime(r.schedule.startAt, locale) }));
      else onDone(fmt(r.published ? m.done.published : m.done.alreadyLive, { n }));
    });
  };

  return (
    <DialogForm
      m={m}
      title={fmt(m.publish.title, { n })}
      intro={<p>{m.publish.intro}</p>}
      errors={errors}
      busy={busy}
      submitLabel={mode === "now" ? m.publish.submitNow : m.publish.submitLater}
      onSubmit={submit}
      onClose={onClose}
    >
      <KeyValueList
        rows={[
          [m.dialog.liveNow, list.publishedVersion !== null ? fmt(t.common.version, { n: list.publishedVersion }) : m.dialog.nothingLive],
          [
            m.kv.approval,
            <>
              <p>{list.requireApproval ? m.dialog.approvalOn : m.dialog.approvalOff}</p>
              {item.approval && <ApprovalText approval={item.approval} m={m} locale={locale} />}
            </>,
          ],
          ...(list.kind === "routing" ? [[m.kv.backtest, <BacktestLine backtest={item.backtest} playbookId={list.playbookId} version={n} m={m} locale={locale} />] as const] : []),
        ]}
      />
      <TextAreaField label={m.publish.comment} hint={m.publish.commentHint} value={comment} onChange={setComment} error={errors.comment} required m={m} autoFocus />
      <fieldset className="lc-when">
        <legend>{m.publish.when}</legend>
        <label>
          <input type="radio" name="when" value="now" checked={mode === "now"} onChange={() => setMode("now")} /> {m.publish.now}
        </label>
        <label>
          <input
            type="radio"
            name="when"
            value="later"
            checked={mode === "later"}
            onChange={() => {
              setMode("later");
              if (!start) setStart(toLocalInput(nextFullHour()));
            }}
          />{" "}
          {m.publish.later}
        </label>
      </fieldset>
      {mode === "later" && (
        <>
          <div className="lc-times">
            <DateTimeField label={m.publish.start} value={start} onChange={setStart} error={errors.at} required min={toLocalInput(new Date()).slice(0, 16)} m={m} />
            <DateTimeField label={m.publish.end} value={end} onChange={setEnd} error={errors.until} min={start || undefined} m={m} />
          </div>
          <p className="lc-hint">
            {fmt(m.publish.timeZone, { tz })} {m.publish.endHint}
          </p>
        </>
      )}
    </DialogForm>
  );
}

export function RollbackDialog({ list, item, onClose, onDone }: DialogProps) {
  const { t, locale } = useI18n();
  const m = versionText(locale);
  const client = useTRPCClient();
  const [reason, setReason] = useState("");
  const { errors, busy, run } = useSubmit(["reason"]);
  const n = item.version;
  const live = list.publishedVersion !== null ? fmt(t.common.version, { n: list.publishedVersion }) : m.dialog.nothingLive;
  const submit = () => {
    const c = commentError(reason, m);
    void run(c ? { reason: c } : {}, async () => {
      await client.versions.rollback.mutate({ id: list.playbookId, version: n, reason: reason.trim() });
      onDone(fmt(m.done.rolledBack, { n }));
    });
  };
  return (
    <DialogForm m={m} title={fmt(m.rollback.title, { n })} intro={<p>{fmt(m.rollback.intro, { n, live })}</p>} errors={errors} busy={busy} submitLabel={m.rollback.submit} onSubmit={submit} onClose={onClose}>
      <TextAreaField label={m.rollback.reason} value={reason} onChange={setReason} error={errors.reason} required m={m} autoFocus />
    </DialogForm>
  );
}

export function RequestApprovalDialog({ list, item, onClose, onDone }: DialogProps) {
  const { locale } = useI18n();
  const m = versionText(locale);
  const client = useTRPCClient();
  const [comment, setComment] = useState("");
  const { errors, busy, run } = useSubmit(["comment"]);
  const n = item.version;
  const submit = () =>
    void run({}, async () => {
      await client.versions.requestApproval.mutate({ id: list.playbookId, version: n, ...(comment.trim() ? { comment: comment.trim() } : {}) });
      onDone(fmt(m.done.requested, { n }));
    });
  return (
    <DialogForm m={m} title={fmt(m.request.title, { n })} intro={<p>{m.request.intro}</p>} errors={errors} busy={busy} submitLabel={m.request.submit} onSubmit={submit} onClose={onClose}>
      {list.kind === "routing" && (
        <p>
          {item.backtest ? (
            <BacktestLine backtest={item.backtest} playbookId={list.playbookId} version={n} m={m} locale={locale} />
          ) : (
            <>
              {m.request.noBacktest} <Link href={`${versionHref(list.playbookId, n)}#backtest`}>{m.request.runBacktest}</Link>
            </>
          )}
        </p>
      )}
      <TextAreaField label={m.request.comment} hint={m.request.commentHint} value={comment} onChange={setComment} error={errors.comment} m={m} autoFocus />
    </DialogForm>
  );
}

/** Approve or reject the pending request: who asked, their comment and the backtest, then your comment. */
export function DecideDialog({ list, item, onClose, onDone, decision }: DialogProps & { decision: "approve" | "reject" }) {
  const { locale } = useI18n();
  const m = versionText(locale);
  const client = useTRPCClient();
  const [comment, setComment] = useState("");
  const { errors, busy, run } = useSubmit(["comment"]);
  const n = item.version;
  const req = item.approval;
  const submit = () => {
    const c = commentError(comment, m);
    void run(c ? { comment: c } : {}, async () => {
      const input = { id: list.playbookId, version: n, comment: comment.trim(), contentHash: item.contentHash };
      if (decision === "approve") await client.versions.approve.mutate(input);
      else await client.versions.reject.mutate(input);
      onDone(fmt(decision === "approve" ? m.done.approved : m.done.rejected, { n }));
    });
  };
  return (
    <DialogForm
      m={m}
      title={fmt(decision === "approve" ? m.decide.approveTitle : m.decide.rejectTitle, { n })}
      errors={errors}
      busy={busy}
      submitLabel={decision === "approve" ? m.decide.approve : m.decide.reject}
      tone={decision === "approve" ? "primary" : "danger"}
      onSubmit={submit}
      onClose={onClose}
    >
      <KeyValueList
        rows={[
          ...(req
            ? ([
                [
                  m.kv.approval,
                  <>
                    {fmt(m.decide.requested, { who: actorName(req.requestedBy, m) })} · <LocalTime iso={req.requestedAt} locale={locale} />
                  </>,
                ],
                [m.decide.theirComment, req.comment ? <p className="lc-comment">{req.comment}</p> : <span className="muted">{m.decide.noComment}</span>],
              ] as const)
            : []),
          ...(list.kind === "routing" ? [[m.kv.backtest, <BacktestLine backtest={item.backtest} playbookId={list.playbookId} version={n} m={m} locale={locale} />] as const] : []),
          [m.dialog.reviewing, <code title={item.contentHash}>{item.contentHash.slice(0, 12)}…</code>],
        ]}
      />
      <TextAreaField
        label={m.decide.comment}
        hint={decision === "approve" ? m.decide.approveHint : m.decide.rejectHint}
        value={comment}
        onChange={setComment}
        error={errors.comment}
        required
        m={m}
        autoFocus
      />
    </DialogForm>
  );
}

export function CancelScheduleDialog({ list, item, schedule, onClose, onDone }: DialogProps & { schedule: PublishSchedule }) {
  const { locale } = useI18n();
  const m = versionText(locale);
  const client = useTRPCClient();
  const { errors, busy, run } = useSubmit([]);
  const n = item.version;
  const submit = () =>
    void run({}, async () => {
      await client.versions.cancelSchedule.mutate({ id: list.playbookId, scheduleId: schedule.id });
      onDone(fmt(m.done.cancelled, { n }));
    });
  return (
    <DialogForm
      m={m}
      title={fmt(m.cancelSchedule.title, { n })}
      intro={<p>{schedule.status === "active" ? fmt(m.cancelSchedule.active, { n }) : fmt(m.cancelSchedule.scheduled, { n, start: formatDateTime(schedule.startAt, locale) })}</p>}
      errors={errors}
      busy={busy}
      submitLabel={m.cancelSchedule.submit}
      closeLabel={m.cancelSchedule.keep}
      tone="danger"
      onSubmit={submit}
      onClose={onClose}
    />
  );
}
