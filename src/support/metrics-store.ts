/**
 * The SQL of the support metrics. Aggregates run in the database, per group; each query mirrors one kernel
 * function (named in its comment) and is property-tested against it on random ticket histories. Per-ticket
 * facts at an instant are computed by the fragments of metrics-sql.ts through the indexes on
 * (workspace_id, ticket_id, …) of statuses and messages.
 */
import { sql } from "kysely";
import type { Db } from "../db/connection.js";
import type { SupportPeriod } from "../metrics/support.js";
import {
  at,
  callKey,
  callWhere,
  closedAtSql,
  type DurationAggregateRow,
  durationAggregates,
  firstClosedAtSql,
  type Grouping,
  groupingSql,
  lastMessagesSql,
  maybeOpenAtSql,
  millis,
  replyFactsSql,
  type TicketScope,
  ticketKey,
  ticketWhere,
  ts,
} from "./metrics-sql.js";
import { withoutJit } from "./without-jit.js";

type Keyed<T> = T & { key: string | null; by: string | null };

/** Kernel `afrt`: first human reply times of tickets created in the period (and by asOf). */
export async function firstReplyRows(
  db: Db,
  scope: TicketScope,
  period: SupportPeriod,
  asOf: Date,
  group: Grouping,
) {
  const facts = replyFactsSql(sql`c.closed_at`, asOf);
  const ms = sql`d.ms`;
  const { rows } = await withoutJit(db, (trx) =>
    sql<
      Keyed<
        DurationAggregateRow & {
          open: number;
          longest_open_ms: number | null;
          bot_resolved: number;
          closed_without_reply: number;
        }
      >
    >`
    select ${groupingSql(group, ticketKey).head}, ${durationAggregates(ms)},
      count(*) filter (where f.reply_at is null and c.closed_at is null) as open,
      max(${millis(sql`${at(asOf)} - t.created_at`)}) filter (where f.reply_at is null and c.closed_at is null) as longest_open_ms,
      count(*) filter (where f.reply_at is null and c.closed_at is not null and t.resolved and f.bot_wrote) as bot_resolved,
      count(*) filter (where f.reply_at is null and c.closed_at is not null and not (t.resolved and f.bot_wrote)) as closed_without_reply
    from support_tickets t
    cross join lateral (select ${closedAtSql(asOf)} as closed_at offset 0) c
    cross join lateral (select ${facts.replyAt} as reply_at, ${facts.botWrote} as bot_wrote) f
    cross join lateral (select ${millis(sql`f.reply_at - t.created_at`)} as ms) d
    where ${ticketWhere(scope)} and t.created_at >= ${ts(period.from)} and t.created_at < ${ts(period.to)}
      and t.created_at <= ${ts(asOf)}
    ${groupingSql(group, ticketKey).groupBy}`.execute(trx),
  );
  return rows;
}

/** Kernel `averageResolutionTime` and `resolutionRate`: tickets whose solved_at falls in the period. */
export async function solvedRows(db: Db, scope: TicketScope, period: SupportPeriod, group: Grouping) {
  const ms = sql`d.ms`;
  const { rows } = await withoutJit(db, (trx) =>
    sql<Keyed<DurationAggregateRow & { closed: number; resolved: number }>>`
    select ${groupingSql(group, ticketKey).head}, ${durationAggregates(ms, sql`t.resolved`)},
      count(*) as closed, count(*) filter (where t.resolved) as resolved
    from support_tickets t
    cross join lateral (select ${millis(sql`t.solved_at - t.created_at`)} as ms) d
    where ${ticketWhere(scope)} and t.solved_at >= ${ts(period.from)} and t.solved_at < ${ts(period.to)}
    ${groupingSql(group, ticketKey).groupBy}`.execute(trx),
  );
  return rows;
}

/**
 * Kernel `firstContactResolution` (same topic): resolved tickets solved in the period, each with its window
 * (first close, + W]; a re-contact is any ticket of the same customer and topic created in the window (of
 * any channel, team or agent: the first such after the close is the stored next_contact_at), or the ticket
 * reopening in it. Windows not over by asOf are pending.
 */
