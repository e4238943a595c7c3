import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  activeSpans,
  type CustomerActivity,
  customerChurnRate,
  customerRetentionRate,
  type LostDefinition,
  retentionCounts,
} from "./business-retention.js";

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const DAY = 86_400_000;
const january = { from: day("2024-01-01"), to: day("2024-02-01") };
const subscriptions: LostDefinition = { kind: "subscriptionEnded" };

describe("customerRetentionRate", () => {
  it("S = 200, N = 40, E = 210 → 85 (spec)", () => {
    const crr = customerRetentionRate({ atStart: 200, acquired: 40, atEnd: 210 });
    expect(crr.value).toBe(85);
    expect(crr.n).toBe(200);
    expect(crr.count).toBe(170);
    const [lo = 0, hi = 0] = crr.ci ?? [];
    expect(lo).toBeLessThan(85);
    expect(hi).toBeGreaterThan(85);
    expect(crr.lowSample).toBe(false);
  });

  it("is null without customers at the start and rejects inconsistent counts", () => {
    expect(customerRetentionRate({ atStart: 0, acquired: 5, atEnd: 5 }).value).toBeNull();
    // E − N = 20 retained customers cannot come out of S = 10.
    expect(() => customerRetentionRate({ atStart: 10, acquired: 0, atEnd: 20 })).toThrow(RangeError);
    // More new customers than customers at the end.
    expect(() => customerRetentionRate({ atStart: 10, acquired: 6, atEnd: 5 })).toThrow(RangeError);
  });
});

describe("customerChurnRate", () => {
  it("is 100 · lost / S, null when S = 0", () => {
    expect(customerChurnRate({ lost: 30, atStart: 200 }).value).toBe(15);
    expect(customerChurnRate({ lost: 0, atStart: 0 }).value).toBeNull();
    expect(() => customerChurnRate({ lost: 3, atStart: 2 })).toThrow(RangeError);
  });
});

describe("activeSpans", () => {
  it("merges overlapping and touching subscriptions and drops empty ones", () => {
    const spans = activeSpans(
      {
        customerId: "c",
        subscriptions: [
          { start: 50, end: 60 },
          { start: 0, end: 10 },
          { start: 10, end: 20 },
          { start: 15, end: 18 },
          { start: 30, end: 30 },
          { start: 55, end: null },
        ],
      },
      subscriptions,
    );
    expect(spans).toEqual([
      { start: 0, end: 20 },
      { start: 50, end: null },
    ]);
  });

  it("keeps a buyer active for X days after each purchase", () => {
    const lost: LostDefinition = { kind: "noPurchaseFor", days: 30 };
    const purchases = [day("2024-01-01"), day("2024-01-20"), day("2024-04-01")];
    expect(activeSpans({ customerId: "c", purchases }, lost)).toEqual([
      { start: day("2024-01-01"), end: day("2024-01-20") + 30 * DAY },
      { start: day("2024-04-01"), end: day("2024-04-01") + 30 * DAY },
    ]);
  });

  it("rejects subscriptions ending before they start and non-positive day counts", () => {
    expect(() =>
      activeSpans({ customerId: "c", subscriptions: [{ start: 5, end: 4 }] }, subscriptions),
    ).toThrow(RangeError);
    expect(() =>
      activeSpans({ customerId: "c", purchases: [1] }, { kind: "noPurchaseFor", days: 0 }),
    ).toThrow(RangeError);
  });
});

