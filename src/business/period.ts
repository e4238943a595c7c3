/**
 * Periods of the business metrics: `[from, to)` in the workspace's time zone (a date is the start of
 * that local day), the previous period of equal length, and the trailing year the CLV formula reads.
 */
import { previousPeriod } from "../analytics/scope.js";
import { addDays, dayIfStartOfDay, localDayOf, resolveBound, startOfLocalDay } from "../analytics/time.js";
import { invalid } from "../http/errors.js";
import type { Instants } from "./retention-store.js";

export interface BusinessPeriod extends Instants {
  fromDay?: string;
  toDay?: string;
}

const YEAR_MS = 365.25 * 86_400_000;

/** A `YYYY-MM-DD` day moved by whole months, the day clamped to the target month's length. */
export function addMonths(day: string, months: number): string {
  const [y = 0, m = 1, d = 1] = day.split("-").map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, "0")}-${String(month + 1).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

function period(from: Date, to: Date, timeZone: string): BusinessPeriod {
  return {
    from,
    to,
    fromDay: dayIfStartOfDay(from, timeZone) ?? undefined,
    toDay: dayIfStartOfDay(to, timeZone) ?? undefined,
  };
}

/**
 * The period a query asks for; by default the twelve months up to the end of today (local). Only `to`:
 * the twelve months before it; only `from`: up to the end of today.
 */
export function resolvePeriod(
  query: { from?: string; to?: string },
  timeZone: string,
  now: Date,
  defaultMonths = 12,
): BusinessPeriod {
  const to = query.to
    ? resolveBound(query.to, timeZone)
    : startOfLocalDay(addDays(localDayOf(now, timeZone), 1), timeZone);
  let from: Date;
  if (query.from) from = resolveBound(query.from, timeZone);
  else {
    const toDay = dayIfStartOfDay(to, timeZone);
    from = toDay
      ? startOfLocalDay(addMonths(toDay, -defaultMonths), timeZone)
      : new Date(to.getTime() - (defaultMonths / 12) * YEAR_MS);
  }
  if (!(from < to)) throw invalid("query.from", "from must be before to");
  return period(from, to, timeZone);
}

/** The period of equal length just before (in local days when the period is whole days). */
export function previousOf(p: BusinessPeriod, timeZone: string): BusinessPeriod {
  const prev = previousPeriod(p, timeZone);
  if (!prev?.from || !prev.to) throw new Error("a period has both ends");
  return period(prev.from, prev.to, timeZone);
}

/** The twelve months up to the period's end: the window of the CLV formula's annual inputs. */
export function trailingYear(p: BusinessPeriod, timeZone: string): BusinessPeriod {
  const from = p.toDay
    ? startOfLocalDay(addMonths(p.toDay, -12), timeZone)
    : new Date(p.to.getTime() - YEAR_MS);
  return period(from, p.to, timeZone);
}

/** The period's length in years (365.25 days). */
export function yearsOf(p: Instants): number {
  return (p.to.getTime() - p.from.getTime()) / YEAR_MS;
}
