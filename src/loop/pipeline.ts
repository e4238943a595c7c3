/**
 * What happens to answers right after they are stored, in the same transaction: their open text is
 * categorized (with sentiment) and routing rules open cases. Same transaction rather than a queued
 * follow-up because both steps are in-process and fast (a cached model, ~0.1 ms per comment), and
 * because an answer then never exists without its categories or its case: a detractor cannot slip
 * through a crash between two steps, and retries stay idempotent (one case per answer).
 */
import type { Db } from "../db/connection.js";
import { categorizeResponses } from "../feedback/service.js";
import { routeResponses } from "./service.js";

export async function afterResponsesStored(db: Db, workspaceId: string, responseIds: string[], now: Date) {
  const categorized = await categorizeResponses(db, workspaceId, responseIds, now);
  return routeResponses(db, workspaceId, categorized, now);
}
