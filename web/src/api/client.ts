/**
 * The dashboard's only way to the server: JSON over fetch with the session cookie, the CSRF token on
 * writes, and the API's `{ error: { code, message, field } }` turned into an ApiError.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The request field at fault, e.g. `definition.questions.0.title.ru` or `query.from`. */
    readonly field?: string,
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** The message without the `field: ` prefix validation errors carry. */
  get detail(): string {
    const prefix = this.field ? `${this.field}: ` : "";
    return prefix && this.message.startsWith(prefix) ? this.message.slice(prefix.length) : this.message;
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

let csrfToken: string | null = null;
let onUnauthorized: () => void = () => {};

/** The session's CSRF token, echoed in `X-CSRF-Token` on every write. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when a request answers 401 (the session expired or was signed out elsewhere). */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function queryString(query: Query | undefined): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : "";
}

interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** A 401 is an expected answer (signing in, probing the session): do not redirect to the login page. */
  quiet401?: boolean;
  signal?: AbortSignal;
}

function errorFrom(status: number, data: unknown): ApiError {
  if (data && typeof data === "object" && "error" in data) {
    const e = (data as { error: unknown }).error;
    if (e && typeof e === "object") {
      const { code, message, field } = e as Record<string, unknown>;
      return new ApiError(
        status,
        typeof code === "string" ? code : "error",
        typeof message === "string" ? message : `HTTP ${status}`,
        typeof field === "string" ? field : undefined,
      );
    }
  }
  return new ApiError(status, status >= 500 ? "internal" : "error", `HTTP ${status}`);
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path + queryString(opts.query), {
      method,
      headers,
      credentials: "same-origin",
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw new ApiError(0, "network", "the server cannot be reached");
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    if (res.status === 401 && !opts.quiet401) onUnauthorized();
    throw errorFrom(res.status, data);
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query, opts: Omit<RequestOptions, "query" | "body"> = {}) =>
    request<T>("GET", path, { ...opts, query }),
  post: <T>(path: string, body?: unknown, opts: Omit<RequestOptions, "body"> = {}) =>
    request<T>("POST", path, { ...opts, body }),
  patch: <T>(path: string, body: unknown) => request<T>("PATCH", path, { body }),
  delete: <T = void>(path: string) => request<T>("DELETE", path),
};
