/**
 * Customer notifications of a case, in Russian and English: email (subject and body) and a short SMS
 * text. Plain text; the sender escapes it for HTML.
 */

export type NotificationTemplate = "acknowledged" | "in_progress" | "resolved";

export interface TemplateInput {
  language: string;
  name: string | null;
  reference: string;
  message?: string;
  promoCode?: string | null;
}

export interface RenderedNotification {
  subject: string;
  body: string;
  sms: string;
}

type Lang = "ru" | "en";

const TEXT: Record<Lang, Record<NotificationTemplate, { subject: string; lead: string; sms: string }>> = {
  ru: {
    acknowledged: {
      subject: "Мы получили ваш отзыв",
      lead: "Спасибо за ваш отзыв. Мы его получили и уже разбираемся.",
      sms: "Мы получили ваш отзыв и уже разбираемся. Обращение",
    },
    in_progress: {
      subject: "Мы работаем над вашим отзывом",
      lead: "Мы взяли ваш отзыв в работу и сообщим, когда всё исправим.",
      sms: "Мы работаем над вашим отзывом. Обращение",
    },
    resolved: {
      subject: "Мы решили вопрос из вашего отзыва",
      lead: "Мы разобрались с вопросом из вашего отзыва.",
      sms: "Мы решили вопрос из вашего отзыва. Обращение",
    },
  },
  en: {
    acknowledged: {
      subject: "We received your feedback",
      lead: "Thank you for your feedback. We received it and are looking into it.",
      sms: "We received your feedback and are looking into it. Case",
    },
    in_progress: {
      subject: "We are working on your feedback",
      lead: "We are working on your feedback and will let you know when it is fixed.",
      sms: "We are working on your feedback. Case",
    },
    resolved: {
      subject: "Here is what we changed",
      lead: "We have dealt with the issue you told us about.",
      sms: "We have resolved the issue from your feedback. Case",
    },
  },
};

const WORDS: Record<
  Lang,
  { hello: (name: string | null) => string; reference: string; changed: string; promo: string; sign: string }
> = {
  ru: {
    hello: (n) => (n ? `Здравствуйте, ${n}!` : "Здравствуйте!"),
    reference: "Номер обращения",
    changed: "Что мы сделали:",
    promo: "В знак извинения дарим вам промокод:",
    sign: "С уважением, команда заботы о клиентах",
  },
  en: {
    hello: (n) => (n ? `Hello ${n},` : "Hello,"),
    reference: "Case reference",
    changed: "What we changed:",
    promo: "As an apology, here is a promo code for you:",
    sign: "Kind regards, the customer care team",
  },
};

export function renderNotification(
  template: NotificationTemplate,
  input: TemplateInput,
): RenderedNotification {
  const lang: Lang = input.language === "ru" ? "ru" : "en";
  const t = TEXT[lang][template];
  const w = WORDS[lang];
  const lines = [w.hello(input.name), "", t.lead];
  if (input.message) lines.push("", w.changed, input.message);
  if (template === "resolved" && input.promoCode) lines.push("", `${w.promo} ${input.promoCode}`);
  lines.push("", `${w.reference}: ${input.reference}`, "", w.sign);
  return { subject: t.subject, body: lines.join("\n"), sms: `${t.sms} ${input.reference}.` };
}

/** Where the sender puts the customer's referral link (the public URL is known only when sending). */
export const REFERRAL_LINK_PLACEHOLDER = "{{referralLink}}";

const REFERRAL: Record<Lang, { subject: string; lead: string; ask: string; sms: string }> = {
  ru: {
    subject: "Спасибо за высокую оценку!",
    lead: "Спасибо, что высоко оценили нас — нам очень приятно.",
    ask: "Если вы порекомендуете нас друзьям, вот ваша личная ссылка для них:",
    sms: "Спасибо за высокую оценку! Ваша ссылка для друзей:",
  },
  en: {
    subject: "Thank you for the great score!",
    lead: "Thank you for rating us so highly — it means a lot to us.",
    ask: "If you would recommend us to a friend, here is your personal link to share:",
    sms: "Thank you for the great score! Your link for friends:",
  },
};

/** The promoter playbook's referral request with the customer's personal link. */
export function renderReferralRequest(input: {
  language: string;
  name: string | null;
}): RenderedNotification {
  const lang: Lang = input.language === "ru" ? "ru" : "en";
  const t = REFERRAL[lang];
  const w = WORDS[lang];
  const body = [w.hello(input.name), "", t.lead, "", t.ask, REFERRAL_LINK_PLACEHOLDER, "", w.sign].join("\n");
  return { subject: t.subject, body, sms: `${t.sms} ${REFERRAL_LINK_PLACEHOLDER}` };
}
