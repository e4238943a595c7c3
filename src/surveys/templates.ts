import type { TSurveyInput } from "./schema.js";

/** Ready-made surveys in Russian and English (product.md §1): relational NPS, transactional CSAT, support CES, CLI. */
export interface SurveyTemplate {
  id: string;
  name: { ru: string; en: string };
  description: { ru: string; en: string };
  survey: TSurveyInput;
}

const why = {
  title: { en: "Why did you give this score?", ru: "Почему вы поставили такую оценку?" },
  detractor: {
    en: "We're sorry. What went wrong, and what should we fix first?",
    ru: "Нам жаль. Что пошло не так и что нам исправить в первую очередь?",
  },
  passive: {
    en: "What would make you rate us higher?",
    ru: "Что нам сделать, чтобы вы поставили оценку выше?",
  },
  promoter: {
    en: "Great to hear! What do you like most about us?",
    ru: "Спасибо! Что вам нравится в нас больше всего?",
  },
};

const reasons = [
  { id: "quality", label: { en: "Product quality", ru: "Качество продукта" } },
  { id: "price", label: { en: "Price", ru: "Цена" } },
  { id: "support", label: { en: "Customer support", ru: "Служба поддержки" } },
  { id: "delivery", label: { en: "Delivery", ru: "Доставка" } },
  { id: "website", label: { en: "Website or app", ru: "Сайт или приложение" } },
  { id: "other", label: { en: "Something else", ru: "Другое" } },
];

const thanks = { title: { en: "Thank you for your feedback!", ru: "Спасибо за ваш отзыв!" } };

