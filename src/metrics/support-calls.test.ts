import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type AbandonedTreatment,
  averageHandleTime,
  averageSpeedOfAnswer,
  blockage,
  type Call,
  handleTime,
  serviceLevel,
} from "./support-calls.js";

const S = 1000;
const t0 = Date.parse("2025-06-02T09:00:00Z");
const s = (seconds: number) => new Date(t0 + seconds * S);
const day = { from: s(0), to: s(86_400) };
const answered = (wait: number, over: Partial<Call> = {}): Call => ({
  queuedAt: s(0),
  answeredAt: s(wait),
  endedAt: s(wait + 300),
  outcome: "answered",
  ...over,
});
const abandoned = (after: number): Call => ({ queuedAt: s(0), endedAt: s(after), outcome: "abandoned" });
const blocked: Call = { queuedAt: s(0), outcome: "blocked" };

describe("ASA and AHT", () => {
  it("ASA is answered_at − queued_at over answered contacts", () => {
    const calls = [answered(10), answered(20), answered(60), abandoned(90), blocked];
    expect(averageSpeedOfAnswer(calls, day)).toMatchObject({ n: 3, mean: 30 * S, median: 20 * S });
    expect(() =>
      averageSpeedOfAnswer([{ queuedAt: s(5), answeredAt: s(0), outcome: "answered" }], day),
    ).toThrow(RangeError);
  });

  it("AHT = (talk + hold + after-call work) / handled contacts", () => {
    const calls = [
      answered(5, { talkMs: 240 * S, holdMs: 30 * S, acwMs: 90 * S }), // 360 s
      answered(5, { talkMs: 180 * S }), // 180 s, no hold or wrap-up
      answered(5, { holdMs: 60 * S, acwMs: 30 * S }), // talk = 300 − 60 = 240 s, total 330 s
      abandoned(30),
    ];
    expect(handleTime(calls[2] as Call)).toBe(330 * S);
    expect(averageHandleTime(calls, day)).toMatchObject({ n: 3, mean: 290 * S });
    expect(() => handleTime({ queuedAt: s(0), outcome: "answered", answeredAt: s(1) })).toThrow(RangeError);
    expect(() => handleTime(answered(1, { talkMs: -1 }))).toThrow(RangeError);
  });
});

describe("service level", () => {
  it("80/20: share of offered calls answered within 20 s (spec)", () => {
    // 8 answered within 20 s (one at exactly 20 s), 1 answered after 45 s, 1 abandoned after 60 s.
    const calls = [...[1, 2, 3, 5, 8, 13, 19, 20].map((w) => answered(w)), answered(45), abandoned(60)];
    expect(serviceLevel(calls, { period: day, thresholdMs: 20 * S })).toMatchObject({
      value: 80,
      count: 8,
      n: 10,
    });
  });

  it("treats abandoned and blocked calls as the options say", () => {
    const calls = [answered(10), answered(30), abandoned(5), abandoned(40), blocked];
    const level = (abandonedAs: AbandonedTreatment, blockedAs: "count" | "exclude" = "count") =>
      serviceLevel(calls, { period: day, thresholdMs: 20 * S, abandoned: abandonedAs, blocked: blockedAs });
    expect(level("count")).toMatchObject({ count: 1, n: 5 });
    expect(level("excludeShort")).toMatchObject({ count: 1, n: 4 });
    expect(level("exclude")).toMatchObject({ count: 1, n: 3 });
    expect(level("exclude", "exclude")).toMatchObject({ value: 50, count: 1, n: 2 });
    expect(() =>
      serviceLevel(
        [abandoned(1)].map(({ endedAt: _, ...c }) => c),
        { period: day, thresholdMs: 1, abandoned: "excludeShort" },
      ),
    ).toThrow(RangeError);
  });

  const calls = fc.array(
    fc.oneof(
      fc.integer({ min: 0, max: 120 }).map((w) => answered(w)),
      fc.integer({ min: 0, max: 120 }).map(abandoned),
      fc.constant(blocked),
    ),
    { maxLength: 60 },
  );

  it("rises with T; leaving abandoned calls out never lowers it", () => {
    fc.assert(
      fc.property(calls, fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 120 }), (list, a, b) => {
        const at = (t: number, abandonedAs: AbandonedTreatment = "count") =>
          serviceLevel(list, { period: day, thresholdMs: t * S, abandoned: abandonedAs });
        const [low, high] = [Math.min(a, b), Math.max(a, b)];
        expect(at(low).count).toBeLessThanOrEqual(at(high).count);
        const counted = at(low).value;
        const short = at(low, "excludeShort").value;
        const excluded = at(low, "exclude").value;
        if (counted !== null && short !== null) expect(short).toBeGreaterThanOrEqual(counted - 1e-9);
        if (short !== null && excluded !== null) expect(excluded).toBeGreaterThanOrEqual(short - 1e-9);
      }),
      { numRuns: 150 },
    );
  });

  it("blockage counts blocked calls among all offered", () => {
    expect(blockage([answered(1), abandoned(3), blocked, blocked], day)).toMatchObject({
      value: 50,
      count: 2,
      n: 4,
    });
    expect(blockage([], day).value).toBeNull();
    fc.assert(
      fc.property(calls, (list) => {
        const b = blockage(list, day);
        expect(b.n).toBe(list.length);
        expect(b.count).toBe(list.filter((c) => c.outcome === "blocked").length);
        const all = serviceLevel(list, { period: day, thresholdMs: 20 * S });
        const queueOnly = serviceLevel(list, { period: day, thresholdMs: 20 * S, blocked: "exclude" });
        expect(all.n - queueOnly.n).toBe(b.count);
      }),
      { numRuns: 100 },
    );
  });
});
