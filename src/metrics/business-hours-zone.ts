/**
 * IANA time-zone arithmetic on top of `Intl.DateTimeFormat` (the runtime's ICU copy of the tz database), so
 * the kernel needs no date library. Instants are epoch milliseconds; a "wall" value is the local date and
 * time written as epoch milliseconds of the same digits in UTC (wall = instant + offset).
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/**
 * Offsets are sampled this far apart and transitions located by bisection in between. Exact as long as a
 * zone never changes its offset twice within 6 hours: in the tz database since 1900 the closest two
 * transitions of one zone are four days apart (Africa/Freetown, 1939).
 */
const SAMPLE_STEP_MS = 6 * HOUR_MS;

/** Instants the offset functions accept: years 1000..9999, where Intl's year field is plain digits. */
const MIN_INSTANT = Date.UTC(1000, 0, 1);
const MAX_INSTANT = Date.UTC(10_000, 0, 1) - 1;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    // Throws RangeError for a name that is not an IANA zone the runtime knows.
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** RangeError unless `timeZone` is an IANA zone name the runtime knows, e.g. "Europe/Berlin". */
export function assertTimeZone(timeZone: string): void {
  if (typeof timeZone !== "string" || timeZone === "") {
    throw new RangeError(`timeZone must be an IANA zone name, got ${String(timeZone)}`);
  }
  formatter(timeZone);
}

/** RangeError unless `ms` is an instant in the supported range (years 1000..9999). */
export function assertInstant(name: string, ms: number): void {
  if (!Number.isFinite(ms) || ms < MIN_INSTANT || ms > MAX_INSTANT) {
    throw new RangeError(`${name} must be a valid date in years 1000..9999, got ${ms}`);
  }
}

/** The instant of a Date as epoch ms, RangeError for an invalid or out-of-range Date. */
export function instantOf(name: string, date: Date): number {
  const ms = date instanceof Date ? date.getTime() : Number.NaN;
  assertInstant(name, ms);
  return ms;
}

/** Wall clock (as epoch ms of the same digits in UTC) at an instant, to the second. */
function wallAt(timeZone: string, ms: number): number {
  const fields = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
  for (const part of formatter(timeZone).formatToParts(ms)) {
    if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value);
  }
  // Some ICU versions write midnight as 24 even with h23.
  return Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour % 24, fields.minute, fields.second);
}

/** UTC offset straight from Intl, to the second. */
function intlOffset(timeZone: string, ms: number): number {
  const second = ms - (((ms % 1000) + 1000) % 1000);
  return wallAt(timeZone, second) - second;
}

/**
 * Per zone, memoized offsets at grid points k · 6 h and the transition instant inside each grid cell whose
 * two ends differ. Offsets of a zone never change, so the memo is invisible; it is dropped when it grows
 * past MAX_MEMO entries.
 */
interface ZoneMemo {
  grid: Map<number, number>;
  transitions: Map<number, number>;
}
const memos = new Map<string, ZoneMemo>();
const MAX_MEMO = 200_000;

function memoOf(timeZone: string): ZoneMemo {
  let memo = memos.get(timeZone);
  if (memo === undefined || memo.grid.size + memo.transitions.size > MAX_MEMO) {
    memo = { grid: new Map(), transitions: new Map() };
    memos.set(timeZone, memo);
  }
  return memo;
}

function gridOffset(timeZone: string, memo: ZoneMemo, cell: number): number {
  let offset = memo.grid.get(cell);
  if (offset === undefined) {
    offset = intlOffset(timeZone, cell * SAMPLE_STEP_MS);
    memo.grid.set(cell, offset);
  }
  return offset;
}

/**
 * The transition inside grid cell `cell`, whose ends have different offsets: the first whole second whose
 * offset differs from the cell start's. Offsets are constant within a second, so bisect over seconds.
 */
function cellTransition(timeZone: string, memo: ZoneMemo, cell: number): number {
  let change = memo.transitions.get(cell);
  if (change === undefined) {
    const offsetLo = gridOffset(timeZone, memo, cell);
    let a = (cell * SAMPLE_STEP_MS) / 1000;
    let b = ((cell + 1) * SAMPLE_STEP_MS) / 1000;
    while (b - a > 1) {
      const mid = Math.floor((a + b) / 2);
      if (intlOffset(timeZone, mid * 1000) === offsetLo) a = mid;
      else b = mid;
    }
    change = b * 1000;
    memo.transitions.set(cell, change);
  }
  return change;
}

/** UTC offset of the zone at an instant, in ms (Berlin in summer: +7 200 000). */
export function offsetAt(timeZone: string, ms: number): number {
  const memo = memoOf(timeZone);
  const cell = Math.floor(ms / SAMPLE_STEP_MS);
  const before = gridOffset(timeZone, memo, cell);
  const after = gridOffset(timeZone, memo, cell + 1);
  if (before === after) return before;
  return ms < cellTransition(timeZone, memo, cell) ? before : after;
}

/** A stretch of time `[start, end)` (epoch ms) over which the zone's offset is constant. */
export interface OffsetSegment {
  start: number;
  end: number;
  offset: number;
}

/**
 * Splits `[start, end)` (epoch ms, start < end) into segments of constant offset, in time order. Cost: one
 * memoized look-up per 6 hours, plus ~15 Intl calls the first time a transition is met.
 */
export function offsetSegments(timeZone: string, start: number, end: number): OffsetSegment[] {
  const memo = memoOf(timeZone);
  const segments: OffsetSegment[] = [];
  let segmentStart = start;
  let offset = offsetAt(timeZone, start);
  const lastCell = Math.floor((end - 1) / SAMPLE_STEP_MS);
  for (let cell = Math.floor(start / SAMPLE_STEP_MS); cell <= lastCell; cell++) {
    const after = gridOffset(timeZone, memo, cell + 1);
    if (after === gridOffset(timeZone, memo, cell)) continue;
    const change = cellTransition(timeZone, memo, cell);
    if (change <= start || change >= end) continue;
    segments.push({ start: segmentStart, end: change, offset });
    segmentStart = change;
    offset = after;
  }
  segments.push({ start: segmentStart, end, offset });
  return segments;
}

/** Local calendar fields of an instant in a zone. */
export interface ZonedDateTime {
  year: number;
  /** 1..12 */
  month: number;
  /** 1..31 */
  day: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  hour: number;
  minute: number;
  second: number;
  /** UTC offset in ms at that instant. */
  offsetMs: number;
}

/** Local date and time of `date` in `timeZone`, e.g. for grouping by hour of week. */
export function zonedDateTime(timeZone: string, date: Date): ZonedDateTime {
  assertTimeZone(timeZone);
  const ms = instantOf("date", date);
  const offsetMs = offsetAt(timeZone, ms);
  const wall = new Date(ms + offsetMs);
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    weekday: ((wall.getUTCDay() + 6) % 7) + 1,
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    offsetMs,
  };
}

/** Days since 1970-01-01 of a wall value. */
export function wallDay(wall: number): number {
  return Math.floor(wall / DAY_MS);
}

/** ISO weekday index of a day number, 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export function weekdayIndex(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}
