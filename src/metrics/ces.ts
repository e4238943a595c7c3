/** CES — Customer Effort Score [000]: "The company made it easy for me to handle my issue", 1..7. */
import { type MeanSummary, meanSummary, type PercentShare, shareFromCounts } from "./stats.js";
import { assertIntegerIn, assertPartOf } from "./validate.js";

/** Answers from this value up count as "easy" (5–7). */
export const CES_EASY_MIN = 5;

/**
 * The verbal form of the scale ("very difficult … very easy") and its numbers [000]; agreement 1 (strongly
 * disagree) … 7 (strongly agree) uses the same numbers.
 */
export const CES_VERBAL_SCALE = [
  { value: 1, en: "Very difficult", ru: "Очень сложно" },
  { value: 2, en: "Difficult", ru: "Сложно" },
  { value: 3, en: "Somewhat difficult", ru: "Скорее сложно" },
  { value: 4, en: "Neither easy nor difficult", ru: "Ни сложно, ни легко" },
  { value: 5, en: "Somewhat easy", ru: "Скорее легко" },
  { value: 6, en: "Easy", ru: "Легко" },
  { value: 7, en: "Very easy", ru: "Очень легко" },
] as const;

/** The 1..7 value of a verbal answer in either language (case and surrounding spaces ignored), or null. */
export function cesValueFromLabel(label: string): number | null {
  const wanted = label.trim().toLocaleLowerCase("ru");
  const match = CES_VERBAL_SCALE.find(
    ({ en, ru }) => en.toLocaleLowerCase("en") === wanted || ru.toLocaleLowerCase("ru") === wanted,
  );
  return match?.value ?? null;
}

/** Sufficient statistics of CES answers (SQL: count, sum, sum of squares, count of answers ≥ 5). */
export interface CesAggregates {
  n: number;
  sum: number;
  sumSquares: number;
  easy: number;
}

export interface CesResult extends MeanSummary {
  /** Share of answers 5–7, in 0..100 with a Wilson interval. */
  percentEasy: PercentShare;
}

/**
 * CES = mean of answers (1..7, higher = easier) with its 95% CI, mean ± 1.96 · s/√n (t-quantile when
 * n < 30), plus % easy = 100 · answers 5–7 / n [000].
 */
export function cesFromAggregates({ n, sum, sumSquares, easy }: CesAggregates): CesResult {
  assertPartOf("easy", easy, "n", n);
  const mean = meanSummary({ n, sum, sumSquares });
  if (mean.mean !== null && (mean.mean < 1 || mean.mean > 7)) {
    throw new RangeError(`CES mean must lie in 1..7, got ${mean.mean}`);
  }
  return { ...mean, percentEasy: shareFromCounts(easy, n) };
}

/** Aggregates of raw 1..7 answers. */
export function cesAggregates(values: readonly number[]): CesAggregates {
  let sum = 0;
  let sumSquares = 0;
  let easy = 0;
  for (const value of values) {
    assertIntegerIn("CES answer", value, 1, 7);
    sum += value;
    sumSquares += value * value;
    if (value >= CES_EASY_MIN) easy++;
  }
  return { n: values.length, sum, sumSquares, easy };
}

/** CES of raw 1..7 answers: {@link cesAggregates} then {@link cesFromAggregates}. */
export function cesFromScores(values: readonly number[]): CesResult {
  return cesFromAggregates(cesAggregates(values));
}
