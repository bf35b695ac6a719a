import { describe, expect, it } from "vitest";
import { BusinessCalendar, HOLIDAY_COUNTRIES, type BusinessCalendarInput } from "@/schemas";
import { addSlaTime, closedDaysOf, compileCalendar, isOpenAt, slaTimeBetween, type CompiledCalendar } from "./calendar";
import { prng } from "./prng";

const MIN = 60_000;
const HOUR = 60 * MIN;
const at = (iso: string) => new Date(iso);
const cal = (input: Partial<BusinessCalendarInput> & Pick<BusinessCalendarInput, "timeZone" | "hours">) =>
  compileCalendar(BusinessCalendar.parse({ id: "test", name: "Test", ...input }));

const weekdays = [{ from: "09:00", to: "18:00" }];
/** Mexico City (UTC−6 all year since 2022): Mon–Fri 09:00–18:00, Sat 09:00–13:00, public holidays of MX. */
const mexico = cal({
  timeZone: "America/Mexico_City",
  country: "MX",
  hours: { mon: weekdays, tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays, sat: [{ from: "09:00", to: "13:00" }] },
});
const mexicoWeekdays = cal({
  timeZone: "America/Mexico_City",
  country: "MX",
  hours: { mon: weekdays, tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays },
});
const nineToFive = [{ from: "09:00", to: "17:00" }];
const newYork = cal({ timeZone: "America/New_York", hours: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive } });
const allDay = [{ from: "00:00", to: "24:00" }];
const newYork24x7 = cal({
  timeZone: "America/New_York",
  hours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
});
const lunch = [
  { from: "09:00", to: "13:00" },
  { from: "14:00", to: "18:00" },
];
const bogotaLunch = cal({ timeZone: "America/Bogota", hours: { mon: lunch, tue: lunch, wed: lunch, thu: lunch, fri: lunch } });

describe("addSlaTime: business hours in Mexico City", () => {
  it.each([
    // 2026-06-05 is a Friday with no holiday on the following Monday.
    ["Friday 17:00 + 120 min breaches Saturday 10:00", mexico, "2026-06-05T17:00:00-06:00", 120, "2026-06-06T10:00:00-06:00"],
    ["Friday 17:00 + 6 h crosses the weekend", mexico, "2026-06-05T17:00:00-06:00", 360, "2026-06-08T10:00:00-06:00"],
    ["inside a range it is plain addition", mexico, "2026-06-08T10:15:00-06:00", 90, "2026-06-08T11:45:00-06:00"],
    ["the last minute of Saturday lands at its closing", mexico, "2026-06-06T12:00:00-06:00", 60, "2026-06-06T13:00:00-06:00"],
    ["a start after closing counts from the next opening", mexico, "2026-06-08T20:00:00-06:00", 30, "2026-06-09T09:30:00-06:00"],
    ["a start on Sunday counts from Monday", mexico, "2026-06-07T11:00:00-06:00", 30, "2026-06-08T09:30:00-06:00"],
    // Fri 2026-11-13 17:30: Monday 2026-11-16 is Día de la Revolución (public in MX).
    ["60 min from Friday 17:30 with Saturday open lands on Saturday", mexico, "2026-11-13T17:30:00-06:00", 60, "2026-11-14T09:30:00-06:00"],
    ["60 min from Friday 17:30, Mon–Fri, skips the Monday holiday", mexicoWeekdays, "2026-11-13T17:30:00-06:00", 60, "2026-11-17T09:30:00-06:00"],
    ["the 80 % warning (48 min) also lands on Tuesday", mexicoWeekdays, "2026-11-13T17:30:00-06:00", 48, "2026-11-17T09:18:00-06:00"],
    ["300 min from Friday 17:30 uses Saturday, skips Monday", mexico, "2026-11-13T17:30:00-06:00", 300, "2026-11-17T09:30:00-06:00"],
    ["a start on a holiday (Independencia, Wed 2026-09-16) counts from the next day", mexico, "2026-09-16T10:00:00-06:00", 60, "2026-09-17T10:00:00-06:00"],
  ])("%s", (_, c, start, minutes, expected) => {
    const due = addSlaTime(c, at(start), minutes * MIN);
    expect(due.toISOString()).toBe(at(expected).toISOString());
    expect(slaTimeBetween(c, at(start), due)).toBe(minutes * MIN);
  });

  it("the Monday holiday is closed all day", () => {
    expect(isOpenAt(mexico, at("2026-11-16T10:00:00-06:00"))).toBe(false);
    expect(slaTimeBetween(mexico, at("2026-11-16T00:00:00-06:00"), at("2026-11-17T00:00:00-06:00"))).toBe(0);
    expect(isOpenAt(mexico, at("2026-11-17T10:00:00-06:00"))).toBe(true);
  });

  it("a week of business time is 5 × 9 h + 4 h", () => {
    expect(slaTimeBetween(mexico, at("2026-06-08T00:00:00-06:00"), at("2026-06-15T00:00:00-06:00"))).toBe(49 * HOUR);
  });
});

