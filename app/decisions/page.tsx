import type { Metadata } from "next";
import { DecisionFeed } from "../_components/decision-feed";
import { PageHeader } from "../_components/page-header";
import { getI18n } from "../_i18n/server";
import { serverApi } from "../_server/trpc/server";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t.feed.title };
}

export default async function DecisionsPage() {
  const { t } = await getI18n();
  const first = await serverApi().decisions.list({ limit: 50 });
  return (
    <>
      <PageHeader title={t.feed.title} intro={t.feed.intro} />
      <DecisionFeed initial={first.items} initialCursor={first.nextCursor} />
    </>
  );
}
