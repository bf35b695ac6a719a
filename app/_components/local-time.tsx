"use client";
import { useSyncExternalStore } from "react";
import { formatDateTime, type UiLocale } from "@/app/_i18n";

const noop = () => () => {};

/**
 * A time in the reader's own time zone. The server (and hydration) render it in UTC, saying so, so
 * both sides agree; right after hydration it switches to the browser's zone.
 */
export function LocalTime({ iso, locale, opts = { dateStyle: "medium", timeStyle: "short" } }: { iso: string; locale: UiLocale; opts?: Intl.DateTimeFormatOptions }) {
  const inBrowser = useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );
  const text = inBrowser ? formatDateTime(iso, locale, opts) : `${formatDateTime(iso, locale, { ...opts, timeZone: "UTC" })} UTC`;
  return <time dateTime={iso}>{text}</time>;
}