describe("retentionCounts", () => {
  it("counts a January by hand (subscriptions)", () => {
    const sub = (customerId: string, ...spans: [string, string | null][]): CustomerActivity => ({
      customerId,
      subscriptions: spans.map(([start, end]) => ({
        start: day(start),
        end: end === null ? null : day(end),
      })),
    });
    const customers = [
      sub("A", ["2023-06-01", null]), // retained
      sub("B", ["2023-05-01", "2024-01-15"]), // lost
      sub("C", ["2024-01-10", null]), // new
      sub("D", ["2024-01-05", "2024-01-20"]), // joined and lost: not in S, not churn
      sub("E", ["2023-01-01", "2024-01-01"]), // ends at the first instant of January: lost in January
      sub("F", ["2024-02-01", null]), // starts with February: not January's
      sub("G", ["2023-03-01", "2024-01-10"], ["2024-01-20", null]), // lost, then back: also acquired
      sub("H", ["2023-03-01", "2024-02-01"]), // still a customer at January's end, lost in February
    ];
    const counts = retentionCounts(customers, january, subscriptions);
    expect(counts).toEqual({ atStart: 5, atEnd: 4, acquired: 2, lost: 3, joinedAndLost: 1 });
    expect(customerRetentionRate(counts).value).toBe(40);
    expect(customerChurnRate(counts).value).toBe(60);
    const february = retentionCounts(customers, { from: january.to, to: day("2024-03-01") }, subscriptions);
    expect(february).toEqual({ atStart: 4, atEnd: 4, acquired: 1, lost: 1, joinedAndLost: 0 });
  });

  it("counts buyers lost after 30 days without a purchase", () => {
    const lost: LostDefinition = { kind: "noPurchaseFor", days: 30 };
    const customers: CustomerActivity[] = [
      { customerId: "regular", purchases: [day("2023-12-20"), day("2024-01-15")] },
      { customerId: "lapsed", purchases: [day("2023-12-10")] }, // lost on 2024-01-09
      { customerId: "new", purchases: [day("2024-01-25")] },
      { customerId: "old", purchases: [day("2023-10-01")] }, // lost before January
    ];
    const counts = retentionCounts(customers, january, lost);
    expect(counts).toEqual({ atStart: 2, atEnd: 2, acquired: 1, lost: 1, joinedAndLost: 0 });
    expect(customerChurnRate(counts).value).toBe(50);
  });

  it("rejects an empty period", () => {
    expect(() => retentionCounts([], { from: 5, to: 5 }, subscriptions)).toThrow(RangeError);
  });

  const activity = fc.array(
    fc.record({
      customerId: fc.string(),
      subscriptions: fc.array(
        fc
          .tuple(fc.integer({ min: 0, max: 40 }), fc.option(fc.integer({ min: 0, max: 20 })))
          .map(([start, length]) => ({
            start: start * DAY,
            end: length === null ? null : (start + length) * DAY,
          })),
        { maxLength: 4 },
      ),
      purchases: fc.array(
        fc.integer({ min: 0, max: 40 }).map((d) => d * DAY),
        { maxLength: 6 },
      ),
    }),
    { maxLength: 30 },
  );
  const lostDefinition = fc.oneof(
    fc.constant<LostDefinition>({ kind: "subscriptionEnded" }),
    fc.integer({ min: 1, max: 15 }).map((days): LostDefinition => ({ kind: "noPurchaseFor", days })),
  );
  const cuts = fc
    .uniqueArray(fc.integer({ min: 0, max: 60 }), { minLength: 3, maxLength: 3 })
    .map((days) => days.sort((p, q) => p - q).map((d) => d * DAY));

  it("keeps E − N = S − lost, CRR + churn = 100, and one period's end as the next one's start", () => {
    fc.assert(
      fc.property(activity, lostDefinition, cuts, (customers, lost, [a = 0, b = 1, c = 2]) => {
        const first = retentionCounts(customers, { from: a, to: b }, lost);
        const second = retentionCounts(customers, { from: b, to: c }, lost);
        for (const counts of [first, second]) {
          expect(counts.atEnd - counts.acquired).toBe(counts.atStart - counts.lost);
          expect(counts.lost).toBeLessThanOrEqual(counts.atStart);
          expect(counts.atStart).toBeLessThanOrEqual(customers.length);
          const crr = customerRetentionRate(counts).value;
          const churn = customerChurnRate(counts).value;
          if (counts.atStart === 0) {
            expect(crr).toBeNull();
            expect(churn).toBeNull();
          } else {
            expect((crr ?? Number.NaN) + (churn ?? Number.NaN)).toBeCloseTo(100, 10);
            expect(crr).toBeGreaterThanOrEqual(0);
            expect(churn).toBeLessThanOrEqual(100);
          }
        }
        expect(second.atStart).toBe(first.atEnd);
        const whole = retentionCounts(customers, { from: a, to: c }, lost);
        expect(whole.atStart).toBe(first.atStart);
        expect(whole.atEnd).toBe(second.atEnd);
      }),
    );
  });
});
