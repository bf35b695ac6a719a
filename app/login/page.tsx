import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getPageSession, safeNext } from "@/app/_server/auth/server";
import { getI18n } from "@/app/_i18n/server";
import { LoginForm } from "./login-form";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.auth.loginTitle };
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const next = safeNext((await searchParams).next);
  // Already signed in: go where they were headed.
  if (await getPageSession()) redirect(next);
  const { t } = await getI18n();
  return (
    <div className="auth-card card card-pad">
      <h1>{t.auth.loginTitle}</h1>
      <p className="page-intro">{t.auth.loginIntro}</p>
      <LoginForm next={next} />
    </div>
  );
}
