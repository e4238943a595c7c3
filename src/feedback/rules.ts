/**
 * Keyword and phrase rules. A pattern is one or more words; a word ending in `*` matches every word
 * starting with it, any other word matches by its Snowball stem ("доставка" also finds "доставки",
 * "prices" also finds "pricing"). A phrase matches consecutive words. Pure: no IO.
 */
import { stemWord, type Token, tokenize } from "./text.js";

type Part = { prefix: string } | { stem: string };

export interface CompiledPattern {
  source: string;
  parts: Part[];
}

export interface RuleSet<Id extends string = string> {
  id: Id;
  patterns: CompiledPattern[];
}

export interface RuleHit<Id extends string = string> {
  id: Id;
  /** One point per matched word, two per matched phrase. */
  weight: number;
  terms: string[];
}

export function compilePattern(source: string): CompiledPattern | null {
  const words = source
    .toLowerCase()
    .replaceAll("ё", "е")
    // Split as the tokenizer splits text, so "pick-up point" is three words there and here.
    .split(/[^\p{L}\p{N}*]+/u)
    .filter((w) => w.length > 0);
  if (!words.length) return null;
  const parts = words.map(
    (w): Part => (w.endsWith("*") ? { prefix: w.slice(0, -1) } : { stem: stemWord(w) }),
  );
  return { source, parts };
}

const partMatches = (p: Part, t: Token) => ("prefix" in p ? t.word.startsWith(p.prefix) : t.stem === p.stem);

function patternMatches(pattern: CompiledPattern, tokens: Token[]): boolean {
  const n = pattern.parts.length;
  for (let i = 0; i + n <= tokens.length; i++) {
    let ok = true;
    for (let j = 0; j < n && ok; j++) {
      const part = pattern.parts[j];
      const token = tokens[i + j];
      ok = part !== undefined && token !== undefined && partMatches(part, token);
    }
    if (ok) return true;
  }
  return false;
}

/** Every rule set that matches the text, with the terms that matched. */
export function matchRules<Id extends string>(text: string | Token[], sets: RuleSet<Id>[]): RuleHit<Id>[] {
  const tokens = typeof text === "string" ? tokenize(text) : text;
  const hits: RuleHit<Id>[] = [];
  for (const set of sets) {
    let weight = 0;
    const terms: string[] = [];
    for (const p of set.patterns) {
      if (!patternMatches(p, tokens)) continue;
      weight += p.parts.length > 1 ? 2 : 1;
      terms.push(p.source);
    }
    if (weight > 0) hits.push({ id: set.id, weight, terms });
  }
  return hits;
}
