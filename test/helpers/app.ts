import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll } from "vitest";
import type { TRole, TScope } from "../../src/auth/schema.js";
import { ZScope } from "../../src/auth/schema.js";
import { addUser, createApiKey, createWorkspace } from "../../src/auth/service.js";
import { type Config, loadConfig } from "../../src/config.js";
import type { DbHandle } from "../../src/db/connection.js";
import { buildApp } from "../../src/http/app.js";
import type { App, AppContext } from "../../src/http/context.js";
import { newId } from "../../src/ids.js";
import type { TestDatabase } from "./db.js";

export interface TestWorld {
  app: App;
  ctx: AppContext;
  /** Moves the app's clock. */
  setNow(d: Date): void;
}

export async function startApp(
  handle: DbHandle,
  opts: { now?: Date; config?: Partial<Config> } = {},
): Promise<TestWorld> {
  let now = opts.now ?? new Date();
  const ctx: AppContext = {
    db: handle.db,
    dbKind: handle.kind,
    config: { ...loadConfig({}), publicUrl: "http://otklik.test", publicRateLimit: 10_000, ...opts.config },
    now: () => now,
  };
  const app = await buildApp(ctx, { logger: false });
  await app.ready();
  return { app, ctx, setNow: (d) => (now = d) };
}

export interface Tenant {
  workspaceId: string;
  key: string;
  /** Calls the API with this tenant's API key. */
  call(method: string, url: string, body?: unknown): Promise<LightMyRequestResponse>;
}

/** A workspace with an owner and an API key holding the given scopes (all by default). */
export async function makeTenant(
  world: TestWorld,
  opts: { scopes?: TScope[]; role?: TRole; email?: string; timeZone?: string } = {},
): Promise<Tenant> {
  const { db } = world.ctx;
  const ws = await createWorkspace(db, {
    name: "Test",
    slug: `t-${newId()}`,
    timeZone: opts.timeZone ?? "UTC",
  });
  await addUser(db, ws.id, {
    email: opts.email ?? `owner-${newId()}@example.com`,
    name: "Owner",
    password: "correct horse battery",
    role: opts.role ?? "owner",
  });
  const { key } = await createApiKey(
    db,
    ws.id,
    { name: "test", scopes: opts.scopes ?? [...ZScope.options] },
    null,
  );
  return {
    workspaceId: ws.id,
    key,
    call: (method, url, body) =>
      world.app.inject({
        method: method as "GET",
        url,
        headers: { authorization: `Bearer ${key}` },
        ...(body === undefined ? {} : { payload: body as object }),
      }),
  };
}

/**
 * A fresh database, an app on it and one tenant for the tests of a describe block: opened before them,
 * closed after. Read the fields inside the tests (they are set once the block starts).
 */
export function useTenantWorld(database: TestDatabase, opts: { now?: Date } = {}) {
  const w = {} as { handle: DbHandle; world: TestWorld; t: Tenant };
  beforeAll(async () => {
    w.handle = await database.open();
    w.world = await startApp(w.handle, opts);
    w.t = await makeTenant(w.world);
  });
  afterAll(async () => {
    await w.world?.app.close();
    await w.handle?.close();
  });
  return w;
}
