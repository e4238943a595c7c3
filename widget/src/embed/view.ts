/**
 * The survey inside the widget: a popup in the corner or a card inside an element of the page, in its
 * own shadow root. One question at a time, in the order and wording the survey's logic gives (the same
 * logic as the survey page); a clicked score is saved at once, the rest as the visitor moves on.
 */
import {
  type AnswerMap,
  localize,
  questionTitle,
  thankYouScreen,
  visibleQuestions,
} from "../../../src/surveys/logic.js";
import { h } from "../dom.js";
import { palette } from "../theme.js";
import type { SurveyDefinition, TAnswerValue, TLanguage, TQuestion } from "../types.js";
import { CSS } from "./css.js";
import { embedStrings } from "./strings.js";

export interface ViewOptions {
  survey: { id: string; name: string; definition: SurveyDefinition };
  language: TLanguage;
  display: { mode: "popup" | "inline"; selector?: string | null };
  save(answers: AnswerMap, complete: boolean): void;
  onClose(): void;
}

const FACES: Record<number, string> = { 2: "🙁🙂", 3: "🙁😐🙂", 5: "😠🙁😐🙂😍" };
const range = (lo: number, hi: number) => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);

/** Shows the survey; false when the inline target is not on the page. */
export function showSurvey(o: ViewOptions): boolean {
  const def = o.survey.definition;
  const lang = o.language;
  const t = embedStrings(lang);
  const text = (x: Parameters<typeof localize>[0]) => localize(x, lang, def.defaultLanguage);
  const inline = o.display.mode === "inline";
  const target = inline ? document.querySelector(o.display.selector ?? "") : document.body;
  if (!target) return false;
  const host = target.appendChild(h("div", { "data-otklik": "" }));
  const root = host.attachShadow({ mode: "open" });
  const card = h("div", {
    class: `c ${inline ? "inline" : "popup"}`,
    role: inline ? "region" : "dialog",
    "aria-label": o.survey.name,
    style: palette(def.design.primaryColor),
  });
  root.append(h("style", {}, CSS), card);
  const close = () => {
    host.remove();
    o.onClose();
  };

  const answers: AnswerMap = {};
  let current: TQuestion | undefined = visibleQuestions(def, answers)[0];

  const next = () => {
    const shown = visibleQuestions(def, answers);
    current = current ? shown[shown.indexOf(current) + 1] : undefined;
    if (!current) o.save(answers, true);
    render();
  };
  const set = (value: TAnswerValue, advance: boolean) => {
    if (!current) return;
    answers[current.id] = value;
    o.save(answers, false);
    if (advance) next();
  };
  const button = (label: string, onclick: () => void, cls = "b", aria?: string) =>
    h("button", { type: "button", class: cls, onclick, "aria-label": aria, title: aria }, label);
  const ends = (low: string, high: string) =>
    h("div", { class: "e" }, h("span", {}, low), h("span", {}, high));
  const scale = (values: number[], label: (v: number) => string, aria?: (v: number) => string, cls = "b") =>
    h(
      "div",
      { class: "g", style: `--n:${values.length}`, role: "group" },
      ...values.map((v) => button(label(v), () => set(v, true), cls, aria?.(v))),
    );
  const nextButton = (onclick: () => void) =>
    h(
      "div",
      { class: "n" },
      button(current === visibleQuestions(def, answers).at(-1) ? t.send : t.next, onclick, "p"),
    );

  function control(q: TQuestion): Node[] {
    switch (q.type) {
      case "nps":
        return [
          scale(range(0, 10), String),
          ends(q.lowLabel ? text(q.lowLabel) : t.low.nps, q.highLabel ? text(q.highLabel) : t.high.nps),
        ];
      case "missus":
        return [scale(range(1, 10), String), ends(t.low.missus, t.high.missus)];
      case "ces":
        return [scale(range(1, 7), String), ends(t.low.ces, t.high.ces)];
      case "rating":
        return [
          scale(
            range(1, 5),
            () => "★",
            (v) => `${v} ${t.stars}`,
            "b s",
          ),
        ];
      case "csat": {
        const faces = FACES[q.scale];
        const labels = range(1, q.scale).map(
          (v, i) => (q.labels?.[i] ? text(q.labels[i]) : t.csat[q.scale]?.[i]) ?? String(v),
        );
        return faces
          ? [
              scale(
                range(1, q.scale),
                (v) => [...faces][v - 1] ?? String(v),
                (v) => labels[v - 1] ?? "",
                "b f",
              ),
              ends(labels[0] ?? "", labels.at(-1) ?? ""),
            ]
          : [scale(range(1, q.scale), String), ends(t.low.csat, t.high.csat)];
      }
      case "choice": {
        const picked = new Set<string>();
        const list = h(
          "div",
          { class: "l", role: "group" },
          ...q.options.map((opt) => {
            const b = button(text(opt.label), () => {
              if (!q.multiple) return set(opt.id, true);
              if (!picked.delete(opt.id)) picked.add(opt.id);
              b.classList.toggle("on", picked.has(opt.id));
              b.setAttribute("aria-pressed", String(picked.has(opt.id)));
            });
            return b;
          }),
        );
        return q.multiple ? [list, nextButton(() => set([...picked], true))] : [list];
      }
      case "text": {
        const area = h("textarea", { maxlength: 2000, "aria-label": text(q.title) });
        return [
          area,
          nextButton(() =>
            area.value.trim() || !q.required ? set(area.value.trim() || null, true) : area.focus(),
          ),
        ];
      }
      case "cli": {
        const items: Record<string, number> = {};
        return [
          ...q.items.map((item) =>
            h(
              "div",
              { class: "i" },
              h("p", {}, text(item.title)),
              h(
                "div",
                { class: "g", style: "--n:6", role: "group" },
                ...range(1, 6).map((v) => {
                  const b = button(String(v), () => {
                    items[item.id] = v;
                    for (const x of b.parentElement?.children ?? []) x.classList.toggle("on", x === b);
                  });
                  return b;
                }),
              ),
            ),
          ),
          ends(t.low.cli, t.high.cli),
          nextButton(() => set({ ...items }, true)),
        ];
      }
    }
  }

  function render() {
    const closer = button("×", close, "x", t.close);
    if (!current) {
      const done = thankYouScreen(def, answers);
      card.replaceChildren(
        closer,
        h("h2", {}, text(done.title)),
        done.body ? h("p", {}, text(done.body)) : "",
      );
      card.setAttribute("data-done", "");
      return;
    }
    const q = current;
    card.replaceChildren(closer, h("h2", {}, text(questionTitle(q, def, answers))), ...control(q));
  }

  render();
  return true;
}
