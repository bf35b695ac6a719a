"use client";
import { useState, type FormEvent } from "react";
import { useI18n } from "@/app/_i18n/client";

interface ApiErrorBody {
  error?: { message?: string; issues?: { path: string; message: string }[] };
}

export function InviteForm({ token, email }: { token: string; email: string }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [issues, setIssues] = useState<Record<string, string>>({});

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    setIssues({});
    const res = await fetch("/api/v1/invitations/accept", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token, name: form.get("name"), password: form.get("password") }),
    }).catch(() => null);
    if (res?.ok) {
      window.location.assign("/");
      return;
    }
    const body = res ? ((await res.json().catch(() => ({}))) as ApiErrorBody) : {};
    setIssues(Object.fromEntries((body.error?.issues ?? []).map((i) => [i.path, i.message])));
    setError(body.error?.message ?? t.auth.failed);
    setBusy(false);
  }

  return (
    <form className="auth-form" onSubmit={submit} noValidate>
      <input type="hidden" name="username" value={email} autoComplete="username" />
      <label>
        <span>{t.auth.name}</span>
        <input name="name" autoComplete="name" required aria-invalid={issues.name ? true : undefined} />
        {issues.name && <span className="field-error">{issues.name}</span>}
      </label>
      <label>
        <span>{t.auth.password}</span>
        <input name="password" type="password" autoComplete="new-password" minLength={12} required aria-describedby="pw-hint" aria-invalid={issues.password ? true : undefined} />
        <span id="pw-hint" className="muted">
          {issues.password ?? t.auth.passwordHint}
        </span>
      </label>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? t.auth.creating : t.auth.createAccount}
      </button>
    </form>
  );
}