export async function fcrRows(
  db: Db,
  scope: TicketScope,
  period: SupportPeriod,
  asOf: Date,
  windowMs: number,
  group: Grouping,
) {
  const end = sql`(w.start + ${windowMs} * interval '1 millisecond')`;
  const { rows } = await withoutJit(db, (trx) =>
    sql<Keyed<{ resolved: number; first_contact: number; pending: number }>>`
    select ${groupingSql(group, ticketKey).head},
      count(*) filter (where not p.pending) as resolved,
      count(*) filter (where not p.pending and not r.recontact) as first_contact,
      count(*) filter (where p.pending) as pending
    from support_tickets t
    cross join lateral (select ${firstClosedAtSql} as start) w
    cross join lateral (select ${end} > ${ts(asOf)} as pending) p
    cross join lateral (select (
      (t.customer_id is not null and coalesce(t.next_contact_at <= ${end}, false))
      or (t.created_at > w.start and t.created_at <= ${end})
      or (t.reopened and exists (select 1 from support_ticket_statuses s
        where s.workspace_id = t.workspace_id and s.ticket_id = t.id and s.status not in ('solved', 'closed')
          and s.changed_at > w.start and s.changed_at <= ${end}))) as recontact) r
    where ${ticketWhere(scope)} and t.resolved and t.solved_at >= ${ts(period.from)} and t.solved_at < ${ts(period.to)}
    ${groupingSql(group, ticketKey).groupBy}`.execute(trx),
  );
  return rows;
}

/**
 * Kernel `resolutionByAssignee`: of the tickets created in the period, those marked resolved and solved,
 * except the ones a bot resolved entirely (everything known).
 */
export async function resolutionRows(db: Db, scope: TicketScope, period: SupportPeriod, group: Grouping) {
  const facts = replyFactsSql(sql`c.closed_at`, "infinity");
  const { rows } = await withoutJit(db, (trx) =>
    sql<Keyed<{ assigned: number; resolved: number }>>`
    select ${groupingSql(group, ticketKey).head}, count(*) as assigned,
      count(*) filter (where t.resolved and t.solved_at is not null
        and not (c.closed_at is not null and f.bot_wrote and f.reply_at is null)) as resolved
    from support_tickets t
    cross join lateral (select ${closedAtSql("infinity")} as closed_at offset 0) c
    cross join lateral (select ${facts.replyAt} as reply_at, ${facts.botWrote} as bot_wrote) f
    where ${ticketWhere(scope)} and t.created_at >= ${ts(period.from)} and t.created_at < ${ts(period.to)}
    ${groupingSql(group, ticketKey).groupBy}`.execute(trx),
  );
  return rows;
}

/** Kernel `openCasesAt`: tickets waiting for a reply from support at the instant. */
export async function openCaseRows(db: Db, scope: TicketScope, instant: Date, group: Grouping) {
  const last = lastMessagesSql(instant);
  const { rows } = await withoutJit(db, (trx) =>
    sql<Keyed<{ n: number }>>`
    select ${groupingSql(group, ticketKey).head}, count(*) as n
    from support_tickets t
    cross join lateral (select ${closedAtSql(instant)} as closed_at offset 0) c
    cross join lateral (select ${last.lastReply} as last_reply, ${last.lastCustomer} as last_customer) x
    where ${ticketWhere(scope)} and t.created_at <= ${ts(instant)} and ${maybeOpenAtSql(instant)}
      and c.closed_at is null
      and (x.last_reply is null or x.last_customer > x.last_reply)
    ${groupingSql(group, ticketKey).groupBy}`.execute(trx),
  );
  return rows;
}

/** Kernel `backlogAt`: tickets created before the period end and not closed by a change before it. */
export async function backlogRows(db: Db, scope: TicketScope, periodEnd: Date, group: Grouping) {
  const { rows } = await withoutJit(db, (trx) =>
    sql<Keyed<{ n: number }>>`
    select ${groupingSql(group, ticketKey).head}, count(*) as n
    from support_tickets t
    where ${ticketWhere(scope)} and t.created_at < ${ts(periodEnd)} and ${maybeOpenAtSql(periodEnd, true)}
      and ${closedAtSql(periodEnd, true)} is null
    ${groupingSql(group, ticketKey).groupBy}`.execute(trx),
  );
  return rows;
}

