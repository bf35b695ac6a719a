// The dashboard's range choices as UTC days: the last 30 or 90 days up to today, or the key results'
// own period (earliest start to latest target date, no later than today).
export type OkrRange = "last30" | "last90" | "period";
export const OKR_RANGES: readonly OkrRange[] = ["last30", "last90", "period"];

const DAY_MS = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The key results' period, or null when none of them has a start date. */
export function keyResultsPeriod(krs: readonly { startDate?: string | undefined; targetDate?: string | undefined }[], today: string): { from: string; to: string } | null {
  const starts = krs.flatMap((k) => (k.startDate ? [k.startDate] : [])).sort();
  const from = starts[0];
  if (!from || from > today) return null;
  const ends = krs.flatMap((k) => (k.targetDate ? [k.targetDate] : [])).sort();
  const last = ends.at(-1);
  return { from, to: last && last < today ? last : today };
}

export function rangeDates(range: OkrRange, now: Date, krs: Parameters<typeof keyResultsPeriod>[0]): { from: string; to: string } {
  const today = day(now.getTime());
  if (range === "period") {
    const p = keyResultsPeriod(krs, today);
    if (p) return p;
  }
  const days = range === "last90" ? 90 : 30;
  return { from: day(now.getTime() - (days - 1) * DAY_MS), to: today };
}
