/**
 * The answer control of each question type. Score scales are `role="radiogroup"`s of buttons with a roving
 * tabindex: arrow keys move and select, a click (or Enter/Space) selects and moves on to the next question.
 */
import { localize } from "../../src/surveys/logic.js";
import { h, uid } from "./dom.js";
import type { Strings } from "./i18n.js";
import type { TAnswerValue, TLanguage, TQuestion } from "./types.js";

/**
 * How an answer changed: `commit` — a score was clicked (save now and move on); `save` — save now and stay
 * (one CLI statement); `pick` / `draft` — kept locally and saved when the respondent moves on.
 */
export type SetMode = "commit" | "save" | "pick" | "draft";

export interface ControlContext {
  q: TQuestion;
  value: TAnswerValue | undefined;
  lang: TLanguage;
  fallback: TLanguage;
  t: Strings;
  /** Id of the question title, which labels the control. */
  labelledBy: string;
  set(value: TAnswerValue | undefined, mode: SetMode): void;
}

/** The longest open-text answer the page accepts. */
export const TEXT_LIMIT = 2000;

const range = (lo: number, hi: number) => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
const SVG_NS = "http://www.w3.org/2000/svg";

/** A drawn face, from frowning (mood -1) to smiling (1); drawn rather than emoji, which some systems lack. */
function face(mood: number): SVGSVGElement {
  const el = <K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>) => {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    return node;
  };
  const svg = el("svg", {
    viewBox: "0 0 32 32",
    width: 32,
    height: 32,
    fill: "none",
    stroke: "currentColor",
    "stroke-width": 2,
    "stroke-linecap": "round",
    "aria-hidden": "true",
  });
  const corner = 21 - mood;
  svg.append(
    el("circle", { cx: 16, cy: 16, r: 13 }),
    el("circle", { cx: 11.5, cy: 13, r: 1.6, fill: "currentColor", stroke: "none" }),
    el("circle", { cx: 20.5, cy: 13, r: 1.6, fill: "currentColor", stroke: "none" }),
    el("path", { d: `M10.5 ${corner} Q16 ${corner + mood * 6} 21.5 ${corner}` }),
  );
  return svg;
}

interface ScaleOptions {
  values: number[];
  selected: number | undefined;
  labelledBy: string;
  describedBy?: string;
  className: string;
  /** Columns on phones and from 560px up (grids only). */
  cols?: [number, number];
  testid: (v: number) => string;
  content: (v: number) => (Node | string)[];
  buttonClass?: string;
  ariaLabel?: (v: number) => string | undefined;
  refresh?: (button: HTMLButtonElement, v: number, selected: number | undefined) => void;
  onPick: (v: number, commit: boolean) => void;
}

function radioGroup(o: ScaleOptions): HTMLElement {
  const group = h("div", {
    role: "radiogroup",
    class: o.className,
    style: o.cols ? `--c:${o.cols[0]};--w:${o.cols[1]}` : undefined,
    "aria-labelledby": o.labelledBy,
    "aria-describedby": o.describedBy,
  });
  const buttons = o.values.map((v) => {
    const b = h(
      "button",
      {
        type: "button",
        role: "radio",
        class: o.buttonClass ?? "ok-b",
        "data-testid": o.testid(v),
        "aria-label": o.ariaLabel?.(v),
        onclick: () => select(v, true),
      },
      ...o.content(v),
    );
    return b;
  });
  group.append(...buttons);
  const update = (selected: number | undefined) =>
    buttons.forEach((b, i) => {
      const v = o.values[i] as number;
      b.setAttribute("aria-checked", String(v === selected));
      b.tabIndex = (selected === undefined ? i === 0 : v === selected) ? 0 : -1;
      o.refresh?.(b, v, selected);
    });
  const select = (v: number, commit: boolean) => {
    update(v);
    o.onPick(v, commit);
  };
  group.addEventListener("keydown", (e) => {
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const n = buttons.length;
    const moves: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
    const step = moves[e.key];
    const to = e.key === "Home" ? 0 : e.key === "End" ? n - 1 : step !== undefined ? (i + step + n) % n : -1;
    if (i < 0 || to < 0) return;
    e.preventDefault();
    buttons[to]?.focus();
    select(o.values[to] as number, false);
  });
  update(o.selected);
  return group;
}

