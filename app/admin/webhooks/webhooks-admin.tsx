"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { WebhookDelivery, WebhookEndpointWithSecret } from "@/schemas/notifications";
import { Badge } from "@/app/_components/badges";
import { fmt } from "@/app/_i18n";
import { useI18n } from "@/app/_i18n/client";
import { useTRPC } from "@/app/_trpc/client";
import { webhookText, type WebhookMessages } from "./messages";

const STATUS_TONE = { pending: "warn", delivered: "ok", dead: "danger" } as const;

function StatusBadge({ status, m }: { status: WebhookDelivery["status"]; m: WebhookMessages }) {
  return <Badge tone={STATUS_TONE[status]}>{m.statuses[status]}</Badge>;
}

/** Endpoints (create, pause, test, rotate, delete), each one's recent deliveries, and the dead-letter list with retry. */
export function WebhooksAdmin() {
  const { locale } = useI18n();
  const m = webhookText(locale);
  const trpc = useTRPC();
  const qc = useQueryClient();
  // Deliveries change on their own (the loop sends them): poll while the page is open.
  const endpoints = useQuery({ ...trpc.webhooks.list.queryOptions(), refetchInterval: 2000 });
  const dead = useQuery({ ...trpc.webhooks.deliveries.queryOptions({ status: "dead" }), refetchInterval: 2000 });
  const [secret, setSecret] = useState<WebhookEndpointWithSecret | null>(null);
  const [copied, setCopied] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.webhooks.pathKey() });
  const showSecret = (e: WebhookEndpointWithSecret) => (setSecret(e), setCopied(false), void refresh());
  const create = useMutation(trpc.webhooks.create.mutationOptions({ onSuccess: showSecret }));
  const update = useMutation(trpc.webhooks.update.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.webhooks.remove.mutationOptions({ onSuccess: refresh }));
  const rotate = useMutation(trpc.webhooks.rotateSecret.mutationOptions({ onSuccess: showSecret }));
  const test = useMutation(trpc.webhooks.sendTest.mutationOptions({ onSuccess: (d) => (setNotice(m.testQueued), setOpen(d.endpointId), void refresh()) }));
  const retry = useMutation(trpc.webhooks.retry.mutationOptions({ onSuccess: () => (setNotice(m.retried), void refresh()) }));
  const failure = create.error ?? update.error ?? remove.error ?? rotate.error ?? test.error ?? retry.error;
  const date = (iso: string | null) => (iso ? new Date(iso).toLocaleString(locale) : "—");

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const targets = String(form.get("targets") ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    create.mutate({ name: String(form.get("name") ?? ""), url: String(form.get("url") ?? ""), targets }, { onSuccess: () => (e.target as HTMLFormElement).reset() });
  }

  return (
    <div className="stack">
      <section className="card card-pad" aria-labelledby="hook-create-title">
        <h2 className="card-title" id="hook-create-title">
          {m.createTitle}
        </h2>
        <form className="invite-form" onSubmit={submit}>
          <div className="field">
            <label htmlFor="hook-name">{m.name}</label>
            <input id="hook-name" name="name" required maxLength={100} />
          </div>
          <div className="field">
            <label htmlFor="hook-url">{m.url}</label>
            <input id="hook-url" name="url" type="url" required aria-describedby="hook-url-hint" placeholder="https://" />
            <span id="hook-url-hint" className="muted">
              {m.urlHint}
            </span>
          </div>
          <div className="field">
            <label htmlFor="hook-targets">{m.targets}</label>
            <input id="hook-targets" name="targets" aria-describedby="hook-targets-hint" />
            <span id="hook-targets-hint" className="muted">
              {m.targetsHint}
            </span>
          </div>
          <button type="submit" className="btn btn-primary" disabled={create.isPending}>
            {create.isPending ? m.creating : m.create}
          </button>
        </form>
        {failure && (
          <p className="form-error" role="alert">
            {fmt(m.failed, { message: failure.message })}
          </p>
        )}
        {notice && !failure && (
          <p className="muted" role="status">
            {notice}
          </p>
        )}
        {secret && (
          <div className="invite-link" role="status">
            <p className="mini-title">{fmt(m.secretTitle, { name: secret.name })}</p>
            <p className="muted">{m.secretHint}</p>
            <div className="invite-link-row">
              <input readOnly value={secret.secret} aria-label={fmt(m.secretTitle, { name: secret.name })} onFocus={(e) => e.currentTarget.select()} />
              <button type="button" className="btn" onClick={() => void navigator.clipboard?.writeText(secret.secret).then(() => setCopied(true))}>
                {copied ? m.copied : m.copy}
              </button>
              <button type="button" className="btn btn-ghost" onClick={() => setSecret(null)}>
                {m.dismiss}
              </button>
            </div>
          </div>
        )}
      </section>

      <section className="card" aria-labelledby="hook-list-title">
        <div className="card-header">
          <h2 className="card-title" id="hook-list-title">
            {m.endpoints}
          </h2>
        </div>
        {(endpoints.data ?? []).length === 0 ? (
          <p className="empty">{m.none}</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{m.name}</th>
                  <th scope="col">{m.url}</th>
                  <th scope="col">{m.targets}</th>
                  <th scope="col">{m.status}</th>
                  <th scope="col">{m.deadTitle}</th>
                  <th scope="col">
                    <span className="sr-only">{m.sendTest}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {(endpoints.data ?? []).map((e) => (
                  <tr key={e.id}>
                    <th scope="row">
                      <button type="button" className="btn btn-ghost" aria-expanded={open === e.id} onClick={() => setOpen(open === e.id ? null : e.id)}>
                        {e.name}
                      </button>
                    </th>
                    <td>
                      <code>{e.url}</code>
                    </td>
                    <td>{e.targets.length ? e.targets.join(", ") : <span className="muted">{m.allTargets}</span>}</td>
                    <td>{e.enabled ? <Badge tone="ok">{m.enabled}</Badge> : <Badge tone="muted">{m.disabled}</Badge>}</td>
                    <td className="num">{e.dead}</td>
                    <td>
                      <div className="row-actions">
                        <button type="button" className="btn btn-ghost" disabled={update.isPending} aria-label={`${e.enabled ? m.disable : m.enable}: ${e.name}`} onClick={() => update.mutate({ id: e.id, change: { enabled: !e.enabled } })}>
                          {e.enabled ? m.disable : m.enable}
                        </button>
                        <button type="button" className="btn btn-ghost" disabled={test.isPending} onClick={() => test.mutate({ id: e.id })} aria-label={`${m.sendTest}: ${e.name}`}>
                          {m.sendTest}
                        </button>
                        <button type="button" className="btn btn-ghost" aria-label={`${m.rotate}: ${e.name}`} onClick={() => window.confirm(fmt(m.rotateConfirm, { name: e.name })) && rotate.mutate({ id: e.id })}>
                          {m.rotate}
                        </button>
                        <button type="button" className="btn btn-ghost" aria-label={`${m.remove}: ${e.name}`} onClick={() => window.confirm(fmt(m.removeConfirm, { name: e.name })) && remove.mutate({ id: e.id })}>
                          {m.remove}
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {open && endpoints.data?.some((e) => e.id === open) && <EndpointDeliveries id={open} name={endpoints.data.find((e) => e.id === open)!.name} m={m} date={date} />}

      <section className="card" aria-labelledby="hook-dead-title">
        <div className="card-header">
          <h2 className="card-title" id="hook-dead-title">
            {m.deadTitle}
          </h2>
        </div>
        <p className="card-pad muted">{m.deadIntro}</p>
        {(dead.data ?? []).length === 0 ? (
          <p className="empty">{m.deadNone}</p>
        ) : (
          <div className="table-wrap">
            <table className="table" aria-labelledby="hook-dead-title">
              <thead>
                <tr>
                  <th scope="col">{m.endpoint}</th>
                  <th scope="col">{m.targets}</th>
                  <th scope="col">{m.attempts}</th>
                  <th scope="col">{m.lastError}</th>
                  <th scope="col">{m.deadAt}</th>
                  <th scope="col">
                    <span className="sr-only">{m.retry}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {(dead.data ?? []).map((d) => (
                  <tr key={d.id}>
                    <td>{d.endpointName}</td>
                    <td>{(JSON.parse(d.body) as { target: string }).target}</td>
                    <td className="num">{d.attempts}</td>
                    <td>{d.lastError}</td>
                    <td>{date(d.deadAt)}</td>
                    <td>
                      <button type="button" className="btn" disabled={retry.isPending} onClick={() => retry.mutate({ id: d.id })}>
                        {m.retry}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

function EndpointDeliveries({ id, name, m, date }: { id: string; name: string; m: WebhookMessages; date: (iso: string | null) => string }) {
  const trpc = useTRPC();
  const deliveries = useQuery({ ...trpc.webhooks.deliveries.queryOptions({ endpointId: id, limit: 20 }), refetchInterval: 2000 });
  const title = fmt(m.showDeliveries, { name });
  return (
    <section className="card" aria-label={title}>
      <div className="card-header">
        <h2 className="card-title">{title}</h2>
      </div>
      {(deliveries.data ?? []).length === 0 ? (
        <p className="empty">{m.noDeliveries}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{m.createdAt}</th>
                <th scope="col">{m.targets}</th>
                <th scope="col">{m.status}</th>
                <th scope="col">{m.attempts}</th>
                <th scope="col">{m.lastError}</th>
                <th scope="col">{m.nextAttempt}</th>
              </tr>
            </thead>
            <tbody>
              {(deliveries.data ?? []).map((d) => (
                <tr key={d.id}>
                  <td>{date(d.createdAt)}</td>
                  <td>{(JSON.parse(d.body) as { target: string }).target}</td>
                  <td>
                    <StatusBadge status={d.status} m={m} />
                  </td>
                  <td className="num">{d.attempts}</td>
                  <td>{d.lastError ?? "—"}</td>
                  <td>{d.status === "pending" ? date(d.nextAttemptAt) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
