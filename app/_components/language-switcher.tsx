"use client";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { LOCALE_COOKIE, LOCALES, type UiLocale } from "@/app/_i18n";
import { useI18n } from "@/app/_i18n/client";

/** Stores the choice in a cookie (read by the server on every request) and re-renders in place. */
export function LanguageSwitcher() {
  const { locale, t } = useI18n();
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  function choose(next: UiLocale): void {
    if (next === locale) return;
    document.cookie = `${LOCALE_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
    document.documentElement.lang = next;
    startTransition(() => router.refresh());
  }

  return (
    <div className="lang-switch" role="group" aria-label={t.language.label} aria-busy={pending || undefined}>
      {LOCALES.map((l) => (
        <button key={l} type="button" lang={l} aria-pressed={l === locale} onClick={() => choose(l)} className="lang-option">
          {t.language[l]}
        </button>
      ))}
    </div>
  );
}
