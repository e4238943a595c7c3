import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Principal } from "../auth/schema.js";
import type { Config } from "../config.js";
import type { Db, DbKind } from "../db/connection.js";

/** What every module's routes get: the database and the configuration. */
export interface AppContext {
  db: Db;
  dbKind: DbKind;
  config: Config;
  /** Injected clock so tests control time. */
  now: () => Date;
}

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

declare module "fastify" {
  interface FastifyRequest {
    principal: Principal | null;
  }
}
