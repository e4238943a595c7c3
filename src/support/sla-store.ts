/**
 * The SQL of SLA compliance. Deadlines (business-time arithmetic) are computed by the kernel once per
 * ticket and policy content and stored in support_sla_deadlines with the ticket fields they came from;
 * the states at an instant (met, breached, pending, not applicable — kernel `evaluateSla`) then follow in
 * SQL from the deadlines and the per-ticket facts, like every other support figure.
 */
import { type RawBuilder, sql } from "kysely";
import type { Db } from "../db/connection.js";
import type { SupportPeriod } from "../metrics/support.js";
import {
  at,
  closedAtSql,
  type DurationAggregateRow,
  durationAggregates,
  replyFactsSql,
  type SupportGroup,
  type TicketScope,
  ticketKey,
  ticketWhere,
  ts,
} from "./metrics-sql.js";
import { withoutJit } from "./without-jit.js";

/** The deadline rows `d` of the policy content for the period's tickets (created by asOf), in the scope. */
const deadlinesOf = (scope: TicketScope, period: SupportPeriod, asOf: Date, hash: string) =>
  sql`${ticketWhere(scope, "d")} and d.policy_hash = ${hash} and d.created_at >= ${ts(period.from)}
    and d.created_at < ${ts(period.to)} and d.created_at <= ${ts(asOf)}`;

/**
 * Rows whose stored outcomes hold at asOf: no fact they rest on is after it. A row with a clock still
 * undecided has facts_at 'infinity', so the rows evaluated when read are one range of an index.
 */
const decidedAt = (asOf: Date) => sql`d.facts_at <= ${ts(asOf)}`;
const undecidedAt = (asOf: Date) => sql`d.facts_at > ${ts(asOf)}`;

/**
 * Whether every ticket of the workspace created in the period (by asOf) has its deadline row under the
 * policy content: rows are deleted when their ticket is written (facts-store.ts), so each row is current
 * and there are never more rows than tickets; equal counts mean none is missing.
 */
export async function deadlinesComplete(
  db: Db,
  workspaceId: string,
  period: SupportPeriod,
  asOf: Date,
  hash: string,
) {
  const range = (alias: string) => sql`${sql.ref(`${alias}.workspace_id`)} = ${workspaceId}
    and ${sql.ref(`${alias}.created_at`)} >= ${ts(period.from)} and ${sql.ref(`${alias}.created_at`)} < ${ts(period.to)}
    and ${sql.ref(`${alias}.created_at`)} <= ${ts(asOf)}`;
  const { rows } = await withoutJit(db, (trx) =>
    sql<{ complete: boolean }>`
    select (select count(*) from support_tickets t where ${range("t")})
      = (select count(*) from support_sla_deadlines d where ${range("d")} and d.policy_hash = ${hash}) as complete`.execute(
      trx,
    ),
  );
  return rows[0]?.complete ?? false;
}

/** Tickets of the workspace created in the period (by asOf) with no deadline row for the policy content. */
export async function ticketsWithoutDeadlines(
  db: Db,
  workspaceId: string,
  period: SupportPeriod,
  asOf: Date,
  hash: string,
) {
  const { rows } = await withoutJit(db, (trx) =>
    sql<{
      id: string;
      created_at: Date;
      channel: string;
      priority: string | null;
      topic: string | null;
      first_reply_at: Date | null;
    }>`
    select t.id, t.created_at, t.channel, t.priority, t.topic, t.first_reply_at from support_tickets t
    where t.workspace_id = ${workspaceId} and t.created_at >= ${ts(period.from)}
      and t.created_at < ${ts(period.to)} and t.created_at <= ${ts(asOf)}
      and not exists (select 1 from support_sla_deadlines d
        where d.workspace_id = t.workspace_id and d.policy_hash = ${hash} and d.ticket_id = t.id)
    order by t.created_at`.execute(trx),
  );
  return rows;
}