describe("closures", () => {
  const withClosure = cal({
    timeZone: "America/Mexico_City",
    hours: { mon: weekdays, tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays },
    closures: [{ date: "2026-06-09", name: "Inventario" }],
  });

  it("a closed Tuesday is skipped", () => {
    expect(addSlaTime(withClosure, at("2026-06-08T17:00:00-06:00"), 120 * MIN).toISOString()).toBe(at("2026-06-10T10:00:00-06:00").toISOString());
    expect(isOpenAt(withClosure, at("2026-06-09T12:00:00-06:00"))).toBe(false);
    expect(isOpenAt(withClosure, at("2026-06-16T12:00:00-06:00"))).toBe(true);
  });

  it("the closure is a local date: it starts at local midnight, not UTC midnight", () => {
    // 2026-06-09 00:00Z is still Monday 18:00 local (closed), 2026-06-10 03:00Z is Tuesday 21:00 local.
    expect(slaTimeBetween(withClosure, at("2026-06-09T00:00:00-06:00"), at("2026-06-10T00:00:00-06:00"))).toBe(0);
    expect(slaTimeBetween(withClosure, at("2026-06-10T00:00:00-06:00"), at("2026-06-11T00:00:00-06:00"))).toBe(9 * HOUR);
  });
});

describe("several ranges a day (lunch break)", () => {
  it.each([
    ["12:30 + 60 min resumes after lunch", "2026-06-08T12:30:00-05:00", 60, "2026-06-08T14:30:00-05:00"],
    ["12:00 + 60 min lands at 13:00, the range's end, not at 14:00", "2026-06-08T12:00:00-05:00", 60, "2026-06-08T13:00:00-05:00"],
    ["a start during lunch counts from 14:00", "2026-06-08T13:20:00-05:00", 30, "2026-06-08T14:30:00-05:00"],
    ["a full day is 8 h", "2026-06-08T09:00:00-05:00", 8 * 60, "2026-06-08T18:00:00-05:00"],
    ["one minute more runs into the next morning", "2026-06-08T09:00:00-05:00", 8 * 60 + 1, "2026-06-09T09:01:00-05:00"],
  ])("%s", (_, start, minutes, expected) => {
    expect(addSlaTime(bogotaLunch, at(start), minutes * MIN).toISOString()).toBe(at(expected).toISOString());
  });

  it("is open from a range's start, closed at its end", () => {
    expect(isOpenAt(bogotaLunch, at("2026-06-08T09:00:00-05:00"))).toBe(true);
    expect(isOpenAt(bogotaLunch, at("2026-06-08T12:59:59.999-05:00"))).toBe(true);
    expect(isOpenAt(bogotaLunch, at("2026-06-08T13:00:00-05:00"))).toBe(false);
    expect(isOpenAt(bogotaLunch, at("2026-06-08T14:00:00-05:00"))).toBe(true);
    expect(isOpenAt(bogotaLunch, at("2026-06-08T08:59:59-05:00"))).toBe(false);
  });

  it("overlapping ranges count once", () => {
    const overlap = cal({ timeZone: "UTC", hours: { mon: [{ from: "09:00", to: "12:00" }, { from: "11:00", to: "13:00" }] } });
    expect(slaTimeBetween(overlap, at("2026-06-08T00:00:00Z"), at("2026-06-09T00:00:00Z"))).toBe(4 * HOUR);
  });
});

