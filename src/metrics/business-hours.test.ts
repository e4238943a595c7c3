import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addBusinessMillis,
  alwaysOpenCalendar,
  type BusinessCalendar,
  type BusinessInterval,
  businessMillisBetween,
  businessSpans,
  isBusinessTime,
  validateCalendar,
  WEEKDAYS,
} from "./business-hours.js";
import { offsetAt, offsetSegments, zonedDateTime } from "./business-hours-zone.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const at = (iso: string) => new Date(iso);
const nineToSix: readonly BusinessInterval[] = [{ start: "09:00", end: "18:00" }];
const weekdays = (timeZone: string, holidays: string[] = []): BusinessCalendar => ({
  timeZone,
  week: { mon: nineToSix, tue: nineToSix, wed: nineToSix, thu: nineToSix, fri: nineToSix },
  holidays,
});
const everyDay = (timeZone: string, intervals: readonly BusinessInterval[]): BusinessCalendar => ({
  timeZone,
  week: Object.fromEntries(WEEKDAYS.map((weekday) => [weekday, intervals])),
});

describe("business hours by hand", () => {
  const moscow = weekdays("Europe/Moscow");
  const berlin = weekdays("Europe/Berlin");

  it("Friday 17:30 + 1 h → Monday 09:30", () => {
    // Moscow is UTC+3 all year: Fri 2025-06-06 17:30 = 14:30Z, Mon 2025-06-09 09:30 = 06:30Z.
    expect(addBusinessMillis(moscow, at("2025-06-06T14:30:00Z"), HOUR)).toEqual(at("2025-06-09T06:30:00Z"));
    // Berlin across the spring change: Fri 2025-03-28 17:30 CET (16:30Z) → Mon 2025-03-31 09:30 CEST (07:30Z).
    expect(addBusinessMillis(berlin, at("2025-03-28T16:30:00Z"), HOUR)).toEqual(at("2025-03-31T07:30:00Z"));
    expect(businessMillisBetween(berlin, at("2025-03-28T16:30:00Z"), at("2025-03-31T07:30:00Z"))).toBe(HOUR);
  });

  it("a deadline landing on closing time stays that day; 0 ms is the start itself", () => {
    expect(addBusinessMillis(moscow, at("2025-06-06T14:00:00Z"), HOUR)).toEqual(at("2025-06-06T15:00:00Z"));
    expect(addBusinessMillis(moscow, at("2025-06-07T10:00:00Z"), 0)).toEqual(at("2025-06-07T10:00:00Z"));
    // Saturday 10:00 + 30 min → Monday 09:30.
    expect(addBusinessMillis(moscow, at("2025-06-07T07:00:00Z"), 30 * MIN)).toEqual(
      at("2025-06-09T06:30:00Z"),
    );
  });

  it("skips holidays", () => {
    // Friday 2025-05-09 is a holiday in Russia: Thu 17:30 + 1 h → Mon 09:30, and Thu→Mon holds 1 h.
    const withHoliday = weekdays("Europe/Moscow", ["2025-05-09"]);
    expect(addBusinessMillis(withHoliday, at("2025-05-08T14:30:00Z"), HOUR)).toEqual(
      at("2025-05-12T06:30:00Z"),
    );
    expect(businessMillisBetween(withHoliday, at("2025-05-08T00:00:00Z"), at("2025-05-13T00:00:00Z"))).toBe(
      2 * 9 * HOUR,
    );
    expect(isBusinessTime(withHoliday, at("2025-05-09T09:00:00Z"))).toBe(false);
    expect(isBusinessTime(moscow, at("2025-05-09T09:00:00Z"))).toBe(true);
  });

  it("a DST day is 23 h or 25 h long; Moscow has no DST", () => {
    const berlin247 = alwaysOpenCalendar("Europe/Berlin");
    const dayOf = (calendar: BusinessCalendar, from: string, to: string) =>
      businessMillisBetween(calendar, at(from), at(to));
    const sundaysOnly = (timeZone: string) => ({
      timeZone,
      week: { sun: [{ start: "00:00", end: "24:00" }] },
    });
    // Sunday 2025-03-30 in Berlin: from 23:00Z Saturday to 22:00Z Sunday.
    expect(dayOf(sundaysOnly("Europe/Berlin"), "2025-03-29T00:00:00Z", "2025-04-01T00:00:00Z")).toBe(
      23 * HOUR,
    );
    expect(dayOf(sundaysOnly("Europe/Berlin"), "2025-10-25T00:00:00Z", "2025-10-28T00:00:00Z")).toBe(
      25 * HOUR,
    );
    expect(dayOf(sundaysOnly("America/New_York"), "2025-03-08T00:00:00Z", "2025-03-11T00:00:00Z")).toBe(
      23 * HOUR,
    );
    expect(dayOf(sundaysOnly("America/New_York"), "2025-11-01T00:00:00Z", "2025-11-04T00:00:00Z")).toBe(
      25 * HOUR,
    );
    expect(dayOf(sundaysOnly("Europe/Moscow"), "2025-03-29T00:00:00Z", "2025-04-01T00:00:00Z")).toBe(
      24 * HOUR,
    );
    // São Paulo 2018-11-04 sprang forward at midnight: that date began at 01:00.
    expect(dayOf(sundaysOnly("America/Sao_Paulo"), "2018-11-03T00:00:00Z", "2018-11-06T00:00:00Z")).toBe(
      23 * HOUR,
    );
    // A 24/7 calendar measures plain elapsed time, DST or not.
    expect(dayOf(berlin247, "2025-03-29T00:00:00Z", "2025-11-01T00:00:00Z")).toBe(
      Date.parse("2025-11-01T00:00:00Z") - Date.parse("2025-03-29T00:00:00Z"),
    );
  });

  it("skipped wall times never occur, repeated ones count twice", () => {
    const nights = everyDay("Europe/Berlin", [{ start: "00:00", end: "06:00" }]);
    const night = (iso: string) => businessMillisBetween(nights, at(iso), new Date(Date.parse(iso) + DAY));
    expect(night("2025-03-29T12:00:00Z")).toBe(5 * HOUR);
    expect(night("2025-10-25T12:00:00Z")).toBe(7 * HOUR);
    // An interval starting inside the skipped hour starts when the clock reads 03:00.
    const lateStart = everyDay("Europe/Berlin", [{ start: "02:30", end: "05:00" }]);
    expect(businessSpans(lateStart, at("2025-03-29T12:00:00Z"), at("2025-03-30T12:00:00Z"))).toEqual([
      [at("2025-03-30T01:00:00Z"), at("2025-03-30T03:00:00Z")],
    ]);
    // 02:00–03:00 happens twice on 2025-10-26: 00:00–01:00Z (CEST) and 01:00–02:00Z (CET).
    const repeated = everyDay("Europe/Berlin", [{ start: "02:00", end: "03:00" }]);
    expect(isBusinessTime(repeated, at("2025-10-26T00:30:00Z"))).toBe(true);
    expect(isBusinessTime(repeated, at("2025-10-26T01:30:00Z"))).toBe(true);
    expect(isBusinessTime(repeated, at("2025-10-26T02:00:00Z"))).toBe(false);
    expect(businessSpans(repeated, at("2025-10-25T12:00:00Z"), at("2025-10-26T12:00:00Z"))).toEqual([
      [at("2025-10-26T00:00:00Z"), at("2025-10-26T02:00:00Z")],
    ]);
    expect(addBusinessMillis(repeated, at("2025-10-25T12:00:00Z"), 90 * MIN)).toEqual(
      at("2025-10-26T01:30:00Z"),
    );
  });

  it("merges overlapping intervals and honours 24:00 and several intervals a day", () => {
    const split = everyDay("UTC", [
      { start: "13:00", end: "18:00" },
      { start: "09:00", end: "12:00" },
      { start: "11:00", end: "12:30" },
      { start: "22:00", end: "24:00" },
    ]);
    expect(businessMillisBetween(split, at("2025-01-01T00:00:00Z"), at("2025-01-02T00:00:00Z"))).toBe(
      (3.5 + 5 + 2) * HOUR,
    );
    expect(businessSpans(split, at("2025-01-01T20:00:00Z"), at("2025-01-02T10:00:00Z"))).toEqual([
      [at("2025-01-01T22:00:00Z"), at("2025-01-02T00:00:00Z")],
      [at("2025-01-02T09:00:00Z"), at("2025-01-02T10:00:00Z")],
    ]);
    // Adjacent days of a 24/7 calendar merge into one span.
    expect(
      businessSpans(alwaysOpenCalendar(), at("2025-01-01T05:00:00Z"), at("2025-01-04T00:00:00Z")),
    ).toEqual([[at("2025-01-01T05:00:00Z"), at("2025-01-04T00:00:00Z")]]);
  });

  it("is antisymmetric and zero on an empty schedule; add fails on one", () => {
    const empty: BusinessCalendar = { timeZone: "Europe/Berlin", week: {} };
    expect(businessMillisBetween(empty, at("2025-01-01T00:00:00Z"), at("2025-02-01T00:00:00Z"))).toBe(0);
    expect(() => addBusinessMillis(empty, at("2025-01-01T00:00:00Z"), 1)).toThrow(RangeError);
    expect(businessMillisBetween(berlin, at("2025-01-10T00:00:00Z"), at("2025-01-06T00:00:00Z"))).toBe(
      -4 * 9 * HOUR,
    );
  });

  it("rejects malformed calendars and arguments", () => {
    const bad: BusinessCalendar[] = [
      { timeZone: "Mars/Olympus", week: {} },
      { timeZone: "UTC", week: { mon: [{ start: "9:00", end: "18:00" }] } },
      { timeZone: "UTC", week: { mon: [{ start: "18:00", end: "09:00" }] } },
      { timeZone: "UTC", week: { mon: [{ start: "09:00", end: "24:30" }] } },
      { timeZone: "UTC", week: {}, holidays: ["2025-02-30"] },
      { timeZone: "UTC", week: { monday: nineToSix } as BusinessCalendar["week"] },
    ];
    for (const calendar of bad)
      expect(() => validateCalendar(calendar), JSON.stringify(calendar)).toThrow(RangeError);
    expect(() => addBusinessMillis(moscow, at("2025-01-01T00:00:00Z"), -1)).toThrow(RangeError);
    expect(() => addBusinessMillis(moscow, at("2025-01-01T00:00:00Z"), 0.5)).toThrow(RangeError);
    expect(() => businessMillisBetween(moscow, new Date(Number.NaN), at("2025-01-01T00:00:00Z"))).toThrow(
      RangeError,
    );
  });

  it("spans ten years in one pass over the days", () => {
    const start = at("2020-01-01T00:00:00Z");
    const end = at("2030-01-01T00:00:00Z");
    expect(businessMillisBetween(alwaysOpenCalendar("America/New_York"), start, end)).toBe(
      end.getTime() - start.getTime(),
    );
    const deadline = addBusinessMillis(berlin, start, 2000 * 9 * HOUR);
    expect(businessMillisBetween(berlin, start, deadline)).toBe(2000 * 9 * HOUR);
  });
});

