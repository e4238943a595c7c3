/**
 * What other modules read of stored responses (feedback categorization, routing into cases): the open
 * text, the first score with its group, and the attributes. They call this instead of reading the
 * survey tables, so the survey module stays the only owner of its tables.
 */
import type { Db } from "../db/connection.js";
import { csatDefaultThreshold, isCsatScale } from "../metrics/index.js";
import { numericValue, scoreGroup } from "./logic.js";
import * as store from "./responses-store.js";
import type { Attributes, TAnswerValue, TScoreGroup } from "./schema.js";
import { loadSurveyDefinitions } from "./service.js";

const SCORE_TYPES = new Set(["nps", "csat", "ces", "cli", "missus", "rating"]);

export interface ResponseDigest {
  id: string;
  surveyId: string;
  customerId: string | null;
  language: string;
  submittedAt: Date;
  attributes: Attributes;
  /** The open-text answers joined by blank lines, in question order; "" when there is none. */
  text: string;
  /** The first answered score question in the survey's order. */
  score: { kind: string; questionId: string; value: number; group: TScoreGroup | null } | null;
  npsScore: number | null;
  csatPositive: boolean | null;
}

export async function responseDigests(db: Db, workspaceId: string, ids: string[]): Promise<ResponseDigest[]> {
  const responses = await store.responsesByIds(db, workspaceId, ids);
  if (!responses.length) return [];
  const answers = await store.answersOf(
    db,
    workspaceId,
    responses.map((r) => r.id),
  );
  const definitions = await loadSurveyDefinitions(db, workspaceId, [
    ...new Set(responses.map((r) => r.survey_id)),
  ]);
  return responses.map((r) => {
    const mine = new Map(answers.filter((a) => a.response_id === r.id).map((a) => [a.question_id, a]));
    const questions = definitions.get(r.survey_id)?.definition.questions ?? [];
    const texts: string[] = [];
    let score: ResponseDigest["score"] = null;
    let npsScore: number | null = null;
    let csatPositive: boolean | null = null;
    for (const q of questions) {
      const a = mine.get(q.id);
      if (!a) continue;
      if (q.type === "text" && a.text?.trim()) texts.push(a.text.trim());
      if (!SCORE_TYPES.has(q.type)) continue;
      const value: TAnswerValue | undefined =
        q.type === "cli" ? (a.detail ?? undefined) : (a.value ?? undefined);
      const v = numericValue(q, value);
      if (v === null) continue;
      if (q.type === "nps" && npsScore === null) npsScore = v;
      if (q.type === "csat" && csatPositive === null && isCsatScale(q.scale))
        csatPositive = v >= (q.positiveThreshold ?? csatDefaultThreshold(q.scale));
      score ??= { kind: q.type, questionId: q.id, value: v, group: scoreGroup(q, value) };
    }
    return {
      id: r.id,
      surveyId: r.survey_id,
      customerId: r.customer_id,
      language: r.language,
      submittedAt: r.submitted_at,
      attributes: r.attributes,
      text: texts.join("\n\n"),
      score,
      npsScore,
      csatPositive,
    };
  });
}
