import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareNps, npsCounts, npsFromCounts, npsFromScores, npsGroup, npsGuidance } from "./nps.js";

const counts = fc.record({
  promoters: fc.integer({ min: 0, max: 5000 }),
  passives: fc.integer({ min: 0, max: 5000 }),
  detractors: fc.integer({ min: 0, max: 5000 }),
});
const scores = fc.array(fc.integer({ min: 0, max: 10 }), { maxLength: 300 });

describe("npsGroup", () => {
  it("splits 0–6 / 7–8 / 9–10", () => {
    expect([0, 6, 7, 8, 9, 10].map(npsGroup)).toEqual([
      "detractor",
      "detractor",
      "passive",
      "passive",
      "promoter",
      "promoter",
    ]);
  });

  it("rejects anything but an integer 0..10", () => {
    for (const bad of [-1, 11, 6.5, Number.NaN]) expect(() => npsGroup(bad)).toThrow(RangeError);
  });
});

describe("npsFromCounts", () => {
  it("1000 answers, 700 promoters, 100 detractors → 60 (spec)", () => {
    const nps = npsFromCounts({ promoters: 700, passives: 200, detractors: 100 });
    expect(nps.value).toBe(60);
    expect(nps.n).toBe(1000);
    expect(nps.lowSample).toBe(false);
  });

  it("50% promoters, 30% passives, 20% detractors → 30 (spec)", () => {
    expect(npsFromCounts({ promoters: 50, passives: 30, detractors: 20 }).value).toBe(30);
    expect(npsFromCounts({ promoters: 5, passives: 3, detractors: 2 }).value).toBe(30);
  });

  it("CI by hand: 50/30/20 of 100", () => {
    // p = .5, d = .2: var = (.5 + .2 − (.5 − .2)²) / 100 = (.7 − .09) / 100 = .0061;
    // half-width = 1.959964 · 100 · √.0061 = 195.9964 · .0781025 = 15.30781 → [14.69219, 45.30781].
    const nps = npsFromCounts({ promoters: 50, passives: 30, detractors: 20 });
    expect(nps.variance).toBeCloseTo(0.0061, 15);
    expect(nps.ci?.[0]).toBeCloseTo(14.69219192495733, 11);
    expect(nps.ci?.[1]).toBeCloseTo(45.30780807504267, 11);
  });

  it("clamps the CI to −100..100", () => {
    // 9 promoters, 1 passive: var = (.9 − .81)/10 = .009, half = 195.9964 · .094868 = 18.59 → hi 108.6 → 100.
    expect(npsFromCounts({ promoters: 9, passives: 1, detractors: 0 }).ci).toEqual([
      90 - 1.959963984540054 * 100 * Math.sqrt(0.009),
      100,
    ]);
    expect(npsFromCounts({ promoters: 0, passives: 0, detractors: 4 })).toMatchObject({
      value: -100,
      variance: 0,
      ci: [-100, -100],
      lowSample: true,
    });
  });

  it("is null without answers", () => {
    expect(npsFromCounts({ promoters: 0, passives: 0, detractors: 0 })).toEqual({
      value: null,
      n: 0,
      promoters: 0,
      passives: 0,
      detractors: 0,
      ci: null,
      variance: null,
      lowSample: true,
    });
    expect(npsFromScores([]).value).toBeNull();
  });

  it("rejects bad counts", () => {
    expect(() => npsFromCounts({ promoters: -1, passives: 0, detractors: 0 })).toThrow(RangeError);
    expect(() => npsFromCounts({ promoters: 1.5, passives: 0, detractors: 0 })).toThrow(RangeError);
  });

  it("stays in −100..100 with a CI around it and groups summing to n", () => {
    fc.assert(
      fc.property(counts, (c) => {
        const nps = npsFromCounts(c);
        expect(nps.promoters + nps.passives + nps.detractors).toBe(nps.n);
        expect(nps.lowSample).toBe(nps.n < 30);
        if (nps.value === null) {
          expect(nps.n).toBe(0);
          expect(nps.ci).toBeNull();
          return;
        }
        expect(nps.value).toBeGreaterThanOrEqual(-100);
        expect(nps.value).toBeLessThanOrEqual(100);
        const [lo, hi] = nps.ci ?? [Number.NaN, Number.NaN];
        expect(lo).toBeGreaterThanOrEqual(-100);
        expect(hi).toBeLessThanOrEqual(100);
        expect(lo).toBeLessThanOrEqual(nps.value);
        expect(hi).toBeGreaterThanOrEqual(nps.value);
        expect(Number.isNaN(nps.variance)).toBe(false);
      }),
    );
  });
});

