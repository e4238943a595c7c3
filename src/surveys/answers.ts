import { invalid } from "../http/errors.js";
import { numericValue } from "./logic.js";
import type { SurveyDefinition, TAnswerValue, TQuestion } from "./schema.js";

/** One answer as stored: a number for scores, option ids for choices, text for open questions. */
export interface NormalizedAnswer {
  questionId: string;
  kind: TQuestion["type"];
  value: number | null;
  choices: string[] | null;
  text: string | null;
  detail: Record<string, number> | null;
}

const RANGE: Partial<Record<TQuestion["type"], [number, number]>> = {
  nps: [0, 10],
  ces: [1, 7],
  missus: [1, 10],
  rating: [1, 5],
};

function integerIn(v: TAnswerValue, lo: number, hi: number, field: string): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < lo || v > hi) {
    throw invalid(field, `must be a whole number from ${lo} to ${hi}`);
  }
  return v;
}

/**
 * Validates one answer against its question and turns it into the stored shape.
 * Returns null for an empty answer (null, "", []), which clears a previous one.
 */
export function normalizeAnswer(q: TQuestion, v: TAnswerValue, field: string): NormalizedAnswer | null {
  if (v === null || v === "" || (Array.isArray(v) && v.length === 0)) return null;
  const base = { questionId: q.id, kind: q.type, value: null, choices: null, text: null, detail: null };
  switch (q.type) {
    case "nps":
    case "ces":
    case "missus":
    case "rating": {
      const [lo, hi] = RANGE[q.type] ?? [0, 0];
      return { ...base, value: integerIn(v, lo, hi, field) };
    }
    case "csat":
      return { ...base, value: integerIn(v, 1, q.scale, field) };
    case "cli": {
      if (typeof v !== "object" || Array.isArray(v))
        throw invalid(field, "must be an object of item id → 1..6");
      const items = new Set(q.items.map((i) => i.id));
      for (const [item, score] of Object.entries(v)) {
        if (!items.has(item)) throw invalid(`${field}.${item}`, `no item "${item}" in this question`);
        integerIn(score, 1, 6, `${field}.${item}`);
      }
      return { ...base, value: numericValue(q, v), detail: v };
    }
    case "choice": {
      const picked = Array.isArray(v) ? v : typeof v === "string" ? [v] : null;
      if (!picked) throw invalid(field, "must be an option id or a list of option ids");
      const ids = new Set(q.options.map((o) => o.id));
      const unknown = picked.find((p) => !ids.has(p));
      if (unknown !== undefined) throw invalid(field, `no option "${unknown}" in this question`);
      if (!q.multiple && picked.length > 1) throw invalid(field, "this question takes one option");
      return { ...base, choices: [...new Set(picked)] };
    }
    case "text": {
      if (typeof v !== "string") throw invalid(field, "must be text");
      const text = v.trim();
      return text ? { ...base, text } : null;
    }
  }
}

/** Validates every answer of a response; unknown question ids are errors. Null entries clear. */
export function normalizeAnswers(
  def: SurveyDefinition,
  answers: Record<string, TAnswerValue>,
  field: string,
): { set: NormalizedAnswer[]; cleared: string[] } {
  const set: NormalizedAnswer[] = [];
  const cleared: string[] = [];
  for (const [questionId, value] of Object.entries(answers)) {
    const q = def.questions.find((x) => x.id === questionId);
    if (!q) throw invalid(`${field}.${questionId}`, `the survey has no question "${questionId}"`);
    const n = normalizeAnswer(q, value, `${field}.${questionId}`);
    if (n) set.push(n);
    else cleared.push(questionId);
  }
  return { set, cleared };
}

/** The stored answer back in API form. */
export function answerValue(a: {
  kind: string;
  value: number | null;
  choices: string[] | null;
  text: string | null;
  detail: Record<string, number> | null;
}): TAnswerValue {
  if (a.kind === "cli") return a.detail;
  if (a.kind === "choice") return a.choices;
  if (a.kind === "text") return a.text;
  return a.value;
}
