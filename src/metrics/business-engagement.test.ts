import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { activityTime, coreActionShares, visitFrequency } from "./business-engagement.js";

const sessions = [
  { userId: "a", duration: 10 },
  { userId: "b", duration: 5 },
  { userId: "a", duration: 20 },
  { userId: "c", duration: 15 },
  { userId: "a", duration: 0 },
];

describe("engagement", () => {
  it("activity time is the mean total time per active user", () => {
    // Totals: a 30, b 5, c 15 → mean 50/3; SD √(((30−50/3)² + (5−50/3)² + (15−50/3)²)/2) = 12.5831.
    const time = activityTime(sessions);
    expect(time.n).toBe(3);
    expect(time.mean).toBeCloseTo(50 / 3, 12);
    expect(time.sd).toBeCloseTo(12.5830573921179, 10);
    expect(activityTime([]).mean).toBeNull();
    expect(() => activityTime([{ userId: "a", duration: -1 }])).toThrow(RangeError);
  });

  it("visit frequency is sessions per active user", () => {
    const visits = visitFrequency(sessions);
    expect(visits.n).toBe(3);
    expect(visits.mean).toBeCloseTo(5 / 3, 12);
    expect(visitFrequency([]).mean).toBeNull();
  });

  it("core-action shares are shares of active users who did each action", () => {
    const shares = coreActionShares(
      [
        { userId: "a", action: "export" },
        { userId: "a", action: "export" },
        { userId: "b", action: "invite" },
        { userId: "c", action: "export" },
        { userId: "d", action: "view" },
      ],
      ["export", "invite", "share"],
      ["a", "e"],
    );
    expect(shares.activeUsers).toBe(5);
    expect(shares.actions.map(({ action, share }) => [action, share.value, share.count])).toEqual([
      ["export", 40, 2],
      ["invite", 20, 1],
      ["share", 0, 0],
    ]);
    expect(coreActionShares([], ["export"]).actions[0]?.share.value).toBeNull();
  });

  it("keeps shares in 0..100 and means consistent with the totals", () => {
    const rows = fc.array(
      fc.record({ userId: fc.constantFrom("a", "b", "c", "d"), duration: fc.integer({ min: 0, max: 1000 }) }),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(rows, (list) => {
        const users = new Set(list.map((s) => s.userId)).size;
        const time = activityTime(list);
        const visits = visitFrequency(list);
        expect(time.n).toBe(users);
        if (users === 0) {
          expect(time.mean).toBeNull();
          return;
        }
        const total = list.reduce((sum, s) => sum + s.duration, 0);
        expect(time.mean).toBeCloseTo(total / users, 9);
        expect(visits.mean).toBeCloseTo(list.length / users, 12);
        const shares = coreActionShares(
          list.map((s) => ({ userId: s.userId, action: s.duration % 2 === 0 ? "even" : "odd" })),
          ["even", "odd"],
        );
        for (const { share } of shares.actions) {
          expect(share.value).toBeGreaterThanOrEqual(0);
          expect(share.value).toBeLessThanOrEqual(100);
        }
      }),
    );
  });
});