export interface DeadlineWrite {
  ticket_id: string;
  /** The ticket fields the deadlines were computed from; a row is written only while they are current. */
  created_at: Date;
  channel: string;
  priority: string | null;
  topic: string | null;
  first_reply_at: Date | null;
  target_index: number;
  target_name: string | null;
  reply_deadline: Date | null;
  resolution_deadline: Date | null;
  reply_business_ms: number | null;
}

/**
 * A clock's state (kernel `evaluateSla`): achieved by the deadline → met, after → breached; closed without
 * it by the deadline → not applicable, after → breached; else breached once asOf is past the deadline,
 * pending before. Without asOf, only the states no later instant changes (else null).
 */
function clock(
  due: RawBuilder<unknown>,
  achieved: RawBuilder<unknown>,
  closedUnachieved: RawBuilder<unknown>,
  asOf: Date | null,
) {
  return sql`case
      when ${achieved} is not null then case when ${achieved} <= ${due} then 'met' else 'breached' end
      when ${closedUnachieved} is not null then case when ${closedUnachieved} <= ${due} then 'notApplicable' else 'breached' end
      ${asOf ? sql`when ${at(asOf)} > ${due} then 'breached' else 'pending'` : sql``} end`;
}

/**
 * Laterals over ticket `t` and deadline row `d` giving `f.reply_at`, `f.resolved_at` and the states
 * `s.fr`, `s.res` at asOf; null asOf: from everything known, the states that can no longer change.
 */
function statesSql(asOf: Date | null) {
  const limit = asOf ?? "infinity";
  const facts = replyFactsSql(sql`c.closed_at`, limit);
  const resolvedAt = sql`f.resolved_at`;
  return sql`
    cross join lateral (select ${closedAtSql(limit)} as closed_at offset 0) c
    cross join lateral (select ${facts.replyAt} as reply_at,
      case when c.closed_at is not null and t.resolved then c.closed_at end as resolved_at) f
    cross join lateral (select
      case when d.target_index < 0 then 'untargeted'
        else ${clock(sql`d.reply_deadline`, sql`f.reply_at`, sql`c.closed_at`, asOf)} end as fr,
      case when d.resolution_deadline is null then 'untargeted'
        else ${clock(sql`d.resolution_deadline`, resolvedAt, sql`case when ${resolvedAt} is null then c.closed_at end`, asOf)} end as res) s`;
}

/**
 * Writes deadline rows with the outcomes already decided, for the tickets whose fields are still those
 * the deadlines were computed from (one changed meanwhile gets its row on the next read). The tickets are
 * share-locked while read, so a write to one waits for this statement and then deletes the row it made
 * stale, or this statement waits for the write and reads its result.
 */
