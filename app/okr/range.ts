// The dashboard's ranges: each key result over its own period (the server's default: its start to
// today or its target date), or every chart over the last 30 or 90 UTC days up to today.
export type OkrRange = "period" | "last30" | "last90";
export const OKR_RANGES: readonly OkrRange[] = ["period", "last30", "last90"];

const DAY_MS = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The window of "last N days", today included; null for the key results' own periods. */
export function rangeWindow(range: OkrRange, now: Date): { from: string; to: string } | null {
  if (range === "period") return null;
  const days = range === "last90" ? 90 : 30;
  return { from: day(now.getTime() - (days - 1) * DAY_MS), to: day(now.getTime()) };
}
