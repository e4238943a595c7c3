/**
 * Engagement from product usage [004] (spec §2): activity time, visit frequency and core-action shares of
 * the users active in a period. The caller selects the period's sessions and events.
 */
import {
  type MeanSummary,
  meanSummary,
  type PercentShare,
  shareFromCounts,
  sufficientStats,
} from "./stats.js";
import { assertFinite } from "./validate.js";

/** One session (visit) of a user; duration in any one unit (seconds, minutes). */
export interface UsageSession {
  userId: string;
  duration: number;
}

/** Totals per user, in first-appearance order. */
function perUser<T>(rows: readonly T[], key: (row: T) => string, value: (row: T) => number): number[] {
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(key(row), (totals.get(key(row)) ?? 0) + value(row));
  return [...totals.values()];
}

/**
 * Activity time = mean over active users of their total session time in the period (e.g. per day, week or
 * month), with SD and 95% CI; n = active users (users with a session).
 */
export function activityTime(sessions: readonly UsageSession[]): MeanSummary {
  for (const { duration } of sessions) {
    assertFinite("duration", duration);
    if (duration < 0) throw new RangeError(`duration must not be negative, got ${duration}`);
  }
  return meanSummary(
    sufficientStats(
      perUser(
        sessions,
        (s) => s.userId,
        (s) => s.duration,
      ),
    ),
  );
}

/** Visit frequency = sessions per active user in the period: mean, SD and 95% CI; n = active users. */
export function visitFrequency(sessions: readonly { userId: string }[]): MeanSummary {
  return meanSummary(
    sufficientStats(
      perUser(
        sessions,
        (s) => s.userId,
        () => 1,
      ),
    ),
  );
}

export interface CoreActionShares {
  /** Users active in the period: the given ones and everyone with an event. */
  activeUsers: number;
  /** Per configured core action, in the given order: 100 · users who performed it / active users. */
  actions: { action: string; share: PercentShare }[];
}

/**
 * Core user actions: for each configured core action, the share of the period's active users who
 * performed it at least once, with a 95% Wilson interval. Active users are `activeUserIds` (e.g. users
 * with a session) plus every user with an event.
 */
export function coreActionShares(
  events: readonly { userId: string; action: string }[],
  coreActions: readonly string[],
  activeUserIds: Iterable<string> = [],
): CoreActionShares {
  const active = new Set(activeUserIds);
  const performers = new Map<string, Set<string>>(coreActions.map((action) => [action, new Set()]));
  for (const { userId, action } of events) {
    active.add(userId);
    performers.get(action)?.add(userId);
  }
  return {
    activeUsers: active.size,
    actions: [...performers.entries()].map(([action, users]) => ({
      action,
      share: shareFromCounts(users.size, active.size),
    })),
  };
}
