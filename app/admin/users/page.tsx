import type { Metadata } from "next";
import { NotAllowed } from "@/app/_components/account";
import { PageHeader } from "@/app/_components/page-header";
import { requiredFor } from "@/app/_server/auth/permissions";
import { requireSession, sessionWith } from "@/app/_server/auth/server";
import { getI18n } from "@/app/_i18n/server";
import { UsersAdmin } from "./users-admin";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.users.title };
}

export default async function UsersPage() {
  const { t } = await getI18n();
  const session = await requireSession();
  const allowed = await sessionWith("users.manage");
  return (
    <>
      <PageHeader title={t.users.title} intro={t.users.intro} />
      {allowed ? (
        <UsersAdmin selfId={session.user.id} />
      ) : (
        <NotAllowed role={t.roles[session.user.role]} roles={requiredFor("users.manage").roles.map((r) => t.roles[r]).join(", ")} />
      )}
    </>
  );
}