export const TEMPLATES: SurveyTemplate[] = [
  {
    id: "relational-nps",
    name: { en: "Relational NPS (NPS+)", ru: "Отношенческий NPS (NPS+)" },
    description: {
      en: "How likely customers are to recommend you, why, and which reasons matter. Send quarterly to active customers.",
      ru: "Готовность рекомендовать, причины и ключевые факторы. Отправляйте активным клиентам раз в квартал.",
    },
    survey: {
      name: "Relational NPS",
      kind: "relational",
      status: "active",
      touchpoint: "relationship",
      stage: "loyalty",
      definition: {
        languages: ["en", "ru"],
        defaultLanguage: "en",
        design: { primaryColor: "#4f46e5" },
        questions: [
          {
            id: "nps",
            type: "nps",
            required: true,
            title: {
              en: "How likely are you to recommend us to a friend or colleague?",
              ru: "Насколько вероятно, что вы порекомендуете нас другу или коллеге?",
            },
          },
          {
            id: "reasons",
            type: "choice",
            multiple: true,
            required: false,
            title: {
              en: "What influenced your score most?",
              ru: "Что больше всего повлияло на вашу оценку?",
            },
            showIf: { question: "nps", answered: true },
            options: reasons,
          },
          {
            id: "why",
            type: "text",
            required: false,
            title: why.title,
            showIf: { question: "nps", answered: true },
            variants: [
              { when: { question: "nps", groups: ["detractor"] }, title: why.detractor },
              { when: { question: "nps", groups: ["passive"] }, title: why.passive },
              { when: { question: "nps", groups: ["promoter"] }, title: why.promoter },
            ],
          },
        ],
        thankYou: thanks,
        thankYouVariants: [
          {
            when: { question: "nps", groups: ["promoter"] },
            screen: {
              title: {
                en: "Thank you! Would you share us with a friend?",
                ru: "Спасибо! Расскажете о нас друзьям?",
              },
              body: {
                en: "Your recommendation means a lot to us.",
                ru: "Ваша рекомендация очень важна для нас.",
              },
            },
          },
          {
            when: { question: "nps", groups: ["detractor"] },
            screen: {
              title: { en: "Thank you for being honest.", ru: "Спасибо за честный ответ." },
              body: {
                en: "We read every answer and will get back to you.",
                ru: "Мы читаем каждый ответ и свяжемся с вами.",
              },
            },
          },
        ],
      },
    },
  },
  {
    id: "transactional-csat",
    name: { en: "Transactional CSAT", ru: "Транзакционный CSAT" },
    description: {
      en: "Satisfaction with one purchase or delivery, on a 5-point scale, right after it happened.",
      ru: "Удовлетворённость покупкой или доставкой по 5-балльной шкале сразу после события.",
    },
    survey: {
      name: "Order satisfaction (CSAT)",
      kind: "transactional",
      status: "active",
      touchpoint: "delivery",
      stage: "purchase",
      definition: {
        languages: ["en", "ru"],
        defaultLanguage: "en",
        design: { primaryColor: "#0f766e" },
        questions: [
          {
            id: "csat",
            type: "csat",
            scale: 5,
            required: true,
            title: { en: "How satisfied are you with your order?", ru: "Насколько вы довольны заказом?" },
            labels: [
              { en: "Very dissatisfied", ru: "Совсем не доволен" },
              { en: "Dissatisfied", ru: "Не доволен" },
              { en: "Neutral", ru: "Нейтрально" },
              { en: "Satisfied", ru: "Доволен" },
              { en: "Very satisfied", ru: "Очень доволен" },
            ],
          },
          {
            id: "comment",
            type: "text",
            required: false,
            title: { en: "What could we have done better?", ru: "Что мы могли сделать лучше?" },
            showIf: { question: "csat", groups: ["low"] },
          },
        ],
        thankYou: thanks,
        thankYouVariants: [],
      },
    },
  },
  {
    id: "support-ces",
    name: { en: "Support effort (CES)", ru: "Усилия клиента в поддержке (CES)" },
    description: {
      en: "How easy it was to get an issue solved. Send a few hours after a ticket closes.",
      ru: "Насколько легко было решить вопрос. Отправляйте через несколько часов после закрытия обращения.",
    },
    survey: {
      name: "Support effort (CES)",
      kind: "transactional",
      status: "active",
      touchpoint: "support",
      stage: "service",
      definition: {
        languages: ["en", "ru"],
        defaultLanguage: "en",
        design: { primaryColor: "#b45309" },
        questions: [
          {
            id: "ces",
            type: "ces",
            variant: "agreement",
            required: true,
            title: {
              en: "The company made it easy for me to handle my issue.",
              ru: "Компания позволила мне легко решить мой вопрос.",
            },
          },
          {
            id: "hardest",
            type: "text",
            required: false,
            title: { en: "What was the hardest part?", ru: "Что было самым сложным?" },
            showIf: { question: "ces", max: 4 },
          },
        ],
        thankYou: thanks,
        thankYouVariants: [],
      },
    },
  },
  {
    id: "cli",
    name: { en: "Customer Loyalty Index (CLI)", ru: "Индекс лояльности клиентов (CLI)" },
    description: {
      en: "Three loyalty questions on a 6-point scale (1 = definitely yes). Lower is better.",
      ru: "Три вопроса лояльности по 6-балльной шкале (1 — «определённо да»). Чем ниже, тем лучше.",
    },
    survey: {
      name: "Customer Loyalty Index",
      kind: "relational",
      status: "active",
      touchpoint: "relationship",
      stage: "loyalty",
      definition: {
        languages: ["en", "ru"],
        defaultLanguage: "en",
        design: { primaryColor: "#7c3aed" },
        questions: [
          {
            id: "cli",
            type: "cli",
            required: true,
            title: {
              en: "Please answer three short questions",
              ru: "Ответьте, пожалуйста, на три коротких вопроса",
            },
            items: [
              { id: "recommend", title: { en: "Will you recommend us?", ru: "Порекомендуете ли вы нас?" } },
              { id: "rebuy", title: { en: "Will you buy from us again?", ru: "Купите ли вы у нас снова?" } },
              {
                id: "try_other",
                title: {
                  en: "Will you try our other products?",
                  ru: "Попробуете ли вы другие наши продукты?",
                },
              },
            ],
          },
        ],
        thankYou: thanks,
        thankYouVariants: [],
      },
    },
  },
];

/** A template's survey in one language (the builder offers ru or en) or both. */
export function surveyFromTemplate(templateId: string, language?: "ru" | "en"): TSurveyInput | undefined {
  const t = TEMPLATES.find((x) => x.id === templateId);
  if (!t) return undefined;
  const survey = structuredClone(t.survey);
  if (language) {
    survey.definition.languages = [language];
    survey.definition.defaultLanguage = language;
    survey.name = t.name[language];
  }
  return survey;
}
