"use client";
import { useState, type FormEvent } from "react";
import { fmt } from "@/app/_i18n";
import { useI18n } from "@/app/_i18n/client";

interface ApiErrorBody {
  error?: { code?: string; message?: string; issues?: { path: string; message: string }[] };
}

export function LoginForm({ next }: { next: string }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const res = await fetch("/api/v1/session", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: form.get("email"), password: form.get("password") }),
      });
      if (res.ok) {
        // A full navigation so the layout renders with the new session.
        window.location.assign(next);
        return;
      }
      const body = (await res.json().catch(() => ({}))) as ApiErrorBody;
      if (res.status === 429) {
        const minutes = Math.max(1, Math.ceil(Number(res.headers.get("retry-after") ?? "60") / 60));
        setError(fmt(t.auth.throttled, { minutes }));
      } else setError(body.error?.message ?? t.auth.failed);
    } catch {
      setError(t.auth.failed);
    }
    setBusy(false);
  }

  return (
    <form className="auth-form" onSubmit={submit} noValidate>
      <label>
        <span>{t.auth.email}</span>
        <input name="email" type="email" autoComplete="username" required autoFocus />
      </label>
      <label>
        <span>{t.auth.password}</span>
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? t.auth.signingIn : t.auth.signIn}
      </button>
    </form>
  );
}
