/**
 * SMS and messengers (WhatsApp, Telegram gateways…) through the workspace's HTTP provider: a request
 * built from its URL, method, headers and body template, where `{{phone}}`, `{{text}}` and `{{link}}`
 * are replaced with values escaped for where they land (URL, JSON string, form field).
 */
import type { TSmsProviderStored } from "../schema.js";

export interface SmsVars {
  phone: string;
  text: string;
  link: string;
}

export interface ProviderRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

export type SmsOutcome = { ok: true; detail: string } | { ok: false; detail: string; retry: boolean };

export function fillTemplate(template: string, vars: Record<string, string>, encode: (s: string) => string) {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    name in vars ? encode(vars[name] ?? "") : whole,
  );
}

/** A value inside a JSON string literal: escaped as JSON, without the surrounding quotes. */
const jsonInner = (s: string) => JSON.stringify(s).slice(1, -1);

export function buildRequest(provider: TSmsProviderStored, vars: SmsVars): ProviderRequest {
  const values = { phone: vars.phone, text: vars.text, link: vars.link };
  const contentType =
    Object.entries(provider.headers).find(([k]) => k.toLowerCase() === "content-type")?.[1] ??
    (provider.bodyTemplate.trim().startsWith("{") ? "application/json" : "text/plain; charset=utf-8");
  const encode = /json/i.test(contentType)
    ? jsonInner
    : /x-www-form-urlencoded/i.test(contentType)
      ? encodeURIComponent
      : (s: string) => s;
  const hasBody = provider.method !== "GET";
  const headers = { ...provider.headers };
  if (hasBody && !Object.keys(headers).some((k) => k.toLowerCase() === "content-type"))
    headers["content-type"] = contentType;
  return {
    url: fillTemplate(provider.url, values, encodeURIComponent),
    method: provider.method,
    headers,
    body: hasBody ? fillTemplate(provider.bodyTemplate, values, encode) : undefined,
  };
}

/** Sends one message; 2xx is sent, anything else is reported with the provider's answer. */
export async function sendSms(provider: TSmsProviderStored, vars: SmsVars): Promise<SmsOutcome> {
  const req = buildRequest(provider, vars);
  try {
    const res = await fetch(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      redirect: "error",
      signal: AbortSignal.timeout(15_000),
    });
    const detail = `${res.status} ${(await res.text().catch(() => "")).slice(0, 300)}`.trim();
    if (res.ok) return { ok: true, detail };
    // 429 and 503 say "not now" before anything was sent; other errors are final.
    return { ok: false, detail, retry: res.status === 429 || res.status === 503 };
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    // Refused or unresolvable: the provider never got the message, so another try cannot send it twice.
    const retry = cause === "ECONNREFUSED" || cause === "ENOTFOUND" || cause === "EAI_AGAIN";
    return { ok: false, detail: `no answer from the provider: ${(err as Error).message}`, retry };
  }
}
