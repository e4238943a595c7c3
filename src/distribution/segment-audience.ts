/**
 * A saved segment as the audience of a recurring campaign. Segments are written for answers (fields of
 * responses and their attributes); a campaign asks who to invite before anyone answered, so only the
 * fields a customer profile has can be used: its attributes and `language`. The filter is read again
 * at every occurrence, so the campaign follows the segment as it is edited.
 */
import { matchesFilter, RESPONSE_FIELDS, SURVEY_FIELDS, type TFilter } from "../analytics/filter.js";
import { getSegment } from "../analytics/segments-service.js";
import type { CustomerRow } from "../customers/tables.js";
import type { Db } from "../db/connection.js";
import { AppError, invalid } from "../http/errors.js";

const ANSWER_ONLY = new Set<string>([...RESPONSE_FIELDS, ...SURVEY_FIELDS].filter((f) => f !== "language"));

/** The segment's filter, checked to be usable on customer profiles; errors name `field`. */
export async function segmentAudience(db: Db, workspaceId: string, segmentId: string, field: string) {
  const segment = await getSegment(db, workspaceId, segmentId).catch((e: unknown) => {
    if (e instanceof AppError && e.code === "not_found")
      throw invalid(field, `segment ${segmentId} not found`);
    throw e;
  });
  const answerOnly = segment.conditions.find((c) => ANSWER_ONLY.has(c.field));
  if (answerOnly) {
    throw invalid(
      field,
      `segment "${segment.name}" filters on ${answerOnly.field}, which answers have and customers do not: a campaign can use customer attributes and language`,
    );
  }
  return segment.conditions;
}

/** The filter of a campaign's segment at an occurrence; null when the segment is gone (nobody matches). */
export async function currentAudience(
  db: Db,
  workspaceId: string,
  segmentId: string,
): Promise<TFilter | null> {
  try {
    return await segmentAudience(db, workspaceId, segmentId, "rule.segmentId");
  } catch (e) {
    if (e instanceof AppError && e.code === "validation_failed") return null;
    throw e;
  }
}

/** Whether a customer is in the segment: attributes compared as text, as segment values are. */
export function inAudience(filter: TFilter, c: CustomerRow): boolean {
  return matchesFilter(filter, (field) => {
    if (field === "language") return c.language;
    const v = c.attributes[field];
    return v === undefined || v === null ? null : String(v);
  });
}
