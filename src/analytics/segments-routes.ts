import { z } from "zod";
import { principal, requireScope } from "../http/auth-hooks.js";
import type { App, AppContext } from "../http/context.js";
import { patchOf } from "../http/patch-schema.js";
import { ZSegment, ZSegmentInput } from "./schema.js";
import * as segments from "./segments-service.js";

const tags = ["segments"];
const ZIdParams = z.object({ id: z.string().uuid() });

/** Saved segments: named filters usable in every metric call as `segmentId`. */
export async function segmentRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;

  app.get(
    "/api/v1/segments",
    {
      schema: { tags, response: { 200: z.object({ items: z.array(ZSegment) }) } },
      preHandler: requireScope("metrics:read"),
    },
    async (request) => ({ items: await segments.listSegments(db, principal(request).workspaceId) }),
  );

  app.get(
    "/api/v1/segments/:id",
    {
      schema: { tags, params: ZIdParams, response: { 200: ZSegment } },
      preHandler: requireScope("metrics:read"),
    },
    async (request) => segments.getSegment(db, principal(request).workspaceId, request.params.id),
  );

  app.post(
    "/api/v1/segments",
    {
      schema: { tags, body: ZSegmentInput, response: { 201: ZSegment } },
      preHandler: requireScope("surveys:write"),
    },
    async (request, reply) =>
      reply.status(201).send(await segments.createSegment(db, principal(request).workspaceId, request.body)),
  );

  app.patch(
    "/api/v1/segments/:id",
    {
      schema: { tags, params: ZIdParams, body: patchOf(ZSegmentInput), response: { 200: ZSegment } },
      preHandler: requireScope("surveys:write"),
    },
    async (request) =>
      segments.updateSegment(db, principal(request).workspaceId, request.params.id, request.body, ctx.now()),
  );

  app.delete(
    "/api/v1/segments/:id",
    { schema: { tags, params: ZIdParams }, preHandler: requireScope("surveys:write") },
    async (request, reply) => {
      await segments.deleteSegment(db, principal(request).workspaceId, request.params.id);
      return reply.status(204).send();
    },
  );
}
