import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { flattenDefaults } from "../../src/feedback/taxonomy.js";

export interface LabelledComment {
  lang: "ru" | "en";
  /** A leaf category key of the default taxonomy, or "other" when none fits. */
  category: string;
  sentiment: "positive" | "neutral" | "negative";
  score: number;
  text: string;
}

const DIR = resolve(import.meta.dirname, "../fixtures/feedback");

/**
 * The labelled evaluation set: test/fixtures/feedback/comments-{ru,en}.tsv; holdout.tsv holds 100 more
 * comments written after the default keyword rules were settled (an out-of-sample check of the rules).
 */
export function loadComments(files: string[] = ["comments-ru.tsv", "comments-en.tsv"]): LabelledComment[] {
  return files.flatMap((file) =>
    readFileSync(resolve(DIR, file), "utf8")
      .split("\n")
      .slice(1)
      .filter((line) => line.trim())
      .map((line) => {
        const [lang, category, sentiment, score, text] = line.split("\t");
        if (!lang || !category || !sentiment || !score || !text) throw new Error(`bad line: ${line}`);
        return {
          lang: lang === "ru" ? "ru" : "en",
          category,
          sentiment:
            sentiment === "positive" ? "positive" : sentiment === "negative" ? "negative" : "neutral",
          score: Number(score),
          text,
        };
      }),
  );
}

/** The default taxonomy's categories with their keys as ids (what the pure categorizer needs). */
export const defaultRuleCategories = () =>
  flattenDefaults().map((c) => ({ id: c.key, keywords: c.keywords }));

/** Deterministic split: every k-th comment of each category (by position) goes to the test side. */
export function split(items: LabelledComment[], testEvery = 3) {
  const seen = new Map<string, number>();
  const train: LabelledComment[] = [];
  const test: LabelledComment[] = [];
  for (const item of items) {
    const key = `${item.lang}:${item.category}`;
    const i = seen.get(key) ?? 0;
    seen.set(key, i + 1);
    (i % testEvery === testEvery - 1 ? test : train).push(item);
  }
  return { train, test };
}

export interface Scores {
  n: number;
  accuracy: number;
  macroF1: number;
  parentAccuracy: number;
}

/** Accuracy and macro-F1 of single-label predictions (the top category, or "other"). */
export function score(gold: string[], predicted: string[]): Scores {
  const labels = [...new Set(gold)];
  let correct = 0;
  let parentCorrect = 0;
  const parent = (k: string) => k.split(".")[0];
  gold.forEach((g, i) => {
    if (predicted[i] === g) correct++;
    if (parent(predicted[i] ?? "") === parent(g)) parentCorrect++;
  });
  const f1s = labels.map((label) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    gold.forEach((g, i) => {
      const p = predicted[i];
      if (p === label && g === label) tp++;
      else if (p === label) fp++;
      else if (g === label) fn++;
    });
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  });
  return {
    n: gold.length,
    accuracy: correct / gold.length,
    macroF1: f1s.reduce((a, b) => a + b, 0) / labels.length,
    parentAccuracy: parentCorrect / gold.length,
  };
}
