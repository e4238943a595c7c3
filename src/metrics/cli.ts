/**
 * CLI — Customer Loyalty Index [004]: will you recommend us, buy again, try our other products; each on a
 * 6-point scale, 1 = "definitely yes" … 6 = "definitely no". Lower is better.
 */
import { type MeanSummary, meanSummary, type SufficientStats, sufficientStats } from "./stats.js";
import { assertIn, assertIntegerIn } from "./validate.js";

export interface CliResult extends MeanSummary {
  /** Always true: 1 is the most loyal answer, so the UI must say that lower is better. */
  lowerIsBetter: true;
}

/** One respondent's score: the mean of the questions they answered (1..6); null if they answered none. */
export function cliRespondentScore(answers: readonly (number | null)[]): number | null {
  let sum = 0;
  let answered = 0;
  for (const answer of answers) {
    if (answer === null) continue;
    assertIntegerIn("CLI answer", answer, 1, 6);
    sum += answer;
    answered++;
  }
  return answered === 0 ? null : sum / answered;
}

/** CLI = mean of respondent scores [004], from SQL aggregates of those scores (count, sum, sum of squares). */
export function cliFromAggregates(stats: SufficientStats): CliResult {
  const summary = meanSummary(stats);
  if (summary.mean !== null) assertIn("CLI mean", summary.mean, 1, 6);
  return { ...summary, lowerIsBetter: true };
}

/** CLI = mean over respondents of {@link cliRespondentScore} [004], with its 95% CI. Lower is better. */
export function cliFromRespondentScores(scores: readonly number[]): CliResult {
  for (const score of scores) assertIn("CLI respondent score", score, 1, 6);
  return cliFromAggregates(sufficientStats(scores));
}
