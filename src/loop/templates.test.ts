import { describe, expect, it } from "vitest";
import { renderNotification } from "./templates.js";

describe("case notifications", () => {
  it("renders each state in Russian and English", () => {
    const ru = renderNotification("acknowledged", { language: "ru", name: "Анна", reference: "AB12CD34" });
    expect(ru.subject).toBe("Мы получили ваш отзыв");
    expect(ru.body).toContain("Здравствуйте, Анна!");
    expect(ru.body).toContain("AB12CD34");
    const en = renderNotification("in_progress", { language: "en", name: null, reference: "X" });
    expect(en.subject).toBe("We are working on your feedback");
    expect(en.sms).toBe("We are working on your feedback. Case X.");
  });

  it("tells what changed and adds the sorry-bonus code on resolve", () => {
    const r = renderNotification("resolved", {
      language: "en",
      name: "Bob",
      reference: "R1",
      message: "We changed the courier company.",
      promoCode: "SORRY-7",
    });
    expect(r.subject).toBe("Here is what we changed");
    expect(r.body).toContain("We changed the courier company.");
    expect(r.body).toContain("SORRY-7");
  });
});
