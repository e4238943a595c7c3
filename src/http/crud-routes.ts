import type { preHandlerHookHandler } from "fastify";
import { z } from "zod";
import { principal } from "./auth-hooks.js";
import type { App } from "./context.js";

/** `:id` in a route path. */
export const ZIdParams = z.object({ id: z.string().uuid() });

/** A workspace's collection of small records (rules, digests…) managed as a whole list. */
export interface CrudSpec<
  T extends z.ZodType,
  I extends z.ZodType,
  P extends z.ZodType,
  Q extends z.ZodType = z.ZodObject,
> {
  /** The collection, e.g. `/api/v1/alerts/rules`; one record is `{path}/:id`. */
  path: string;
  tags: string[];
  /** What a record is, shown on the create operation in the API docs. */
  description: string;
  item: T;
  input: I;
  patch: P;
  /** Filters of the list, if any. */
  listQuery?: Q;
  read: preHandlerHookHandler;
  write: preHandlerHookHandler;
  // Records as the response schema accepts them (`z.input`: what the reply serializer validates).
  list: (workspaceId: string, query: z.infer<Q>) => Promise<z.input<T>[]>;
  create: (workspaceId: string, body: z.infer<I>) => Promise<z.input<T>>;
  get: (workspaceId: string, id: string) => Promise<z.input<T>>;
  update: (workspaceId: string, id: string, body: z.infer<P>) => Promise<z.input<T>>;
  remove: (workspaceId: string, id: string) => Promise<void>;
}

/**
 * The five routes of such a collection, alike everywhere: list (`{items}`), create (201), get, patch
 * (only the named fields change) and delete (204); ids are UUIDs, everything is scoped to the caller's
 * workspace. The spec's functions are typed against its schemas; the routes see them as plain
 * schemas, since Fastify cannot resolve its reply types for a schema left generic.
 */
export function crudRoutes<
  T extends z.ZodType,
  I extends z.ZodType,
  P extends z.ZodType,
  Q extends z.ZodType = z.ZodObject,
>(app: App, s: CrudSpec<T, I, P, Q>): void {
  const { tags, read, write } = s;
  const item: z.ZodType = s.item;
  const input: z.ZodType = s.input;
  const patch: z.ZodType = s.patch;
  const querystring: z.ZodType = s.listQuery ?? z.object({});
  const ws = (request: Parameters<typeof principal>[0]) => principal(request).workspaceId;
  app.get(
    s.path,
    {
      schema: { tags, querystring, response: { 200: z.object({ items: z.array(item) }) } },
      preHandler: read,
    },
    async (request) => ({ items: await s.list(ws(request), request.query as z.infer<Q>) }),
  );
  app.post(
    s.path,
    {
      schema: { tags, description: s.description, body: input, response: { 201: item } },
      preHandler: write,
    },
    async (request, reply) => reply.status(201).send(await s.create(ws(request), request.body as z.infer<I>)),
  );
  app.get(
    `${s.path}/:id`,
    { schema: { tags, params: ZIdParams, response: { 200: item } }, preHandler: read },
    async (request) => s.get(ws(request), request.params.id),
  );
  app.patch(
    `${s.path}/:id`,
    { schema: { tags, params: ZIdParams, body: patch, response: { 200: item } }, preHandler: write },
    async (request) => s.update(ws(request), request.params.id, request.body as z.infer<P>),
  );
  app.delete(
    `${s.path}/:id`,
    { schema: { tags, params: ZIdParams }, preHandler: write },
    async (request, reply) => {
      await s.remove(ws(request), request.params.id);
      return reply.status(204).send();
    },
  );
}
