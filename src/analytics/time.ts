/**
 * Local calendar days of the workspace time zone. Metric periods are `[from, to)`; a date without a
 * time (`2026-03-01`) means the start of that day in the workspace time zone, so a month in Moscow
 * starts at 21:00 UTC of the previous day. Ranges that start and end at local midnight can be served
 * from the daily rollups.
 */
import { zonedDateTime } from "../metrics/index.js";

/** The wall-clock fields of an instant in a time zone (the kernel's zone arithmetic). */
const wallClock = (instant: Date, timeZone: string) => zonedDateTime(timeZone, instant);

/** Offset of the time zone from UTC at an instant, in milliseconds (Moscow: +3 h). */
const offsetAt = (instant: Date, timeZone: string) => zonedDateTime(timeZone, instant).offsetMs;

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The instant a local day starts (the first existing instant of it if midnight is skipped by DST). */
export function startOfLocalDay(day: string, timeZone: string): Date {
  const m = DAY_RE.exec(day);
  if (!m) throw new Error(`not a date: ${day}`);
  const utcMidnight = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  let guess = utcMidnight - offsetAt(new Date(utcMidnight), timeZone);
  guess = utcMidnight - offsetAt(new Date(guess), timeZone);
  // A DST jump at midnight (e.g. America/Havana) makes 00:00 not exist: the day starts at 01:00.
  if (localDayOf(new Date(guess), timeZone) !== day) guess += 3_600_000;
  return new Date(guess);
}

/** The local date (YYYY-MM-DD) of an instant. */
export function localDayOf(instant: Date, timeZone: string): string {
  const w = wallClock(instant, timeZone);
  return `${String(w.year).padStart(4, "0")}-${String(w.month).padStart(2, "0")}-${String(w.day).padStart(2, "0")}`;
}

/** The local day an instant starts, or null when it is not the start of a local day. */
export function dayIfStartOfDay(instant: Date, timeZone: string): string | null {
  const day = localDayOf(instant, timeZone);
  return startOfLocalDay(day, timeZone).getTime() === instant.getTime() ? day : null;
}

/** Adds whole days to a YYYY-MM-DD date. */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(fromDay: string, toDay: string): number {
  return Math.round((Date.parse(`${toDay}T00:00:00Z`) - Date.parse(`${fromDay}T00:00:00Z`)) / 86_400_000);
}

/** A query bound: a date means the start of that local day; a date-time is taken as the instant it names. */
export function resolveBound(value: string, timeZone: string): Date {
  return DAY_RE.test(value) ? startOfLocalDay(value, timeZone) : new Date(value);
}

export const isDateOnly = (value: string) => DAY_RE.test(value);

type Unit = "day" | "week" | "month" | "quarter" | "year";

/** The local day a period of `unit` containing `day` starts on (weeks start on Monday, as in SQL). */
export function periodStart(day: string, unit: Unit): string {
  const [y, m] = [day.slice(0, 4), Number(day.slice(5, 7))];
  switch (unit) {
    case "day":
      return day;
    case "week":
      return addDays(day, -((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7));
    case "month":
      return `${y}-${day.slice(5, 7)}-01`;
    case "quarter":
      return `${y}-${String(Math.floor((m - 1) / 3) * 3 + 1).padStart(2, "0")}-01`;
    case "year":
      return `${y}-01-01`;
  }
}

function nextPeriod(start: string, unit: Unit): string {
  if (unit === "day") return addDays(start, 1);
  if (unit === "week") return addDays(start, 7);
  const months = unit === "month" ? 1 : unit === "quarter" ? 3 : 12;
  const d = new Date(`${start}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

/** The starts (local YYYY-MM-DD) of every period that overlaps `[from, to)`, so a trend shows empty periods as gaps. */
export function periodKeys(from: Date, to: Date, unit: Unit, timeZone: string, limit = 5000): string[] {
  if (to <= from) return [];
  const last = localDayOf(new Date(to.getTime() - 1), timeZone);
  const keys: string[] = [];
  for (let k = periodStart(localDayOf(from, timeZone), unit); k <= last && keys.length < limit; ) {
    keys.push(k);
    k = nextPeriod(k, unit);
  }
  return keys;
}
