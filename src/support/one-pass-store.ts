/**
 * The support figures that read the same tickets, each set computed in one statement: the figures over the
 * tickets created in the period (first reply, FRT distribution, resolution per agent and team, volume) and
 * over the tickets solved in it (resolution time and rate, FCR). The whole answer is bound by the total
 * work of its queries on a few cores, and every separate query paid again for the period's index range,
 * the heap pages and the per-ticket facts; here the facts are computed once per ticket into a materialized
 * CTE that each aggregate reads. Every part returns exactly the rows of the separate query it replaces
 * (metrics-store.ts, property-tested against the kernel), which a property test checks.
 */
import { type RawBuilder, sql } from "kysely";
import type { Db } from "../db/connection.js";
import type { SupportPeriod } from "../metrics/support.js";
import {
  at,
  closedAtSql,
  type DurationAggregateRow,
  durationAggregates,
  firstClosedAtSql,
  type Grouping,
  groupingSql,
  millis,
  replyFactsSql,
  type SupportGroup,
  type TicketScope,
  ticketWhere,
  ts,
} from "./metrics-sql.js";
import { FIRST_REPLY_BUCKETS_MS } from "./metrics-store.js";
import { withoutJit } from "./without-jit.js";

type Keyed<T> = T & { key: string | null; by: string | null };

export type FirstReplyRow = Keyed<
  DurationAggregateRow & {
    open: number;
    longest_open_ms: number | null;
    bot_resolved: number;
    closed_without_reply: number;
  }
>;

export interface CreatedFigures {
  /** As firstReplyRows. */
  firstReply: FirstReplyRow[];
  /** As resolutionRows; `assigned` is also the groups' volume (createdRows). */
  resolution: Keyed<{ assigned: number; resolved: number }>[];
  /** As firstReplyHistogramRows. */
  histogram: { bucket: number; n: number }[];
  /** As volumeRows. */
  volume: { channel: string; weekday: number; hour: number; n: number }[];
}

/** The rows of an aggregate subquery over the facts `t` as one json array (one result row for all parts). */
const rowsOf = (query: RawBuilder<unknown>) => sql`(select coalesce(json_agg(x), '[]') from (${query}) x)`;

/** A json column as rows: PGlite and pg parse json, a string would be a driver that does not. */
const parsed = <T>(value: unknown): T[] => (typeof value === "string" ? JSON.parse(value) : value) as T[];

/**
 * Tickets per channel, local weekday and hour from `facts`, converting a quarter hour of UTC to local time
 * once for all its tickets instead of once per ticket (the conversion was the dearest part of the pass).
 * A quarter lies in one local hour exactly when its first and last instant have the same UTC offset and
 * local hour (local time is monotonic between them; no zone changes offset twice within 15 minutes): so
 * for every zone whose offsets are whole quarter hours. Quarters that fail it (local mean times before
 * standard time, transitions at 00:01) count their tickets one by one.
 */
function volumeSql(timeZone: string) {
  const local = (instant: RawBuilder<unknown>) => sql`(${instant}) at time zone ${timeZone}`;
  const start = sql`to_timestamp(z.quarter * 900)`;
  const last = sql`(${start} + interval '899.999999 seconds')`;
  return sql`with q as (select t.channel, t.quarter, count(*) as n from facts t group by 1, 2),
    z as (select z.quarter, l.first_local,
        l.last_local - l.first_local = interval '899.999999 seconds'
          and date_trunc('hour', l.first_local) = date_trunc('hour', l.last_local) as whole
      from (select distinct quarter from q) z
      cross join lateral (select ${local(start)} as first_local, ${local(last)} as last_local) l)
    select channel, weekday, hour, sum(n)::int8 as n from (
      select q.channel, extract(isodow from z.first_local)::int as weekday,
        extract(hour from z.first_local)::int as hour, q.n
      from q join z on z.quarter = q.quarter and z.whole
      union all
      select t.channel, extract(isodow from ${local(sql`t.created_at`)})::int,
        extract(hour from ${local(sql`t.created_at`)})::int, 1
      from facts t join z on z.quarter = t.quarter and not z.whole) v
    group by 1, 2, 3`;
}

/**
 * The grouping key of the facts `t` in its column's own type: sorting and hashing uuids and C-collated
 * text is cheaper than text in the database collation; the key is text in the json either way.
 */
function factKey(group: SupportGroup | null): RawBuilder<unknown> {
  if (group === "team") return sql`t.team_id`;
  if (group === "agent") return sql`t.assignee_id`;
  return group ? sql`${sql.ref(`t.${group}`)} collate "C"` : sql`''`;
}

/**
 * Kernel `afrt` (tickets created by asOf), the FRT histogram, `resolutionByAssignee` (everything known),
 * `volumeByChannel` and `volumeByHourOfWeek` over the tickets created in the period, in one statement.
 */
