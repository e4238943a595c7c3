/**
 * What happens to answers right after they are stored, in the same transaction: their open text is
 * categorized (with sentiment), routing rules open cases, detractor and low-CSAT alerts are queued and
 * promoters get their referral request. Same transaction rather than a queued follow-up because every
 * step is in-process and fast (a cached model, ~0.1 ms per comment), and because an answer then never
 * exists without its categories, its case or its alert: a detractor cannot slip through a crash between
 * two steps, and retries stay idempotent (one case per answer, alerts unique per answer).
 */
import { queueAnswerAlerts } from "../alerts/queue.js";
import { queueReferralRequests } from "../alerts/referrals.js";
import type { Db } from "../db/connection.js";
import { categorizeResponses } from "../feedback/service.js";
import { routeResponses } from "./service.js";

export async function afterResponsesStored(db: Db, workspaceId: string, responseIds: string[], now: Date) {
  const categorized = await categorizeResponses(db, workspaceId, responseIds, now);
  const cases = await routeResponses(db, workspaceId, categorized, now);
  await queueAnswerAlerts(db, workspaceId, categorized, cases, now);
  await queueReferralRequests(db, workspaceId, categorized, now);
  return cases;
}
