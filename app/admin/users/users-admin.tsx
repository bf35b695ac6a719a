"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ROLES, type InvitationCreated, type Role } from "@/schemas/users";
import { Badge } from "@/app/_components/badges";
import { fmt } from "@/app/_i18n";
import { useI18n } from "@/app/_i18n/client";
import { useTRPC } from "@/app/_trpc/client";

export function UsersAdmin({ selfId }: { selfId: string }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const users = useQuery(trpc.users.list.queryOptions());
  const invitations = useQuery(trpc.users.invitations.queryOptions());
  const [created, setCreated] = useState<InvitationCreated | null>(null);
  const [copied, setCopied] = useState(false);
  // Cancel a load still on its way first: it may have read the list before this change committed.
  const refresh = async () => {
    await qc.cancelQueries({ queryKey: trpc.users.pathKey() });
    await qc.invalidateQueries({ queryKey: trpc.users.pathKey() });
  };
  const invite = useMutation(trpc.users.invite.mutationOptions({ onSuccess: (r) => (setCreated(r), setCopied(false), void refresh()) }));
  const setRole = useMutation(trpc.users.setRole.mutationOptions({ onSuccess: refresh }));
  const setDisabled = useMutation(trpc.users.setDisabled.mutationOptions({ onSuccess: refresh }));
  const failure = invite.error ?? setRole.error ?? setDisabled.error;
  const date = (iso: string) => new Date(iso).toLocaleString(locale);
  const link = created && typeof window !== "undefined" ? `${window.location.origin}${created.path}` : "";

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    invite.mutate({ email: String(form.get("email") ?? ""), role: String(form.get("role") ?? "") });
  }

  return (
    <div className="stack">
      <section className="card card-pad" aria-labelledby="invite-title">
        <h2 className="card-title" id="invite-title">
          {t.users.inviteTitle}
        </h2>
        <form className="invite-form" onSubmit={submit}>
          <div className="field">
            <label htmlFor="invite-email">{t.users.email}</label>
            <input id="invite-email" name="email" type="email" required />
          </div>
          <div className="field">
            <label htmlFor="invite-role">{t.users.role}</label>
            <select id="invite-role" name="role" defaultValue="strategist">
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t.roles[r]}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="btn btn-primary" disabled={invite.isPending}>
            {invite.isPending ? t.users.inviting : t.users.sendInvite}
          </button>
        </form>
        {failure && (
          <p className="form-error" role="alert">
            {t.users.failed}: {failure.message}
          </p>
        )}
        {created && (
          <div className="invite-link" role="status">
            <p className="mini-title">{t.users.linkTitle}</p>
            <p className="muted">{fmt(t.users.linkHint, { email: created.email, date: date(created.expiresAt) })}</p>
            <div className="invite-link-row">
              <input readOnly value={link} aria-label={t.users.linkTitle} onFocus={(e) => e.currentTarget.select()} />
              <button
                type="button"
                className="btn"
                onClick={() => {
                  void navigator.clipboard?.writeText(link).then(() => setCopied(true));
                }}
              >
                {copied ? t.users.copied : t.users.copy}
              </button>
            </div>
          </div>
        )}
      </section>

      <section className="card" aria-labelledby="people-title">
        <div className="card-header">
          <h2 className="card-title" id="people-title">
            {t.users.people}
          </h2>
        </div>
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t.users.name}</th>
                <th scope="col">{t.users.email}</th>
                <th scope="col">{t.users.role}</th>
                <th scope="col">{t.users.status}</th>
                <th scope="col">
                  <span className="sr-only">{t.users.disable}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {(users.data ?? []).map((u) => (
                <tr key={u.id}>
                  <td>
                    {u.name} {u.id === selfId && <span className="muted">({t.users.you})</span>}
                  </td>
                  <td>{u.email}</td>
                  <td>
                    <select
                      aria-label={`${t.users.role}: ${u.email}`}
                      value={u.role}
                      disabled={setRole.isPending}
                      onChange={(e) => setRole.mutate({ userId: u.id, role: e.currentTarget.value as Role })}
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {t.roles[r]}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>{u.disabledAt ? <Badge tone="muted">{t.users.disabled}</Badge> : <Badge tone="ok">{t.users.active}</Badge>}</td>
                  <td>
                    {u.id !== selfId && (
                      <button type="button" className="btn btn-ghost" disabled={setDisabled.isPending} onClick={() => setDisabled.mutate({ userId: u.id, disabled: !u.disabledAt })}>
                        {u.disabledAt ? t.users.enable : t.users.disable}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card" aria-labelledby="pending-title">
        <div className="card-header">
          <h2 className="card-title" id="pending-title">
            {t.users.pending}
          </h2>
        </div>
        {(invitations.data ?? []).filter((i) => !i.acceptedAt).length === 0 ? (
          <p className="empty">{t.users.none}</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t.users.email}</th>
                  <th scope="col">{t.users.role}</th>
                  <th scope="col">{t.users.expires}</th>
                </tr>
              </thead>
              <tbody>
                {(invitations.data ?? [])
                  .filter((i) => !i.acceptedAt)
                  .map((i) => (
                    <tr key={i.id}>
                      <td>{i.email}</td>
                      <td>{t.roles[i.role]}</td>
                      <td>{date(i.expiresAt)}</td>
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
