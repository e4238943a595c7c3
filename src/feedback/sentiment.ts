/**
 * Sentiment of an open-text answer: a lexicon of Russian and English word beginnings with polarity,
 * negation (a negated word flips and halves: "не понравилось" is negative, "not bad" mildly positive),
 * intensifiers, and contrast ("…, но доставка долгая": the clause after "но/but" weighs more), blended
 * with the answer's score group when there is one, since a 2/10 with "ну такое" is not neutral.
 * Pure: no IO.
 */
import { type Token, tokenize } from "./text.js";

export type Sentiment = "positive" | "neutral" | "negative";

const POSITIVE = `
отличн хорош прекрасн превосходн супер класс замечательн великолепн спасиб благодар понрав нрав довол
удобн вежлив приятн любл обожа рекоменд совет лучш быстр оперативн молодц помог четк профессионал
восторг идеальн рад надежн радует порадова качествен внимательн компетентн шикарн удобств легк просто
выручил решил вкусн свеж аккуратн бесплатн выгодн щедр доброжелат дружелюб
great good excellent love loved lovely fast quick friendly helpful easy easily recommend amazing perfect
thank happy pleased smooth awesome best nice reliable polite impress fantastic wonderful convenient
satisf enjoy appreciat brilliant superb fair intuitive responsive solved prompt efficient glad delight
`;

const NEGATIVE = `
плох ужасн отвратит кошмар медлен долг груб хам дорог сломал слома брак поврежд испорч опозда задерж
проблем ошибк невозможн разочаров обман некачеств худш вылета завис глюч жалоб бесит раздража неудобн
запута потерял потеря пропал грязн хамств игнор безобраз позор неприят навязыв отказ отказа списал
ужас возмущ неадекват неправильн неверн сложн трудн кривой криво мучени мучил вынужд зря хуже
bad terrible awful horrible slow late rude expensive overpriced broke broken damag crash bug worst
disappoint poor useless annoy frustrat confus problem issue fail lost cancel complain mess unhelpful
ignor wrong worse hate unacceptable ridiculous missing never nightmare waste dirty delay stuck error
overcharg scam unreliable difficult hard painful
`;

const INTENSIFIERS = new Set([
  "очень",
  "крайне",
  "совсем",
  "абсолютно",
  "просто",
  "very",
  "extremely",
  "really",
  "so",
  "super",
  "totally",
  "absolutely",
]);
const CONTRAST = new Set(["но", "однако", "зато", "хотя", "but", "however", "although", "though"]);

const words = (s: string) => s.split(/\s+/).filter(Boolean);
const POS = words(POSITIVE);
const NEG = words(NEGATIVE);

const SHORT_SUFFIX = /^(s|es|d|ed|ly|ing|er|est|y)?$/;

/** An entry matches the beginning of a word; short English entries only with an inflection after them. */
function entryMatches(entry: string, word: string): boolean {
  if (!word.startsWith(entry)) return false;
  if (entry.length > 4 || !/^[a-z]+$/.test(entry)) return true;
  return SHORT_SUFFIX.test(word.slice(entry.length));
}

function polarity(t: Token): number {
  // Longest matching entry wins, so "неудобн" (negative) beats "удобн" inside it.
  let best = 0;
  let len = 0;
  for (const p of POS) if (p.length > len && entryMatches(p, t.word)) [best, len] = [1, p.length];
  for (const p of NEG) if (p.length > len && entryMatches(p, t.word)) [best, len] = [-1, p.length];
  return best;
}

/** The lexicon score in −1..1 (tanh of the weighted sum of word polarities). */
export function lexiconScore(text: string | Token[]): { score: number; terms: string[] } {
  const tokens = typeof text === "string" ? tokenize(text) : text;
  const contrastAt = tokens.findLastIndex((t) => CONTRAST.has(t.word));
  let sum = 0;
  const terms: string[] = [];
  tokens.forEach((t, i) => {
    let p = polarity(t);
    if (!p) return;
    terms.push(t.word);
    if (t.negated) p = p > 0 ? -p : p * -0.5;
    const prev = tokens[i - 1];
    if (prev && INTENSIFIERS.has(prev.word)) p *= 1.5;
    if (contrastAt >= 0) p *= i > contrastAt ? 1.5 : 0.75;
    sum += p;
  });
  return { score: Math.tanh(sum / 2), terms };
}

/** The sentiment a score group suggests: −1 detractor/low, +1 promoter/high, 0 otherwise. */
export function groupPrior(group: string | null | undefined, npsScore?: number | null): number | null {
  if (npsScore !== null && npsScore !== undefined)
    return npsScore <= 4 ? -1 : npsScore <= 6 ? -0.6 : npsScore <= 8 ? 0 : 1;
  if (group === "low" || group === "detractor") return -1;
  if (group === "high" || group === "promoter") return 1;
  if (group === "neutral" || group === "passive") return 0;
  return null;
}

export interface SentimentResult {
  sentiment: Sentiment;
  /** −1..1 */
  score: number;
  terms: string[];
}

/** Lexicon score blended 65/35 with the score group; positive above 0.2, negative below −0.2. */
export function sentimentOf(
  text: string | Token[],
  score: { group?: string | null; npsScore?: number | null } = {},
): SentimentResult {
  const lex = lexiconScore(text);
  const prior = groupPrior(score.group, score.npsScore);
  const blended = prior === null ? lex.score : 0.65 * lex.score + 0.35 * prior;
  const sentiment: Sentiment = blended > 0.2 ? "positive" : blended < -0.2 ? "negative" : "neutral";
  return { sentiment, score: blended, terms: lex.terms };
}
