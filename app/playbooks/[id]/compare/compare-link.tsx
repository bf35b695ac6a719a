import Link from "next/link";
import type { UiLocale } from "@/app/_i18n";
import { compareMessages } from "./messages";

/** The way into the comparison (published version against the newest one, by default). */
export function CompareLink({ playbookId, from, to, locale }: { playbookId: string; from?: number; to?: number; locale: UiLocale }) {
  const qs = from !== undefined && to !== undefined ? `?from=${from}&to=${to}` : "";
  return (
    <p>
      <Link href={`/playbooks/${encodeURIComponent(playbookId)}/compare${qs}`} data-testid="compare-link">
        {compareMessages[locale].linkText}
      </Link>
    </p>
  );
}
