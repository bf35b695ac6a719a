// A metric's value in words: "85,2 %", "4,3", "12 min", with the unit the catalogue gives it.
import { fmt } from "@/app/_i18n";
import { METRIC_UNITS, type OkrMetric } from "@/schemas/okr";
import { okrText } from "./messages";

type Locale = "es" | "en";

export function formatMetricValue(value: number | null | undefined, metric: OkrMetric, locale: Locale): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  const n = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value);
  return fmt(okrText(locale).units[METRIC_UNITS[metric]], { n });
}

/** 0–1 progress as a whole percentage ("62 %"), or "—" when there is nothing to measure yet. */
export function formatProgress(progress: number | null, locale: Locale): string {
  if (progress === null || !Number.isFinite(progress)) return "—";
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 }).format(progress);
}

/** "objectives[0].keyResults[1].title" (the lint) and "document.objectives.0.keyResults.1.title" (zod) → one form. */
export function normalizePath(path: string): string {
  return path
    .replace(/\[(\d+)\]/g, ".$1")
    .replace(/^document\./, "")
    .replace(/^\./, "");
}