export async function createdFigures(
  db: Db,
  scope: TicketScope,
  period: SupportPeriod,
  asOf: Date,
  timeZone: string,
  groups: { firstReply: Grouping; resolution: Grouping },
): Promise<CreatedFigures> {
  const now = replyFactsSql(sql`c.closed_at`, asOf);
  const ever = replyFactsSql(sql`e.closed_at`, "infinity");
  const reply = groupingSql(groups.firstReply, factKey);
  const resolution = groupingSql(groups.resolution, factKey);
  const noReply = sql`t.ms is null`;
  const bounds = sql.join(FIRST_REPLY_BUCKETS_MS.map((b) => sql`${b}::float8`));
  const { rows } = await withoutJit(db, (trx) =>
    sql<{ first_reply: unknown; resolution: unknown; histogram: unknown; volume: unknown }>`
    with facts as materialized (
      select t.channel, t.priority, t.topic, t.team_id, t.assignee_id,
        t.created_at <= ${ts(asOf)} as seen,
        ${millis(sql`f.reply_at - t.created_at`)} as ms,
        c.closed_at is null as open,
        c.closed_at is not null and t.resolved and f.bot_wrote as bot_resolved,
        t.resolved and t.solved_at is not null
          and not (e.closed_at is not null and g.bot_wrote and g.reply_at is null) as resolved_by_them,
        t.created_at, floor(date_part('epoch', t.created_at) / 900) as quarter,
        ${millis(sql`${at(asOf)} - t.created_at`)} as waited
      from support_tickets t
      cross join lateral (select ${closedAtSql(asOf)} as closed_at offset 0) c
      cross join lateral (select ${now.replyAt} as reply_at, ${now.botWrote} as bot_wrote) f
      cross join lateral (select ${closedAtSql("infinity")} as closed_at) e
      cross join lateral (select ${ever.replyAt} as reply_at, ${ever.botWrote} as bot_wrote) g
      where ${ticketWhere(scope)} and t.created_at >= ${ts(period.from)} and t.created_at < ${ts(period.to)}
    )
    select ${rowsOf(sql`select ${reply.head}, ${durationAggregates(sql`t.ms`)},
        count(*) filter (where ${noReply} and t.open) as open,
        max(t.waited) filter (where ${noReply} and t.open) as longest_open_ms,
        count(*) filter (where ${noReply} and t.bot_resolved) as bot_resolved,
        count(*) filter (where ${noReply} and not t.open and not t.bot_resolved) as closed_without_reply
      from facts t where t.seen ${reply.groupBy}`)} as first_reply,
      ${rowsOf(sql`select ${resolution.head}, count(*) as assigned,
        count(*) filter (where t.resolved_by_them) as resolved
      from facts t ${resolution.groupBy}`)} as resolution,
      ${rowsOf(sql`select width_bucket(t.ms::float8, array[${bounds}]) as bucket, count(*) as n
      from facts t where t.seen and t.ms is not null group by 1`)} as histogram,
      ${rowsOf(volumeSql(timeZone))} as volume`.execute(trx),
  );
  const row = rows[0];
  return {
    firstReply: parsed(row?.first_reply),
    resolution: parsed(row?.resolution),
    histogram: parsed(row?.histogram),
    volume: parsed(row?.volume),
  };
}

export interface SolvedFigures {
  /** As solvedRows. */
  solved: Keyed<DurationAggregateRow & { closed: number; resolved: number }>[];
  /** As fcrRows. */
  fcr: Keyed<{ resolved: number; first_contact: number; pending: number }>[];
}

/**
 * Kernel `averageResolutionTime`, `resolutionRate` and `firstContactResolution` (same topic, window W)
 * over the tickets solved in the period, in one pass: FCR counts the resolved ones among them.
 */
export async function solvedFigures(
  db: Db,
  scope: TicketScope,
  period: SupportPeriod,
  asOf: Date,
  windowMs: number,
  group: Grouping,
): Promise<SolvedFigures> {
  const end = sql`(w.start + ${windowMs} * interval '1 millisecond')`;
  const g = groupingSql(group, factKey);
  const { rows } = await withoutJit(db, (trx) =>
    sql<
      Keyed<
        DurationAggregateRow & {
          closed: number;
          resolved: number;
          fcr_resolved: number;
          first_contact: number;
          pending: number;
        }
      >
    >`
    select ${g.head}, ${durationAggregates(sql`d.ms`, sql`t.resolved`)},
      count(*) as closed, count(*) filter (where t.resolved) as resolved,
      count(*) filter (where t.resolved and not p.pending) as fcr_resolved,
      count(*) filter (where t.resolved and not p.pending and not r.recontact) as first_contact,
      count(*) filter (where t.resolved and p.pending) as pending
    from support_tickets t
    cross join lateral (select ${millis(sql`t.solved_at - t.created_at`)} as ms) d
    cross join lateral (select ${firstClosedAtSql} as start) w
    cross join lateral (select ${end} > ${ts(asOf)} as pending) p
    cross join lateral (select t.resolved and (
      (t.customer_id is not null and coalesce(t.next_contact_at <= ${end}, false))
      or (t.created_at > w.start and t.created_at <= ${end})
      or (t.reopened and exists (select 1 from support_ticket_statuses s
        where s.workspace_id = t.workspace_id and s.ticket_id = t.id and s.status not in ('solved', 'closed')
          and s.changed_at > w.start and s.changed_at <= ${end}))) as recontact) r
    where ${ticketWhere(scope)} and t.solved_at >= ${ts(period.from)} and t.solved_at < ${ts(period.to)}
    ${g.groupBy}`.execute(trx),
  );
  return {
    solved: rows.map(({ key, by, n, sum, sum_squares, median, p90, closed, resolved }) => ({
      key,
      by,
      n,
      sum,
      sum_squares,
      median,
      p90,
      closed,
      resolved,
    })),
    // a group with solved tickets but none resolved has zero counts here where fcrRows has no row
    fcr: rows.map((r) => ({
      key: r.key,
      by: r.by,
      resolved: r.fcr_resolved,
      first_contact: r.first_contact,
      pending: r.pending,
    })),
  };
}
