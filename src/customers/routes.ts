import type { FastifyInstance } from "fastify";
import { type ZodType, z } from "zod";
import { principal, requireScope } from "../http/auth-hooks.js";
import type { App, AppContext } from "../http/context.js";
import { ImportFailed, importCsv } from "./csv-import.js";
import { upsertRecords } from "./ingest.js";
import type { EntityInputs } from "./records.js";
import {
  ENTITY_INPUT,
  MAX_BATCH,
  type TEntity,
  ZEntity,
  ZImportFailure,
  ZImportResult,
  ZUpsertResult,
} from "./schema.js";

const tags = ["customer data"];

/** Each entity's path and the key of its batch body. */
const ENDPOINTS: { entity: TEntity; path: string; what: string }[] = [
  { entity: "customers", path: "customers", what: "customer profiles" },
  { entity: "orders", path: "orders", what: "orders" },
  { entity: "subscriptions", path: "subscriptions", what: "subscriptions" },
  { entity: "costs", path: "costs", what: "costs" },
  { entity: "usage", path: "usage-events", what: "usage events" },
];

function batchBody(entity: TEntity): ZodType {
  const item = ENTITY_INPUT[entity];
  return z.union([item, z.object({ [entity]: z.array(item).min(1).max(MAX_BATCH) })]);
}

export async function customerDataRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;

  for (const { entity, path, what } of ENDPOINTS) {
    app.post(
      `/api/v1/${path}`,
      {
        schema: {
          tags,
          description: `Stores one of ${what}, or up to ${MAX_BATCH} as { "${entity}": [...] }. Idempotent by externalId: sending a record again updates it. A batch is stored whole or not at all; a problem names the record and field (\`${entity}.3.amount\`). See docs/customer-data.md.`,
          body: batchBody(entity),
          response: { 201: ZUpsertResult },
        },
        preHandler: requireScope("customers:write"),
      },
      async (request, reply) => {
        const { workspaceId } = principal(request);
        const body = request.body as Record<string, unknown>;
        const batch = body[entity];
        const inputs = (Array.isArray(batch) ? batch : [body]) as EntityInputs[TEntity][];
        const result = await upsertRecords(db, workspaceId, entity, inputs, {
          now: ctx.now(),
          fieldPrefix: Array.isArray(batch) ? undefined : () => "",
        });
        return reply.status(201).send(result);
      },
    );
  }

  // CSV bodies reach the handler as a stream; the parser is scoped to these routes.
  await app.register(async (child: FastifyInstance) => {
    const scoped = child as unknown as App;
    scoped.addContentTypeParser(["text/csv", "text/plain"], (_request, payload, done) => done(null, payload));
    scoped.post(
      "/api/v1/imports/:entity",
      {
        schema: {
          tags,
          description:
            "Imports a CSV file of one entity (customers, orders, subscriptions, costs, usage) sent as the request body with Content-Type text/csv; columns as in docs/customer-data.md. Every row is checked first: with any problem nothing is written and the answer (400) lists the problems by file line and column, unless skipBadRows=true (bad rows are left out and listed). dryRun=true checks without writing. Idempotent by external id.",
          params: z.object({ entity: ZEntity }),
          querystring: z.object({
            skipBadRows: z.stringbool().default(false),
            dryRun: z.stringbool().default(false),
          }),
          response: { 200: ZImportResult, 400: ZImportFailure },
        },
        preHandler: requireScope("customers:write"),
      },
      async (request, reply) => {
        const { workspaceId } = principal(request);
        const body = request.body as NodeJS.ReadableStream | undefined;
        if (!body || typeof body.pipe !== "function") {
          return reply.status(400).send({
            error: {
              code: "validation_failed",
              message: "send the CSV file as a text/csv body",
              field: "body",
            },
            problems: [],
          });
        }
        try {
          return await importCsv(db, workspaceId, request.params.entity, body as never, {
            now: ctx.now(),
            skipBadRows: request.query.skipBadRows,
            dryRun: request.query.dryRun,
          });
        } catch (error) {
          if (!(error instanceof ImportFailed)) throw error;
          const first = error.problems[0];
          return reply.status(400).send({
            error: {
              code: "validation_failed",
              message: error.message,
              field: first ? `line ${first.line}${first.column ? `: ${first.column}` : ""}` : undefined,
            },
            problems: error.problems,
          });
        }
      },
    );
  });
}
