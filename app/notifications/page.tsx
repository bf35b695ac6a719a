import type { Metadata } from "next";
import { PageHeader } from "@/app/_components/page-header";
import { requireSession } from "@/app/_server/auth/server";
import { getI18n } from "@/app/_i18n/server";
import { notificationText } from "./messages";
import { NotificationsList } from "./notifications-list";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getI18n();
  return { title: notificationText(locale).title };
}

/** Every role reads notifications (notifications.read), so signing in is enough. */
export default async function NotificationsPage() {
  const { locale } = await getI18n();
  const m = notificationText(locale);
  await requireSession();
  return (
    <>
      <PageHeader title={m.title} intro={m.intro} />
      <NotificationsList />
    </>
  );
}
