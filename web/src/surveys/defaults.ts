/**
 * Starting content for new questions and blank surveys, in the survey's languages. This is survey
 * content (what respondents read), so it lives with the survey rather than in the UI messages.
 */
import type { TLanguage, TLocalizedText, TQuestion, TQuestionType, TSurveyInput } from "../api/types.js";

type Both = { ru: string; en: string };

const pick = (text: Both, languages: readonly TLanguage[]): TLocalizedText => {
  const out: TLocalizedText = {};
  for (const l of languages) out[l] = text[l];
  return out;
};

const TITLES: Record<TQuestionType, Both> = {
  nps: {
    en: "How likely are you to recommend us to a friend or colleague?",
    ru: "Насколько вероятно, что вы порекомендуете нас другу или коллеге?",
  },
  csat: { en: "How satisfied are you with our service?", ru: "Насколько вы довольны нашим сервисом?" },
  ces: {
    en: "The company made it easy for me to handle my issue.",
    ru: "Компания позволила мне легко решить мой вопрос.",
  },
  cli: { en: "How likely are you to…", ru: "Насколько вероятно, что вы…" },
  missus: {
    en: "How much would you miss us if we closed tomorrow?",
    ru: "Насколько вам будет нас не хватать, если мы завтра закроемся?",
  },
  rating: { en: "How would you rate us?", ru: "Как вы нас оцените?" },
  choice: { en: "What influenced your score most?", ru: "Что больше всего повлияло на вашу оценку?" },
  text: { en: "Why did you give this score?", ru: "Почему вы поставили такую оценку?" },
};

const CLI_ITEMS: { id: string; title: Both }[] = [
  { id: "recommend", title: { en: "…recommend us to others?", ru: "…порекомендуете нас другим?" } },
  { id: "repurchase", title: { en: "…buy from us again?", ru: "…снова купите у нас?" } },
  {
    id: "other_products",
    title: { en: "…try our other products?", ru: "…попробуете другие наши продукты?" },
  },
];

const OPTIONS: { id: string; label: Both }[] = [
  { id: "quality", label: { en: "Product quality", ru: "Качество продукта" } },
  { id: "price", label: { en: "Price", ru: "Цена" } },
  { id: "support", label: { en: "Customer support", ru: "Служба поддержки" } },
];

/** An id for a new question of this type that no other question uses. */
export function freeId(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}_${i}`)) return `${base}_${i}`;
}

export function newQuestion(
  type: TQuestionType,
  languages: readonly TLanguage[],
  takenIds: string[],
): TQuestion {
  const base = { id: freeId(type, takenIds), title: pick(TITLES[type], languages), required: false };
  switch (type) {
    case "nps":
      return { ...base, type, required: true };
    case "csat":
      return { ...base, type, scale: 5 };
    case "ces":
      return { ...base, type, variant: "agreement" };
    case "cli":
      return { ...base, type, items: CLI_ITEMS.map((i) => ({ id: i.id, title: pick(i.title, languages) })) };
    case "missus":
    case "rating":
      return { ...base, type };
    case "choice":
      return {
        ...base,
        type,
        multiple: true,
        options: OPTIONS.map((o) => ({ id: o.id, label: pick(o.label, languages) })),
      };
    case "text":
      return { ...base, type };
  }
}

export function blankSurvey(name: string, languages: TLanguage[]): TSurveyInput {
  const defaultLanguage = languages[0] ?? "en";
  const nps = newQuestion("nps", languages, []);
  const why = newQuestion("text", languages, [nps.id]);
  return {
    name,
    kind: "relational",
    status: "draft",
    touchpoint: null,
    stage: null,
    definition: {
      languages,
      defaultLanguage,
      questions: [nps, { ...why, id: "why", showIf: { question: nps.id, answered: true } }],
      thankYou: {
        title: pick({ en: "Thank you for your feedback!", ru: "Спасибо за ваш отзыв!" }, languages),
      },
      thankYouVariants: [],
      design: { primaryColor: "#4f46e5" },
    },
  };
}