describe("zone helpers", () => {
  it("gives local fields and offsets", () => {
    expect(zonedDateTime("Europe/Berlin", at("2025-03-30T01:30:00Z"))).toEqual({
      year: 2025,
      month: 3,
      day: 30,
      weekday: 7,
      hour: 3,
      minute: 30,
      second: 0,
      offsetMs: 2 * HOUR,
    });
    expect(zonedDateTime("America/New_York", at("2025-01-06T04:59:59Z"))).toMatchObject({
      weekday: 7,
      hour: 23,
    });
    expect(offsetAt("Asia/Kathmandu", Date.parse("2025-01-01T00:00:00Z"))).toBe(5.75 * HOUR);
  });

  it("finds the exact transition instants", () => {
    const segments = offsetSegments(
      "Europe/Berlin",
      Date.parse("2025-03-01T00:00:00Z"),
      Date.parse("2025-11-01Z"),
    );
    expect(segments.map((s) => [new Date(s.start).toISOString(), s.offset / HOUR])).toEqual([
      ["2025-03-01T00:00:00.000Z", 1],
      ["2025-03-30T01:00:00.000Z", 2],
      ["2025-10-26T01:00:00.000Z", 1],
    ]);
  });
});

// ---- Minute-by-minute reference, independent of the module: offsets via Intl's "longOffset" name. ----

