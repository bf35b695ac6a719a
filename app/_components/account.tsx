"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { csrfToken, useSession } from "@/app/_server/auth/session-client";
import { fmt } from "@/app/_i18n";
import { useI18n } from "@/app/_i18n/client";
import { Badge } from "./badges";

/** The shell's footer: who is signed in, their role, and signing out. */
export function AccountBox() {
  const session = useSession();
  const { t } = useI18n();
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  if (!session) return null;
  const { user } = session;
  async function signOut() {
    setBusy(true);
    await fetch("/api/v1/session", { method: "DELETE", headers: { "x-csrf-token": csrfToken() } }).catch(() => undefined);
    router.replace("/login");
    router.refresh();
  }
  return (
    <div className="account-box" aria-label={fmt(t.auth.signedInAs, { name: user.name })}>
      <div className="account-who">
        <span className="account-name">{user.name}</span>
        <span className="account-email muted">{user.email}</span>
        <Badge tone="accent">{t.roles[user.role]}</Badge>
      </div>
      <button type="button" className="btn btn-ghost" onClick={signOut} disabled={busy}>
        {t.auth.signOut}
      </button>
    </div>
  );
}

/** The message a page shows when the signed-in role may not open it (the server refuses the data anyway). */
export function NotAllowed({ role, roles }: { role: string; roles: string }) {
  const { t } = useI18n();
  return (
    <div className="card card-pad" role="alert">
      <p>{fmt(t.auth.notAllowed, { role, roles })}</p>
    </div>
  );
}