export async function insertDeadlines(db: Db, workspaceId: string, hash: string, rows: DeadlineWrite[]) {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  for (let i = 0; i < rows.length; i += 1000) {
    const part = rows.slice(i, i + 1000);
    const column = <T>(f: (r: DeadlineWrite) => T) => part.map(f);
    await sql`
      insert into support_sla_deadlines (workspace_id, policy_hash, ticket_id, created_at, channel, priority,
        topic, team_id, assignee_id, target_index, target_name, reply_deadline, resolution_deadline,
        first_reply_at, reply_business_ms, facts_at, fr_state, fr_achieved_at, res_state, res_achieved_at)
      select t.workspace_id, ${hash}, t.id, t.created_at, t.channel, t.priority, t.topic, t.team_id,
        t.assignee_id, d.target_index, d.target_name, d.reply_deadline, d.resolution_deadline, t.first_reply_at,
        d.reply_business_ms,
        case when s.fr is null or s.res is null then 'infinity'
          else greatest(t.created_at, t.last_change_at, t.first_closed_at, t.solved_at, t.first_reply_at) end,
        s.fr, f.reply_at, s.res, f.resolved_at
      from unnest(${column((r) => r.ticket_id)}::uuid[], ${column((r) => iso(r.created_at))}::timestamptz[],
        ${column((r) => r.channel)}::text[], ${column((r) => r.priority)}::text[], ${column((r) => r.topic)}::text[],
        ${column((r) => iso(r.first_reply_at))}::timestamptz[], ${column((r) => r.target_index)}::int[],
        ${column((r) => r.target_name)}::text[], ${column((r) => iso(r.reply_deadline))}::timestamptz[],
        ${column((r) => iso(r.resolution_deadline))}::timestamptz[], ${column((r) => r.reply_business_ms)}::float8[])
        as d(ticket_id, created_at, channel, priority, topic, first_reply_at, target_index, target_name,
          reply_deadline, resolution_deadline, reply_business_ms)
      join support_tickets t on t.workspace_id = ${workspaceId} and t.id = d.ticket_id
        and t.created_at = d.created_at and t.channel = d.channel and t.priority is not distinct from d.priority
        and t.topic is not distinct from d.topic and t.first_reply_at is not distinct from d.first_reply_at
      ${statesSql(null)}
      for share of t
      on conflict (workspace_id, policy_hash, ticket_id) do nothing`.execute(db);
  }
}

/**
 * The SLA states at asOf of the period's tickets in the scope, as rows (`key`, `created_at`, `ticket_id`,
 * `fr`, `res`, deadline and achievement of each clock, `reply_business_ms`, `target_name`): the stored outcomes where they
 * hold, the rest (open tickets without the outcome yet, few) evaluated against the ticket's facts.
 */
function statesFrom(
  scope: TicketScope,
  period: SupportPeriod,
  asOf: Date,
  hash: string,
  group: SupportGroup | null,
) {
  return sql`(
    select ${ticketKey(group, "d")} as key, d.created_at, d.ticket_id, d.fr_state as fr, d.res_state as res,
      d.reply_deadline, d.fr_achieved_at as reply_at, d.resolution_deadline, d.res_achieved_at as resolved_at,
      d.reply_business_ms, d.target_name
    from support_sla_deadlines d
    where ${deadlinesOf(scope, period, asOf, hash)} and ${decidedAt(asOf)}
    union all
    select ${ticketKey(group, "d")}, d.created_at, d.ticket_id, s.fr, s.res, d.reply_deadline, f.reply_at,
      d.resolution_deadline, f.resolved_at, d.reply_business_ms, d.target_name
    from support_sla_deadlines d
    join support_tickets t on t.workspace_id = d.workspace_id and t.id = d.ticket_id
    ${statesSql(asOf)}
    where ${deadlinesOf(scope, period, asOf, hash)} and ${undecidedAt(asOf)}) x`;
}

/** Tickets per group key and SLA states (first reply, resolution). */
export async function slaStateRows(
  db: Db,
  scope: TicketScope,
  period: SupportPeriod,
  asOf: Date,
  hash: string,
  group: SupportGroup | null,
) {
  const { rows } = await withoutJit(db, (trx) =>
    sql<{ key: string | null; fr: string; res: string; n: number }>`
    select x.key, x.fr, x.res, count(*) as n
    from ${statesFrom(scope, period, asOf, hash, group)}
    group by 1, 2, 3`.execute(trx),
  );
  return rows;
}

/** Where a page of breaches ends: (created_at, id) of its last ticket. */
export interface BreachPosition {
  createdAt: Date;
  id: string;
}

