import { invalid } from "../http/errors.js";
import type { SurveyDefinition, TCondition } from "./schema.js";

/**
 * Checks what the zod schema cannot: unique question ids, conditions that point at an earlier
 * question, labels that match the scale, every question worded in every survey language.
 */
export function checkDefinition(def: SurveyDefinition, field = "definition"): void {
  if (!def.languages.includes(def.defaultLanguage)) {
    throw invalid(`${field}.defaultLanguage`, "the default language must be one of the survey languages");
  }
  const seen = new Set<string>();
  def.questions.forEach((q, i) => {
    const at = `${field}.questions.${i}`;
    if (seen.has(q.id)) throw invalid(`${at}.id`, `question id "${q.id}" is used twice`);
    const checkCondition = (c: TCondition, where: string) => {
      if (!seen.has(c.question))
        throw invalid(where, `condition refers to "${c.question}", which is not an earlier question`);
    };
    if (q.showIf) checkCondition(q.showIf, `${at}.showIf.question`);
    q.variants?.forEach((v, j) => {
      checkCondition(v.when, `${at}.variants.${j}.when.question`);
    });
    seen.add(q.id);
    for (const lang of def.languages) {
      if (!q.title[lang])
        throw invalid(
          `${at}.title.${lang}`,
          `the question needs a ${lang} title (survey languages: ${def.languages.join(", ")})`,
        );
    }
    if (q.type === "csat") {
      if (q.labels && q.labels.length !== q.scale)
        throw invalid(`${at}.labels`, `a ${q.scale}-point scale needs ${q.scale} labels`);
      if (q.positiveThreshold !== undefined && (q.positiveThreshold < 1 || q.positiveThreshold > q.scale)) {
        throw invalid(`${at}.positiveThreshold`, `must be between 1 and ${q.scale}`);
      }
    }
    if (q.type === "choice") {
      const ids = new Set(q.options.map((o) => o.id));
      if (ids.size !== q.options.length) throw invalid(`${at}.options`, "option ids must be unique");
    }
    if (q.type === "cli") {
      const ids = new Set(q.items.map((o) => o.id));
      if (ids.size !== q.items.length) throw invalid(`${at}.items`, "item ids must be unique");
    }
  });
  def.thankYouVariants.forEach((v, j) => {
    if (!seen.has(v.when.question))
      throw invalid(`${field}.thankYouVariants.${j}.when.question`, `no question "${v.when.question}"`);
  });
}
