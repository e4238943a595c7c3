/**
 * The distribution job runner: `runDue(ctx, now)` does everything that is due at `now` — re-queues work
 * a stopped server left half-done, walks due campaign occurrences into invitations, then claims due
 * invitations and delivers them. Servers call it on a timer (`startDistributionRunner`); tests call it
 * with their own clock, so nothing ever sleeps.
 *
 * Why not pg-boss. The design names pg-boss for jobs, and pg-boss 10 does run on PGlite through its
 * `db` adapter. But its due check is `start_after < now()` on the database clock, and what falls due
 * here — "10 days after delivery, outside the customer's quiet hours, once the daily cap has room" — is
 * decided on the application clock (the context's `now()`), which tests move forward by days without
 * waiting. The durable record of a pending send also has to be written in the same transaction as the
 * event that causes it, and it already exists: the invitation row (status queued, `send_at`). So the
 * invitations table is the job table: claimed with `FOR UPDATE SKIP LOCKED` (one claim per invitation
 * however many servers poll), and a second queue beside it would only be a second copy to keep in step.
 *
 * At most once. A claimed invitation is `sending`; it records `contacted_at` when admitted, before the
 * channel is tried. If a server dies mid-way, an invitation never admitted returns to the queue after
 * the lease; one admitted may have reached the customer, so it is marked failed (interrupted), never
 * sent again.
 */
import type { Config } from "../config.js";
import { customersAfter } from "../customers/service.js";
import type { Db } from "../db/connection.js";
import { type JobLog, type Periodic, periodic } from "../jobs/periodic.js";
import { loadSurveyDefinitions } from "../surveys/service.js";
import { deliverBatch, type Outcome, RunCache } from "./delivery.js";
import { closeMailers } from "./email/mailer.js";
import { claimDue, insertInvitations, recoverStale } from "./invitations-store.js";
import { planForOccurrence } from "./planning.js";
import { currentAudience } from "./segment-audience.js";
import { nextOccurrence } from "./timing.js";
import { configOf } from "./trigger-config.js";
import { advanceSchedule, lockDueSchedule } from "./triggers-store.js";

export interface JobContext {
  db: Db;
  config: Pick<Config, "publicUrl">;
}

export interface RunSummary {
  recovered: number;
  scheduled: number;
  claimed: number;
  sent: number;
  suppressed: number;
  deferred: number;
  bounced: number;
  failed: number;
  retry: number;
}

export interface RunOptions {
  /** Invitations claimed per round. */
  batch?: number;
  /** Deliveries in flight at once. */
  concurrency?: number;
  /** Stop after this many rounds (the timer comes back for the rest). */
  maxRounds?: number;
}

/** How long a claim may stay unfinished before another server treats its worker as gone. */
export const LEASE_MS = 10 * 60_000;
const CAMPAIGN_PAGE = 500;
const ADMISSION_SLICE = 50;

export async function runDue(ctx: JobContext, now: Date, opts: RunOptions = {}): Promise<RunSummary> {
  const { db } = ctx;
  const summary: RunSummary = {
    recovered: 0,
    scheduled: 0,
    claimed: 0,
    sent: 0,
    suppressed: 0,
    deferred: 0,
    bounced: 0,
    failed: 0,
    retry: 0,
  };
  const stale = await recoverStale(db, new Date(now.getTime() - LEASE_MS), now);
  summary.recovered = stale.requeued + stale.failed;
  summary.scheduled = await runCampaigns(db, now);

  const cache = new RunCache(db);
  const batch = opts.batch ?? 200;
  const concurrency = opts.concurrency ?? 10;
  for (let round = 0; round < (opts.maxRounds ?? 50); round++) {
    const claimed = await claimDue(db, now, batch);
    if (!claimed.length) break;
    summary.claimed += claimed.length;
    // Admission runs per workspace, in slices, so a transaction holds few customer locks for long.
    const groups = new Map<string, typeof claimed>();
    for (const inv of claimed) groups.set(inv.workspace_id, [...(groups.get(inv.workspace_id) ?? []), inv]);
    for (const group of groups.values()) {
      for (let i = 0; i < group.length; i += ADMISSION_SLICE) {
        const outcomes = await deliverBatch(
          { db, publicUrl: ctx.config.publicUrl, now, cache },
          group.slice(i, i + ADMISSION_SLICE),
          concurrency,
        );
        for (const o of outcomes) summary[o satisfies Outcome]++;
      }
    }
    if (claimed.length < batch) break;
  }
  return summary;
}

/**
 * Due campaign occurrences, a page of customers per transaction: the schedule row stays locked while
 * its page of invitations is written, and its cursor moves in the same commit, so a restart resumes
 * where it stopped and a page is never planned twice (the dedupe key would refuse it anyway).
 */
async function runCampaigns(db: Db, now: Date): Promise<number> {
  let created = 0;
  for (let page = 0; page < 1000; page++) {
    const progressed = await db.transaction().execute(async (trx) => {
      const trigger = await lockDueSchedule(trx, now);
      if (!trigger?.next_run_at) return false;
      const rule = configOf(trigger).rule;
      if (rule.kind !== "schedule") {
        await advanceSchedule(trx, trigger.workspace_id, trigger.id, { next_run_at: null, run_cursor: null });
        return true;
      }
      const ws = trigger.workspace_id;
      const customers = await customersAfter(trx, ws, trigger.run_cursor, CAMPAIGN_PAGE);
      const definition = (await loadSurveyDefinitions(trx, ws, [trigger.survey_id])).get(trigger.survey_id);
      // A deleted segment, or one edited to filter on answers, invites nobody rather than everybody.
      const segment = rule.segmentId ? await currentAudience(trx, ws, rule.segmentId) : [];
      const planned = planForOccurrence(
        trigger,
        trigger.next_run_at,
        customers,
        definition?.definition,
        now,
        segment,
      );
      created += (await insertInvitations(trx, ws, planned, now)).length;
      const last = customers.at(-1);
      const done = customers.length < CAMPAIGN_PAGE || !last;
      await advanceSchedule(trx, ws, trigger.id, {
        next_run_at: done
          ? nextOccurrence(rule, new Date(Math.max(now.getTime(), trigger.next_run_at.getTime())))
          : trigger.next_run_at,
        run_cursor: done ? null : last.id,
      });
      return true;
    });
    if (!progressed) break;
  }
  return created;
}

/** Calls runDue every `intervalMs` with the wall clock; one run at a time per process. */
export function startDistributionRunner(
  ctx: JobContext,
  opts: { intervalMs: number; log?: JobLog },
): Periodic {
  const runner = periodic(
    async () => {
      const s = await runDue(ctx, new Date());
      if (s.claimed || s.scheduled || s.recovered) opts.log?.info({ distribution: s }, "distribution run");
    },
    { ...opts, name: "distribution run" },
  );
  return {
    wake: runner.wake,
    async stop() {
      await runner.stop();
      closeMailers();
    },
  };
}
