import type { LightMyRequestResponse } from "fastify";
import type { TestWorld } from "./app.js";

export const TEST_PASSWORD = "correct horse battery";

export interface Session {
  cookie: string;
  csrfToken: string;
  /** The login response (cookie attributes, `/auth/me` body). */
  login: LightMyRequestResponse;
  /** Calls the API with the session cookie; writes send the CSRF token unless `csrf: false`. */
  call(
    method: string,
    url: string,
    body?: unknown,
    opts?: { csrf?: boolean },
  ): Promise<LightMyRequestResponse>;
}

/** Signs in through the API as a dashboard user. */
export async function signIn(
  world: TestWorld,
  email: string,
  password = TEST_PASSWORD,
  workspaceId?: string,
): Promise<Session> {
  const login = await world.app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { email, password, ...(workspaceId ? { workspaceId } : {}) },
  });
  if (login.statusCode !== 200) throw new Error(`login: ${login.statusCode} ${login.body}`);
  const cookie = login.cookies.find((c) => c.name === "otklik_session");
  if (!cookie) throw new Error("login set no session cookie");
  const csrfToken = (login.json() as { csrfToken: string }).csrfToken;
  return {
    cookie: cookie.value,
    csrfToken,
    login,
    call: (method, url, body, opts = {}) =>
      world.app.inject({
        method: method as "GET",
        url,
        cookies: { otklik_session: cookie.value },
        headers: opts.csrf === false ? {} : { "x-csrf-token": csrfToken },
        ...(body === undefined ? {} : { payload: body as object }),
      }),
  };
}