/** Kernel `volumeByChannel` and `volumeByHourOfWeek`: tickets created in the period per channel and local hour. */
export async function volumeRows(db: Db, scope: TicketScope, period: SupportPeriod, timeZone: string) {
  const { rows } = await withoutJit(db, (trx) =>
    sql<{ channel: string; weekday: number; hour: number; n: number }>`
    select t.channel, extract(isodow from t.created_at at time zone ${timeZone})::int as weekday,
      extract(hour from t.created_at at time zone ${timeZone})::int as hour, count(*) as n
    from support_tickets t
    where ${ticketWhere(scope)} and t.created_at >= ${ts(period.from)} and t.created_at < ${ts(period.to)}
    group by 1, 2, 3`.execute(trx),
  );
  return rows;
}

/** Per-group ticket counts created in the period (volume of a group). */
export async function createdRows(db: Db, scope: TicketScope, period: SupportPeriod, group: Grouping) {
  const { rows } = await withoutJit(db, (trx) =>
    sql<Keyed<{ n: number }>>`
    select ${groupingSql(group, ticketKey).head}, count(*) as n
    from support_tickets t
    where ${ticketWhere(scope)} and t.created_at >= ${ts(period.from)} and t.created_at < ${ts(period.to)}
    ${groupingSql(group, ticketKey).groupBy}`.execute(trx),
  );
  return rows;
}

export interface CallAggregateRow {
  key: string | null;
  by: string | null;
  offered: number;
  answered: number;
  abandoned: number;
  blocked: number;
  abandoned_within_t: number;
  answered_within_t: number;
  asa: DurationAggregateRow;
  aht: DurationAggregateRow;
}

/**
 * Kernel `averageSpeedOfAnswer`, `averageHandleTime`, `serviceLevel` and `blockage`: calls offered (queued)
 * in the period, with the counts the service level needs for threshold T. Each call's wait and handle time
 * are stored columns (migration 0015).
 */
export async function callRows(
  db: Db,
  scope: TicketScope,
  period: SupportPeriod,
  thresholdMs: number,
  group: Grouping,
): Promise<CallAggregateRow[]> {
  const answered = sql`c.outcome = 'answered'`;
  const { rows } = await withoutJit(db, (trx) =>
    sql<{
      key: string | null;
      by: string | null;
      offered: number;
      answered: number;
      abandoned: number;
      blocked: number;
      abandoned_within_t: number;
      answered_within_t: number;
      n: number;
      sum: number;
      sum_squares: number;
      median: number | null;
      p90: number | null;
      h_n: number;
      h_sum: number;
      h_sum_squares: number;
      h_median: number | null;
      h_p90: number | null;
    }>`
    select ${groupingSql(group, callKey).head}, count(*) as offered,
      count(*) filter (where ${answered}) as answered,
      count(*) filter (where c.outcome = 'abandoned') as abandoned,
      count(*) filter (where c.outcome = 'blocked') as blocked,
      count(*) filter (where c.outcome = 'abandoned' and ${millis(sql`c.ended_at - c.queued_at`)} <= ${thresholdMs}) as abandoned_within_t,
      count(*) filter (where ${answered} and d.wait <= ${thresholdMs}) as answered_within_t,
      ${durationAggregates(sql`d.wait`, answered)},
      count(d.handle) filter (where ${answered}) as h_n,
      coalesce(sum(d.handle) filter (where ${answered}), 0) as h_sum,
      coalesce(sum(d.handle * d.handle) filter (where ${answered}), 0) as h_sum_squares,
      percentile_cont(0.5) within group (order by d.handle::float8) filter (where ${answered}) as h_median,
      percentile_cont(0.9) within group (order by d.handle::float8) filter (where ${answered}) as h_p90
    from support_calls c
    cross join lateral (select c.wait_ms as wait, c.handle_ms as handle) d
    where ${callWhere(scope)} and c.queued_at >= ${ts(period.from)} and c.queued_at < ${ts(period.to)}
    ${groupingSql(group, callKey).groupBy}`.execute(trx),
  );
  return rows.map((r) => ({
    key: r.key,
    by: r.by,
    offered: r.offered,
    answered: r.answered,
    abandoned: r.abandoned,
    blocked: r.blocked,
    abandoned_within_t: r.abandoned_within_t,
    answered_within_t: r.answered_within_t,
    asa: { n: r.n, sum: r.sum, sum_squares: r.sum_squares, median: r.median, p90: r.p90 },
    aht: { n: r.h_n, sum: r.h_sum, sum_squares: r.h_sum_squares, median: r.h_median, p90: r.h_p90 },
  }));
}

