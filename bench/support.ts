/**
 * Support dashboard speed: a year of tickets (10 messages each, one call per ticket) generated in
 * PostgreSQL with INSERT … SELECT generate_series into tables stripped of their indexes and keys (built
 * once afterwards), in creation order as a help desk's records arrive, per-ticket facts filled by the
 * set-based refresh (facts-store.ts) and the tickets clustered back into creation order (the refresh
 * rewrote them in hash order), then every query of the support dashboard through the service code
 * the API calls, against the
 * best plain SQL for the same figure over the raw tables (history and messages, no stored facts), in
 * the same run. Target: every dashboard query p95 < 200 ms.
 *
 *   npm run bench:support                 # 1,000,000 tickets, 10,000,000 messages, 1,000,000 calls
 *   npm run bench:support -- 100000       # a smaller run
 *
 * BENCH_DATABASE_URL (default: the local test server) names a server; the benchmark creates its own
 * database there and drops it at the end (BENCH_KEEP=1 keeps it; BENCH_REUSE=<database> times a kept one
 * again, migrated to the current schema, without generating). BENCH_RUNS sets the timed runs per query
 * (default 20); BENCH_BASELINE=0 skips the plain SQL baselines (minutes at 1M) while iterating.
 */
import { type Kysely, sql } from "kysely";
import { createWorkspace } from "../src/auth/service.js";
import { openDatabase } from "../src/db/connection.js";
import type { Database } from "../src/db/database.js";
import { migrateToLatest } from "../src/db/migrate.js";
import { slaCompliance } from "../src/metrics/support.js";
import { refreshTicketFacts } from "../src/support/facts-store.js";
import { kernelTickets } from "../src/support/kernel-tickets.js";
import { supportMetrics, supportSlaBreaches } from "../src/support/metrics-service.js";
import type { TicketScope } from "../src/support/metrics-sql.js";
import * as q from "../src/support/metrics-store.js";
import * as onePass from "../src/support/one-pass-store.js";
import { createCalendar, createPolicy, effectivePolicy } from "../src/support/settings-service.js";
import { ensureDeadlines, slaTallies, slaTrend } from "../src/support/sla-service.js";
import { environment, fmt, percentile, ratio, timeRuns } from "./lib/report.js";

