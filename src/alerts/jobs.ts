/**
 * The alert job runner: `runAlerts(ctx, now)` does everything due at `now` — the overdue-case scan,
 * digests whose time has come, early-warning rules due for a check, then the queued alert deliveries and
 * customer notifications. Servers call it on a timer; tests call it with their own clock. Like the
 * invitation sender (src/distribution/jobs.ts) it needs no pg-boss: the durable records are the
 * delivery and outbox rows, written with their causes, and what is due is decided on the app clock.
 */
import type { Config } from "../config.js";
import type { Db } from "../db/connection.js";
import { type JobLog, periodic } from "../jobs/periodic.js";
import { runDigests } from "./digests.js";
import { runWarnings } from "./early-warning.js";
import { type SendSummary, sendDueDeliveries, sendDueNotifications } from "./sender.js";
import { scanOverdueCases } from "./service.js";

export interface AlertJobContext {
  db: Db;
  config: Pick<Config, "publicUrl">;
}

export interface AlertRunSummary {
  overdue: number;
  digests: number;
  warnings: number;
  deliveries: SendSummary;
  notifications: SendSummary;
  /** What failed in this run (a step, or one digest or rule); the rest went on. */
  errors: string[];
}

const noSends = (): SendSummary => ({ sent: 0, kept: 0, retry: 0, failed: 0 });

export async function runAlerts(ctx: AlertJobContext, now: Date): Promise<AlertRunSummary> {
  const errors: string[] = [];
  const onError = (what: string, err: unknown) =>
    errors.push(`${what}: ${err instanceof Error ? err.message : String(err)}`);
  // Each step on its own: a failing digest or rule must not hold back the alerts already queued.
  const step = async <T>(what: string, fallback: T, f: () => Promise<T>) => {
    try {
      return await f();
    } catch (err) {
      onError(what, err);
      return fallback;
    }
  };
  const overdue = await step("overdue scan", 0, () => scanOverdueCases(ctx.db, now));
  const digests = await step("digests", 0, () => runDigests(ctx.db, now, onError));
  const warnings = await step("early warnings", 0, () => runWarnings(ctx.db, now, onError));
  const deliveries = await step("deliveries", noSends(), () => sendDueDeliveries(ctx.db, now));
  const notifications = await step("notifications", noSends(), () =>
    sendDueNotifications(ctx.db, ctx.config.publicUrl, now),
  );
  return { overdue, digests, warnings, deliveries, notifications, errors };
}

const busy = (s: AlertRunSummary) =>
  s.overdue + s.digests + s.warnings > 0 ||
  Object.values(s.deliveries).some(Boolean) ||
  Object.values(s.notifications).some(Boolean);

/** Calls runAlerts every `intervalMs` with the wall clock; one run at a time per process. */
export function startAlertsRunner(ctx: AlertJobContext, opts: { intervalMs: number; log?: JobLog }) {
  return periodic(
    async () => {
      const s = await runAlerts(ctx, new Date());
      if (s.errors.length) opts.log?.error({ errors: s.errors }, "alerts run: some jobs failed");
      if (busy(s)) opts.log?.info({ alerts: s }, "alerts run");
    },
    { ...opts, name: "alerts run" },
  );
}