/**
 * CSAT answers on responses that rate a ticket (`attributes.ticketId` = the ticket's external id),
 * submitted in the period, per ticket dimension and answer value: the histogram the kernel's CSAT
 * functions aggregate.
 */
export async function csatRows(db: Db, scope: TicketScope, period: SupportPeriod) {
  const { rows } = await withoutJit(db, (trx) =>
    sql<{
      channel: string;
      priority: string | null;
      topic: string | null;
      team: string | null;
      agent: string | null;
      survey_id: string;
      question_id: string;
      value: number;
      n: number;
    }>`
    select t.channel, t.priority, t.topic, t.team_id::text as team, t.assignee_id::text as agent,
      a.survey_id, a.question_id, a.value, count(*) as n
    from responses r
    join support_tickets t on t.workspace_id = r.workspace_id and t.external_id = r.attributes ->> 'ticketId'
    join answers a on a.workspace_id = r.workspace_id and a.response_id = r.id
    where r.workspace_id = ${scope.workspaceId} and r.attributes ? 'ticketId'
      and r.submitted_at >= ${ts(period.from)} and r.submitted_at < ${ts(period.to)}
      and a.kind = 'csat' and a.value is not null and ${ticketWhere(scope)}
    group by 1, 2, 3, 4, 5, 6, 7, 8`.execute(trx),
  );
  return rows.map((r) => ({ ...r, value: Number(r.value) }));
}

/** Where a page of tickets ends: keyset pagination on (created_at, id), served by support_tickets_created. */
export interface PagePosition {
  createdAt: Date;
  id: string;
}

/** One page of the tickets created in the period (and by asOf), in (created_at, id) order. */
export async function ticketPage(
  db: Db,
  scope: TicketScope,
  period: SupportPeriod,
  asOf: Date,
  after: PagePosition | null,
  limit: number,
) {
  const { rows } = await withoutJit(db, (trx) =>
    sql<{
      id: string;
      external_id: string;
      customer_id: string | null;
      channel: string;
      priority: string | null;
      topic: string | null;
      team_id: string | null;
      assignee_id: string | null;
      status: string;
      created_at: Date;
      solved_at: Date | null;
      resolved: boolean;
    }>`
    select t.id, t.external_id, t.customer_id, t.channel, t.priority, t.topic, t.team_id, t.assignee_id,
      t.status, t.created_at, t.solved_at, t.resolved
    from support_tickets t
    where ${ticketWhere(scope)} and t.created_at >= ${ts(period.from)} and t.created_at < ${ts(period.to)}
      and t.created_at <= ${ts(asOf)}
      ${after ? sql`and (t.created_at, t.id) > (${ts(after.createdAt)}, ${after.id}::uuid)` : sql``}
    order by t.created_at, t.id
    limit ${limit}`.execute(trx),
  );
  return rows;
}

/** Upper bounds (ms) of the first-reply-time histogram's buckets; the last bucket is open-ended. */
export const FIRST_REPLY_BUCKETS_MS = [5, 15, 30, 60, 120, 240, 480, 1440].map((m) => m * 60_000);

/**
 * First reply times of tickets created in the period, counted per histogram bucket (index into
 * FIRST_REPLY_BUCKETS_MS; the length for longer): the FRT distribution, over the tickets `afrt` averages.
 */
export async function firstReplyHistogramRows(db: Db, scope: TicketScope, period: SupportPeriod, asOf: Date) {
  const facts = replyFactsSql(sql`c.closed_at`, asOf);
  const bounds = sql.join(FIRST_REPLY_BUCKETS_MS.map((b) => sql`${b}::float8`));
  const { rows } = await withoutJit(db, (trx) =>
    sql<{ bucket: number; n: number }>`
    select width_bucket(d.ms::float8, array[${bounds}]) as bucket, count(*) as n
    from support_tickets t
    cross join lateral (select ${closedAtSql(asOf)} as closed_at offset 0) c
    cross join lateral (select ${facts.replyAt} as reply_at) f
    cross join lateral (select ${millis(sql`f.reply_at - t.created_at`)} as ms) d
    where ${ticketWhere(scope)} and t.created_at >= ${ts(period.from)} and t.created_at < ${ts(period.to)}
      and t.created_at <= ${ts(asOf)} and f.reply_at is not null
    group by 1`.execute(trx),
  );
  return rows.map((r) => ({ bucket: Number(r.bucket), n: Number(r.n) }));
}