/** Breached tickets for a measure, oldest first, after a position (keyset on created_at, id). */
export async function breachedRows(
  db: Db,
  scope: TicketScope,
  period: SupportPeriod,
  asOf: Date,
  hash: string,
  measure: "firstReply" | "resolution",
  after: BreachPosition | null,
  limit: number,
) {
  const firstReply = measure === "firstReply";
  const { rows } = await withoutJit(db, (trx) =>
    sql<{
      id: string;
      external_id: string;
      channel: string;
      priority: string | null;
      topic: string | null;
      team_id: string | null;
      assignee_id: string | null;
      status: string;
      created_at: Date;
      target_name: string | null;
      deadline: Date;
      achieved_at: Date | null;
    }>`
    select t.id, t.external_id, t.channel, t.priority, t.topic, t.team_id, t.assignee_id, t.status,
      t.created_at, b.target_name, b.deadline, b.achieved_at
    from (select x.ticket_id, x.created_at, x.target_name,
        ${firstReply ? sql`x.reply_deadline` : sql`x.resolution_deadline`} as deadline,
        ${firstReply ? sql`x.reply_at` : sql`x.resolved_at`} as achieved_at
      from ${statesFrom(scope, period, asOf, hash, null)}
      where ${firstReply ? sql`x.fr` : sql`x.res`} = 'breached'
        ${after ? sql`and (x.created_at, x.ticket_id) > (${ts(after.createdAt)}, ${after.id}::uuid)` : sql``}
      order by x.created_at, x.ticket_id
      limit ${limit}) b
    join support_tickets t on t.workspace_id = ${scope.workspaceId} and t.id = b.ticket_id
    order by b.created_at, b.ticket_id`.execute(trx),
  );
  return rows;
}

/** The trend's time step: local days, ISO weeks or months of the ticket's creation. */
export type TrendStep = "day" | "week" | "month";

/** First-reply SLA states per local day (week, month) of creation: the SLA compliance trend. */
export async function slaTrendRows(
  db: Db,
  scope: TicketScope,
  period: SupportPeriod,
  asOf: Date,
  hash: string,
  step: TrendStep,
  timeZone: string,
) {
  const { rows } = await withoutJit(db, (trx) =>
    sql<{ bucket: string; fr: string; n: number }>`
    select to_char(date_trunc(${step}, x.created_at at time zone ${timeZone}), 'YYYY-MM-DD') as bucket,
      x.fr, count(*) as n
    from ${statesFrom(scope, period, asOf, hash, null)}
    group by 1, 2`.execute(trx),
  );
  return rows;
}

export type SlaSummaryRow = {
  by: "key" | "bucket" | "business";
  key: string | null;
  bucket: string | null;
  fr: string | null;
  res: string | null;
  n: number;
} & { [K in keyof DurationAggregateRow as `b_${K}`]: DurationAggregateRow[K] | null };

/**
 * Everything the dashboard shows of SLA from one read of the period's states: counts per group key and
 * states (`by` key), first-reply states per local day (week, month) of creation (`by` bucket), and the
 * first reply times in business hours (`by` business, the `b_` columns).
 */
export async function slaSummaryRows(
  db: Db,
  scope: TicketScope,
  period: SupportPeriod,
  asOf: Date,
  hash: string,
  group: SupportGroup | null,
  step: TrendStep,
  timeZone: string,
) {
  const none = sql`null::float8`;
  const noBusiness = sql`${none} as b_n, ${none} as b_sum, ${none} as b_sum_squares, ${none} as b_median, ${none} as b_p90`;
  const business = durationAggregates(sql`x.reply_business_ms`, sql`x.reply_at is not null`);
  const { rows } = await withoutJit(db, (trx) =>
    sql<SlaSummaryRow>`
    with x as materialized (select * from ${statesFrom(scope, period, asOf, hash, group)})
    select 'key' as by, x.key, null as bucket, x.fr, x.res, count(*) as n, ${noBusiness}
    from x group by x.key, x.fr, x.res
    union all
    select 'bucket', null, to_char(date_trunc(${step}, x.created_at at time zone ${timeZone}), 'YYYY-MM-DD'), x.fr,
      null, count(*), ${noBusiness}
    from x group by 3, 4
    union all
    select 'business', null, null, null, null, count(*), ${business} from x`.execute(trx),
  );
  return rows;
}