describe("daylight saving time in New York", () => {
  it.each([
    // 2026-03-08 (Sunday): 02:00 EST → 03:00 EDT. 9:00 is 14:00Z before, 13:00Z after.
    ["Fri 16:00 EST + 2 h → Mon 10:00 EDT", newYork, "2026-03-06T21:00:00Z", 2 * 60, "2026-03-09T14:00:00Z"],
    // 2026-11-01 (Sunday): 02:00 EDT → 01:00 EST.
    ["Fri 16:00 EDT + 2 h → Mon 10:00 EST", newYork, "2026-10-30T20:00:00Z", 2 * 60, "2026-11-02T15:00:00Z"],
    ["24×7 business time over spring-forward is real time", newYork24x7, "2026-03-07T17:00:00Z", 24 * 60, "2026-03-08T17:00:00Z"],
    ["24×7 business time over fall-back is real time", newYork24x7, "2026-10-31T16:00:00Z", 24 * 60, "2026-11-01T16:00:00Z"],
  ])("%s", (_, c, start, minutes, expected) => {
    expect(addSlaTime(c, at(start), minutes * MIN).toISOString()).toBe(at(expected).toISOString());
  });

  it("local days are 23 h and 25 h long on the transition days", () => {
    // Local midnights: 2026-03-08 00:00 EST = 05:00Z, 2026-03-09 00:00 EDT = 04:00Z.
    expect(slaTimeBetween(newYork24x7, at("2026-03-08T05:00:00Z"), at("2026-03-09T04:00:00Z"))).toBe(23 * HOUR);
    expect(slaTimeBetween(newYork24x7, at("2026-11-01T04:00:00Z"), at("2026-11-02T05:00:00Z"))).toBe(25 * HOUR);
    expect(isOpenAt(newYork24x7, at("2026-03-08T07:30:00Z"))).toBe(true);
  });

  it("a range starting in the skipped hour opens at the jump; one in the repeated hour lasts both passes", () => {
    const night = cal({
      timeZone: "America/New_York",
      hours: { sun: [{ from: "01:00", to: "02:00" }, { from: "02:30", to: "04:00" }] },
    });
    // Spring forward: 01:00–02:00 EST (06:00–07:00Z); 02:30 does not exist → opens 03:00 EDT (07:00Z) → 04:00 EDT (08:00Z).
    expect(slaTimeBetween(night, at("2026-03-08T00:00:00Z"), at("2026-03-09T00:00:00Z"))).toBe(2 * HOUR);
    expect(isOpenAt(night, at("2026-03-08T07:00:00Z"))).toBe(true);
    expect(addSlaTime(night, at("2026-03-08T06:30:00Z"), 60 * MIN).toISOString()).toBe("2026-03-08T07:30:00.000Z");
    // Fall back: 01:00 EDT (05:00Z) until the clock reads 02:00 EST (07:00Z) = 2 h; 02:30–04:00 EST = 1.5 h.
    expect(slaTimeBetween(night, at("2026-11-01T00:00:00Z"), at("2026-11-02T00:00:00Z"))).toBe(3.5 * HOUR);
    expect(isOpenAt(night, at("2026-11-01T06:30:00Z"))).toBe(true); // 01:30 EST, the second pass
  });

  it("Mexico City keeps UTC−6 on the US transition dates (no DST since 2022)", () => {
    expect(addSlaTime(mexico, at("2026-03-06T17:00:00-06:00"), 120 * MIN).toISOString()).toBe(at("2026-03-07T10:00:00-06:00").toISOString());
    expect(addSlaTime(mexico, at("2026-04-03T09:00:00-06:00"), 60 * MIN).toISOString()).toBe(at("2026-04-03T10:00:00-06:00").toISOString());
  });
});

