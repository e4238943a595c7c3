/**
 * Saving answers: `PUT {apiBase}/api/public/surveys/{id}/responses/{clientKey}`. Saves run one at a time
 * so an older partial save can never land after a newer one (or after the final, complete one); a save
 * still waiting in the queue picks up the latest answers when it starts.
 */
import type { TAnswerValue, TAttributes, TLanguage } from "./types.js";

export type SaveOutcome =
  | { ok: true }
  /** network: offline, timeout, 5xx or 429 (worth retrying); gone: survey closed; token: bad personal link. */
  | { ok: false; reason: "network" | "gone" | "token" | "rejected"; message?: string };

export interface SaveRequest {
  answers: Record<string, TAnswerValue>;
  attributes: TAttributes;
  language: TLanguage;
  complete: boolean;
  token: string | null;
}

const TIMEOUT_MS = 15_000;

export async function putResponse(url: string, body: SaveRequest): Promise<SaveOutcome> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const json = JSON.stringify(body);
    const res = await fetch(url, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: json,
      signal: controller.signal,
      // Lets a save started just before the tab closes finish (the limit for keepalive bodies is 64 KB).
      keepalive: json.length < 60_000,
      credentials: "same-origin",
    });
    if (res.ok) return { ok: true };
    if (res.status >= 500 || res.status === 429 || res.status === 408)
      return { ok: false, reason: "network" };
    const err = (
      (await res.json().catch(() => null)) as { error?: { message?: string; field?: string } } | null
    )?.error;
    if (res.status === 404 || res.status === 410) return { ok: false, reason: "gone" };
    if (err?.field === "token") return { ok: false, reason: "token" };
    return { ok: false, reason: "rejected", message: err?.message };
  } catch {
    return { ok: false, reason: "network" };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A serial save queue. `build(complete)` is called when the request actually starts and returns the
 * body, or null when there is nothing new to send.
 */
export function createSaver(
  url: string,
  build: (complete: boolean) => SaveRequest | null,
  onSaved: (body: SaveRequest) => void,
) {
  let chain: Promise<unknown> = Promise.resolve();
  let waiting: Promise<SaveOutcome> | null = null;
  return function save(complete: boolean): Promise<SaveOutcome> {
    // A partial save not yet started will send the latest answers anyway.
    if (waiting && !complete) return waiting;
    const run: Promise<SaveOutcome> = chain.then(async () => {
      if (waiting === run) waiting = null;
      const body = build(complete);
      if (!body) return { ok: true } as const;
      const outcome = await putResponse(url, body);
      if (outcome.ok) onSaved(body);
      return outcome;
    });
    waiting = run;
    chain = run;
    return run;
  };
}
