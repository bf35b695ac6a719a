import { describe, expect, it } from "vitest";
import { rangeWindow } from "./range";

describe("the dashboard's ranges", () => {
  it("counts today in the last 30 and 90 UTC days, and leaves the key results' own periods to the server", () => {
    const now = new Date("2026-03-10T23:30:00-03:00");
    expect(rangeWindow("last30", now)).toEqual({ from: "2026-02-10", to: "2026-03-11" });
    expect(rangeWindow("last90", now)).toEqual({ from: "2025-12-12", to: "2026-03-11" });
    expect(rangeWindow("period", now)).toBeNull();
  });
});
