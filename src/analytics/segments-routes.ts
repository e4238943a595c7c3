import { requireScope } from "../http/auth-hooks.js";
import type { App, AppContext } from "../http/context.js";
import { crudRoutes } from "../http/crud-routes.js";
import { patchOf } from "../http/patch-schema.js";
import { ZSegment, ZSegmentInput } from "./schema.js";
import * as segments from "./segments-service.js";

/** Saved segments: named filters usable in every metric call as `segmentId`. */
export async function segmentRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;
  crudRoutes(app, {
    path: "/api/v1/segments",
    tags: ["segments"],
    description: "A named filter over response fields and response/customer attributes.",
    item: ZSegment,
    input: ZSegmentInput,
    patch: patchOf(ZSegmentInput),
    read: requireScope("metrics:read"),
    write: requireScope("surveys:write"),
    list: (w) => segments.listSegments(db, w),
    create: (w, body) => segments.createSegment(db, w, body),
    get: (w, id) => segments.getSegment(db, w, id),
    update: (w, id, body) => segments.updateSegment(db, w, id, body, ctx.now()),
    remove: (w, id) => segments.deleteSegment(db, w, id),
  });
}
