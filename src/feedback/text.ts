/**
 * Text normalization for categorization and sentiment: tokens, Snowball stems (Russian and English,
 * from @orama/stemmers) and classifier features. Each word is stemmed by its own script, so a Russian
 * comment that names "app" or "iOS" still matches English keywords. Pure: no IO.
 */
import { stemmer as stemEn } from "@orama/stemmers/english";
import { stemmer as stemRu } from "@orama/stemmers/russian";

export type TextLanguage = "ru" | "en";

export interface Token {
  /** Lowercased word with ё → е. */
  word: string;
  stem: string;
  /** True when a negation (не, нет, not, never, …) stands within the two words before it, in the same clause. */
  negated: boolean;
}

const CYRILLIC = /\p{Script=Cyrillic}/u;
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

const NEGATIONS = new Set(["не", "нет", "ни", "без", "никак", "not", "no", "never", "without", "nothing"]);

/** Function words that carry no topic; negations are kept apart (sentiment reads them). */
const STOPWORDS = new Set([
  ..."и в во на с со к ко по за из у о об от до для что как это то же ли бы вы мы я он она они оно их его ее мне меня нас вас мой моя мое мои ваш ваша ваши наш наша а но или да уже еще очень так там тут все всё был была были было быть есть при про через после только когда чтобы если даже".split(
    " ",
  ),
  ..."a an the and or but of to in on at for with from by is are was were be been being it its this that these those i me my we our you your he she they them their as so very just have has had do does did will would can could there here than then about into also".split(
    " ",
  ),
]);

const normalize = (s: string) => s.toLowerCase().replaceAll("ё", "е");

/** Russian when Cyrillic letters outnumber Latin ones. */
export function detectLanguage(text: string): TextLanguage {
  let cyr = 0;
  let lat = 0;
  for (const ch of text) {
    if (CYRILLIC.test(ch)) cyr++;
    else if (/[a-z]/i.test(ch)) lat++;
  }
  return cyr >= lat && cyr > 0 ? "ru" : "en";
}

/** The Snowball stem of one lowercased word, by its script. */
export function stemWord(word: string): string {
  const w = normalize(word);
  if (CYRILLIC.test(w)) return stemRu(w);
  if (/^[a-z]+$/.test(w)) return stemEn(w);
  return w;
}

/** Splits text into tokens; English contractions ("don't") become the word plus a negation. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let negateLeft = 0;
  let end = 0;
  const lower = normalize(text);
  for (const m of lower.matchAll(WORD)) {
    // A negation reaches at most two words and never past punctuation.
    if (/[.,!?;:()]/.test(lower.slice(end, m.index))) negateLeft = 0;
    end = m.index + m[0].length;
    let word = m[0].replaceAll("’", "'");
    let negation = NEGATIONS.has(word);
    if (word.endsWith("n't")) {
      word = word.slice(0, -3);
      negation = true;
    } else if (word.includes("'")) word = word.slice(0, word.indexOf("'"));
    if (word) out.push({ word, stem: stemWord(word), negated: negateLeft > 0 && !negation });
    if (negation) negateLeft = 2;
    else if (negateLeft > 0) negateLeft--;
  }
  return out;
}

export const isStopword = (word: string) => STOPWORDS.has(word) || NEGATIONS.has(word);

/**
 * Classifier features of a text: distinct stems of content words, negated ones marked ("не_работа"),
 * and adjacent-stem bigrams, so "не работает" and "служба поддержки" stay distinguishable.
 */
export function features(text: string): string[] {
  const tokens = tokenize(text).filter((t) => !isStopword(t.word) && !/^\d+$/.test(t.word));
  const set = new Set<string>();
  tokens.forEach((t, i) => {
    set.add(t.negated ? `не_${t.stem}` : t.stem);
    const next = tokens[i + 1];
    if (next) set.add(`${t.stem}_${next.stem}`);
  });
  return [...set];
}