describe("edges", () => {
  it("ms = 0 is the start itself, open or closed", () => {
    for (const start of ["2026-06-06T20:00:00-06:00", "2026-06-08T10:00:00-06:00", "2026-11-16T10:00:00-06:00"]) {
      expect(addSlaTime(mexico, at(start), 0).toISOString()).toBe(at(start).toISOString());
    }
    expect(addSlaTime(null, at("2026-06-06T20:00:00Z"), 0).toISOString()).toBe("2026-06-06T20:00:00.000Z");
  });

  it("slaTimeBetween is 0 when to <= from", () => {
    expect(slaTimeBetween(mexico, at("2026-06-08T12:00:00-06:00"), at("2026-06-08T11:00:00-06:00"))).toBe(0);
    expect(slaTimeBetween(mexico, at("2026-06-08T12:00:00-06:00"), at("2026-06-08T12:00:00-06:00"))).toBe(0);
    expect(slaTimeBetween(null, at("2026-06-08T12:00:00Z"), at("2026-06-08T11:00:00Z"))).toBe(0);
  });

  it("a fractional duration is reached at the next whole millisecond", () => {
    expect(addSlaTime(mexico, at("2026-06-08T10:00:00-06:00"), 0.4).getTime()).toBe(at("2026-06-08T10:00:00-06:00").getTime() + 1);
  });

  it("rejects negative and non-finite durations", () => {
    expect(() => addSlaTime(mexico, at("2026-06-08T10:00:00Z"), -1)).toThrow(/≥ 0/);
    expect(() => addSlaTime(null, at("2026-06-08T10:00:00Z"), Number.POSITIVE_INFINITY)).toThrow(/finite/);
  });

  it("gives up after about 3 years with a clear error", () => {
    const mondays = cal({ timeZone: "UTC", hours: { mon: [{ from: "09:00", to: "10:00" }] } });
    expect(() => addSlaTime(mondays, at("2026-01-01T00:00:00Z"), 200 * HOUR)).toThrow(/do not fit in 3 years/);
    expect(addSlaTime(mondays, at("2026-01-01T00:00:00Z"), 100 * HOUR).getUTCFullYear()).toBe(2027);
  });

  it("compileCalendar says what to fix", () => {
    expect(() => compileCalendar(BusinessCalendar.parse({ id: "x", name: "X", timeZone: "UTC", hours: {} }))).toThrow(/no opening hours/);
    expect(() => compileCalendar(BusinessCalendar.parse({ id: "x", name: "X", timeZone: "UTC", hours: { mon: [], sat: [] } }))).toThrow(/no opening hours/);
    const base = { id: "x", name: "X", timeZone: "America/Sao_Paulo", hours: { mon: weekdays } };
    expect(() => compileCalendar(BusinessCalendar.parse({ ...base, country: "BR", subdivision: "ZZ" }))).toThrow(/not a subdivision of BR .*SP/);
    expect(() => compileCalendar(BusinessCalendar.parse({ ...base, country: "MX", subdivision: "CMX" }))).toThrow(/leave the subdivision empty/);
    expect(() => compileCalendar(BusinessCalendar.parse({ ...base, subdivision: "SP" }))).toThrow(/needs a country/);
    expect(() => isOpenAt({ calendar: BusinessCalendar.parse(base) } as CompiledCalendar, new Date())).toThrow(/compileCalendar/);
  });
});

describe("calendar time (null)", () => {
  it("is plain addition and subtraction, DST or not", () => {
    expect(addSlaTime(null, at("2026-03-08T06:30:00Z"), 90 * MIN).toISOString()).toBe("2026-03-08T08:00:00.000Z");
    expect(addSlaTime(null, at("2026-06-05T23:00:00Z"), 48 * HOUR).toISOString()).toBe("2026-06-07T23:00:00.000Z");
    expect(slaTimeBetween(null, at("2026-06-05T23:00:00Z"), at("2026-06-07T23:00:00.123Z"))).toBe(48 * HOUR + 123);
  });
});

