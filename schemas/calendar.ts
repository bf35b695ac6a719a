// Business calendars: when a team works. SLA time in business hours counts only inside a
// calendar's weekly hours, skipping its country's public holidays (from `date-holidays`) and its
// own closures. Pure data: engine/calendar.ts does the arithmetic.
import { z } from "zod";
import { Slug } from "./common";

/** Countries whose public holidays Pauta knows (date-holidays data); more can be added here. */
export const HOLIDAY_COUNTRIES = ["MX", "CO", "PE", "EC", "SV", "BR", "AR", "US"] as const;
export const HolidayCountry = z.enum(HOLIDAY_COUNTRIES).meta({ id: "HolidayCountry" });
export type HolidayCountry = z.infer<typeof HolidayCountry>;

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export const Weekday = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof Weekday>;

/** "09:00"; "24:00" closes a range at midnight. */
export const TimeOfDay = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, "use HH:MM, 24-hour (e.g. 09:00 or 18:30)");

export const OpeningRange = z
  .object({ from: TimeOfDay, to: TimeOfDay })
  .refine((r) => r.from < r.to, { message: "a range must end after it starts (use two ranges to cross midnight)", path: ["to"] });
export type OpeningRange = z.infer<typeof OpeningRange>;

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const Closure = z.object({
  date: z.iso.date().describe("a whole local day the team is closed (YYYY-MM-DD in the calendar's time zone)"),
  name: z.string().min(1).max(200),
});
export type Closure = z.infer<typeof Closure>;

export const BusinessCalendar = z
  .object({
    id: Slug,
    name: z.string().min(1).max(200),
    timeZone: z.string().min(1).max(100).refine(isTimeZone, "use an IANA time zone (e.g. America/Mexico_City)"),
    country: HolidayCountry.optional().describe("whose public holidays close the calendar; none: no public holidays"),
    subdivision: z.string().max(20).optional().describe("a state or province code for regional holidays (date-holidays codes)"),
    hours: z
      .partialRecord(Weekday, z.array(OpeningRange))
      .describe("opening ranges per weekday in local time; a missing or empty day is closed"),
    closures: z.array(Closure).default([]).describe("custom closed days on top of public holidays"),
  })
  .meta({ id: "BusinessCalendar" });
export type BusinessCalendar = z.infer<typeof BusinessCalendar>;
export type BusinessCalendarInput = z.input<typeof BusinessCalendar>;
