/**
 * Pure edits of a survey definition for the form editor. Question ids tie answers and conditions to
 * questions, so renaming or removing a question carries over to the conditions that name it.
 */
import type {
  SurveyDefinition,
  TCondition,
  TLocalizedText,
  TQuestion,
  TScoreGroup,
} from "../../api/types.js";
import { isScoreQuestion } from "../metric-info.js";

export type Definition = SurveyDefinition;

const mapConditions = (def: Definition, fn: (c: TCondition) => TCondition | null): Definition => ({
  ...def,
  questions: def.questions.map((q) => {
    const showIf = q.showIf ? (fn(q.showIf) ?? undefined) : undefined;
    const variants = q.variants
      ?.map((v) => {
        const when = fn(v.when);
        return when ? { ...v, when } : null;
      })
      .filter((v): v is NonNullable<typeof v> => v !== null);
    const next = { ...q, showIf, variants: variants?.length ? variants : undefined };
    if (!next.showIf) delete next.showIf;
    if (!next.variants) delete next.variants;
    return next;
  }),
  thankYouVariants: def.thankYouVariants
    .map((v) => {
      const when = fn(v.when);
      return when ? { ...v, when } : null;
    })
    .filter((v): v is NonNullable<typeof v> => v !== null),
});

export function renameQuestion(def: Definition, index: number, id: string): Definition {
  const old = def.questions[index]?.id;
  if (old === undefined) return def;
  const renamed = {
    ...def,
    questions: def.questions.map((q, i) => (i === index ? { ...q, id } : q)),
  };
  // Another question with the old id would keep its conditions; only move them when it was unique.
  if (def.questions.filter((q) => q.id === old).length > 1) return renamed;
  return mapConditions(renamed, (c) => (c.question === old ? { ...c, question: id } : c));
}

/** How many conditions name the question. */
export function referencesTo(def: Definition, id: string): number {
  let n = 0;
  for (const q of def.questions) {
    if (q.showIf?.question === id) n++;
    n += q.variants?.filter((v) => v.when.question === id).length ?? 0;
  }
  return n + def.thankYouVariants.filter((v) => v.when.question === id).length;
}

export function removeQuestion(def: Definition, index: number): Definition {
  const id = def.questions[index]?.id;
  const rest = { ...def, questions: def.questions.filter((_, i) => i !== index) };
  if (id === undefined || rest.questions.some((q) => q.id === id)) return rest;
  return mapConditions(rest, (c) => (c.question === id ? null : c));
}

export function moveQuestion(def: Definition, index: number, delta: -1 | 1): Definition {
  const to = index + delta;
  if (to < 0 || to >= def.questions.length) return def;
  const questions = [...def.questions];
  const [q] = questions.splice(index, 1);
  if (q) questions.splice(to, 0, q);
  return { ...def, questions };
}

export function replaceQuestion(def: Definition, index: number, q: TQuestion): Definition {
  return { ...def, questions: def.questions.map((x, i) => (i === index ? q : x)) };
}

/** The score groups a condition on this question can name. */
export function groupsFor(q: TQuestion | undefined): TScoreGroup[] {
  if (!q || !isScoreQuestion(q)) return [];
  if (q.type === "nps") return ["detractor", "passive", "promoter"];
  if (q.type === "csat") return ["low", "high"];
  return ["low", "neutral", "high"];
}

const isEmpty = (t: TLocalizedText | undefined) => !t || (!t.ru?.trim() && !t.en?.trim());

/** Drops optional texts left empty, so "no description" is stored as none rather than "". */
export function cleanDefinition(def: Definition): Definition {
  const questions = def.questions.map((q) => {
    const out: Record<string, unknown> = { ...q };
    for (const key of ["description", "placeholder", "lowLabel", "highLabel"] as const)
      if (key in out && isEmpty(out[key] as TLocalizedText | undefined)) delete out[key];
    return out as TQuestion;
  });
  const screen = (s: Definition["thankYou"]): Definition["thankYou"] => {
    const out = { ...s };
    if (isEmpty(out.body)) delete out.body;
    if (out.link && !out.link.url.trim()) delete out.link;
    return out;
  };
  return {
    ...def,
    questions,
    thankYou: screen(def.thankYou),
    thankYouVariants: def.thankYouVariants.map((v) => ({ ...v, screen: screen(v.screen) })),
  };
}