const offsetNames = new Map<string, Intl.DateTimeFormat>();
const referenceOffsets = new Map<string, number>();
function referenceOffset(timeZone: string, ms: number): number {
  const key = `${timeZone} ${ms}`;
  const known = referenceOffsets.get(key);
  if (known !== undefined) return known;
  let format = offsetNames.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" });
    offsetNames.set(timeZone, format);
  }
  const name = format.formatToParts(ms).find((part) => part.type === "timeZoneName")?.value ?? "";
  const match = /^GMT(?:([+-])(\d\d):(\d\d))?$/.exec(name);
  if (match === null) throw new Error(`unexpected offset name ${name}`);
  const offset =
    match[1] === undefined
      ? 0
      : (match[1] === "-" ? -1 : 1) * (Number(match[2]) * HOUR + Number(match[3]) * MIN);
  referenceOffsets.set(key, offset);
  return offset;
}

/** Offset at each minute of `[start, start + minutes)`: per hour when both ends agree, else per minute. */
function minuteOffsets(timeZone: string, start: number, minutes: number): number[] {
  const offsets: number[] = [];
  for (let hour = start; hour < start + minutes * MIN; hour += HOUR) {
    const a = referenceOffset(timeZone, hour);
    const b = referenceOffset(timeZone, hour + HOUR);
    for (let m = hour; m < hour + HOUR && m < start + minutes * MIN; m += MIN) {
      offsets.push(a === b ? a : referenceOffset(timeZone, m));
    }
  }
  return offsets;
}

