// Business-time arithmetic for SLA clocks: pure, no clock of its own (instants are passed in).
// A calendar's weekly hours are wall-clock times in its IANA time zone; public holidays of its
// country (date-holidays, type "public") and its closures close whole local days. Semantics:
// engine/CALENDAR.md.
import Holidays from "date-holidays";
import { WEEKDAYS, type BusinessCalendar, type Weekday } from "@/schemas";

export interface CompiledCalendar {
  readonly calendar: BusinessCalendar;
}

const DAY_MS = 86_400_000;
/** addSlaTime gives up after walking this many local days (a duration that does not fit is a mistake, not a wait). */
const MAX_WALK_DAYS = 3 * 366;
/** Per-calendar cache of open intervals by local day; cleared when full (about eleven years of days). */
const MAX_CACHED_DAYS = 4096;

type Interval = readonly [start: number, end: number];
type ClosedDay = { date: string; name: string; source: "holiday" | "closure" };

// Public holidays depend only on (country, subdivision, year): shared by every compiled calendar,
// so compiling a playbook again does not pay date-holidays' cost (several ms per year) again.
const holidayInstances = new Map<string, Holidays>();
const holidayYears = new Map<string, readonly ClosedDay[]>();

function publicHolidays(country: string, subdivision: string | undefined, year: number): readonly ClosedDay[] {
  const key = `${country}/${subdivision ?? ""}/${year}`;
  let days = holidayYears.get(key);
  if (!days) {
    const instanceKey = `${country}/${subdivision ?? ""}`;
    let hd = holidayInstances.get(instanceKey);
    if (!hd) {
      hd = subdivision ? new Holidays(country, subdivision) : new Holidays(country);
      holidayInstances.set(instanceKey, hd);
    }
    // `date` is "YYYY-MM-DD hh:mm:ss" in the country's time: the local day we close.
    days = hd
      .getHolidays(year)
      .filter((h) => h.type === "public")
      .map((h) => ({ date: h.date.slice(0, 10), name: h.name, source: "holiday" as const }));
    holidayYears.set(key, days);
  }
  return days;
}

function minutesOf(time: string): number {
  const [h, m] = time.split(":");
  return Number(h) * 60 + Number(m);
}

/** Days since 1970-01-01 of a local date → "YYYY-MM-DD". */
const isoDateOf = (dayNum: number) => new Date(dayNum * DAY_MS).toISOString().slice(0, 10);
// getUTCDay of a day number counts from Sunday.
const SUNDAY_FIRST: readonly Weekday[] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

// Wall-clock arithmetic per IANA zone, shared by every calendar in that zone. Offsets sampled at
// UTC midnights are memoised: walking a month of days costs a month of samples once per process.
class Zone {
  private readonly format: Intl.DateTimeFormat;
  private readonly samples = new Map<number, number>();

  constructor(timeZone: string) {
    this.format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
  }

  /** UTC offset (ms) at an instant. format() + digits is several times faster than formatToParts(). */
  offsetAt(t: number): number {
    const [mo, d, y, h, mi, s] = (this.format.format(t).match(/\d+/g) ?? []).map(Number);
    if (s === undefined) throw new Error(`unexpected date format from Intl: '${this.format.format(t)}'`);
    const wholeSeconds = t - (((t % 1000) + 1000) % 1000);
    return Date.UTC(y!, mo! - 1, d!, h!, mi!, s) - wholeSeconds;
  }

  /** The offset at UTC midnight of day k (days since 1970-01-01), memoised. */
  sample(k: number): number {
    let o = this.samples.get(k);
    if (o === undefined) {
      if (this.samples.size >= MAX_CACHED_DAYS * 4) this.samples.clear();
      o = this.offsetAt(k * DAY_MS);
      this.samples.set(k, o);
    }
    return o;
  }

  /** The local day (days since 1970-01-01) an instant falls on. */
  dayOf(t: number): number {
    const k = Math.floor(t / DAY_MS);
    const o = this.sample(k);
    // Equal offsets a day apart: no transition in between (no zone has two in a day).
    const offset = o === this.sample(k + 1) ? o : this.offsetAt(t);
    return Math.floor((t + offset) / DAY_MS);
  }
}

