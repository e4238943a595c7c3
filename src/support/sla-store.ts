/**
 * The SQL of SLA compliance. Deadlines (business-time arithmetic) are computed by the kernel once per
 * ticket and policy content and stored in support_sla_deadlines with the ticket fields they came from;
 * the states at an instant (met, breached, pending, not applicable — kernel `evaluateSla`) then follow in
 * SQL from the deadlines and the per-ticket facts, like every other support figure.
 */
import { sql } from "kysely";
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

/** A deadline row joined to its ticket only while the ticket's matching fields are unchanged. */
const validDeadline = (hash: string) => sql`d.workspace_id = t.workspace_id and d.policy_hash = ${hash}
  and d.ticket_id = t.id and d.created_at = t.created_at and d.channel = t.channel
  and d.priority is not distinct from t.priority and d.topic is not distinct from t.topic
  and d.first_reply_at is not distinct from t.first_reply_at`;

/** The period on the deadline side too (its created_at equals the ticket's), for the index on it. */
const deadlinesInPeriod = (period: SupportPeriod) =>
  sql`d.created_at >= ${ts(period.from)} and d.created_at < ${ts(period.to)}`;

const inPeriod = (scope: TicketScope, period: SupportPeriod, asOf: Date) =>
  sql`${ticketWhere(scope)} and t.created_at >= ${ts(period.from)} and t.created_at < ${ts(period.to)}
    and t.created_at <= ${ts(asOf)}`;

/** Tickets of the period with no valid deadline row for the policy content yet. */
export async function ticketsWithoutDeadlines(
  db: Db,
  scope: TicketScope,
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
    where ${inPeriod(scope, period, asOf)}
      and not exists (select 1 from support_sla_deadlines d where ${validDeadline(hash)})`.execute(trx),
  );
  return rows;
}

export interface DeadlineWrite {
  ticket_id: string;
  created_at: Date;
  channel: string;
  priority: string | null;
  topic: string | null;
  target_index: number;
  target_name: string | null;
  reply_deadline: Date | null;
  resolution_deadline: Date | null;
  first_reply_at: Date | null;
  reply_business_ms: number | null;
}

export async function upsertDeadlines(db: Db, workspaceId: string, hash: string, rows: DeadlineWrite[]) {
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insertInto("support_sla_deadlines")
      .values(rows.slice(i, i + 1000).map((r) => ({ ...r, workspace_id: workspaceId, policy_hash: hash })))
      .onConflict((oc) =>
        oc.columns(["workspace_id", "policy_hash", "ticket_id"]).doUpdateSet((eb) => ({
          created_at: eb.ref("excluded.created_at"),
          channel: eb.ref("excluded.channel"),
          priority: eb.ref("excluded.priority"),
          topic: eb.ref("excluded.topic"),
          target_index: eb.ref("excluded.target_index"),
          target_name: eb.ref("excluded.target_name"),
          reply_deadline: eb.ref("excluded.reply_deadline"),
          resolution_deadline: eb.ref("excluded.resolution_deadline"),
          first_reply_at: eb.ref("excluded.first_reply_at"),
          reply_business_ms: eb.ref("excluded.reply_business_ms"),
        })),
      )
      .execute();
  }
}

/**
 * The kernel's `evaluateSla` clock states at asOf, per ticket of the period: `fr` (first reply) and `res`
 * (resolution), each met | breached | pending | notApplicable | untargeted.
 */
function statesFrom(scope: TicketScope, period: SupportPeriod, asOf: Date, hash: string) {
  const facts = replyFactsSql(sql`c.closed_at`, asOf);
  const clock = (due: string, achieved: string, closedUnachieved: string) => sql`case
      when ${sql.raw(achieved)} is not null then case when ${sql.raw(achieved)} <= ${sql.raw(due)} then 'met' else 'breached' end
      when ${sql.raw(closedUnachieved)} is not null then case when ${sql.raw(closedUnachieved)} <= ${sql.raw(due)} then 'notApplicable' else 'breached' end
      when ${at(asOf)} > ${sql.raw(due)} then 'breached' else 'pending' end`;
  return sql`
    from support_tickets t
    join support_sla_deadlines d on ${validDeadline(hash)} and ${deadlinesInPeriod(period)}
    cross join lateral (select ${closedAtSql(asOf)} as closed_at offset 0) c
    cross join lateral (select ${facts.replyAt} as reply_at,
      case when c.closed_at is not null and t.resolved then c.closed_at end as resolved_at) f
    cross join lateral (select
      case when d.target_index < 0 then 'untargeted'
        else ${clock("d.reply_deadline", "f.reply_at", "c.closed_at")} end as fr,
      case when d.resolution_deadline is null then 'untargeted'
        else ${clock("d.resolution_deadline", "f.resolved_at", "case when f.resolved_at is null then c.closed_at end")} end as res) s
    where ${inPeriod(scope, period, asOf)}`;
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
    select ${ticketKey(group)} as key, s.fr, s.res, count(*) as n
    ${statesFrom(scope, period, asOf, hash)}
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
      t.created_at, d.target_name,
      ${firstReply ? sql`d.reply_deadline` : sql`d.resolution_deadline`} as deadline,
      ${firstReply ? sql`f.reply_at` : sql`f.resolved_at`} as achieved_at
    ${statesFrom(scope, period, asOf, hash)}
      and ${firstReply ? sql`s.fr` : sql`s.res`} = 'breached'
      ${after ? sql`and (t.created_at, t.id) > (${ts(after.createdAt)}, ${after.id}::uuid)` : sql``}
    order by t.created_at, t.id
    limit ${limit}`.execute(trx),
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
    select to_char(date_trunc(${step}, t.created_at at time zone ${timeZone}), 'YYYY-MM-DD') as bucket,
      s.fr, count(*) as n
    ${statesFrom(scope, period, asOf, hash)}
    group by 1, 2`.execute(trx),
  );
  return rows;
}

/** First reply times in the policy calendar's business hours (kernel `firstReplyTime` with a calendar). */
export async function businessFirstReplyRows(
  db: Db,
  scope: TicketScope,
  period: SupportPeriod,
  asOf: Date,
  hash: string,
) {
  const facts = replyFactsSql(sql`c.closed_at`, asOf);
  const { rows } = await withoutJit(db, (trx) =>
    sql<DurationAggregateRow>`
    select ${durationAggregates(sql`d.reply_business_ms`, sql`f.reply_at is not null`)}
    from support_tickets t
    join support_sla_deadlines d on ${validDeadline(hash)} and ${deadlinesInPeriod(period)}
    cross join lateral (select ${closedAtSql(asOf)} as closed_at offset 0) c
    cross join lateral (select ${facts.replyAt} as reply_at) f
    where ${inPeriod(scope, period, asOf)}`.execute(trx),
  );
  return rows[0];
}
