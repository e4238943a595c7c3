/** Response rate: responses per delivered invitation, per survey, channel and period (spec §1). */
import { type PercentShare, shareFromCounts } from "./stats.js";
import { assertPartOf } from "./validate.js";

/**
 * Response rate = 100 · responses / delivered invitations, in 0..100 with a 95% Wilson interval. Bounced
 * invitations are not delivered, and only responses to delivered invitations count, so responses ≤
 * delivered. Null when nothing was delivered.
 */
export function responseRate({
  responses,
  delivered,
}: {
  responses: number;
  delivered: number;
}): PercentShare {
  assertPartOf("responses", responses, "delivered", delivered);
  return shareFromCounts(responses, delivered);
}
