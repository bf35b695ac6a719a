import type { Metadata } from "next";
import { NotAllowed } from "@/app/_components/account";
import { PageHeader } from "@/app/_components/page-header";
import { requiredFor } from "@/app/_server/auth/permissions";
import { requireSession, sessionWith } from "@/app/_server/auth/server";
import { getI18n } from "@/app/_i18n/server";
import { webhookText } from "./messages";
import { WebhooksAdmin } from "./webhooks-admin";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getI18n();
  return { title: webhookText(locale).title };
}

export default async function WebhooksPage() {
  const { t, locale } = await getI18n();
  const m = webhookText(locale);
  const session = await requireSession();
  const allowed = await sessionWith("webhooks.manage");
  return (
    <>
      <PageHeader title={m.title} intro={m.intro} />
      {allowed ? <WebhooksAdmin /> : <NotAllowed role={t.roles[session.user.role]} roles={requiredFor("webhooks.manage").roles.map((r) => t.roles[r]).join(", ")} />}
    </>
  );
}