/** Business flags of each minute of `[start, start + minutes)`, read off the wall clock minute by minute. */
function referenceMinutes(calendar: BusinessCalendar, start: number, minutes: number): boolean[] {
  const toMinute = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3));
  const open = WEEKDAYS.map((weekday) => {
    const flags = new Array<boolean>(1440).fill(false);
    for (const { start: from, end: to } of calendar.week[weekday] ?? []) {
      for (let m = toMinute(from); m < toMinute(to); m++) flags[m] = true;
    }
    return flags;
  });
  const holidays = new Set(calendar.holidays);
  const dateNames = new Map<number, string>();
  return minuteOffsets(calendar.timeZone, start, minutes).map((offset, i) => {
    const wallMinute = Math.floor((start + i * MIN + offset) / MIN);
    const day = Math.floor(wallMinute / 1440);
    let date = dateNames.get(day);
    if (date === undefined) {
      date = new Date(day * DAY).toISOString().slice(0, 10);
      dateNames.set(day, date);
    }
    if (holidays.has(date)) return false;
    const weekday = (((day + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday
    return open[weekday]?.[wallMinute - day * 1440] ?? false;
  });
}

// ---- Generators: random calendars near DST changes in several zones. ----

const zoneAnchors: Record<string, string[]> = {
  "Europe/Berlin": ["2025-03-30", "2025-10-26", "2024-03-31"],
  "America/New_York": ["2025-03-09", "2025-11-02", "2024-11-03"],
  "Europe/Moscow": ["2025-03-30", "2014-10-26", "2011-03-27"],
  "Australia/Lord_Howe": ["2025-04-06", "2025-10-05"],
  "America/Sao_Paulo": ["2018-11-04", "2019-02-17"],
  "Asia/Kathmandu": ["2025-06-01"],
};
const zones = Object.keys(zoneAnchors);

const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;

/** Night hours (00:00–04:00) are likelier, so intervals often start or end inside DST changes. */
const minuteOfDay = fc.oneof(fc.integer({ min: 0, max: 1440 }), fc.integer({ min: 0, max: 240 }));
const interval = fc
  .tuple(minuteOfDay, minuteOfDay)
  .filter(([a, b]) => a !== b)
  .map(([a, b]) => ({ start: hhmm(Math.min(a, b)), end: hhmm(Math.max(a, b)) }));

const scenario = fc
  .record({
    zone: fc.constantFrom(...zones),
    anchorPick: fc.nat(),
    startOffsetMinutes: fc.integer({ min: -21 * 24 * 60, max: 7 * 24 * 60 }),
    lengthMinutes: fc.oneof(fc.integer({ min: 0, max: 21 * 24 * 60 }), fc.integer({ min: 0, max: 600 })),
    week: fc.tuple(...WEEKDAYS.map(() => fc.array(interval, { maxLength: 3 }))),
    holidayDays: fc.array(fc.integer({ min: -22, max: 22 }), { maxLength: 4 }),
  })
  .map(({ zone, anchorPick, startOffsetMinutes, lengthMinutes, week, holidayDays }) => {
    const anchors = zoneAnchors[zone] ?? [];
    const anchor = Date.parse(`${anchors[anchorPick % anchors.length]}T00:00:00Z`);
    const calendar: BusinessCalendar = {
      timeZone: zone,
      week: Object.fromEntries(WEEKDAYS.map((weekday, i) => [weekday, week[i] ?? []])),
      holidays: holidayDays.map((d) => new Date(anchor + d * DAY).toISOString().slice(0, 10)),
    };
    const start = anchor + startOffsetMinutes * MIN;
    return { calendar, start, minutes: lengthMinutes };
  });

describe("business hours against a minute-by-minute reference", () => {
  it("businessMillisBetween counts exactly the business minutes", () => {
    fc.assert(
      fc.property(scenario, ({ calendar, start, minutes }) => {
        const expected = referenceMinutes(calendar, start, minutes).filter(Boolean).length * MIN;
        expect(businessMillisBetween(calendar, new Date(start), new Date(start + minutes * MIN))).toBe(
          expected,
        );
      }),
      { numRuns: 300 },
    );
  });

  it("isBusinessTime agrees minute by minute", () => {
    fc.assert(
      fc.property(scenario, fc.array(fc.nat(), { minLength: 1, maxLength: 20 }), (s, picks) => {
        const flags = referenceMinutes(s.calendar, s.start, s.minutes + 1);
        for (const pick of picks) {
          const i = pick % flags.length;
          expect(isBusinessTime(s.calendar, new Date(s.start + i * MIN))).toBe(flags[i]);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("addBusinessMillis ends on the minute the reference reaches the amount", () => {
    fc.assert(
      fc.property(scenario, fc.nat(), ({ calendar, start, minutes }, pick) => {
        const flags = referenceMinutes(calendar, start, minutes);
        const total = flags.filter(Boolean).length;
        const wanted = total === 0 ? 0 : (pick % total) + 1;
        let seen = 0;
        let expected = start;
        for (let i = 0; i < flags.length && seen < wanted; i++) {
          if (flags[i]) seen++;
          expected = start + (i + 1) * MIN;
        }
        expect(addBusinessMillis(calendar, new Date(start), wanted * MIN)).toEqual(new Date(expected));
      }),
      { numRuns: 200 },
    );
  });

  it("addBusinessMillis inverts businessMillisBetween", () => {
    fc.assert(
      fc.property(scenario, ({ calendar, start, minutes }) => {
        const from = new Date(start);
        const end = new Date(start + minutes * MIN);
        const business = businessMillisBetween(calendar, from, end);
        const deadline = addBusinessMillis(calendar, from, business);
        expect(deadline.getTime()).toBeLessThanOrEqual(end.getTime());
        expect(businessMillisBetween(calendar, from, deadline)).toBe(business);
        // Between the deadline and the end lies no business time.
        expect(businessMillisBetween(calendar, deadline, end)).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it("is additive over a split point and spans sum to the total", () => {
    fc.assert(
      fc.property(scenario, fc.nat(), ({ calendar, start, minutes }, pick) => {
        const middle = start + (minutes === 0 ? 0 : pick % (minutes + 1)) * MIN;
        const end = start + minutes * MIN;
        const whole = businessMillisBetween(calendar, new Date(start), new Date(end));
        const parts =
          businessMillisBetween(calendar, new Date(start), new Date(middle)) +
          businessMillisBetween(calendar, new Date(middle), new Date(end));
        expect(parts).toBe(whole);
        const spans = businessSpans(calendar, new Date(start), new Date(end));
        expect(spans.reduce((sum, [a, b]) => sum + b.getTime() - a.getTime(), 0)).toBe(whole);
      }),
      { numRuns: 200 },
    );
  });
});
