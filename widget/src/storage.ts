/**
 * What the page remembers per survey in localStorage (`otklik:{surveyId}`): the client key that makes
 * every save update the same response, the answers so far, the current step and whether it was sent.
 * Works without storage too (private mode): then it lives only as long as the page.
 *
 * One link, one response. Reloading the same link continues the same response, and once it is sent a
 * reload shows the thank-you screen again instead of a fresh survey: one person answering twice would
 * count twice in the score. A link that differs in what identifies the occasion — another personal
 * token, or other hidden fields such as `?order=…` — is another occasion (the next order, the next
 * ticket), so it starts a new response; so does progress older than {@link MAX_AGE}.
 */
import type { AnswerMap } from "../../src/surveys/logic.js";
import type { TAttributes } from "./types.js";

export interface Progress {
  /** 32 hex chars; the server upserts the response by it. */
  key: string;
  /** The personal token and hidden fields of the link this progress belongs to (see {@link linkScope}). */
  scope: string;
  answers: AnswerMap;
  /** Id of the question on screen. */
  step?: string;
  /** The answers (JSON) the server last acknowledged, so unchanged answers are not sent again. */
  sent?: string;
  done?: boolean;
  /** Last change, ms since epoch. */
  at: number;
}

const MAX_AGE = 30 * 24 * 3600 * 1000;
const KEY_RE = /^[A-Za-z0-9_-]{22,64}$/;
const storageKey = (surveyId: string) => `otklik:${surveyId}`;

/** A random 128-bit key as 32 hex characters (getRandomValues works on plain-http pages too). */
export function newClientKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** What makes two links the same occasion: the token and the hidden fields, in a stable order. */
export function linkScope(token: string | null, attributes: TAttributes): string {
  const sorted = Object.keys(attributes)
    .sort()
    .map((k) => [k, attributes[k]]);
  return JSON.stringify([token, sorted]);
}

/** The saved progress for this survey and link, or a fresh one when there is none or it is stale. */
export function loadProgress(surveyId: string, scope: string, now = Date.now()): Progress {
  try {
    const raw = localStorage.getItem(storageKey(surveyId));
    const p = raw ? (JSON.parse(raw) as Partial<Progress> | null) : null;
    if (
      p &&
      typeof p.key === "string" &&
      KEY_RE.test(p.key) &&
      p.scope === scope &&
      p.answers &&
      typeof p.answers === "object" &&
      typeof p.at === "number" &&
      now - p.at < MAX_AGE
    ) {
      return {
        key: p.key,
        scope,
        answers: p.answers,
        step: typeof p.step === "string" ? p.step : undefined,
        sent: typeof p.sent === "string" ? p.sent : undefined,
        done: p.done === true,
        at: p.at,
      };
    }
  } catch {
    // unreadable or unavailable storage: start over
  }
  return { key: newClientKey(), scope, answers: {}, at: now };
}

export function saveProgress(surveyId: string, p: Progress): void {
  p.at = Date.now();
  try {
    localStorage.setItem(storageKey(surveyId), JSON.stringify(p));
  } catch {
    // storage full or disabled: the page still works, it just cannot resume after a reload
  }
}
