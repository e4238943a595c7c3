/**
 * Automatic categorization of one comment. The taxonomy's keyword/phrase rules become features
 * ("rule:<category>", weighted by how much matched) of a softmax classifier whose starting weights say
 * "trust the rule": with no corrections the classifier is exactly the rules. The workspace's manual
 * corrections then train it (logreg.ts), so it learns the words of its own customers and how far to
 * trust each rule; the pull towards the rules keeps a handful of corrections from overturning them.
 * Also returns the sentiment. Pure: no IO.
 */
import {
  type FeatureVector,
  type FitOptions,
  fitSoftmax,
  priorModel,
  probabilities,
  type SoftmaxModel,
  strongestFeatures,
} from "./logreg.js";
import { compilePattern, matchRules, type RuleHit, type RuleSet } from "./rules.js";
import { type Sentiment, sentimentOf } from "./sentiment.js";
import type { CategoryExplanation, CategoryKeywords } from "./tables.js";
import { detectLanguage, features, type TextLanguage, tokenize } from "./text.js";

/** The class of "no category fits" (a correction that removes every category). */
export const NONE = "__none__";
const NO_RULE = "rule:-";

export interface CategorizerOptions {
  /** Prior weight of a rule feature for its own category (the rules' say before any correction). */
  ruleWeight: number;
  /** Prior weight of "no rule matched" for no category. */
  noneWeight: number;
  /** Least probability for a category to be assigned. */
  minConfidence: number;
  /** A second or third category needs at least this share of the top one's probability. */
  secondaryRatio: number;
  maxCategories: number;
  fit: Partial<FitOptions>;
}

export const DEFAULT_OPTIONS: CategorizerOptions = {
  fit: {},
  ruleWeight: 3,
  noneWeight: 3,
  minConfidence: 0.3,
  secondaryRatio: 0.6,
  maxCategories: 3,
};

export interface Categorizer {
  rules: RuleSet[];
  model: SoftmaxModel;
  corrections: number;
  options: CategorizerOptions;
}

export interface TrainingCorrection {
  text: string;
  /** Empty: the comment fits no category. */
  categoryIds: string[];
}

export interface AssignedCategory {
  id: string;
  confidence: number;
  source: "rule" | "model";
  explanation: CategoryExplanation[];
}

export interface CategorizeResult {
  language: TextLanguage;
  categories: AssignedCategory[];
  sentiment: Sentiment;
  sentimentScore: number;
}

const ruleFeature = (id: string) => `rule:${id}`;

function featureVector(text: string, hits: RuleHit[]): FeatureVector {
  const x: FeatureVector = new Map(features(text).map((f) => [f, 1]));
  for (const h of hits) x.set(ruleFeature(h.id), Math.min(h.weight, 3));
  if (!hits.length) x.set(NO_RULE, 1);
  return x;
}

export function buildCategorizer(
  categories: { id: string; keywords: CategoryKeywords }[],
  corrections: TrainingCorrection[],
  options: Partial<CategorizerOptions> = {},
): Categorizer {
  const o = { ...DEFAULT_OPTIONS, ...options };
  const known = new Set(categories.map((c) => c.id));
  const rules = categories
    .map((c) => ({
      id: c.id,
      patterns: [...(c.keywords.ru ?? []), ...(c.keywords.en ?? [])].flatMap((k) => compilePattern(k) ?? []),
    }))
    .filter((r) => r.patterns.length > 0);
  const classes = [NONE, ...categories.map((c) => c.id)];
  const prior = new Map<string, Map<string, number>>(
    rules.map((r) => [ruleFeature(r.id), new Map([[r.id, o.ruleWeight]])]),
  );
  prior.set(NO_RULE, new Map([[NONE, o.noneWeight]]));
  const examples = corrections.map((c) => {
    const labels = c.categoryIds.filter((id) => known.has(id));
    return { x: featureVector(c.text, matchRules(c.text, rules)), labels: labels.length ? labels : [NONE] };
  });
  const start = priorModel(classes, prior);
  return {
    rules,
    model: examples.length ? fitSoftmax(start, examples, o.fit) : start,
    corrections: examples.length,
    options: o,
  };
}

export function categorize(
  c: Categorizer,
  text: string,
  score: { group?: string | null; npsScore?: number | null } = {},
): CategorizeResult {
  const tokens = tokenize(text);
  const hits = matchRules(tokens, c.rules);
  const x = featureVector(text, hits);
  const p = probabilities(c.model, x);
  const ranked = c.model.classes.map((id, k) => ({ id, k, p: p[k] ?? 0 })).sort((a, b) => b.p - a.p);
  const top = ranked[0];
  const categories: AssignedCategory[] = [];
  if (top && top.id !== NONE && top.p >= c.options.minConfidence) {
    for (const r of ranked) {
      if (categories.length >= c.options.maxCategories) break;
      if (r.id === NONE || r.p < c.options.minConfidence || r.p < c.options.secondaryRatio * top.p) continue;
      const strongest = strongestFeatures(c.model, x, r.k);
      const ruleTerms = hits.find((h) => h.id === r.id)?.terms ?? [];
      const byRule = strongest[0] === ruleFeature(r.id);
      const explanation: CategoryExplanation[] = [
        ...ruleTerms.map((term) => ({ kind: "rule" as const, term })),
        ...strongest.filter((f) => !f.startsWith("rule:")).map((term) => ({ kind: "model" as const, term })),
      ];
      categories.push({
        id: r.id,
        confidence: Math.round(r.p * 1000) / 1000,
        source: byRule ? "rule" : "model",
        explanation,
      });
    }
  }
  const s = sentimentOf(tokens, score);
  return {
    language: detectLanguage(text),
    categories,
    sentiment: s.sentiment,
    sentimentScore: Math.round(s.score * 1000) / 1000,
  };
}
