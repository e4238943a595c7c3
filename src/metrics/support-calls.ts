/**
 * Queue metrics for calls and live chats (spec §3, [000]): ASA, AHT, service level and blockage. A contact
 * is offered when it reaches the contact center; it is then answered, abandoned by the caller while
 * waiting, or blocked (never queued: no free line or operator, or a network failure).
 */
import { instantOf } from "./business-hours-zone.js";
import { type PercentShare, shareFromCounts } from "./stats.js";
import { inSupportPeriod, type SupportPeriod } from "./support-tickets.js";
import { type DurationSummary, durationSummary } from "./support-time.js";

export type CallOutcome = "answered" | "abandoned" | "blocked";

/** A call or live chat that went through a queue. Durations in ms. */
export interface Call {
  id?: string;
  channel?: string;
  agentId?: string | null;
  /** When it was offered: entered the queue or, for a blocked call, was attempted. */
  queuedAt: Date;
  /** When an agent picked up; required for answered calls. */
  answeredAt?: Date | null;
  /** When it ended: hang-up after an answer, or the moment an abandoning caller gave up. */
  endedAt?: Date | null;
  /** Talk time; when absent, endedAt − answeredAt − hold. */
  talkMs?: number | null;
  /** Time on hold during the call; absent = 0. */
  holdMs?: number | null;
  /** After-call work (wrap-up); absent = 0. */
  acwMs?: number | null;
  outcome: CallOutcome;
}

function optionalMs(call: Call, name: "talkMs" | "holdMs" | "acwMs"): number | null {
  const value = call[name];
  if (value == null) return null;
  if (!(value >= 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be ≥ 0, got ${value}`);
  return value;
}

/** answeredAt − queuedAt of an answered call; RangeError when answeredAt is missing or before queuedAt. */
export function waitBeforeAnswer(call: Call): number {
  if (call.answeredAt == null) throw new RangeError("an answered call needs answeredAt");
  const wait = instantOf("answeredAt", call.answeredAt) - instantOf("queuedAt", call.queuedAt);
  if (wait < 0) throw new RangeError("answeredAt must not be before queuedAt");
  return wait;
}

/** endedAt − queuedAt of an abandoned call: how long the caller waited before giving up. */
export function waitBeforeAbandon(call: Call): number {
  if (call.endedAt == null) throw new RangeError("an abandoned call needs endedAt");
  const wait = instantOf("endedAt", call.endedAt) - instantOf("queuedAt", call.queuedAt);
  if (wait < 0) throw new RangeError("endedAt must not be before queuedAt");
  return wait;
}

/** Handle time of an answered call: talk + hold + after-call work. */
export function handleTime(call: Call): number {
  const hold = optionalMs(call, "holdMs") ?? 0;
  const acw = optionalMs(call, "acwMs") ?? 0;
  let talk = optionalMs(call, "talkMs");
  if (talk === null) {
    if (call.endedAt == null || call.answeredAt == null) {
      throw new RangeError("a call without talkMs needs answeredAt and endedAt");
    }
    talk = instantOf("endedAt", call.endedAt) - instantOf("answeredAt", call.answeredAt) - hold;
    if (talk < 0) throw new RangeError("endedAt − answeredAt is shorter than the hold time");
  }
  return talk + hold + acw;
}

const answeredIn = (calls: readonly Call[], period: SupportPeriod) =>
  calls.filter((call) => call.outcome === "answered" && inSupportPeriod(period, call.queuedAt));

/**
 * ASA — average speed of answer [000]: mean of answeredAt − queuedAt over answered calls and chats offered
 * in the period; also median and p90. Abandoned and blocked contacts are not in it (see service level).
 */
export function averageSpeedOfAnswer(calls: readonly Call[], period: SupportPeriod): DurationSummary {
  return durationSummary(answeredIn(calls, period).map(waitBeforeAnswer));
}

/**
 * AHT — average handle time [000]: `(talk + hold + after-call work) / handled contacts`, over calls
 * answered (handled) among those offered in the period; also median and p90.
 */
export function averageHandleTime(calls: readonly Call[], period: SupportPeriod): DurationSummary {
  return durationSummary(answeredIn(calls, period).map(handleTime));
}

/**
 * How abandoned calls enter the service level:
 * - "count" — offered, never answered in time: they lower it (spec: `… / contacts offered`; default);
 * - "excludeShort" — callers who gave up within T are left out (they may have misdialled); later
 *   abandons still count as missed (common contact-center convention);
 * - "exclude" — all abandoned calls are left out: answered within T / answered.
 */
export type AbandonedTreatment = "count" | "excludeShort" | "exclude";

export interface ServiceLevelOptions {
  period: SupportPeriod;
  /** T, the answer-time target, in ms (80/20: 20 000). Answered at exactly T counts as within. */
  thresholdMs: number;
  /** Default "count", per the spec's formula. */
  abandoned?: AbandonedTreatment;
  /**
   * Blocked calls are offered too (spec: blockage is a share of offered calls), so by default ("count")
   * they lower the service level; "exclude" measures the queue alone.
   */
  blocked?: "count" | "exclude";
}

/**
 * Service level [000]: `100 · contacts answered within T / contacts offered` in the period (e.g. 80/20:
 * the target is 80% answered within 20 s), with a 95% Wilson interval. Abandoned and blocked contacts are
 * offered and not answered unless the options leave them out.
 */
export function serviceLevel(calls: readonly Call[], options: ServiceLevelOptions): PercentShare {
  const { period, thresholdMs, abandoned = "count", blocked = "count" } = options;
  if (!(thresholdMs >= 0) || !Number.isFinite(thresholdMs)) {
    throw new RangeError(`thresholdMs must be ≥ 0, got ${thresholdMs}`);
  }
  let offered = 0;
  let withinT = 0;
  for (const call of calls) {
    if (!inSupportPeriod(period, call.queuedAt)) continue;
    if (call.outcome === "answered") {
      offered++;
      if (waitBeforeAnswer(call) <= thresholdMs) withinT++;
    } else if (call.outcome === "abandoned") {
      if (
        abandoned === "exclude" ||
        (abandoned === "excludeShort" && waitBeforeAbandon(call) <= thresholdMs)
      ) {
        continue;
      }
      offered++;
    } else if (blocked === "count") offered++;
  }
  return shareFromCounts(withinT, offered);
}

/**
 * Blockage [000]: calls not served for lack of operators or lines, or a network failure (outcome
 * "blocked"), offered in the period: their count and share of all offered calls (answered + abandoned +
 * blocked), with a 95% Wilson interval.
 */
export function blockage(calls: readonly Call[], period: SupportPeriod): PercentShare {
  let offered = 0;
  let blocked = 0;
  for (const call of calls) {
    if (!inSupportPeriod(period, call.queuedAt)) continue;
    offered++;
    if (call.outcome === "blocked") blocked++;
  }
  return shareFromCounts(blocked, offered);
}
