/**
 * Calendar days in the workspace's time zone. Metric periods are `[from, to)` in local days, as the
 * API reads a bare date (2026-03-01) as the start of that day in the workspace time zone.
 */

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(day: string): [number, number, number] {
  const m = DAY_RE.exec(day);
  if (!m) throw new Error(`not a date: ${day}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export const isDay = (s: string | null | undefined): s is string => !!s && DAY_RE.test(s);

/** Today's date in the time zone, as YYYY-MM-DD. */
export function todayIn(timeZone: string, now = new Date()): string {
  try {
    return new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    }).format(now);
  } catch {
    return iso(now.getTime());
  }
}

export function addDays(day: string, n: number): string {
  const [y, m, d] = parts(day);
  return iso(Date.UTC(y, m - 1, d + n));
}

export function addMonths(day: string, n: number): string {
  const [y, m] = parts(day);
  return iso(Date.UTC(y, m - 1 + n, 1));
}

export function daysBetween(from: string, to: string): number {
  const [a, b, c] = parts(from);
  const [x, y, z] = parts(to);
  return Math.round((Date.UTC(x, y - 1, z) - Date.UTC(a, b - 1, c)) / 86_400_000);
}

/** Offset of the zone from UTC at an instant, in ms (Moscow: +3 h). */
function offsetAt(ms: number, timeZone: string): number {
  const f = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
  const p: Record<string, number> = {};
  for (const x of f.formatToParts(new Date(ms))) if (x.type !== "literal") p[x.type] = Number(x.value);
  const asUtc = Date.UTC(
    p.year ?? 0,
    (p.month ?? 1) - 1,
    p.day ?? 1,
    p.hour ?? 0,
    p.minute ?? 0,
    p.second ?? 0,
  );
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The instant (ISO) the local day starts in the zone, for APIs that take instants. */
export function startOfDayIn(day: string, timeZone: string): string {
  const [y, m, d] = parts(day);
  const midnight = Date.UTC(y, m - 1, d);
  try {
    let guess = midnight - offsetAt(midnight, timeZone);
    guess = midnight - offsetAt(guess, timeZone);
    return new Date(guess).toISOString();
  } catch {
    return new Date(midnight).toISOString();
  }
}

export type PeriodPreset = "30d" | "90d" | "12m" | "custom";
export type Granularity = "day" | "week" | "month" | "quarter";

export interface Period {
  preset: PeriodPreset;
  /** First day, inclusive. */
  from: string;
  /** Day after the last, exclusive. */
  to: string;
}

/** The period a preset stands for, ending today (inclusive) in the time zone. */
export function presetPeriod(preset: Exclude<PeriodPreset, "custom">, timeZone: string): Period {
  const to = addDays(todayIn(timeZone), 1);
  if (preset === "30d") return { preset, from: addDays(to, -30), to };
  if (preset === "90d") return { preset, from: addDays(to, -90), to };
  // Twelve whole calendar months, the current one included, so monthly points are comparable.
  return { preset, from: addMonths(addDays(to, -1), -11), to };
}

/** A trend unit that gives a readable number of points for the period. */
export function defaultGranularity(p: Period): Granularity {
  const days = daysBetween(p.from, p.to);
  if (days <= 14) return "day";
  if (days <= 120) return "week";
  if (days <= 800) return "month";
  return "quarter";
}
