/**
 * SQL fragments the support metric queries share: the ticket filter, the grouping key, and the per-ticket
 * facts at an instant — when the ticket closed, its first human reply — exactly as the kernel defines them
 * (metrics/support-tickets.ts). A ticket `t` is in scope wherever these fragments are used.
 */
import { type RawBuilder, sql } from "kysely";

export type SupportGroup = "channel" | "priority" | "topic" | "team" | "agent";

/** What narrows every support metric; lists match any of their values, an empty list matches nothing. */
export interface TicketScope {
  workspaceId: string;
  channel?: string[];
  priority?: string[];
  topic?: string[];
  /** Internal ids. */
  teamIds?: string[];
  agentIds?: string[];
}

/** An instant, or the end of time (everything known). */
export type Limit = Date | "infinity";

export const at = (limit: Limit) =>
  limit === "infinity" ? sql`'infinity'::timestamptz` : sql`${limit.toISOString()}::timestamptz`;

/** An instant as a timestamptz literal parameter. */
export const ts = (date: Date) => sql`${date.toISOString()}::timestamptz`;

/**
 * Milliseconds of an interval expression as float8, rounded: exact for millisecond data (every instant
 * ingested through JavaScript dates), and a third of the cost of numeric `extract` in the aggregates over a
 * period's tens of thousands of tickets. Sums stay exact up to 2^53 ms; sums of squares are as precise as
 * the kernel's own doubles.
 */
export const millis = (interval: RawBuilder<unknown>) => sql`round(date_part('epoch', ${interval}) * 1000)`;

const CLOSED = sql`('solved', 'closed')`;

function inList(column: RawBuilder<unknown>, values: string[] | undefined): RawBuilder<unknown> | null {
  if (values === undefined) return null;
  if (!values.length) return sql`false`;
  return sql`${column} in (${sql.join(values)})`;
}

/**
 * The scope's conditions on tickets `t` (workspace first), or on another relation with the ticket's
 * columns (`alias`: the stored SLA deadlines carry copies of them).
 */
export function ticketWhere(scope: TicketScope, alias = "t"): RawBuilder<unknown> {
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  const parts = [
    sql`${col("workspace_id")} = ${scope.workspaceId}`,
    inList(col("channel"), scope.channel),
    inList(col("priority"), scope.priority),
    inList(col("topic"), scope.topic),
    inList(sql`${col("team_id")}::text`, scope.teamIds),
    inList(sql`${col("assignee_id")}::text`, scope.agentIds),
  ].filter((p): p is RawBuilder<unknown> => p !== null);
  return sql.join(parts, sql` and `);
}

/** The scope's conditions on calls `c`; priority and topic do not apply to calls. */
export function callWhere(scope: TicketScope): RawBuilder<unknown> {
  const parts = [
    sql`c.workspace_id = ${scope.workspaceId}`,
    inList(sql`c.channel`, scope.channel),
    inList(sql`c.team_id::text`, scope.teamIds),
    inList(sql`c.agent_id::text`, scope.agentIds),
  ].filter((p): p is RawBuilder<unknown> => p !== null);
  return sql.join(parts, sql` and `);
}

const TICKET_KEY_COLUMNS: Record<SupportGroup, string> = {
  channel: "channel",
  priority: "priority",
  topic: "topic",
  team: "team_id",
  agent: "assignee_id",
};

/** The grouping key of a ticket (`t`, or `alias` with the same columns); one group ('') without a grouping. */
export const ticketKey = (group: SupportGroup | null, alias = "t") =>
  group ? sql`${sql.ref(`${alias}.${TICKET_KEY_COLUMNS[group]}`)}::text` : sql`''`;

/**
 * How a figure query groups: one group (key ''), the groups of one dimension, or several groupings in one
 * pass (`sets`, null for the overall figure) — grouping sets read the tickets once where running the query
 * per grouping would read them again for each.
 */
export type Grouping = SupportGroup | null | { sets: (SupportGroup | null)[] };

/**
 * The select list head (`key`, `by`: the grouping a row belongs to) and the GROUP BY clause of a grouping,
 * with `extra` grouping columns after the key. Keys come from `keyOf` (ticketKey or callKey).
 */
export function groupingSql(
  g: Grouping,
  keyOf: (group: SupportGroup | null) => RawBuilder<unknown>,
  extra: RawBuilder<unknown>[] = [],
) {
  const tail = extra.length ? sql`, ${sql.join(extra)}` : sql``;
  if (g === null || typeof g === "string")
    return { head: sql`${keyOf(g)} as key, ${g}::text as by`, groupBy: sql`group by 1${tail}` };
  const groups = [...new Set(g.sets.filter((x): x is SupportGroup => x !== null))];
  if (!groups.length) return groupingSql(null, keyOf, extra);
  const set = (x: SupportGroup | null) => {
    const cols = x === null ? extra : [keyOf(x), ...extra];
    return cols.length ? sql`(${sql.join(cols)})` : sql`()`;
  };
  const sets = [...(g.sets.includes(null) ? [null] : []), ...groups].map(set);
  const when = (value: (x: SupportGroup) => RawBuilder<unknown>) =>
    sql.join(
      groups.map((x) => sql`when grouping(${keyOf(x)}) = 0 then ${value(x)}`),
      sql` `,
    );
  return {
    head: sql`case ${when((x) => sql`${keyOf(x)}::text`)} else '' end as key,
      case ${when((x) => sql`${x}::text`)} end as by`,
    groupBy: sql`group by grouping sets (${sql.join(sets)})`,
  };
}

