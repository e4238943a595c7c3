/**
 * Survey logic shared by the server and the survey page: score groups, conditions, skip logic and
 * wording per group. Pure: no IO, so the page in the browser and the API evaluate it identically.
 */
import { csatDefaultThreshold, npsGroup } from "../metrics/index.js";
import type {
  SurveyDefinition,
  TAnswerValue,
  TCondition,
  TLanguage,
  TLocalizedText,
  TQuestion,
  TScoreGroup,
} from "./schema.js";

export type AnswerMap = Record<string, TAnswerValue | undefined>;

/** The number a score answer stands for (the respondent mean for CLI), or null. */
export function numericValue(q: TQuestion, value: TAnswerValue | undefined): number | null {
  if (value === undefined || value === null) return null;
  if (q.type === "cli" && typeof value === "object" && !Array.isArray(value)) {
    const xs = Object.values(value);
    return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
  }
  return typeof value === "number" ? value : null;
}

/**
 * Score group of an answer. NPS: detractor/passive/promoter. CSAT: high when positive (the question's
 * threshold), low otherwise. CES 1–7: 5–7 high, 4 neutral, 1–3 low. Rating 1–5: 4–5 high, 3 neutral.
 * Miss-us 1–10: 9–10 high, 1–6 low. CLI (1 best … 6 worst): ≤ 2 high, ≥ 4 low.
 */
export function scoreGroup(q: TQuestion, value: TAnswerValue | undefined): TScoreGroup | null {
  const v = numericValue(q, value);
  if (v === null) return null;
  switch (q.type) {
    case "nps":
      return npsGroup(v);
    case "csat":
      return v >= (q.positiveThreshold ?? csatDefaultThreshold(q.scale)) ? "high" : "low";
    case "ces":
      return v >= 5 ? "high" : v === 4 ? "neutral" : "low";
    case "rating":
      return v >= 4 ? "high" : v === 3 ? "neutral" : "low";
    case "missus":
      return v >= 9 ? "high" : v <= 6 ? "low" : "neutral";
    case "cli":
      return v <= 2 ? "high" : v >= 4 ? "low" : "neutral";
    default:
      return null;
  }
}

/** True when every clause of the condition holds for the answers given so far. */
export function conditionHolds(cond: TCondition, def: SurveyDefinition, answers: AnswerMap): boolean {
  const q = def.questions.find((x) => x.id === cond.question);
  if (!q) return false;
  const value = answers[cond.question];
  const answered =
    value !== undefined && value !== null && value !== "" && !(Array.isArray(value) && !value.length);
  if (cond.answered !== undefined && cond.answered !== answered) return false;
  if (cond.groups) {
    const g = scoreGroup(q, value);
    if (!g || !cond.groups.includes(g)) return false;
  }
  const v = numericValue(q, value);
  if (cond.min !== undefined && (v === null || v < cond.min)) return false;
  if (cond.max !== undefined && (v === null || v > cond.max)) return false;
  if (cond.anyOf) {
    const picked = Array.isArray(value) ? value : typeof value === "string" ? [value] : [];
    if (!picked.some((p) => cond.anyOf?.includes(p))) return false;
  }
  return true;
}

/** The questions to show, in order, given the answers so far (skip logic). */
export function visibleQuestions(def: SurveyDefinition, answers: AnswerMap): TQuestion[] {
  return def.questions.filter((q) => !q.showIf || conditionHolds(q.showIf, def, answers));
}

/** Picks the text in the language, falling back to the survey's default, then to any language. */
export function localize(
  text: TLocalizedText | undefined,
  lang: TLanguage,
  fallback: TLanguage = "en",
): string {
  if (!text) return "";
  return text[lang] ?? text[fallback] ?? text.en ?? text.ru ?? "";
}

/** The question's wording for these answers: the first matching variant, else its title. */
export function questionTitle(q: TQuestion, def: SurveyDefinition, answers: AnswerMap): TLocalizedText {
  return q.variants?.find((v) => conditionHolds(v.when, def, answers))?.title ?? q.title;
}

/** The thank-you screen for these answers. */
export function thankYouScreen(def: SurveyDefinition, answers: AnswerMap) {
  return def.thankYouVariants.find((v) => conditionHolds(v.when, def, answers))?.screen ?? def.thankYou;
}

/** Resolves the respondent's language from a request (`?lang=`, Accept-Language) against the survey's. */
export function pickLanguage(def: SurveyDefinition, ...wanted: (string | undefined | null)[]): TLanguage {
  for (const w of wanted) {
    const code = w?.slice(0, 2).toLowerCase();
    const found = def.languages.find((l) => l === code);
    if (found) return found;
  }
  return def.defaultLanguage;
}
