/**
 * Business-hours calendars: a time zone, a weekly schedule and holidays. SLA clocks, FRT and resolution
 * times in business hours rest on these functions.
 *
 * The rule, on which every function here agrees: an instant is business time when its local wall-clock
 * time in the calendar's zone falls inside one of the intervals of its local weekday and its local date is
 * not a holiday. Business time between two instants is the exact measure of such instants, in ms. On a
 * spring-forward day the wall times the clock skips never occur, so a 09:00–18:00 day with a jump at 12:00
 * holds 8 h; on a fall-back day the wall times that repeat count each time they occur, so a shift covering
 * the repeated hour lasts one hour longer. An interval boundary that falls in a skipped hour takes effect
 * when the clock first reads a later time.
 */
import {
  assertTimeZone,
  DAY_MS,
  instantOf,
  MINUTE_MS,
  offsetAt,
  offsetSegments,
  wallDay,
  weekdayIndex,
} from "./business-hours-zone.js";

export type Weekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";

/** Weekdays in ISO order, Monday first. */
export const WEEKDAYS: readonly Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/** Local working hours within one day, "HH:MM" to "HH:MM", end after start; end may be "24:00". */
export interface BusinessInterval {
  start: string;
  end: string;
}

/**
 * A business-hours calendar. Intervals of one weekday may touch or overlap (their union counts); a night
 * shift across midnight is written as two intervals on consecutive weekdays. Treated as immutable.
 */
export interface BusinessCalendar {
  /** IANA zone name, e.g. "Europe/Berlin". */
  timeZone: string;
  /** Working intervals per weekday; a missing or empty weekday has no business hours. */
  week: Readonly<Partial<Record<Weekday, readonly BusinessInterval[]>>>;
  /** Local dates "YYYY-MM-DD" with no business hours. */
  holidays?: readonly string[];
}

/** A calendar with every minute of every day as business time: business ms equal elapsed ms. */
export function alwaysOpenCalendar(timeZone = "UTC"): BusinessCalendar {
  const day = [{ start: "00:00", end: "24:00" }];
  return { timeZone, week: Object.fromEntries(WEEKDAYS.map((weekday) => [weekday, day])) };
}

interface CompiledCalendar {
  timeZone: string;
  /** Per ISO weekday index (0 = Monday), merged sorted intervals as ms after local midnight. */
  week: (readonly (readonly [number, number])[])[];
  /** Holiday day numbers (days since 1970-01-01). */
  holidays: ReadonlySet<number>;
  hasHours: boolean;
}

const TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseTime(name: string, text: string): number {
  const match = typeof text === "string" ? TIME.exec(text) : null;
  if (match === null) throw new RangeError(`${name} must be a time "HH:MM" in 00:00..24:00, got ${text}`);
  const hour = Number(match[1] ?? match[3]);
  const minute = Number(match[2] ?? match[4]);
  return (hour * 60 + minute) * MINUTE_MS;
}

function parseHoliday(text: string): number {
  const match = typeof text === "string" ? DATE.exec(text) : null;
  const ms = match === null ? Number.NaN : Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (match === null || new Date(ms).toISOString().slice(0, 10) !== text) {
    throw new RangeError(`holiday must be a date "YYYY-MM-DD", got ${text}`);
  }
  return wallDay(ms);
}

function compileDay(weekday: Weekday, intervals: readonly BusinessInterval[]): [number, number][] {
  const parsed = intervals.map(({ start, end }, i): [number, number] => {
    const from = parseTime(`week.${weekday}[${i}].start`, start);
    const to = parseTime(`week.${weekday}[${i}].end`, end);
    if (to <= from) throw new RangeError(`week.${weekday}[${i}] must end after it starts: ${start}–${end}`);
    return [from, to];
  });
  parsed.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const interval of parsed) {
    const last = merged[merged.length - 1];
    if (last !== undefined && interval[0] <= last[1]) last[1] = Math.max(last[1], interval[1]);
    else merged.push(interval);
  }
  return merged;
}

const compiled = new WeakMap<BusinessCalendar, CompiledCalendar>();

/** Validates and indexes a calendar; RangeError for a bad zone, time, interval or holiday. */
function compile(calendar: BusinessCalendar): CompiledCalendar {
  const cached = compiled.get(calendar);
  if (cached !== undefined) return cached;
  assertTimeZone(calendar.timeZone);
  for (const key of Object.keys(calendar.week ?? {})) {
    if (!(WEEKDAYS as readonly string[]).includes(key)) throw new RangeError(`unknown weekday "${key}"`);
  }
  const week = WEEKDAYS.map((weekday) => compileDay(weekday, calendar.week?.[weekday] ?? []));
  const result: CompiledCalendar = {
    timeZone: calendar.timeZone,
    week,
    holidays: new Set((calendar.holidays ?? []).map(parseHoliday)),
    hasHours: week.some((day) => day.length > 0),
  };
  compiled.set(calendar, result);
  return result;
}

