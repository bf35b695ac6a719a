import type { Metadata } from "next";
import { NotAllowed } from "@/app/_components/account";
import { PageHeader } from "@/app/_components/page-header";
import { requiredFor } from "@/app/_server/auth/permissions";
import { requireSession, sessionWith } from "@/app/_server/auth/server";
import { serverApi } from "@/app/_server/trpc/server";
import { getI18n } from "@/app/_i18n/server";
import { CrisisBoard } from "./crisis-board";
import { crisisText } from "./messages";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getI18n();
  return { title: crisisText(locale).title };
}

/** The crisis dashboard: active incidents (level, volume, protocol, resolve), recent ones, SLA breaches and escalations. */
export default async function CrisisPage() {
  const { t, locale } = await getI18n();
  const m = crisisText(locale);
  const session = await requireSession();
  const allowed = await sessionWith("crisis.read");
  return (
    <>
      <PageHeader title={m.title} intro={m.intro} />
      {allowed ? (
        <CrisisBoard initial={await serverApi().crisis.dashboard()} />
      ) : (
        <NotAllowed role={t.roles[session.user.role]} roles={requiredFor("crisis.read").roles.map((r) => t.roles[r]).join(", ")} />
      )}
    </>
  );
}