describe("inverse property (seeded)", () => {
  const calendars: [string, CompiledCalendar | null][] = [
    ["mexico", mexico],
    ["new york (DST)", newYork],
    ["new york 24x7", newYork24x7],
    ["lunch break", bogotaLunch],
    ["calendar time", null],
  ];
  it.each(calendars)("%s: slaTimeBetween(s, addSlaTime(s, m)) === m, and one ms earlier is m − 1", (_, c) => {
    const rand = prng(0x5ea1 + _.length);
    const from = at("2026-01-01T00:00:00Z").getTime();
    const span = 2 * 365 * 24 * HOUR;
    for (let i = 0; i < 400; i++) {
      const start = new Date(from + Math.floor(rand() * span));
      // Mostly whole minutes (targets), sometimes odd milliseconds; up to 10 business days.
      const ms = rand() < 0.7 ? Math.floor(rand() * 90 * 60) * MIN : Math.floor(rand() * 90 * HOUR);
      const due = addSlaTime(c, start, ms);
      expect(due.getTime()).toBeGreaterThanOrEqual(start.getTime());
      expect(slaTimeBetween(c, start, due)).toBe(ms);
      if (ms > 0) expect(slaTimeBetween(c, start, new Date(due.getTime() - 1))).toBe(ms - 1);
    }
  });
});

describe("closedDaysOf and public holidays", () => {
  it("MX 2026: the seven public holidays (not the bank ones), plus closures, sorted", () => {
    const c = cal({
      timeZone: "America/Mexico_City",
      country: "MX",
      hours: { mon: weekdays },
      closures: [
        { date: "2026-12-24", name: "Nochebuena" },
        { date: "2027-01-02", name: "Otro año" },
      ],
    });
    expect(closedDaysOf(c, 2026)).toEqual([
      { date: "2026-01-01", name: "Año Nuevo", source: "holiday" },
      { date: "2026-02-02", name: "Día de la Constitución", source: "holiday" },
      { date: "2026-03-16", name: "Natalicio de Benito Juárez", source: "holiday" },
      { date: "2026-05-01", name: "Día del Trabajador", source: "holiday" },
      { date: "2026-09-16", name: "Día de la Independencia", source: "holiday" },
      { date: "2026-11-16", name: "Día de la Revolución", source: "holiday" },
      { date: "2026-12-24", name: "Nochebuena", source: "closure" },
      { date: "2026-12-25", name: "Navidad", source: "holiday" },
    ]);
    expect(closedDaysOf(c, 2027).find((d) => d.source === "closure")).toEqual({ date: "2027-01-02", name: "Otro año", source: "closure" });
  });

  it("a calendar without a country has only its closures", () => {
    const c = cal({ timeZone: "UTC", hours: { mon: weekdays }, closures: [{ date: "2026-05-01", name: "Cierre" }] });
    expect(closedDaysOf(c, 2026)).toEqual([{ date: "2026-05-01", name: "Cierre", source: "closure" }]);
  });

  it("BR: a state holiday only with the subdivision", () => {
    const national = cal({ timeZone: "America/Sao_Paulo", country: "BR", hours: { mon: weekdays } });
    const saoPaulo = cal({ timeZone: "America/Sao_Paulo", country: "BR", subdivision: "SP", hours: { mon: weekdays } });
    const july9 = (c: CompiledCalendar) => closedDaysOf(c, 2026).find((d) => d.date === "2026-07-09");
    expect(july9(national)).toBeUndefined();
    expect(july9(saoPaulo)).toEqual({ date: "2026-07-09", name: "Revolução Constitucionalista", source: "holiday" });
    // 2026-07-09 is a Thursday.
    const thursday = { thu: weekdays };
    const spThu = cal({ timeZone: "America/Sao_Paulo", country: "BR", subdivision: "SP", hours: thursday });
    const brThu = cal({ timeZone: "America/Sao_Paulo", country: "BR", hours: thursday });
    expect(isOpenAt(spThu, at("2026-07-09T10:00:00-03:00"))).toBe(false);
    expect(isOpenAt(brThu, at("2026-07-09T10:00:00-03:00"))).toBe(true);
  });

  it.each(HOLIDAY_COUNTRIES)("%s has public holidays in 2026", (country) => {
    const c = cal({ timeZone: "UTC", country, hours: { mon: weekdays } });
    const days = closedDaysOf(c, 2026);
    expect(days.length).toBeGreaterThan(5);
    expect(days.every((d) => d.source === "holiday" && d.date.startsWith("2026-"))).toBe(true);
    // date-holidays lists 1 January for El Salvador as an observance, not a public holiday.
    expect(days.some((d) => d.date === "2026-01-01")).toBe(country !== "SV");
  });
});
