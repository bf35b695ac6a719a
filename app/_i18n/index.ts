import { en } from "./en";
import { es, type Messages } from "./es";

export type { Messages };
export const LOCALES = ["es", "en"] as const;
export type UiLocale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: UiLocale = "es";
export const LOCALE_COOKIE = "pauta-locale";

const dictionaries: Record<UiLocale, Messages> = { es, en };

export function messages(locale: UiLocale): Messages {
  return dictionaries[locale];
}

export function isLocale(v: unknown): v is UiLocale {
  return typeof v === "string" && (LOCALES as readonly string[]).includes(v);
}

/** Fill "{n}"-style placeholders. */
export function fmt(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/** The first supported language in an Accept-Language header, by quality. */
export function localeFromAcceptLanguage(header: string | null | undefined): UiLocale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(",")
    .map((part, i) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { lang: tag.trim().toLowerCase().split("-")[0] ?? "", q: q ? Number(q.slice(2)) || 0 : 1, i };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked.map((x) => x.lang).find(isLocale);
}

/** Cookie first (the user's explicit choice), then the browser's languages, then Spanish. */
export function resolveLocale(cookie: string | undefined, acceptLanguage: string | null | undefined): UiLocale {
  if (isLocale(cookie)) return cookie;
  return localeFromAcceptLanguage(acceptLanguage) ?? DEFAULT_LOCALE;
}

/** Dates and times in the UI's language. */
export function formatDateTime(iso: string, locale: UiLocale, opts: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "medium" }): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale === "es" ? "es-MX" : "en-US", opts).format(d);
}