describe("npsFromScores", () => {
  it("groups raw answers", () => {
    expect(npsCounts([0, 6, 7, 8, 9, 10, 10])).toEqual({ promoters: 3, passives: 2, detractors: 2 });
    expect(npsFromScores([0, 6, 7, 8, 9, 10, 10]).value).toBeCloseTo((100 * (3 - 2)) / 7, 14);
  });

  it("equals the aggregate version", () => {
    fc.assert(
      fc.property(scores, (values) => {
        const c = npsCounts(values);
        expect(c.promoters + c.passives + c.detractors).toBe(values.length);
        expect(npsFromScores(values)).toEqual(npsFromCounts(c));
      }),
    );
  });
});

describe("compareNps", () => {
  it("z by hand: 50/30/20 vs 40/30/30", () => {
    // var₁ = .0061, var₂ = (.4 + .3 − .01)/100 = .0069; z = (30 − 10) / (100 · √.013) = 20 / 11.40175 = 1.75412.
    const a = npsFromCounts({ promoters: 50, passives: 30, detractors: 20 });
    const b = npsFromCounts({ promoters: 40, passives: 30, detractors: 30 });
    const comparison = compareNps(a, b);
    expect(comparison.diff).toBeCloseTo(20, 12);
    expect(comparison.z).toBeCloseTo(1.7541160386140582, 12);
    expect(comparison.pValue).toBeCloseTo(0.07941062599894227, 12);
    expect(comparison.significant).toBe(false);
    const bigger = (k: number) => (c: { promoters: number; passives: number; detractors: number }) => ({
      promoters: c.promoters * k,
      passives: c.passives * k,
      detractors: c.detractors * k,
    });
    const large = compareNps(
      npsFromCounts(bigger(4)({ promoters: 50, passives: 30, detractors: 20 })),
      npsFromCounts(bigger(4)({ promoters: 40, passives: 30, detractors: 30 })),
    );
    expect(large.significant).toBe(true);
  });

  it("gives null z when a side is empty or there is no variance", () => {
    const empty = npsFromCounts({ promoters: 0, passives: 0, detractors: 0 });
    const some = npsFromCounts({ promoters: 5, passives: 3, detractors: 2 });
    expect(compareNps(empty, some)).toEqual({ diff: null, z: null, pValue: null, significant: false });
    const allPromoters = npsFromCounts({ promoters: 5, passives: 0, detractors: 0 });
    const allDetractors = npsFromCounts({ promoters: 0, passives: 0, detractors: 5 });
    expect(compareNps(allPromoters, allDetractors)).toMatchObject({ diff: 200, z: null, significant: false });
  });

  it("is antisymmetric", () => {
    fc.assert(
      fc.property(counts, counts, (x, y) => {
        const a = npsFromCounts(x);
        const b = npsFromCounts(y);
        const ab = compareNps(a, b);
        const ba = compareNps(b, a);
        expect(ab.z === null ? ba.z === null : ba.z !== null && ab.z === -ba.z).toBe(true);
        expect(ab.significant).toBe(ba.significant);
        expect(ab.pValue).toBe(ba.pValue);
        if (ab.z !== null) expect(Number.isNaN(ab.z)).toBe(false);
      }),
    );
  });
});

describe("npsGuidance", () => {
  it("is satisfactory above 30 and excellent from 50", () => {
    expect(npsGuidance(-100)).toBe("low");
    expect(npsGuidance(30)).toBe("low");
    expect(npsGuidance(30.1)).toBe("satisfactory");
    expect(npsGuidance(49.99)).toBe("satisfactory");
    expect(npsGuidance(50)).toBe("excellent");
    expect(() => npsGuidance(101)).toThrow(RangeError);
  });
});
