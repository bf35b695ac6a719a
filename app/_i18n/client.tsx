"use client";
import { createContext, useContext, type ReactNode } from "react";
import type { Messages, UiLocale } from "./index";

const I18nContext = createContext<{ locale: UiLocale; t: Messages } | null>(null);

/** Hands the server-chosen dictionary to client components (one locale per request). */
export function I18nProvider({ locale, t, children }: { locale: UiLocale; t: Messages; children: ReactNode }) {
  return <I18nContext.Provider value={{ locale, t }}>{children}</I18nContext.Provider>;
}

export function useI18n(): { locale: UiLocale; t: Messages } {
  const v = useContext(I18nContext);
  if (!v) throw new Error("useI18n outside I18nProvider");
  return v;
}