/** The "0 — Not at all likely … 10 — Extremely likely" line under a number scale. */
function ends(id: string, lo: number, hi: number, low: string, high: string): HTMLElement {
  return h(
    "div",
    { class: "ok-ends", id },
    h("span", {}, h("span", { class: "ok-n" }, `${lo} — `), low),
    h("span", {}, h("span", { class: "ok-n" }, `${hi} — `), high),
  );
}

function numberScale(
  ctx: ControlContext,
  lo: number,
  hi: number,
  cols: [number, number],
  low: string,
  high: string,
) {
  const endsId = uid("ends");
  return h(
    "div",
    {},
    radioGroup({
      values: range(lo, hi),
      selected: typeof ctx.value === "number" ? ctx.value : undefined,
      labelledBy: ctx.labelledBy,
      describedBy: endsId,
      className: "ok-grid",
      cols,
      testid: (v) => `score-${v}`,
      content: (v) => [String(v)],
      onPick: (v, commit) => ctx.set(v, commit ? "commit" : "pick"),
    }),
    ends(endsId, lo, hi, low, high),
  );
}

function labelledScale(ctx: ControlContext, labels: string[], lo = 1) {
  return radioGroup({
    values: range(lo, lo + labels.length - 1),
    selected: typeof ctx.value === "number" ? ctx.value : undefined,
    labelledBy: ctx.labelledBy,
    className: "ok-list",
    testid: (v) => `score-${v}`,
    content: (v) => [labels[v - lo] ?? String(v)],
    onPick: (v, commit) => ctx.set(v, commit ? "commit" : "pick"),
  });
}

function faces(ctx: ControlContext, scale: number, labels: string[]) {
  return radioGroup({
    values: range(1, scale),
    selected: typeof ctx.value === "number" ? ctx.value : undefined,
    labelledBy: ctx.labelledBy,
    className: "ok-grid",
    cols: [scale, scale],
    buttonClass: "ok-b ok-face",
    testid: (v) => `score-${v}`,
    content: (v) => [
      face(scale > 1 ? ((v - 1) / (scale - 1)) * 2 - 1 : 0),
      h("span", {}, labels[v - 1] ?? ""),
    ],
    onPick: (v, commit) => ctx.set(v, commit ? "commit" : "pick"),
  });
}

function stars(ctx: ControlContext) {
  return radioGroup({
    values: range(1, 5),
    selected: typeof ctx.value === "number" ? ctx.value : undefined,
    labelledBy: ctx.labelledBy,
    className: "ok-stars",
    buttonClass: "ok-star",
    testid: (v) => `score-${v}`,
    ariaLabel: (v) => ctx.t.stars(v),
    content: () => ["★"],
    refresh: (b, v, selected) => b.classList.toggle("on", selected !== undefined && v <= selected),
    onPick: (v, commit) => ctx.set(v, commit ? "commit" : "pick"),
  });
}

function cli(ctx: ControlContext, q: Extract<TQuestion, { type: "cli" }>) {
  const current = (): Record<string, number> =>
    ctx.value && typeof ctx.value === "object" && !Array.isArray(ctx.value) ? { ...ctx.value } : {};
  return h(
    "div",
    {},
    ...q.items.map((item) => {
      const titleId = uid("item");
      const endsId = uid("ends");
      return h(
        "div",
        { class: "ok-item" },
        h("p", { id: titleId }, localize(item.title, ctx.lang, ctx.fallback)),
        radioGroup({
          values: range(1, 6),
          selected: current()[item.id],
          labelledBy: titleId,
          describedBy: endsId,
          className: "ok-grid",
          cols: [6, 6],
          testid: (v) => `cli-${item.id}-${v}`,
          content: (v) => [String(v)],
          onPick: (v, commit) => {
            const next = { ...current(), [item.id]: v };
            ctx.value = next;
            ctx.set(next, commit ? "save" : "pick");
          },
        }),
        ends(endsId, 1, 6, ctx.t.cliLow, ctx.t.cliHigh),
      );
    }),
  );
}

