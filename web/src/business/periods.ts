import { addDays, addMonths } from "../lib/dates.js";

export type EngagementUnit = "day" | "week" | "month";

/** First days of the local periods overlapping [from, to) (days, `to` exclusive); weeks start on Monday. */
export function periodStarts(from: string, to: string, unit: EngagementUnit, limit = 1000): string[] {
  let start = from;
  if (unit === "month") start = `${from.slice(0, 7)}-01`;
  if (unit === "week") start = addDays(from, -((new Date(`${from}T00:00:00Z`).getUTCDay() + 6) % 7));
  const starts: string[] = [];
  while (start < to && starts.length < limit) {
    starts.push(start);
    start = unit === "day" ? addDays(start, 1) : unit === "week" ? addDays(start, 7) : addMonths(start, 1);
  }
  return starts;
}

/** The first day of a trend period label: 2026-03 → 2026-03-01, 2026-Q2 → 2026-04-01. */
export function labelStart(label: string): string {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(label);
  if (quarter) return `${quarter[1]}-${String((Number(quarter[2]) - 1) * 3 + 1).padStart(2, "0")}-01`;
  return `${label.slice(0, 7)}-01`;
}
