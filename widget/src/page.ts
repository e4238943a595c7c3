/**
 * The survey page: one question per screen, in the order and wording the survey's logic gives for the
 * answers so far. A clicked score is saved at once as a partial response and the page moves on;
 * follow-ups update the same response (one client key per link); Submit completes it and shows the
 * thank-you screen for the respondent's score group.
 */
import {
  type AnswerMap,
  localize,
  questionTitle,
  thankYouScreen,
  visibleQuestions,
} from "../../src/surveys/logic.js";
import { createSaver, type SaveRequest } from "./api.js";
import { control, type SetMode } from "./controls.js";
import { h, safeUrl, uid } from "./dom.js";
import { strings } from "./i18n.js";
import { linkScope, loadProgress, saveProgress } from "./storage.js";
import { palette } from "./theme.js";
import type { Boot, TAnswerValue, TQuestion } from "./types.js";

const DEFAULT_COLOR = "#4f46e5";

/** Whether a value counts as an answer (empty text, no options and no CLI items do not). */
export function answered(v: TAnswerValue | undefined): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === "string") return v.trim() !== "";
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === "object") return Object.keys(v).length > 0;
  return true;
}

/** The page's card, themed with the survey's color. */
function card(mount: HTMLElement, primaryColor = DEFAULT_COLOR): HTMLElement {
  const el = h("div", { class: "ok", style: palette(primaryColor) });
  mount.replaceChildren(el);
  return el;
}

/** A screen with only a message: the survey is closed, the link is not valid, the page failed to load. */
export function messageScreen(target: HTMLElement, message: string, focus = false): void {
  const title = h("h1", { tabindex: -1 }, message);
  target.replaceChildren(
    h("div", { class: "ok-msg" }, h("div", { class: "ok-icon", "aria-hidden": "true" }, "!"), title),
  );
  title.setAttribute("data-testid", "error");
  if (focus) title.focus();
}

export function showMessage(mount: HTMLElement, message: string, primaryColor?: string): void {
  messageScreen(card(mount, primaryColor), message);
}