const zones = new Map<string, Zone>();
function zoneOf(timeZone: string): Zone {
  let z = zones.get(timeZone);
  if (!z) {
    z = new Zone(timeZone);
    zones.set(timeZone, z);
  }
  return z;
}

class Compiled implements CompiledCalendar {
  readonly calendar: BusinessCalendar;
  private readonly zone: Zone;
  /** merged opening ranges per weekday, in minutes after local midnight */
  private readonly weekly: ReadonlyMap<Weekday, readonly (readonly [number, number])[]>;
  private readonly closedByYear = new Map<number, ReadonlyMap<string, ClosedDay[]>>();
  private readonly days = new Map<number, readonly Interval[]>();

  constructor(cal: BusinessCalendar) {
    this.calendar = cal;
    try {
      this.zone = zoneOf(cal.timeZone);
    } catch {
      throw new Error(`calendar '${cal.id}': unknown time zone '${cal.timeZone}' (use an IANA name such as America/Mexico_City)`);
    }
    const weekly = new Map<Weekday, (readonly [number, number])[]>();
    for (const day of WEEKDAYS) {
      const ranges = (cal.hours[day] ?? [])
        .map((r) => [minutesOf(r.from), minutesOf(r.to)] as const)
        .filter(([from, to]) => to > from)
        .sort((a, b) => a[0] - b[0]);
      // Overlapping or touching ranges count once.
      const merged: [number, number][] = [];
      for (const [from, to] of ranges) {
        const last = merged.at(-1);
        if (last && from <= last[1]) last[1] = Math.max(last[1], to);
        else merged.push([from, to]);
      }
      if (merged.length > 0) weekly.set(day, merged);
    }
    if (weekly.size === 0) throw new Error(`calendar '${cal.id}' has no opening hours: give at least one weekday a range (e.g. mon 09:00–18:00)`);
    this.weekly = weekly;
    if (cal.subdivision !== undefined) {
      if (cal.country === undefined) throw new Error(`calendar '${cal.id}': a subdivision ('${cal.subdivision}') needs a country`);
      const states = new Holidays().getStates(cal.country) ?? {};
      if (!(cal.subdivision in states)) {
        const known = Object.keys(states);
        throw new Error(
          `calendar '${cal.id}': '${cal.subdivision}' is not a subdivision of ${cal.country} with its own holidays` +
            (known.length > 0 ? ` (use one of ${known.join(", ")})` : " (it has none: leave the subdivision empty)"),
        );
      }
    }
  }

  /** The local day (days since 1970-01-01) an instant falls on. */
  dayOf(t: number): number {
    return this.zone.dayOf(t);
  }

  closedDays(year: number): ReadonlyMap<string, ClosedDay[]> {
    let closed = this.closedByYear.get(year);
    if (!closed) {
      const map = new Map<string, ClosedDay[]>();
      const add = (d: ClosedDay) => map.set(d.date, [...(map.get(d.date) ?? []), d]);
      if (this.calendar.country) publicHolidays(this.calendar.country, this.calendar.subdivision, year).forEach(add);
      const prefix = `${year}-`;
      for (const c of this.calendar.closures) if (c.date.startsWith(prefix)) add({ date: c.date, name: c.name, source: "closure" });
      closed = map;
      this.closedByYear.set(year, closed);
    }
    return closed;
  }

  /** The open intervals (instants, sorted, disjoint) of a local day. */
  intervals(dayNum: number): readonly Interval[] {
    const cached = this.days.get(dayNum);
    if (cached) return cached;
    const result = this.computeIntervals(dayNum);
    if (this.days.size >= MAX_CACHED_DAYS) this.days.clear();
    this.days.set(dayNum, result);
    return result;
  }

