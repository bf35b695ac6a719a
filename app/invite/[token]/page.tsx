import type { Metadata } from "next";
import { getDb } from "@/app/_server/db/client";
import { findOpenInvitation } from "@/app/_server/auth/users";
import { fmt } from "@/app/_i18n";
import { getI18n } from "@/app/_i18n/server";
import { InviteForm } from "./invite-form";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.auth.inviteTitle };
}

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const { t } = await getI18n();
  const invitation = findOpenInvitation({ db: getDb() }, decodeURIComponent(token));
  return (
    <div className="auth-card card card-pad">
      <h1>{t.auth.inviteTitle}</h1>
      {invitation ? (
        <>
          <p className="page-intro">{fmt(t.auth.inviteIntro, { role: t.roles[invitation.role], email: invitation.email })}</p>
          <InviteForm token={decodeURIComponent(token)} email={invitation.email} />
        </>
      ) : (
        <p role="alert">{t.auth.inviteInvalid}</p>
      )}
    </div>
  );
}
