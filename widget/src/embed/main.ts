/**
 * The website widget, loaded by one async script tag after a one-line stub:
 *
 *   otklik('init', { key: 'wk_…', language?: 'ru' | 'en' })
 *   otklik('identify', { externalId, email?, name?, language?, attributes? })
 *   otklik('track', 'checkout_completed')
 *
 * It reads the site's page triggers once, then watches for them in the browser (URL match, a tracked
 * event, time on the page, exit intent). When one fires it asks the server whether this visitor may be
 * surveyed now — throttling is decided there — and shows the survey. It reports what happened as
 * `otklik` events on window ({ detail: { type: 'shown' | 'skipped' | 'closed', … } }).
 */
import type { AnswerMap } from "../../../src/surveys/logic.js";
import type { SurveyDefinition, TLanguage } from "../types.js";
import { showSurvey } from "./view.js";

interface Trigger {
  id: string;
  event: string | null;
  urlMatch: string | null;
  secondsOnPage: number | null;
  exitIntent: boolean;
  display: { mode: "popup" | "inline"; selector?: string | null };
}

interface ShowAnswer {
  show: boolean;
  reason?: string;
  token?: string;
  language?: TLanguage;
  survey?: { id: string; name: string; definition: SurveyDefinition };
  display?: Trigger["display"];
}

type Stub = ((...args: unknown[]) => void) & { q?: ArrayLike<unknown>[] };
const w = window as unknown as { otklik?: Stub };
const script = document.currentScript as HTMLScriptElement | null;
const base = script?.src ? new URL(script.src).origin : location.origin;

let key = "";
let customer: Record<string, unknown> | null = null;
let triggers: Trigger[] = [];
let showing = false;
let fired = new Set<string>();
let timers: number[] = [];
let armedAt = Date.now();

const emit = (detail: Record<string, unknown>) => dispatchEvent(new CustomEvent("otklik", { detail }));

/** A random id for this browser (128 bits), kept so an anonymous visitor is throttled as one person. */
function visitorId(): string {
  const make = () =>
    btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))))
      .replace(/\+/g, "-")
      .replace(/\//g, "_")
      .replace(/=+$/, "");
  try {
    const id = localStorage.getItem("otklik:visitor") ?? make();
    localStorage.setItem("otklik:visitor", id);
    return id;
  } catch {
    return make();
  }
}

/** JSON sent as text/plain: a simple cross-origin request, with no preflight round trip. */
async function api<T>(method: string, path: string, body?: unknown): Promise<T | null> {
  try {
    const res = await fetch(`${base}/api/public/widget/${encodeURIComponent(key)}${path}`, {
      method,
      headers: body === undefined ? undefined : { "content-type": "text/plain" },
      body: body === undefined ? undefined : JSON.stringify(body),
      keepalive: method === "PUT",
    });
    return res.ok ? ((await res.json()) as T) : null;
  } catch {
    return null;
  }
}

function matches(t: Trigger): boolean {
  const m = t.urlMatch;
  if (!m) return true;
  if (m.length > 2 && m.startsWith("/") && m.endsWith("/")) {
    try {
      return new RegExp(m.slice(1, -1)).test(location.href);
    } catch {
      return false;
    }
  }
  return location.href.includes(m);
}

/** (Re)starts the page's triggers: on load and after each in-app navigation. */
function arm() {
  for (const id of timers) clearTimeout(id);
  timers = [];
  fired = new Set();
  armedAt = Date.now();
  for (const t of triggers) {
    if (t.event || t.exitIntent || !matches(t)) continue;
    timers.push(window.setTimeout(() => void fire(t), (t.secondsOnPage ?? 0) * 1000));
  }
}

async function fire(t: Trigger) {
  if (showing || fired.has(t.id)) return;
  fired.add(t.id);
  showing = true;
  const answer = await api<ShowAnswer>("POST", "/show", {
    triggerId: t.id,
    visitorId: visitorId(),
    customer,
    url: location.href,
  });
  const { token, survey, language } = answer ?? {};
  if (!answer?.show || !token || !survey || !language) {
    showing = false;
    return emit({ type: "skipped", trigger: t.id, reason: answer?.reason ?? "unavailable" });
  }
  let saving: Promise<unknown> = Promise.resolve();
  const shown = showSurvey({
    survey,
    language,
    display: answer.display ?? t.display,
    // One save at a time, so an older one never lands after a newer one.
    save: (answers: AnswerMap, complete: boolean) => {
      const body = { answers: { ...answers }, complete, language };
      saving = saving.then(() => api("PUT", `/responses/${token}`, body));
    },
    onClose: () => {
      showing = false;
      emit({ type: "closed", trigger: t.id });
    },
  });
  if (!shown) showing = false;
  emit({
    type: shown ? "shown" : "skipped",
    trigger: t.id,
    survey: survey.id,
    reason: shown ? undefined : "no_target",
  });
}

function command(name: unknown, arg?: unknown) {
  const o = (arg && typeof arg === "object" ? arg : {}) as Record<string, unknown>;
  if (name === "init" && typeof o.key === "string") {
    key = o.key;
    if (o.customer && typeof o.customer === "object") customer = o.customer as Record<string, unknown>;
    void api<{ triggers: Trigger[] }>("GET", "/config").then((c) => {
      triggers = c?.triggers ?? [];
      arm();
    });
  } else if (name === "identify" && typeof o.externalId === "string") {
    customer = o;
  } else if (name === "reset") {
    customer = null;
  } else if (name === "track" && typeof arg === "string") {
    for (const t of triggers) if (t.event === arg && matches(t)) void fire(t);
  }
}

addEventListener("mouseout", (e) => {
  if (e.relatedTarget || e.clientY > 0) return;
  for (const t of triggers) {
    if (t.exitIntent && !t.event && matches(t) && Date.now() - armedAt >= (t.secondsOnPage ?? 0) * 1000)
      void fire(t);
  }
});

// In-app navigation (history API) is a new page for the triggers.
for (const method of ["pushState", "replaceState"] as const) {
  const original = history[method];
  history[method] = function (this: History, ...args: Parameters<History["pushState"]>) {
    const before = location.href;
    original.apply(this, args);
    if (location.href !== before) arm();
  };
}
addEventListener("popstate", arm);

const queued = w.otklik?.q ?? [];
w.otklik = (...args: unknown[]) => command(args[0], args[1]);
for (const args of queued) command(args[0], args[1]);
