/** A small client of the HTTP API for CLI commands that act on a running server. */
export interface ApiOptions {
  url: string;
  apiKey: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: { error?: { code?: string; message?: string; field?: string } },
  ) {
    super(body.error?.message ?? `HTTP ${status}`);
  }
}

export function apiOptions(opts: { url?: string; apiKey?: string }): ApiOptions {
  const apiKey = opts.apiKey ?? process.env.OTKLIK_API_KEY;
  if (!apiKey)
    throw new Error(
      "an API key is needed: pass --api-key or set OTKLIK_API_KEY (create one under Settings → API keys)",
    );
  return { url: (opts.url ?? process.env.OTKLIK_URL ?? "http://localhost:3000").replace(/\/$/, ""), apiKey };
}

export async function api<T>(o: ApiOptions, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${o.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${o.apiKey}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : {};
  if (!res.ok) throw new ApiError(res.status, json);
  return json as T;
}
