import type { Metadata } from "next";
import { NotAllowed } from "@/app/_components/account";
import { PageHeader } from "@/app/_components/page-header";
import { requiredFor } from "@/app/_server/auth/permissions";
import { requireSession, sessionWith } from "@/app/_server/auth/server";
import { serverApi } from "@/app/_server/trpc/server";
import { getI18n } from "@/app/_i18n/server";
import { settingsText } from "./messages";
import { SettingsForm } from "./settings-form";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getI18n();
  return { title: settingsText(locale).title };
}

/** Workspace settings (admins): for now, whether publishing needs a second person's approval. */
export default async function SettingsPage() {
  const { t, locale } = await getI18n();
  const m = settingsText(locale);
  const session = await requireSession();
  const allowed = await sessionWith("settings.manage");
  return (
    <>
      <PageHeader title={m.title} intro={m.intro} />
      {allowed ? (
        <SettingsForm initial={await serverApi().settings.get()} />
      ) : (
        <NotAllowed role={t.roles[session.user.role]} roles={requiredFor("settings.manage").roles.map((r) => t.roles[r]).join(", ")} />
      )}
    </>
  );
}
