/**
 * Local time for sending: quiet hours in the customer's time zone, local days for the daily caps, and
 * the occurrences of recurring campaigns. Pure (Intl only), so it is property-tested without a database.
 */
import { zonedDateTime } from "../metrics/index.js";
import type { TQuietHours } from "./schema.js";

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock reading in a time zone at an instant (the kernel's zone arithmetic). */
export function localParts(at: Date, timeZone: string): LocalParts {
  const { year, month, day, hour, minute, second } = zonedDateTime(timeZone, at);
  return { year, month, day, hour, minute, second };
}

/** Local minus UTC at an instant, in ms. */
function offsetMs(at: number, timeZone: string): number {
  return zonedDateTime(timeZone, new Date(at)).offsetMs;
}

/**
 * The instant the wall clock in `timeZone` shows this date and time. A time skipped by a daylight-saving
 * jump resolves to the instant just after the jump; an ambiguous one to its first occurrence or the second.
 */
export function zonedTime(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  timeZone: string,
): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const first = wall - offsetMs(wall, timeZone);
  return new Date(wall - offsetMs(first, timeZone));
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The local calendar day at an instant, `YYYY-MM-DD`. */
export function localDay(at: Date, timeZone: string): string {
  const p = localParts(at, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** Local midnight that starts the day after the one `at` falls in. */
export function startOfNextLocalDay(at: Date, timeZone: string): Date {
  const p = localParts(at, timeZone);
  const next = new Date(Date.UTC(p.year, p.month - 1, p.day + 1));
  return zonedTime(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), 0, 0, timeZone);
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether a local time of day (minutes since midnight) lies in the window [from, to), which may wrap midnight. */
export function inQuietHours(minuteOfDay: number, quiet: TQuietHours): boolean {
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  return from < to ? minuteOfDay >= from && minuteOfDay < to : minuteOfDay >= from || minuteOfDay < to;
}

/**
 * The earliest instant at or after `at` outside the quiet hours in `timeZone`: `at` itself when it is
 * allowed, otherwise the local end of the window (today's, or tomorrow's when the window wraps midnight).
 */
export function nextAllowedTime(at: Date, quiet: TQuietHours | null, timeZone: string): Date {
  if (!quiet) return at;
  const p = localParts(at, timeZone);
  const minute = p.hour * 60 + p.minute;
  if (!inQuietHours(minute, quiet)) return at;
  const to = minutesOf(quiet.to);
  const day = new Date(Date.UTC(p.year, p.month - 1, p.day + (minute >= to ? 1 : 0)));
  const end = zonedTime(
    day.getUTCFullYear(),
    day.getUTCMonth() + 1,
    day.getUTCDate(),
    Math.floor(to / 60),
    to % 60,
    timeZone,
  );
  return end.getTime() > at.getTime() ? end : new Date(at.getTime() + 60_000);
}

export interface Recurrence {
  startAt: Date;
  every: number;
  unit: "day" | "week" | "month";
}

const DAY_MS = 86_400_000;

/** The k-th occurrence (k = 0 is startAt). Months keep the day of month, clamped to the month's length. */
export function occurrence(r: Recurrence, k: number): Date {
  if (r.unit !== "month") {
    const step = r.every * (r.unit === "week" ? 7 : 1) * DAY_MS;
    return new Date(r.startAt.getTime() + k * step);
  }
  const s = r.startAt;
  const months = s.getUTCMonth() + k * r.every;
  const year = s.getUTCFullYear() + Math.floor(months / 12);
  const month = ((months % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(
      year,
      month,
      Math.min(s.getUTCDate(), lastDay),
      s.getUTCHours(),
      s.getUTCMinutes(),
      s.getUTCSeconds(),
      s.getUTCMilliseconds(),
    ),
  );
}

/** The first occurrence strictly after `after` (missed occurrences are skipped, not caught up). */
export function nextOccurrence(r: Recurrence, after: Date): Date {
  if (after.getTime() < r.startAt.getTime()) return r.startAt;
  const elapsed = after.getTime() - r.startAt.getTime();
  // An estimate from below (months counted as 31 days), then step forward to the exact occurrence.
  const step = r.every * (r.unit === "month" ? 31 : r.unit === "week" ? 7 : 1) * DAY_MS;
  let k = Math.max(0, Math.floor(elapsed / step) - 1);
  while (occurrence(r, k).getTime() <= after.getTime()) k++;
  return occurrence(r, k);
}
