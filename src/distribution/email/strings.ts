/** Every string of invitation emails and the public link pages, in the two languages. */
import type { TLanguage } from "../../surveys/schema.js";

const en = {
  subject: (name: string) => `A quick question from ${name}`,
  greeting: (customer: string | null) => (customer ? `Hello, ${customer}!` : "Hello!"),
  oneClick: "One click is all it takes to answer:",
  openSurvey: "Open the survey",
  orOpen: "Or open the survey in your browser",
  footer: (name: string) => `You received this email because you are a customer of ${name}.`,
  unsubscribe: "Unsubscribe",
  npsLow: "Not at all likely",
  npsHigh: "Extremely likely",
  missLow: "I would not notice",
  missHigh: "I could not cope without you",
  csatLow: "Very dissatisfied",
  csatHigh: "Very satisfied",
  cesLow: "Strongly disagree",
  cesHigh: "Strongly agree",
  stars: (n: number) => `${n} of 5`,
  csat: {
    2: ["Bad", "Good"],
    3: ["Poor", "Satisfactory", "Excellent"],
    5: ["Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied"],
  } as Record<number, string[]>,
  testSubject: "Otklik: test email",
  testBody: "Your SMTP settings work: this test email was delivered.",
  // Public pages behind the links.
  saving: (v: string) => `Saving your answer: ${v}…`,
  confirm: (v: string) => `Confirm my answer: ${v}`,
  continue: "Continue to the survey",
  expired: "This link has expired. Thank you for your time!",
  notFound: "This link is not valid.",
  unsubscribeTitle: "Unsubscribe",
  unsubscribeAsk: (name: string) => `Stop all surveys and messages from ${name}?`,
  unsubscribeButton: "Unsubscribe",
  unsubscribed: (name: string) => `Done: ${name} will not contact you with surveys again.`,
  smsText: "{{name}}: how did we do? It takes 30 seconds: {{link}}",
};

export type EmailStrings = typeof en;

const ru: EmailStrings = {
  subject: (name) => `Короткий вопрос от ${name}`,
  greeting: (customer) => (customer ? `Здравствуйте, ${customer}!` : "Здравствуйте!"),
  oneClick: "Чтобы ответить, достаточно одного клика:",
  openSurvey: "Открыть опрос",
  orOpen: "Или откройте опрос в браузере",
  footer: (name) => `Вы получили это письмо как клиент ${name}.`,
  unsubscribe: "Отписаться",
  npsLow: "Крайне маловероятно",
  npsHigh: "Крайне вероятно",
  missLow: "Даже не замечу",
  missHigh: "Не представляю жизни без вас",
  csatLow: "Совсем не доволен",
  csatHigh: "Очень доволен",
  cesLow: "Совершенно не согласен",
  cesHigh: "Полностью согласен",
  stars: (n) => `${n} из 5`,
  csat: {
    2: ["Плохо", "Хорошо"],
    3: ["Плохо", "Удовлетворительно", "Отлично"],
    5: ["Совсем не доволен", "Не доволен", "Нейтрально", "Доволен", "Очень доволен"],
  },
  testSubject: "Otklik: тестовое письмо",
  testBody: "Настройки SMTP работают: тестовое письмо доставлено.",
  saving: (v) => `Сохраняем ваш ответ: ${v}…`,
  confirm: (v) => `Подтвердить ответ: ${v}`,
  continue: "Перейти к опросу",
  expired: "Срок действия ссылки истёк. Спасибо, что уделили время!",
  notFound: "Ссылка недействительна.",
  unsubscribeTitle: "Отписка",
  unsubscribeAsk: (name) => `Больше не получать опросы и сообщения от ${name}?`,
  unsubscribeButton: "Отписаться",
  unsubscribed: (name) => `Готово: ${name} больше не будет присылать вам опросы.`,
  smsText: "{{name}}: оцените нас, это займёт 30 секунд: {{link}}",
};

export const emailStrings = (lang: TLanguage | string | null | undefined): EmailStrings =>
  lang === "ru" ? ru : en;
