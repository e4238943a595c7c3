/** The widget's own words (the survey brings its wording), in the two languages. */
import type { TLanguage } from "../types.js";

const en = {
  next: "Next",
  send: "Send",
  close: "Close",
  low: {
    nps: "Not at all likely",
    missus: "I would not notice",
    ces: "Strongly disagree",
    csat: "Very dissatisfied",
    cli: "Definitely yes",
  },
  high: {
    nps: "Extremely likely",
    missus: "I could not cope without you",
    ces: "Strongly agree",
    csat: "Very satisfied",
    cli: "Definitely no",
  },
  csat: {
    2: ["Bad", "Good"],
    3: ["Poor", "Satisfactory", "Excellent"],
    5: ["Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied"],
  } as Record<number, string[]>,
  stars: "of 5",
};

export type EmbedStrings = typeof en;

const ru: EmbedStrings = {
  next: "Далее",
  send: "Отправить",
  close: "Закрыть",
  low: {
    nps: "Крайне маловероятно",
    missus: "Даже не замечу",
    ces: "Совершенно не согласен",
    csat: "Совсем не доволен",
    cli: "Определённо да",
  },
  high: {
    nps: "Крайне вероятно",
    missus: "Не представляю жизни без вас",
    ces: "Полностью согласен",
    csat: "Очень доволен",
    cli: "Определённо нет",
  },
  csat: {
    2: ["Плохо", "Хорошо"],
    3: ["Плохо", "Удовлетворительно", "Отлично"],
    5: ["Совсем не доволен", "Не доволен", "Нейтрально", "Доволен", "Очень доволен"],
  },
  stars: "из 5",
};

export const embedStrings = (lang: TLanguage): EmbedStrings => (lang === "ru" ? ru : en);
