import { z } from "zod";
import { responseFilter } from "../analytics/scope.js";
import type { Db } from "../db/connection.js";
import { invalid } from "../http/errors.js";
import type { ResponseFilter } from "./responses-store.js";
import { ZChannel, ZScoreGroup } from "./schema.js";

/** The filters of GET /api/v1/responses, shared by its exports. */
export const ZResponseQuery = z.object({
  surveyId: z.string().uuid().optional(),
  customerId: z.string().uuid().optional(),
  channel: ZChannel.optional(),
  status: z.enum(["partial", "complete"]).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  group: ZScoreGroup.optional(),
  questionId: z.string().optional(),
  scoreMin: z.coerce.number().optional(),
  scoreMax: z.coerce.number().optional(),
  q: z.string().trim().min(1).max(200).optional(),
  filter: z
    .string()
    .max(2000)
    .optional()
    .describe(
      "segment filter over response fields and response/customer attributes, e.g. `product = Pro AND city = Kazan`",
    ),
  segmentId: z.string().uuid().optional().describe("a saved segment"),
});
export type TResponseQuery = z.infer<typeof ZResponseQuery>;

/** Score groups as value ranges on the question's scale, for the group filter. */
const GROUP_RANGES: Record<string, { kind: string; min: number; max: number }> = {
  detractor: { kind: "nps", min: 0, max: 6 },
  passive: { kind: "nps", min: 7, max: 8 },
  promoter: { kind: "nps", min: 9, max: 10 },
};

function scoreFilter(q: TResponseQuery): ResponseFilter["score"] {
  if (q.group) {
    const range = GROUP_RANGES[q.group];
    if (!range)
      throw invalid(
        "query.group",
        "use detractor, passive or promoter, or scoreMin/scoreMax with questionId",
      );
    return { ...range, questionId: q.questionId };
  }
  if (q.scoreMin === undefined && q.scoreMax === undefined) return undefined;
  if (!q.questionId) throw invalid("query.questionId", "scoreMin/scoreMax need the questionId they apply to");
  return { questionId: q.questionId, min: q.scoreMin ?? -1e9, max: q.scoreMax ?? 1e9 };
}

/** A response query as the store's filter; bad input fails here with the field named. */
export async function responseFilterOf(
  db: Db,
  workspaceId: string,
  q: TResponseQuery,
): Promise<Omit<ResponseFilter, "cursor" | "limit">> {
  if (q.from && q.to && q.from >= q.to) throw invalid("query.from", "from must be before to");
  const { conditions, surveyIds } = await responseFilter(db, workspaceId, q);
  return {
    surveyId: q.surveyId,
    customerId: q.customerId,
    channel: q.channel,
    status: q.status,
    from: q.from,
    to: q.to,
    q: q.q,
    score: scoreFilter(q),
    conditions,
    surveyIds,
  };
}
