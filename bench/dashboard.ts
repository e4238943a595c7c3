/**
 * Dashboard query speed: the NPS trend by month by country over two years, and the same trend for a
 * segment (`product = Pro`), through the metrics API (served by the rollups) against the best plain SQL
 * over the raw answers (GROUP BY with FILTER), at 1M and 10M answers on PostgreSQL.
 *
 *   npm run bench:dashboard                 # 1M and 10M answers
 *   npm run bench:dashboard -- 200000       # other sizes
 */
import { sql } from "kysely";
import { createApiKey } from "../src/auth/service.js";
import { loadConfig } from "../src/config.js";
import { openDatabase } from "../src/db/connection.js";
import { migrateToLatest } from "../src/db/migrate.js";
import { generateWorkspace } from "../src/demo/bulk.js";
import { buildApp } from "../src/http/app.js";
import { benchPostgres } from "./lib/postgres.js";
import { environment, fmt, percentile, ratio, timeRuns } from "./lib/report.js";

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const SIZES = sizes.length ? sizes : [1_000_000, 10_000_000];
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const END = new Date("2026-11-01T00:00:00+03:00");
const FROM = "2024-11-01";
const TO = "2026-11-01";

const pg = await benchPostgres();
const handle = await openDatabase({ url: pg.url });
try {
  await migrateToLatest(handle.db);
  const { rows: v } = await sql<{ v: string }>`select version() as v`.execute(handle.db);
  console.log(
    `${environment({ postgres: v[0]?.v.split(",")[0] ?? pg.version })}\nruns per query: ${RUNS} (after 3 warm-up runs)\n`,
  );
  const app = await buildApp(
    { db: handle.db, dbKind: handle.kind, config: loadConfig({}), now: () => new Date() },
    { logger: false },
  );
  await app.ready();

  const results: string[] = [];
  for (const size of SIZES) {
    console.log(`generating ${size.toLocaleString("en")} answers…`);
    const g = await generateWorkspace(handle.db, size, END, (s) => console.log(s));
    const { key } = await createApiKey(
      handle.db,
      g.workspaceId,
      { name: "bench", scopes: ["metrics:read"] },
      null,
    );
    const { rows: sz } = await sql<{ raw: string; rollup: string }>`
      select pg_size_pretty(pg_total_relation_size('answers') + pg_total_relation_size('responses')) as raw,
             pg_size_pretty(pg_total_relation_size('answer_rollups')) as rollup`.execute(handle.db);
    console.log(
      `  ${g.rollupRows.toLocaleString("en")} rollup rows; tables: raw ${sz[0]?.raw}, rollups ${sz[0]?.rollup}`,
    );

    const api = (query: string) => async () => {
      const res = await app.inject({
        method: "GET",
        url: `/api/v1/metrics/nps?surveyId=${g.surveyId}&from=${FROM}&to=${TO}&${query}`,
        headers: { authorization: `Bearer ${key}` },
      });
      if (res.statusCode !== 200) throw new Error(res.body);
      const body = res.json();
      if (body.source !== "rollup") throw new Error(`expected a rollup-served query: ${query}`);
      return body;
    };
    // The best plain SQL: one pass over the indexed answers with the NPS counts as FILTER aggregates.
    const raw = (byCountry: boolean, product?: string) => async () =>
      sql`
        select to_char(date_trunc('month', a.submitted_at at time zone 'Europe/Moscow'), 'YYYY-MM') as month,
               ${byCountry ? sql`coalesce(r.attributes ->> 'country', c.attributes ->> 'country')` : sql`null`} as country,
               count(*) filter (where a.value >= 9) as promoters,
               count(*) filter (where a.value <= 6) as detractors,
               count(*) as n
        from answers a
        join responses r on r.workspace_id = a.workspace_id and r.id = a.response_id
        ${byCountry ? sql`left join customers c on c.workspace_id = r.workspace_id and c.id = r.customer_id` : sql``}
        where a.workspace_id = ${g.workspaceId} and a.survey_id = ${g.surveyId} and a.question_id = 'nps'
          and a.submitted_at >= ${new Date("2024-10-31T21:00:00Z")} and a.submitted_at < ${new Date("2026-10-31T21:00:00Z")}
          ${product ? sql`and r.attributes ->> 'product' = ${product}` : sql``}
        group by 1, 2`.execute(handle.db);

    const cases = [
      { name: "trend by month × country", ours: api("groupBy=month&segment=country"), base: raw(true) },
      {
        name: "trend by month, segment product = Pro",
        ours: api(`groupBy=month&filter=${encodeURIComponent("product = Pro")}`),
        base: raw(false, "Pro"),
      },
    ];
    for (const c of cases) {
      const ours = await timeRuns(c.ours, RUNS);
      const base = await timeRuns(c.base, Math.max(5, Math.round(RUNS / 3)), 1);
      const line = `${size.toLocaleString("en").padStart(10)} answers | ${c.name.padEnd(38)} | API p50 ${fmt(percentile(ours, 0.5))} p95 ${fmt(percentile(ours, 0.95))} | raw SQL p50 ${fmt(percentile(base, 0.5))} p95 ${fmt(percentile(base, 0.95))} | ${ratio(percentile(base, 0.5), percentile(ours, 0.5))} faster (p50)`;
      console.log(line);
      results.push(line);
    }
  }
  console.log(`\nsummary\n${results.join("\n")}`);
  await app.close();
} finally {
  await handle.close();
  pg.stop();
}