  private computeIntervals(dayNum: number): readonly Interval[] {
    const ranges = this.weekly.get(SUNDAY_FIRST[new Date(dayNum * DAY_MS).getUTCDay()]!);
    if (!ranges) return [];
    const date = isoDateOf(dayNum);
    if (this.closedDays(Number(date.slice(0, 4))).has(date)) return [];
    const wallMidnight = dayNum * DAY_MS;
    // Offsets before and after the local day (zones are within UTC−12…+14): equal means no
    // transition today and every wall time maps with one subtraction.
    const before = this.zone.sample(dayNum - 1);
    const after = this.zone.sample(dayNum + 2);
    // A wall time maps to the first instant the local clock reads it or later: a time repeated
    // when clocks fall back is its first occurrence; one skipped when they spring forward is the
    // instant of the jump (the team opens, or closes, as soon as the clock has passed it).
    const toInstant = (wall: number): number => {
      if (before === after) return wall - before;
      const valid = [wall - before, wall - after].filter((t) => this.zone.offsetAt(t) === wall - t);
      if (valid.length > 0) return Math.min(...valid);
      let lo = wall - after; // before the jump
      let hi = wall - before; // after it
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (this.zone.offsetAt(mid) === before) lo = mid;
        else hi = mid;
      }
      return hi;
    };
    const out: Interval[] = [];
    for (const [from, to] of ranges) {
      const start = toInstant(wallMidnight + from * 60_000);
      const end = toInstant(wallMidnight + to * 60_000);
      if (end > start) out.push([start, end]);
    }
    return out;
  }
}

function internal(cal: CompiledCalendar): Compiled {
  if (!(cal instanceof Compiled)) throw new Error("use compileCalendar(calendar) to get a compiled calendar");
  return cal;
}

/** Validates and prepares a calendar; throws a clear Error when no day has opening hours (or the time zone or subdivision is unknown). */
export function compileCalendar(cal: BusinessCalendar): CompiledCalendar {
  return new Compiled(cal);
}

function checkDuration(ms: number): void {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`an SLA duration must be a finite number of milliseconds ≥ 0 (got ${ms})`);
}

/** null = calendar time (24x7). The earliest instant t >= start at which `ms` of SLA time has elapsed since start. ms = 0 → start. */
export function addSlaTime(cal: CompiledCalendar | null, start: Date, ms: number): Date {
  checkDuration(ms);
  // Instants are whole milliseconds: a fractional duration is reached at the next one.
  let remaining = Math.ceil(ms);
  const from = start.getTime();
  if (cal === null || remaining === 0) return new Date(from + remaining);
  const c = internal(cal);
  const firstDay = c.dayOf(from);
  for (let day = firstDay; day <= firstDay + MAX_WALK_DAYS; day++) {
    for (const [a, b] of c.intervals(day)) {
      if (b <= from) continue;
      const s = Math.max(a, from);
      if (remaining <= b - s) return new Date(s + remaining);
      remaining -= b - s;
    }
  }
  throw new Error(
    `calendar '${c.calendar.id}': ${Math.round(ms / 60_000)} minutes of business time do not fit in 3 years from ${start.toISOString()} (is the calendar almost always closed?)`,
  );
}

/** SLA milliseconds in [from, to) (0 when to <= from). Inverse of addSlaTime: slaTimeBetween(c, s, addSlaTime(c, s, m)) === m. */
export function slaTimeBetween(cal: CompiledCalendar | null, from: Date, to: Date): number {
  const f = from.getTime();
  const t = to.getTime();
  if (!(t > f)) return 0;
  if (cal === null) return t - f;
  const c = internal(cal);
  const lastDay = c.dayOf(t);
  let total = 0;
  for (let day = c.dayOf(f); day <= lastDay; day++) {
    for (const [a, b] of c.intervals(day)) {
      const s = Math.max(a, f);
      const e = Math.min(b, t);
      if (e > s) total += e - s;
    }
  }
  return total;
}

/** Whether SLA time is counting at an instant (ranges include their start, exclude their end). */
export function isOpenAt(cal: CompiledCalendar, at: Date): boolean {
  const c = internal(cal);
  const t = at.getTime();
  return c.intervals(c.dayOf(t)).some(([a, b]) => a <= t && t < b);
}

/** The closed days of a year, for the UI: public holidays of the calendar's country (date-holidays, type "public" only, with subdivision when given) and the calendar's closures, sorted by date. */
export function closedDaysOf(cal: CompiledCalendar, year: number): { date: string; name: string; source: "holiday" | "closure" }[] {
  return [...internal(cal).closedDays(year).values()]
    .flat()
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
    .map((d) => ({ ...d }));
}
