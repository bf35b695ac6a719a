import type { Metadata } from "next";
import { PageHeader } from "@/app/_components/page-header";
import { getI18n } from "@/app/_i18n/server";
import { sessionWith } from "@/app/_server/auth/server";
import { ReplaySample, VerifyChain } from "./proof-tools";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.proof.title };
}

/** The auditor's console for the log as a whole: verify the chain, replay a sample. */
export default async function VerifyPage() {
  const { t } = await getI18n();
  const session = await sessionWith("audit.verify");
  return (
    <>
      <PageHeader title={t.proof.title} intro={t.proof.intro} />
      {!session ? (
        <p className="card card-pad" role="alert">
          {t.proof.notAllowed}
        </p>
      ) : (
        <div className="stack">
          <VerifyChain />
          {session.permissions.includes("audit.replay") && <ReplaySample />}
        </div>
      )}
    </>
  );
}