function choice(ctx: ControlContext, q: Extract<TQuestion, { type: "choice" }>) {
  const picked = new Set(Array.isArray(ctx.value) ? ctx.value : []);
  const hintId = uid("hint");
  const inputs = q.options.map((o) =>
    h("input", {
      type: q.multiple ? "checkbox" : "radio",
      name: `ok-${q.id}`,
      value: o.id,
      "data-testid": `option-${o.id}`,
      checked: picked.has(o.id),
      onchange: () =>
        ctx.set(
          inputs.filter((i) => i.checked).map((i) => i.value),
          "draft",
        ),
    }),
  );
  return h(
    "div",
    {},
    q.multiple && h("p", { class: "ok-hint", id: hintId }, ctx.t.chooseMany),
    h(
      "div",
      {
        role: q.multiple ? "group" : "radiogroup",
        class: "ok-list",
        "aria-labelledby": ctx.labelledBy,
        "aria-describedby": q.multiple ? hintId : undefined,
      },
      ...q.options.map((o, i) =>
        h("label", { class: "ok-opt" }, inputs[i], h("span", {}, localize(o.label, ctx.lang, ctx.fallback))),
      ),
    ),
  );
}

function text(ctx: ControlContext, q: Extract<TQuestion, { type: "text" }>) {
  const countId = uid("count");
  const area = h("textarea", {
    id: uid("text"),
    rows: 5,
    maxlength: TEXT_LIMIT,
    "data-testid": `text-${q.id}`,
    "aria-labelledby": ctx.labelledBy,
    "aria-describedby": countId,
    placeholder: localize(q.placeholder, ctx.lang, ctx.fallback) || undefined,
  });
  area.value = typeof ctx.value === "string" ? ctx.value : "";
  const count = h("p", { class: "ok-count", id: countId });
  const update = () => {
    count.textContent = ctx.t.charsLeft(TEXT_LIMIT - area.value.length);
  };
  area.addEventListener("input", () => {
    update();
    ctx.set(area.value.trim() ? area.value : undefined, "draft");
  });
  update();
  return h("div", {}, area, count);
}

/** The control for a question. */
export function control(ctx: ControlContext): HTMLElement {
  const { q, t, lang, fallback } = ctx;
  switch (q.type) {
    case "nps":
      return numberScale(
        ctx,
        0,
        10,
        [6, 11],
        localize(q.lowLabel, lang, fallback) || t.npsLow,
        localize(q.highLabel, lang, fallback) || t.npsHigh,
      );
    case "missus":
      return numberScale(ctx, 1, 10, [5, 10], t.missLow, t.missHigh);
    case "csat": {
      if (q.labels?.length === q.scale)
        return labelledScale(
          ctx,
          q.labels.map((l) => localize(l, lang, fallback)),
        );
      const defaults = t.csat[q.scale];
      if (defaults) return faces(ctx, q.scale, defaults);
      return numberScale(ctx, 1, q.scale, q.scale === 7 ? [7, 7] : [5, 10], t.csatLow, t.csatHigh);
    }
    case "ces":
      return labelledScale(ctx, q.variant === "verbal" ? t.verbal : t.agreement);
    case "rating":
      return stars(ctx);
    case "cli":
      return cli(ctx, q);
    case "choice":
      return choice(ctx, q);
    case "text":
      return text(ctx, q);
  }
}
