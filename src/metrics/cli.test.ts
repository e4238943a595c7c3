import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cliFromAggregates, cliFromRespondentScores, cliRespondentScore } from "./cli.js";
import { sufficientStats } from "./stats.js";

describe("cliRespondentScore", () => {
  it("averages the answered questions", () => {
    expect(cliRespondentScore([1, 2, 3])).toBe(2);
    expect(cliRespondentScore([1, 2, null])).toBe(1.5);
    expect(cliRespondentScore([null, null, null])).toBeNull();
    expect(cliRespondentScore([])).toBeNull();
  });

  it("rejects answers off the 1..6 scale", () => {
    for (const bad of [0, 7, 1.5]) expect(() => cliRespondentScore([bad])).toThrow(RangeError);
  });
});

describe("CLI", () => {
  it("is the mean over respondents, lower is better", () => {
    const scores = [
      [1, 1, 2],
      [2, 3, null],
      [6, 5, 4],
    ]
      .map(cliRespondentScore)
      .filter((s) => s !== null);
    // Respondents: 4/3, 5/2, 5 → CLI = (4/3 + 5/2 + 5) / 3 = 53/18.
    const cli = cliFromRespondentScores(scores);
    expect(cli.mean).toBeCloseTo(53 / 18, 14);
    expect(cli.lowerIsBetter).toBe(true);
    expect(cli.lowSample).toBe(true);
    expect(cliFromRespondentScores([])).toMatchObject({ mean: null, ci: null, lowerIsBetter: true });
    expect(() => cliFromRespondentScores([0.5])).toThrow(RangeError);
  });

  it("equals the aggregate version", () => {
    const respondent = fc.array(fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }), {
      minLength: 1,
      maxLength: 3,
    });
    fc.assert(
      fc.property(fc.array(respondent, { maxLength: 100 }), (answers) => {
        const scores = answers.map(cliRespondentScore).filter((s) => s !== null);
        const cli = cliFromRespondentScores(scores);
        expect(cli).toEqual(cliFromAggregates(sufficientStats(scores)));
        if (cli.mean !== null) {
          expect(cli.mean).toBeGreaterThanOrEqual(1);
          expect(cli.mean).toBeLessThanOrEqual(6);
        }
      }),
    );
  });
});
