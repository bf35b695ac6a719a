import { cookies, headers } from "next/headers";
import { LOCALE_COOKIE, messages, resolveLocale, type Messages, type UiLocale } from "./index";

/** The request's UI language and dictionary (server components). */
export async function getI18n(): Promise<{ locale: UiLocale; t: Messages }> {
  const [c, h] = await Promise.all([cookies(), headers()]);
  const locale = resolveLocale(c.get(LOCALE_COOKIE)?.value, h.get("accept-language"));
  return { locale, t: messages(locale) };
}