/**
 * The grouping key of a call; null for groupings that do not apply to calls. Team and agent group by the
 * uuid (sorting uuids for the per-agent medians is a third of the cost of sorting their text).
 */
export function callKey(group: SupportGroup | null): RawBuilder<unknown> {
  if (group === null) return sql`''`;
  if (group === "channel") return sql`c.channel`;
  if (group === "team") return sql`c.team_id`;
  if (group === "agent") return sql`c.agent_id`;
  return sql`null::text`;
}

/**
 * When ticket `t` became closed, if it is closed at `limit` (kernel `closedAtMs`): with a history, the
 * first closed change after the last non-closed one among changes at or before the limit (strictly before
 * with `strict`), ties in arrival order; without a history, solved_at. A ticket that never reopened is
 * closed from its first close on; one whose last change counts at the limit is in its current state
 * (solved_at: closed since then, or open). Only reopened tickets changed after the limit read their history.
 */
export function closedAtSql(limit: Limit, strict = false): RawBuilder<Date | null> {
  const cmp = strict ? sql`<` : sql`<=`;
  const l = at(limit);
  return sql<Date | null>`case when t.reopened and not (t.last_change_at ${cmp} ${l}) then (
      select min(s.changed_at) from support_ticket_statuses s
      where s.workspace_id = t.workspace_id and s.ticket_id = t.id and s.status in ${CLOSED}
        and s.changed_at ${cmp} ${l}
        and not exists (
          select 1 from support_ticket_statuses o
          where o.workspace_id = s.workspace_id and o.ticket_id = s.ticket_id and o.status not in ${CLOSED}
            and o.changed_at ${cmp} ${l} and (o.changed_at, o.seq) > (s.changed_at, s.seq)))
    when t.reopened then t.solved_at
    when t.first_closed_at ${cmp} ${l} then t.first_closed_at end`;
}

/**
 * A condition every ticket not closed at `limit` meets, stated on indexed columns so the planner reads
 * only candidates (closedAtSql decides exactly): open now (a ticket whose last change counts at the limit
 * is in its current state), first closed after the limit, or reopened and changed after it. Each arm is a
 * range of one index (migration 0013-support-instant-state).
 */
export function maybeOpenAtSql(limit: Limit, strict = false): RawBuilder<boolean> {
  const cmp = strict ? sql`>=` : sql`>`;
  const l = at(limit);
  return sql<boolean>`(t.solved_at is null or t.first_closed_at ${cmp} ${l}
    or (t.reopened and t.last_change_at ${cmp} ${l}))`;
}

/** When ticket `t` first became solved or closed (kernel `firstClosedAt`), else solved_at. */
export const firstClosedAtSql = sql<Date | null>`t.first_closed_at`;

/** A message time clamped to the ticket's creation (kernel `messageTime`). */
const messageTime = sql`greatest(m.sent_at, t.created_at)`;

/** Messages of ticket `t` matching a condition, written at or before `until`. */
function messagesUntil(
  select: RawBuilder<unknown>,
  condition: RawBuilder<unknown>,
  until: RawBuilder<unknown>,
) {
  return sql`(select ${select} from support_messages m
    where m.workspace_id = t.workspace_id and m.ticket_id = t.id and ${condition} and ${messageTime} <= ${until})`;
}

const HUMAN_REPLY = sql`m.author = 'agent' and not m.internal`;

/**
 * Reply facts of ticket `t` at `limit` given its closing time expression (kernel `replyFacts`): the first
 * human reply written before the close (or the limit), and whether a bot wrote by then. The first of all
 * replies is the first before a bound exactly when it is not after the bound.
 */
export function replyFactsSql(closedAt: RawBuilder<unknown>, limit: Limit) {
  const until = sql`coalesce(${closedAt}, ${at(limit)})`;
  return {
    replyAt: sql<Date | null>`case when t.first_reply_at <= ${until} then t.first_reply_at end`,
    botWrote: sql<boolean>`coalesce(t.first_bot_at <= ${until}, false)`,
  };
}

/**
 * The last human reply and last customer message of `t` at or before the limit (kernel `isAwaitingReply`):
 * the stored latest ones when neither is after the limit, else read from the messages.
 */
export function lastMessagesSql(limit: Limit) {
  const known = sql`coalesce(greatest(t.last_reply_at, t.last_customer_at) <= ${at(limit)}, true)`;
  return {
    lastReply: sql`case when ${known} then t.last_reply_at else ${messagesUntil(sql`max(${messageTime})`, HUMAN_REPLY, at(limit))} end`,
    lastCustomer: sql`case when ${known} then t.last_customer_at else ${messagesUntil(sql`max(${messageTime})`, sql`m.author = 'customer'`, at(limit))} end`,
  };
}

/** Aggregates of a duration column: n, Σ, Σ², median and p90 (percentile_cont = kernel type 7). */
export function durationAggregates(ms: RawBuilder<unknown>, filter: RawBuilder<unknown> = sql`true`) {
  return sql`count(${ms}) filter (where ${filter}) as n,
    coalesce(sum(${ms}) filter (where ${filter}), 0) as sum,
    coalesce(sum(${ms} * ${ms}) filter (where ${filter}), 0) as sum_squares,
    percentile_cont(0.5) within group (order by ${ms}::float8) filter (where ${filter}) as median,
    percentile_cont(0.9) within group (order by ${ms}::float8) filter (where ${filter}) as p90`;
}

export interface DurationAggregateRow {
  n: number;
  sum: number;
  sum_squares: number;
  median: number | null;
  p90: number | null;
}
