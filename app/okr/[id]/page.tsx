import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge } from "@/app/_components/badges";
import { PageHeader } from "@/app/_components/page-header";
import { fmt } from "@/app/_i18n";
import { getI18n } from "@/app/_i18n/server";
import { orNull } from "@/app/_server/trpc/errors";
import { serverApi } from "@/app/_server/trpc/server";
import { okrDashboardText } from "../messages";
import { OkrBoard } from "../okr-board";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const { locale } = await getI18n();
  return { title: `${okrDashboardText(locale).title} · ${decodeURIComponent(id)}` };
}

/** One OKR set's dashboard: every key result over its own period (the board can switch to the last 30 or 90 days). */
export default async function OkrDashboardPage({ params }: Props) {
  const { id: raw } = await params;
  const id = decodeURIComponent(raw);
  const { locale } = await getI18n();
  const m = okrDashboardText(locale);
  const dashboard = await orNull(serverApi().okr.dashboard({ playbookId: id }));
  if (!dashboard) notFound();
  return (
    <>
      <nav aria-label="breadcrumb" className="breadcrumb">
        <Link href="/okr">{m.title}</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{dashboard.playbookId}</span>
      </nav>
      <PageHeader
        eyebrow={dashboard.version !== null ? <Badge tone="accent">{fmt(m.showingVersion, { version: dashboard.version })}</Badge> : undefined}
        title={dashboard.name}
        intro={m.dashboardIntro}
        actions={
          <Link href={`/playbooks/${encodeURIComponent(dashboard.playbookId)}`} className="btn">
            {m.playbookLink}
          </Link>
        }
      />
      <OkrBoard initial={dashboard} />
    </>
  );
}
