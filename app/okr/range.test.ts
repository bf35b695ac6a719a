import { describe, expect, it } from "vitest";
import { keyResultsPeriod, rangeDates } from "./range";

const now = new Date("2026-03-10T15:00:00Z");

describe("the dashboard's ranges", () => {
  it("counts today in the last 30 and 90 days", () => {
    expect(rangeDates("last30", now, [])).toEqual({ from: "2026-02-09", to: "2026-03-10" });
    expect(rangeDates("last90", now, [])).toEqual({ from: "2025-12-11", to: "2026-03-10" });
  });

  it("takes the key results' period from the earliest start to the latest target date, no later than today", () => {
    const krs = [{ startDate: "2026-02-01", targetDate: "2026-02-20" }, { startDate: "2026-01-15" }, {}];
    expect(rangeDates("period", now, krs)).toEqual({ from: "2026-01-15", to: "2026-02-20" });
    expect(keyResultsPeriod([{ startDate: "2026-01-15", targetDate: "2026-06-30" }], "2026-03-10")).toEqual({ from: "2026-01-15", to: "2026-03-10" });
  });

  it("has no period without a start date in the past, and then falls back to the last 30 days", () => {
    expect(keyResultsPeriod([{ targetDate: "2026-06-30" }], "2026-03-10")).toBeNull();
    expect(keyResultsPeriod([{ startDate: "2026-04-01" }], "2026-03-10")).toBeNull();
    expect(rangeDates("period", now, [{ startDate: "2026-04-01" }])).toEqual(rangeDates("last30", now, []));
  });
});