const size = Number(process.argv.slice(2).find((a) => Number(a) > 0) ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const SERVER = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:55432/postgres";
const END = new Date("2026-06-01T09:00:00Z");
const TZ = "Europe/Moscow";
const REUSE = process.env.BENCH_REUSE;
const DATABASE = REUSE ?? `otklik_bench_support_${process.pid}`;
const seconds = (t: number) => `${((performance.now() - t) / 1000).toFixed(1)} s`;

async function main() {
  const admin = await openDatabase({ url: SERVER });
  if (!REUSE) await sql`create database ${sql.id(DATABASE)}`.execute(admin.db);
  const url = new URL(SERVER);
  url.pathname = `/${DATABASE}`;
  const handle = await openDatabase({ url: url.toString() });
  const db = handle.db;

  try {
    await migrateToLatest(db);
    const { rows: v } = await sql<{ v: string }>`select version() as v`.execute(db);
    console.log(environment({ postgres: v[0]?.v.split(",")[0] ?? "?" }));
    console.log(
      `tickets: ${size.toLocaleString("en")}, messages: ${(size * 10).toLocaleString("en")}, calls: ${size.toLocaleString("en")}; runs per query: ${RUNS} (after 3 warm-up runs)\n`,
    );
    const ws = REUSE ? await keptWorkspace(db) : await load(db);
    const policy = await effectivePolicy(db, ws);
    if (!policy) throw new Error("no policy");
    const period = { from: new Date(END.getTime() - 30 * 86_400_000), to: END };
    const scope: TicketScope = { workspaceId: ws };
    const query = {
      from: period.from.toISOString(),
      to: period.to.toISOString(),
      abandoned: "count" as const,
    };
    const coldStart = performance.now();
    await ensureDeadlines(db, scope, period, END, policy);
    console.log(
      `SLA deadlines of the period's tickets computed and stored on first use: ${seconds(coldStart)}\n`,
    );

    const cases: {
      name: string;
      ours: () => Promise<unknown>;
      base?: () => Promise<unknown>;
      baseRuns?: number;
    }[] = [
      {
        name: "first reply (mean, median, p90, open)",
        ours: () => q.firstReplyRows(db, scope, period, END, null),
        base: () => raw.firstReply(db, ws, period),
      },
      { name: "first reply per agent", ours: () => q.firstReplyRows(db, scope, period, END, "agent") },
      { name: "FRT distribution", ours: () => q.firstReplyHistogramRows(db, scope, period, END) },
      {
        name: "resolution time, resolution rate",
        ours: () => q.solvedRows(db, scope, period, null),
        base: () => raw.solved(db, ws, period),
      },
      {
        name: "FCR (24 h window)",
        ours: () => q.fcrRows(db, scope, period, END, 86_400_000, null),
        base: () => raw.fcr(db, ws, period),
      },
      {
        name: "resolution % per agent",
        ours: () => q.resolutionRows(db, scope, period, "agent"),
        base: () => raw.resolution(db, ws, period),
      },
      {
        name: "open cases now",
        ours: () => q.openCaseRows(db, scope, END, null),
        base: () => raw.openNow(db, ws),
      },
      {
        name: "backlog at period end",
        ours: () => q.backlogRows(db, scope, period.to, null),
        base: () => raw.backlog(db, ws, period.to),
      },
      {
        name: "backlog at previous period end",
        ours: () => q.backlogRows(db, scope, period.from, null),
        base: () => raw.backlog(db, ws, period.from),
      },
      {
        name: "volume by channel and hour of week",
        ours: () => q.volumeRows(db, scope, period, TZ),
        base: () => raw.volume(db, ws, period),
      },
      {
        name: "calls: ASA, AHT, service level, blockage",
        ours: () => q.callRows(db, scope, period, 20_000, null),
        base: () => raw.calls(db, ws, period),
      },
      { name: "support CSAT", ours: () => q.csatRows(db, scope, period) },
      {
        name: "SLA compliance (first reply, resolution)",
        ours: () => slaTallies(db, scope, period, END, policy, null),
        base: async () => {
          // the kernel over every ticket of the period, loaded 5,000 at a time (a bind holds 65,535 values)
          const rows = await q.ticketPage(db, scope, period, END, null, 10_000_000);
          const tickets = [];
          for (let i = 0; i < rows.length; i += 5000)
            tickets.push(...(await kernelTickets(db, ws, rows.slice(i, i + 5000))));
          return slaCompliance(tickets, policy.policy, { period, asOf: END, calendar: policy.calendar });
        },
        baseRuns: 2,
      },
      { name: "SLA compliance trend (per day)", ours: () => slaTrend(db, scope, period, END, policy, TZ) },
      {
        name: "SLA breaches, first page",
        ours: () => supportSlaBreaches(db, ws, { ...query, measure: "firstReply", limit: 50 }, END),
      },
      {
        name: "one pass over the period's created tickets",
        ours: () =>
          onePass.createdFigures(db, scope, period, END, TZ, {
            firstReply: { sets: [null, "agent"] },
            resolution: { sets: [null, "agent", "team"] },
          }),
      },
      {
        name: "one pass over the period's solved tickets",
        ours: () => onePass.solvedFigures(db, scope, period, END, 86_400_000, { sets: [null, "agent"] }),
      },
      {
        name: "dashboard: whole metrics API answer, by agent",
        ours: () => supportMetrics(db, ws, { ...query, groupBy: "agent" }, END),
      },
      {
        name: "dashboard: previous period answer",
        ours: () =>
          supportMetrics(
            db,
            ws,
            {
              from: new Date(period.from.getTime() - 30 * 86_400_000).toISOString(),
              to: period.from.toISOString(),
              abandoned: "count",
            },
            END,
          ),
      },
    ];
    const lines: string[] = [];
    for (const c of cases) {
      const ours = await timeRuns(c.ours, RUNS);
      let line = `${c.name.padEnd(46)} | p50 ${fmt(percentile(ours, 0.5)).padStart(10)} p95 ${fmt(percentile(ours, 0.95)).padStart(10)}`;
      if (c.base && process.env.BENCH_BASELINE !== "0") {
        const base = await timeRuns(c.base, c.baseRuns ?? Math.max(3, Math.round(RUNS / 4)), 1);
        line += ` | plain SQL p50 ${fmt(percentile(base, 0.5)).padStart(10)} p95 ${fmt(percentile(base, 0.95)).padStart(10)} | ${ratio(percentile(base, 0.5), percentile(ours, 0.5))} faster`;
      }
      line += percentile(ours, 0.95) < 200 ? "" : "  ← over 200 ms";
      console.log(line);
      lines.push(line);
    }
    console.log(`\nsummary (${size.toLocaleString("en")} tickets)\n${lines.join("\n")}`);
  } finally {
    await handle.close();
    // BENCH_KEEP=1 keeps the generated database for a look at query plans.
    if (process.env.BENCH_KEEP || REUSE) console.log(`kept database ${DATABASE}`);
    else await sql`drop database if exists ${sql.id(DATABASE)}`.execute(admin.db);
    await admin.close();
  }
}

/** Generates the data, its facts and indexes, and the SLA policy; the workspace's id. */
async function load(db: Kysely<Database>) {
  const ws = (await createWorkspace(db, { name: "Bench", slug: "bench", timeZone: TZ })).id;
  const loadStart = performance.now();
  const dropped = await dropIndexes(db);
  await generate(db, ws, size);
  const loaded = seconds(loadStart);
  const factsStart = performance.now();
  await refreshTicketFacts(db, ws, "all");
  const facts = seconds(factsStart);
  const indexStart = performance.now();
  await restoreIndexes(db, dropped);
  // The set-based facts update wrote every ticket anew in hash-join order; live ingestion updates a
  // ticket while it is recent, so its rows stay near their creation order. CLUSTER restores that, and
  // VACUUM sets the visibility map autovacuum would.
  await sql`cluster support_tickets using support_tickets_created`.execute(db);
  await sql`vacuum analyze`.execute(db);
  const indexed = seconds(indexStart);
  const calendar = await createCalendar(db, ws, {
    name: "Moscow office",
    timeZone: TZ,
    week: Object.fromEntries(
      ["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [{ start: "09:00", end: "18:00" }]]),
    ),
    holidays: [
      "2026-01-01",
      "2026-01-02",
      "2026-01-07",
      "2026-02-23",
      "2026-03-09",
      "2026-05-01",
      "2026-05-11",
    ],
  });
  await createPolicy(db, ws, {
    name: "Standard",
    calendarId: calendar.id,
    targets: [
      { name: "Payment", match: { topic: "payment" }, firstReplyMinutes: 10, businessHours: true },
      { name: "Urgent", match: { priority: "urgent" }, firstReplyMinutes: 30, businessHours: false },
      {
        name: "Everything else",
        match: {},
        firstReplyMinutes: 60,
        resolutionMinutes: 1440,
        businessHours: true,
      },
    ],
  });
  const { rows: sz } = await sql<{ size: string }>`
    select pg_size_pretty(pg_total_relation_size('support_tickets') + pg_total_relation_size('support_messages')
      + pg_total_relation_size('support_ticket_statuses') + pg_total_relation_size('support_calls')) as size`.execute(
    db,
  );
  console.log(
    `generated in ${loaded} (INSERT … SELECT generate_series into tables without indexes); facts in ${facts} (one statement); indexes and constraints built, tickets clustered by creation and vacuumed in ${indexed}; tables ${sz[0]?.size}`,
  );

  return ws;
}

/** The workspace of a kept database, its tables vacuumed after the migrations. */
async function keptWorkspace(db: Kysely<Database>) {
  const row = await db
    .selectFrom("workspaces")
    .select("id")
    .where("slug", "=", "bench")
    .executeTakeFirstOrThrow();
  await sql`vacuum analyze`.execute(db);
  return row.id;
}

const LOADED = ["support_tickets", "support_ticket_statuses", "support_messages", "support_calls"];

interface Dropped {
  constraints: { table: string; name: string; type: string; def: string }[];
  indexes: string[];
}

/**
 * Drops the loaded tables' indexes and constraints (keys, uniques, foreign keys, also those of other
 * tables pointing at them) so the generator writes bare heaps; restoreIndexes builds them once at the end,
 * which sorts each index once instead of inserting 10M entries one by one and checks keys in one join.
 */
async function dropIndexes(db: Kysely<Database>): Promise<Dropped> {
  const tables = sql`array[${sql.join(LOADED)}]::regclass[]`;
  const { rows: constraints } = await sql<{ table: string; name: string; type: string; def: string }>`
    select conrelid::regclass::text as table, conname as name, contype as type, pg_get_constraintdef(oid) as def
    from pg_constraint where contype in ('p', 'u', 'f') and (conrelid = any(${tables}) or confrelid = any(${tables}))
    order by case contype when 'f' then 0 else 1 end`.execute(db);
  const { rows: indexes } = await sql<{ def: string; name: string }>`
    select pg_get_indexdef(i.indexrelid) as def, i.indexrelid::regclass::text as name from pg_index i
    where i.indrelid = any(${tables}) and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`.execute(
    db,
  );
  for (const c of constraints)
    await sql`alter table ${sql.id(c.table)} drop constraint ${sql.id(c.name)}`.execute(db);
  for (const i of indexes) await sql`drop index ${sql.id(i.name)}`.execute(db);
  return { constraints, indexes: indexes.map((i) => i.def) };
}

async function restoreIndexes(db: Kysely<Database>, dropped: Dropped) {
  await db.connection().execute(async (conn) => {
    await sql`set maintenance_work_mem = '256MB'`.execute(conn);
    // keys first: the foreign keys need the referenced ones
    for (const c of [...dropped.constraints].reverse())
      await sql`alter table ${sql.id(c.table)} add constraint ${sql.id(c.name)} ${sql.raw(c.def)}`.execute(
        conn,
      );
    for (const def of dropped.indexes) await sql.raw(def).execute(conn);
  });
}

/** A year of tickets ending at END: statuses, 10 messages each (customer, bot or system, agents), calls. */
async function generate(db: Kysely<Database>, ws: string, n: number) {
  const step = async (what: string, ...queries: ReturnType<typeof sql>[]) => {
    const t = performance.now();
    for (const query of queries) await query.execute(db);
    console.log(`  ${what}: ${seconds(t)}`);
  };
  await step(
    "teams, agents, customers",
    sql`insert into support_teams (workspace_id, id, external_id, name)
      select ${ws}::uuid, gen_random_uuid(), 'team-' || i, 'Team ' || i from generate_series(1, 4) i`,
    sql`insert into support_agents (workspace_id, id, external_id, name, team_id)
      select ${ws}::uuid, gen_random_uuid(), 'agent-' || i, 'Agent ' || i,
        (select id from support_teams where workspace_id = ${ws} and external_id = 'team-' || (1 + i % 4))
      from generate_series(1, 60) i`,
    sql`insert into customers (workspace_id, id, external_id)
      select ${ws}::uuid, gen_random_uuid(), 'C' || i from generate_series(1, ${Math.max(1, Math.round(n / 3))}) i`,
  );
  // The plan of every ticket first (random draws fixed once), then tickets, history and messages from it,
  // written in creation order as a help desk's records arrive over time: a period's tickets then sit on
  // neighbouring pages, as they would in production.
  await step(
    "ticket plans",
    sql`
    create unlogged table bench_plan as
    with a as (select array_agg(id order by external_id) ids, array_agg(team_id order by external_id) teams
               from support_agents where workspace_id = ${ws}),
         c as (select array_agg(id) ids from customers where workspace_id = ${ws})
    select i, gen_random_uuid() as id, created,
      (array['email', 'chat', 'phone', 'messenger'])[1 + floor(random() * 4)::int] as channel,
      (array['low', 'normal', 'normal', 'high', 'urgent'])[1 + floor(random() * 5)::int] as priority,
      (array['payment', 'delivery', 'account', 'returns', 'product', 'bug', 'billing', 'other'])[1 + floor(random() * 8)::int] as topic,
      a.ids[1 + k] as agent, a.teams[1 + k] as team, c.ids[1 + (random() * (array_length(c.ids, 1) - 1))::int] as customer,
      date_trunc('milliseconds', created + (random() ^ 3) * interval '8 hours' + interval '30 seconds') as reply,
      date_trunc('milliseconds', created + (random() ^ 2) * interval '72 hours' + interval '10 minutes') as solve,
      random() < 0.03 as reopens, random() < 0.03 as unanswered, random() < 0.9 as resolved
    -- the draws sit in a subquery of their own: a lateral subquery that does not reference the series is
    -- evaluated once and would give every ticket the same creation time
    -- times in whole milliseconds, as everything ingested through JavaScript dates is
    from (select i, date_trunc('milliseconds', ${END.toISOString()}::timestamptz - random() * interval '365 days') as created,
      floor(random() * 60)::int as k from generate_series(1, ${n}) i offset 0) r
    cross join a cross join c`,
  );
  await step(
    "tickets",
    sql`
    insert into support_tickets (workspace_id, id, external_id, customer_id, channel, priority, topic, team_id,
      assignee_id, status, created_at, solved_at, resolved, has_history)
    select ${ws}::uuid, id, 'T' || i, customer, channel, priority, topic, team, agent,
      case when s.closed then 'solved' else 'open' end, created, case when s.closed then s.solved_at end,
      s.closed and resolved, true
    from bench_plan
    cross join lateral (select solve + case when reopens then interval '30 hours' else interval '0' end as solved_at offset 0) s0
    cross join lateral (select s0.solved_at, s0.solved_at < ${END.toISOString()}::timestamptz as closed offset 0) s
    order by created`,
  );
  await step(
    "status history",
    sql`
    insert into support_ticket_statuses (workspace_id, ticket_id, seq, status, changed_at)
    select ${ws}::uuid, id, 1, 'open', created from bench_plan
    union all select ${ws}::uuid, id, 2, 'solved', solve from bench_plan where solve < ${END.toISOString()}::timestamptz
    union all select ${ws}::uuid, id, 3, 'open', solve + interval '6 hours' from bench_plan
      where reopens and solve + interval '6 hours' < ${END.toISOString()}::timestamptz
    union all select ${ws}::uuid, id, 4, 'solved', solve + interval '30 hours' from bench_plan
      where reopens and solve + interval '30 hours' < ${END.toISOString()}::timestamptz`,
  );
  await step(
    "messages",
    sql`
    insert into support_messages (workspace_id, id, external_id, ticket_id, author, agent_id, sent_at, internal)
    select ${ws}::uuid, gen_random_uuid(), 'T' || i || '-' || k, id, m.author,
      case when m.author = 'agent' then agent end, m.at, m.internal
    from bench_plan cross join generate_series(1, 10) k
    cross join lateral (select
      case when k = 1 or k % 2 = 0 then 'customer' when k = 3 then case when channel in ('chat', 'messenger') then 'bot' else 'system' end
        else 'agent' end as author,
      least(case when k = 1 then created when k = 3 then created + interval '5 seconds'
        else reply + (k - 5) * interval '20 minutes' end, ${END.toISOString()}::timestamptz - interval '1 second') as at,
      unanswered and k >= 5 and k % 2 = 1 as internal offset 0) m
    order by created, k`,
  );
  await step(
    "calls",
    sql`
    insert into support_calls (workspace_id, id, external_id, channel, agent_id, team_id, outcome, queued_at,
      answered_at, ended_at, talk_ms, hold_ms, acw_ms)
    select ${ws}::uuid, gen_random_uuid(), 'K' || i, 'phone', agent, team, outcome, created,
      case when outcome = 'answered' then created + wait end,
      case when outcome = 'answered' then created + wait + talk when outcome = 'abandoned' then created + wait end,
      case when outcome = 'answered' then extract(epoch from talk) * 1000 end,
      case when outcome = 'answered' then 15000 end, case when outcome = 'answered' then 30000 end
    from (select i, agent, team, created,
      case when random() < 0.86 then 'answered' when random() < 0.7 then 'abandoned' else 'blocked' end as outcome,
      date_trunc('milliseconds', (random() ^ 2) * interval '120 seconds') as wait, date_trunc('milliseconds', interval '60 seconds' + random() * interval '600 seconds') as talk
      from bench_plan offset 0) c
    order by created`,
  );
  await sql`drop table bench_plan`.execute(db);
}

/**
 * The best plain SQL for each figure over the raw tables: the first reply and the close read from the
 * messages and the status history by their (workspace, ticket, time) indexes, as a query written
 * without the stored per-ticket facts would.
 */
const raw = {
  closedNow: sql`(select s.status in ('solved', 'closed') from support_ticket_statuses s
    where s.workspace_id = t.workspace_id and s.ticket_id = t.id order by s.changed_at desc, s.seq desc limit 1)`,
  firstReply: (db: Kysely<Database>, ws: string, p: { from: Date; to: Date }) =>
    sql`
    select count(r.at), avg(extract(epoch from r.at - t.created_at)),
      percentile_cont(0.5) within group (order by extract(epoch from r.at - t.created_at)),
      percentile_cont(0.9) within group (order by extract(epoch from r.at - t.created_at)),
      count(*) filter (where r.at is null)
    from support_tickets t
    left join lateral (select min(m.sent_at) as at from support_messages m where m.workspace_id = t.workspace_id
      and m.ticket_id = t.id and m.author = 'agent' and not m.internal) r on true
    where t.workspace_id = ${ws} and t.created_at >= ${p.from.toISOString()} and t.created_at < ${p.to.toISOString()}`.execute(
      db,
    ),
  solved: (db: Kysely<Database>, ws: string, p: { from: Date; to: Date }) =>
    sql`
    select count(*), count(*) filter (where resolved), avg(extract(epoch from solved_at - created_at)) filter (where resolved),
      percentile_cont(0.5) within group (order by extract(epoch from solved_at - created_at)) filter (where resolved)
    from support_tickets where workspace_id = ${ws} and solved_at >= ${p.from.toISOString()} and solved_at < ${p.to.toISOString()}`.execute(
      db,
    ),
  fcr: (db: Kysely<Database>, ws: string, p: { from: Date; to: Date }) =>
    sql`
    select count(*), count(*) filter (where not exists (select 1 from support_tickets o where o.workspace_id = t.workspace_id
        and o.customer_id = t.customer_id and o.topic = t.topic and o.created_at > w.start and o.created_at <= w.start + interval '24 hours')
      and not exists (select 1 from support_ticket_statuses s where s.workspace_id = t.workspace_id and s.ticket_id = t.id
        and s.status not in ('solved', 'closed') and s.changed_at > w.start and s.changed_at <= w.start + interval '24 hours'))
    from support_tickets t
    cross join lateral (select min(s.changed_at) as start from support_ticket_statuses s where s.workspace_id = t.workspace_id
      and s.ticket_id = t.id and s.status in ('solved', 'closed')) w
    where t.workspace_id = ${ws} and t.resolved and t.solved_at >= ${p.from.toISOString()} and t.solved_at < ${p.to.toISOString()}`.execute(
      db,
    ),
  resolution: (db: Kysely<Database>, ws: string, p: { from: Date; to: Date }) =>
    sql`
    select t.assignee_id, count(*), count(*) filter (where t.resolved and t.solved_at is not null and (
      exists (select 1 from support_messages m where m.workspace_id = t.workspace_id and m.ticket_id = t.id
        and m.author = 'agent' and not m.internal and m.sent_at <= t.solved_at)
      or not exists (select 1 from support_messages m where m.workspace_id = t.workspace_id and m.ticket_id = t.id
        and m.author = 'bot' and m.sent_at <= t.solved_at)))
    from support_tickets t
    where t.workspace_id = ${ws} and t.created_at >= ${p.from.toISOString()} and t.created_at < ${p.to.toISOString()}
    group by 1`.execute(db),
  openNow: (db: Kysely<Database>, ws: string) =>
    sql`
    select count(*) from support_tickets t
    where t.workspace_id = ${ws} and t.status not in ('solved', 'closed') and coalesce((
      select m.author = 'customer' from support_messages m where m.workspace_id = t.workspace_id and m.ticket_id = t.id
        and (m.author = 'customer' or (m.author = 'agent' and not m.internal)) order by m.sent_at desc limit 1), true)`.execute(
      db,
    ),
  backlog: (db: Kysely<Database>, ws: string, end: Date) =>
    sql`
    select count(*) from support_tickets t
    where t.workspace_id = ${ws} and t.created_at < ${end.toISOString()} and coalesce((
      select s.status not in ('solved', 'closed') from support_ticket_statuses s where s.workspace_id = t.workspace_id
        and s.ticket_id = t.id and s.changed_at < ${end.toISOString()} order by s.changed_at desc, s.seq desc limit 1), true)`.execute(
      db,
    ),
  volume: (db: Kysely<Database>, ws: string, p: { from: Date; to: Date }) =>
    sql`
    select channel, extract(isodow from created_at at time zone ${TZ}), extract(hour from created_at at time zone ${TZ}), count(*)
    from support_tickets where workspace_id = ${ws} and created_at >= ${p.from.toISOString()} and created_at < ${p.to.toISOString()}
    group by 1, 2, 3`.execute(db),
  calls: (db: Kysely<Database>, ws: string, p: { from: Date; to: Date }) =>
    sql`
    select count(*), count(*) filter (where outcome = 'answered'), count(*) filter (where outcome = 'blocked'),
      avg(extract(epoch from answered_at - queued_at)), avg(talk_ms + hold_ms + acw_ms),
      count(*) filter (where answered_at - queued_at <= interval '20 seconds'),
      percentile_cont(0.5) within group (order by extract(epoch from answered_at - queued_at))
    from support_calls where workspace_id = ${ws} and queued_at >= ${p.from.toISOString()} and queued_at < ${p.to.toISOString()}`.execute(
      db,
    ),
};

await main();