/** RangeError when the calendar is malformed (unknown zone, bad "HH:MM", end ≤ start, bad holiday date). */
export function validateCalendar(calendar: BusinessCalendar): void {
  compile(calendar);
}

/**
 * Business spans within one stretch of constant offset: the wall range `[wallFrom, wallTo)` intersected
 * with the schedule, converted back to instants by subtracting the offset. Yields `[start, end)` pairs.
 */
function* wallSpans(c: CompiledCalendar, wallFrom: number, wallTo: number, offset: number) {
  for (let day = wallDay(wallFrom); day * DAY_MS < wallTo; day++) {
    if (c.holidays.has(day)) continue;
    const midnight = day * DAY_MS;
    for (const [from, to] of c.week[weekdayIndex(day)] ?? []) {
      const lo = Math.max(wallFrom, midnight + from);
      const hi = Math.min(wallTo, midnight + to);
      if (hi > lo) yield [lo - offset, hi - offset] as const;
    }
  }
}

/** Business spans `[start, end)` (epoch ms) within `[from, to)`, in time order, not merged. */
function* spansBetween(c: CompiledCalendar, from: number, to: number) {
  if (to <= from) return;
  for (const segment of offsetSegments(c.timeZone, from, to)) {
    yield* wallSpans(c, segment.start + segment.offset, segment.end + segment.offset, segment.offset);
  }
}

/**
 * The business-time spans within `[start, end)`, as `[from, to)` Date pairs in time order, adjacent spans
 * merged (so a 24/7 calendar gives one span). Empty when end ≤ start.
 */
export function businessSpans(calendar: BusinessCalendar, start: Date, end: Date): [Date, Date][] {
  const c = compile(calendar);
  const spans: [number, number][] = [];
  for (const [lo, hi] of spansBetween(c, instantOf("start", start), instantOf("end", end))) {
    const last = spans[spans.length - 1];
    if (last !== undefined && last[1] === lo) last[1] = hi;
    else spans.push([lo, hi]);
  }
  return spans.map(([lo, hi]) => [new Date(lo), new Date(hi)]);
}

/**
 * Exact business time from `start` to `end` in ms: the measure of business instants in `[start, end)`.
 * Antisymmetric: negative when end is before start. Cost O(days spanned).
 */
export function businessMillisBetween(calendar: BusinessCalendar, start: Date, end: Date): number {
  const c = compile(calendar);
  const from = instantOf("start", start);
  const to = instantOf("end", end);
  if (to < from) return -businessMillisBetween(calendar, end, start);
  let total = 0;
  for (const [lo, hi] of spansBetween(c, from, to)) total += hi - lo;
  return total;
}

/** Whether the instant is business time (see the rule at the top of this file). */
export function isBusinessTime(calendar: BusinessCalendar, instant: Date): boolean {
  const c = compile(calendar);
  const ms = instantOf("instant", instant);
  const wall = ms + offsetAt(c.timeZone, ms);
  const day = wallDay(wall);
  if (c.holidays.has(day)) return false;
  const time = wall - day * DAY_MS;
  return (c.week[weekdayIndex(day)] ?? []).some(([from, to]) => time >= from && time < to);
}

/** Searched ahead in windows of this length. */
const WINDOW_MS = 7 * DAY_MS;

/**
 * The deadline `ms` of business time after `start`: the earliest instant t ≥ start with
 * businessMillisBetween(start, t) = ms. So Friday 17:30 + 1 h with 09:00–18:00 hours is Monday 09:30, and
 * 17:00 + 1 h is 18:00 the same day, not the next morning. 0 ms gives `start`. Cost O(days spanned).
 * RangeError for a negative or fractional ms, or a calendar with no business hours at all.
 */
export function addBusinessMillis(calendar: BusinessCalendar, start: Date, ms: number): Date {
  const c = compile(calendar);
  const from = instantOf("start", start);
  if (!Number.isSafeInteger(ms) || ms < 0)
    throw new RangeError(`ms must be a non-negative integer, got ${ms}`);
  if (ms === 0) return new Date(from);
  if (!c.hasHours) throw new RangeError("the calendar has no business hours, so no deadline can be reached");
  let remaining = ms;
  let idleWindows = 0;
  // Each holiday can empty at most two windows; past that the schedule is unreachable (e.g. only in DST gaps).
  const maxIdleWindows = 2 * c.holidays.size + 60;
  for (let windowStart = from; ; windowStart += WINDOW_MS) {
    let progressed = false;
    for (const [lo, hi] of spansBetween(c, windowStart, windowStart + WINDOW_MS)) {
      if (remaining <= hi - lo) return new Date(lo + remaining);
      remaining -= hi - lo;
      progressed = true;
    }
    idleWindows = progressed ? 0 : idleWindows + 1;
    if (idleWindows > maxIdleWindows) throw new RangeError("no business time found ahead of start");
  }
}
