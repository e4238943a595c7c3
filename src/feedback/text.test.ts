import { describe, expect, it } from "vitest";
import { compilePattern, matchRules } from "./rules.js";
import { sentimentOf } from "./sentiment.js";
import { detectLanguage, features, stemWord, tokenize } from "./text.js";

describe("text", () => {
  it("stems Russian and English words by their script", () => {
    expect(stemWord("доставки")).toBe(stemWord("доставка"));
    expect(stemWord("Курьеры")).toBe(stemWord("курьер"));
    expect(stemWord("ёлка")).toBe(stemWord("елка"));
    expect(stemWord("prices")).toBe(stemWord("price"));
    expect(stemWord("delivered")).toBe(stemWord("delivering"));
  });

  it("marks negated words within the clause only", () => {
    const t = tokenize("Курьер не приехал, доставка опоздала. I don't like it");
    const negated = t.filter((x) => x.negated).map((x) => x.word);
    expect(negated).toEqual(["приехал", "like", "it"]);
  });

  it("detects the language and builds features with bigrams and negation", () => {
    expect(detectLanguage("Приложение app вылетает")).toBe("ru");
    expect(detectLanguage("The app crashes")).toBe("en");
    expect(features("Служба поддержки не отвечает")).toEqual([
      "служб",
      "служб_поддержк",
      "поддержк",
      "поддержк_отвеча",
      "не_отвеча",
    ]);
  });
});

describe("rules", () => {
  const sets = [
    {
      id: "delivery",
      patterns: ["доставк*", "курьер", "pick-up point"].flatMap((p) => compilePattern(p) ?? []),
    },
    { id: "support", patterns: ["служба поддержки"].flatMap((p) => compilePattern(p) ?? []) },
  ];

  it("matches stems, beginnings and phrases", () => {
    expect(matchRules("Курьеры опять опоздали", sets)).toEqual([
      { id: "delivery", weight: 1, terms: ["курьер"] },
    ]);
    expect(matchRules("Службу поддержки не дозваться", sets)).toEqual([
      { id: "support", weight: 2, terms: ["служба поддержки"] },
    ]);
    expect(matchRules("The pick-up point was closed", sets)[0]?.weight).toBe(2);
    expect(matchRules("Всё хорошо", sets)).toEqual([]);
  });
});

describe("sentiment", () => {
  it.each([
    ["Всё отлично, спасибо!", "positive"],
    ["Не понравилось, очень долго", "negative"],
    ["Товар хороший, но доставка ужасная", "negative"],
    ["The app keeps crashing", "negative"],
    ["Great support, thank you", "positive"],
    ["Обычный заказ", "neutral"],
  ])("%s → %s", (text, expected) => {
    expect(sentimentOf(text).sentiment).toBe(expected);
  });

  it("leans on the score when the words say little", () => {
    expect(sentimentOf("Ну такое", { npsScore: 2 }).sentiment).toBe("negative");
    expect(sentimentOf("Ну такое", { npsScore: 10 }).sentiment).toBe("positive");
    expect(sentimentOf("Ну такое", { group: "passive" }).sentiment).toBe("neutral");
  });
});