export function startSurvey(mount: HTMLElement, boot: Boot): void {
  const def = boot.survey.definition;
  const surveyId = boot.survey.id;
  const lang = boot.language;
  const fallback = def.defaultLanguage;
  const t = strings(lang);
  const text = (x: Parameters<typeof localize>[0]) => localize(x, lang, fallback);
  const root = card(mount, def.design.primaryColor);
  const logoUrl = safeUrl(def.design.logoUrl);
  const logo = () => (logoUrl ? h("img", { class: "ok-logo", src: logoUrl, alt: "" }) : null);

  const p = loadProgress(surveyId, linkScope(boot.token, boot.attributes));
  const persist = () => saveProgress(surveyId, p);
  const order = (q: TQuestion) => def.questions.indexOf(q);
  const visible = () => visibleQuestions(def, p.answers);
  const after = (q: TQuestion) => visible().find((x) => order(x) > order(q));
  const before = (q: TQuestion) =>
    visible()
      .filter((x) => order(x) < order(q))
      .pop();
  /** The questions shown so far plus those that may still appear once what they depend on is answered. */
  const reachable = () => {
    const shown = visible();
    return def.questions.filter(
      (x) => shown.includes(x) || (x.showIf !== undefined && !answered(p.answers[x.showIf.question])),
    );
  };
  /** Answers of the questions on the respondent's path; answers to questions no longer shown drop out. */
  const answersShown = (): AnswerMap =>
    Object.fromEntries(
      visible().flatMap((q) => (answered(p.answers[q.id]) ? [[q.id, p.answers[q.id]]] : [])),
    );

  /**
   * The body of a save: every question of the survey, null where there is no answer on the path, so an
   * answer the respondent took back (or whose question the logic now hides) is cleared on the server.
   */
  const build = (complete: boolean): SaveRequest | null => {
    if (p.done) return null;
    const shown = answersShown();
    if (!complete && Object.keys(shown).length === 0) return null;
    const answers = Object.fromEntries(def.questions.map((q) => [q.id, shown[q.id] ?? null]));
    if (!complete && JSON.stringify(answers) === p.sent) return null;
    return { answers, attributes: boot.attributes, language: lang, complete, token: boot.token };
  };
  const save = createSaver(
    `${boot.apiBase}/api/public/surveys/${encodeURIComponent(surveyId)}/responses/${p.key}`,
    build,
    (body) => {
      p.sent = JSON.stringify(body.answers);
      if (body.complete) p.done = true;
      persist();
    },
  );

  let current: TQuestion | undefined;
  let stopped = false;
  let sending = false;
  let alertBox = h("div");
  let alertKind: "check" | "save" | null = null;
  let navBox = h("div");
  let bar = h("div");
  let step = h("p");
  let navShape = "";
  let submitButton: HTMLButtonElement | null = null;

  const clearAlert = () => {
    alertBox.replaceChildren();
    alertKind = null;
  };
  const showAlert = (message: string, kind: "check" | "save", retry?: () => void) => {
    alertKind = kind;
    alertBox.replaceChildren(
      h(
        "p",
        { class: "ok-err", "data-testid": "error" },
        message,
        retry && h("button", { type: "button", "data-testid": "retry", onclick: retry }, t.retry),
      ),
    );
  };
  const stop = (message: string) => {
    stopped = true;
    messageScreen(root, message, true);
  };

  /** Sends the answers; on failure explains what happened and keeps everything for a retry. */
  async function sync(complete: boolean): Promise<boolean> {
    const outcome = await save(complete);
    if (stopped || (p.done && !complete)) return outcome.ok;
    if (outcome.ok) {
      if (alertKind === "save") clearAlert();
      return true;
    }
    if (outcome.reason === "gone") stop(t.gone);
    else if (outcome.reason === "token") stop(t.badLink);
    else {
      if (outcome.reason === "rejected") console.warn("otklik: answers rejected:", outcome.message);
      const message = outcome.reason === "network" ? (complete ? t.submitFailed : t.saveFailed) : t.rejected;
      showAlert(message, "save", () => (complete ? void submit() : void sync(false)));
    }
    return false;
  }

  /** The first problem that keeps the respondent on this question, or null. */
  function problem(q: TQuestion): string | null {
    if (!q.required) return null;
    const v = p.answers[q.id];
    if (q.type === "cli") {
      const items = v && typeof v === "object" && !Array.isArray(v) ? v : {};
      return q.items.every((i) => typeof items[i.id] === "number") ? null : t.requiredItems;
    }
    return answered(v) ? null : t.required;
  }

  function renderNav() {
    if (!current) return;
    const q = current;
    const back = before(q);
    const ahead = reachable();
    const last = !ahead.some((x) => order(x) > order(q));
    const position = Math.max(ahead.indexOf(q), 0);
    bar.style.width = `${Math.round((position / Math.max(ahead.length, 1)) * 100)}%`;
    step.textContent = t.progress(position + 1, ahead.length);
    const shape = `${Boolean(back)}|${last}`;
    if (shape !== navShape) {
      navShape = shape;
      submitButton = last
        ? h("button", { type: "button", class: "ok-btn p", "data-testid": "submit", onclick: submit })
        : null;
      navBox.replaceChildren(
        back
          ? h("button", { type: "button", class: "ok-btn", "data-testid": "back", onclick: goBack }, t.back)
          : "",
        submitButton ??
          h("button", { type: "button", class: "ok-btn p", "data-testid": "next", onclick: goNext }, t.next),
      );
    }
    if (submitButton) {
      // aria-disabled rather than disabled: a disabled button would drop the keyboard focus.
      submitButton.setAttribute("aria-disabled", String(sending));
      submitButton.textContent = sending ? t.sending : t.submit;
    }
  }

  function onSet(q: TQuestion, value: TAnswerValue | undefined, mode: SetMode) {
    if (stopped || q !== current) return;
    if (value === undefined) delete p.answers[q.id];
    else p.answers[q.id] = value;
    persist();
    if (alertKind === "check") clearAlert();
    if (mode === "commit" || mode === "save") void sync(false);
    const next = mode === "commit" ? after(q) : undefined;
    if (next) show(next, true);
    else renderNav();
  }

  function show(q: TQuestion, focus: boolean) {
    current = q;
    p.step = q.id;
    persist();
    const titleId = uid("title");
    const title = h("h1", { id: titleId, tabindex: -1 }, text(questionTitle(q, def, p.answers)));
    alertBox = h("div", { class: "ok-alert", role: "alert" });
    alertKind = null;
    navBox = h("div", { class: "ok-nav" });
    navShape = "";
    bar = h("div");
    step = h("p", { class: "ok-step" });
    root.replaceChildren(
      logo() ?? "",
      // A survey of one question needs no "Question 1 of 1".
      def.questions.length > 1 ? h("div", { class: "ok-bar", "aria-hidden": "true" }, bar) : "",
      def.questions.length > 1 ? step : "",
      title,
      q.description ? h("p", { class: "ok-desc" }, text(q.description)) : "",
      h(
        "div",
        { class: "ok-body" },
        control({
          q,
          value: p.answers[q.id],
          lang,
          fallback,
          t,
          labelledBy: titleId,
          set: (value, mode) => onSet(q, value, mode),
        }),
      ),
      alertBox,
      navBox,
    );
    renderNav();
    if (focus) {
      window.scrollTo(0, 0);
      title.focus();
    }
  }

  function goNext() {
    if (!current) return;
    const issue = problem(current);
    if (issue) return showAlert(issue, "check");
    const next = after(current);
    // "Next" is offered while later questions may still appear; when none did, it sends.
    if (!next) return void submit();
    void sync(false);
    show(next, true);
  }

  function goBack() {
    if (!current) return;
    void sync(false);
    const prev = before(current);
    if (prev) show(prev, true);
  }

  async function submit() {
    if (!current || sending) return;
    const path = visible();
    const missing = path.find((q) => problem(q) !== null);
    if (missing && missing !== current) show(missing, true);
    const issue =
      (missing && problem(missing)) ??
      (path.some((q) => answered(p.answers[q.id])) ? null : t.nothingAnswered);
    if (issue) return showAlert(issue, "check");
    sending = true;
    renderNav();
    const ok = await sync(true);
    sending = false;
    if (ok) showThankYou(true);
    else if (!stopped) renderNav();
  }

  function showThankYou(focus: boolean) {
    current = undefined;
    const screen = thankYouScreen(def, answersShown());
    const link = screen.link && safeUrl(screen.link.url);
    const title = h("h1", { tabindex: -1 }, text(screen.title));
    root.replaceChildren(
      logo() ?? "",
      h(
        "div",
        { class: "ok-done", "data-testid": "thank-you" },
        h("div", { class: "ok-icon", "aria-hidden": "true" }, "✓"),
        title,
        screen.body ? h("p", {}, text(screen.body)) : "",
        link && screen.link
          ? h(
              "a",
              { class: "ok-btn p", href: link, target: "_blank", rel: "noopener" },
              text(screen.link.label),
            )
          : "",
      ),
    );
    if (focus) title.focus();
  }

  // Leaving the page (tab closed, app switched) saves what was typed so far.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden" && current && !stopped) void sync(false);
  });

  if (p.done) {
    showThankYou(false);
    return;
  }
  // Answers already given elsewhere (a score clicked in an email) count unless changed here since.
  let merged = false;
  for (const [id, value] of Object.entries(boot.answers ?? {})) {
    if (def.questions.some((q) => q.id === id) && !answered(p.answers[id]) && answered(value)) {
      p.answers[id] = value;
      merged = true;
    }
  }
  const path = visible();
  const start =
    path.find((q) => q.id === p.step) ??
    path.find((q) => !answered(p.answers[q.id])) ??
    path[path.length - 1] ??
    def.questions[0];
  if (start) show(start, false);
  if (merged) void sync(false);
}
