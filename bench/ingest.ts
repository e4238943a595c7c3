/**
 * Ingest speed: answers per second through `POST /api/v1/responses` (batches of 1,000 responses, each
 * with an NPS score, preset reasons and a comment: 3 answers) into PostgreSQL, with the server and the
 * database on this machine; against the same rows written by a script with one multi-row INSERT per
 * table and batch. Both paths maintain the rollups (they are kept by triggers on the tables).
 *
 *   npm run bench:ingest              # 60,000 responses = 180,000 answers per path
 *   npm run bench:ingest -- 20000
 */
import { type ChildProcess, spawn } from "node:child_process";
import { sql } from "kysely";
import { createApiKey, createWorkspace } from "../src/auth/service.js";
import { openDatabase } from "../src/db/connection.js";
import { migrateToLatest } from "../src/db/migrate.js";
import { newId } from "../src/ids.js";
import { createSurvey } from "../src/surveys/service.js";
import { surveyFromTemplate } from "../src/surveys/templates.js";
import { benchPostgres } from "./lib/postgres.js";
import { environment, ratio } from "./lib/report.js";

const RESPONSES = Number(process.argv[2] ?? 60_000);
const BATCH = 1000;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 2);
const ANSWERS_PER_RESPONSE = 3;
const REASONS = ["quality", "price", "support", "delivery", "website"];
const COMMENTS = [
  "Fast delivery, friendly staff",
  "Слишком дорого",
  "The app keeps logging me out",
  "Всё отлично!",
];

function makeResponses(surveyId: string, prefix: string) {
  const end = Date.parse("2026-11-01T00:00:00Z");
  return Array.from({ length: RESPONSES }, (_, i) => ({
    externalId: `${prefix}-${i}`,
    surveyId,
    channel: "api" as const,
    complete: true,
    submittedAt: new Date(end - ((i * 7919) % (365 * 86_400)) * 1000).toISOString(),
    customer: { externalId: `c-${i % 5000}`, attributes: { country: i % 3 ? "Russia" : "Kazakhstan" } },
    attributes: { product: i % 2 ? "Pro" : "Basic" },
    answers: {
      nps: (i * 37) % 11,
      reasons: [REASONS[i % 5] ?? "quality"],
      why: COMMENTS[i % 4] ?? "",
    },
  }));
}

async function waitForServer(url: string, child: ChildProcess) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error("server exited");
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("server did not start");
}

const pg = await benchPostgres();
const handle = await openDatabase({ url: pg.url });
let server: ChildProcess | undefined;
try {
  await migrateToLatest(handle.db);
  const { rows: v } = await sql<{ v: string }>`select version() as v`.execute(handle.db);
  console.log(environment({ postgres: v[0]?.v.split(",")[0] ?? pg.version }));
  console.log(
    `data: ${RESPONSES.toLocaleString("en")} responses × ${ANSWERS_PER_RESPONSE} answers = ${(RESPONSES * ANSWERS_PER_RESPONSE).toLocaleString("en")} answers per path; batches of ${BATCH}; ${CONCURRENCY} concurrent requests\n`,
  );
  const setup = async (name: string) => {
    const ws = await createWorkspace(handle.db, {
      name,
      slug: `${name}-${newId()}`,
      timeZone: "Europe/Moscow",
    });
    const input = surveyFromTemplate("relational-nps", "en");
    if (!input) throw new Error("template");
    const survey = await createSurvey(handle.db, ws.id, input);
    return { ws: ws.id, survey: survey.id };
  };

  // Baseline: the same rows, one multi-row INSERT per table and batch, from this script.
  const base = await setup("baseline");
  const baseRows = makeResponses(base.survey, "b");
  let t = performance.now();
  for (let i = 0; i < baseRows.length; i += BATCH) {
    const chunk = baseRows.slice(i, i + BATCH);
    await handle.db.transaction().execute(async (trx) => {
      const customers = [...new Map(chunk.map((r) => [r.customer.externalId, r.customer])).values()];
      const ids = await trx
        .insertInto("customers")
        .values(
          customers.map((c) => ({
            workspace_id: base.ws,
            id: newId(),
            external_id: c.externalId,
            attributes: JSON.stringify(c.attributes),
          })),
        )
        .onConflict((oc) =>
          oc.columns(["workspace_id", "external_id"]).doUpdateSet({ attributes: sql`excluded.attributes` }),
        )
        .returning(["id", "external_id"])
        .execute();
      const customerId = new Map(ids.map((c) => [c.external_id, c.id]));
      const responses = chunk.map((r) => ({ id: newId(), r }));
      await trx
        .insertInto("responses")
        .values(
          responses.map(({ id, r }) => ({
            workspace_id: base.ws,
            id,
            survey_id: r.surveyId,
            customer_id: customerId.get(r.customer.externalId) ?? null,
            external_id: r.externalId,
            channel: r.channel,
            language: "en",
            status: "complete",
            attributes: JSON.stringify(r.attributes),
            submitted_at: new Date(r.submittedAt),
          })),
        )
        .execute();
      await trx
        .insertInto("answers")
        .values(
          responses.flatMap(({ id, r }) => {
            const common = {
              workspace_id: base.ws,
              response_id: id,
              survey_id: r.surveyId,
              submitted_at: new Date(r.submittedAt),
            };
            return [
              { ...common, question_id: "nps", kind: "nps", value: r.answers.nps },
              { ...common, question_id: "reasons", kind: "choice", choices: r.answers.reasons },
              { ...common, question_id: "why", kind: "text", text: r.answers.why },
            ];
          }),
        )
        .execute();
    });
  }
  const baseSeconds = (performance.now() - t) / 1000;
  const baseRate = (RESPONSES * ANSWERS_PER_RESPONSE) / baseSeconds;

  // Otklik: a server process on the same database, fed through the API.
  const api = await setup("api");
  const { key } = await createApiKey(handle.db, api.ws, { name: "bench", scopes: ["responses:write"] }, null);
  const port = 41_000 + Math.floor(Math.random() * 1000);
  server = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "serve", "--port", String(port)], {
    env: { ...process.env, DATABASE_URL: pg.url, LOG_LEVEL: "warn", HOST: "127.0.0.1" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForServer(url, server);
  const apiRows = makeResponses(api.survey, "a");
  const bodies: string[] = [];
  for (let i = 0; i < apiRows.length; i += BATCH)
    bodies.push(JSON.stringify({ responses: apiRows.slice(i, i + BATCH) }));
  t = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const res = await fetch(`${url}/api/v1/responses`, {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body,
        });
        if (res.status !== 201) throw new Error(`${res.status}: ${await res.text()}`);
      }
    }),
  );
  const apiSeconds = (performance.now() - t) / 1000;
  const apiRate = (RESPONSES * ANSWERS_PER_RESPONSE) / apiSeconds;
  const { rows: check } = await sql<{
    n: number;
  }>`select count(*)::int as n from answers where workspace_id = ${api.ws}`.execute(handle.db);
  if (check[0]?.n !== RESPONSES * ANSWERS_PER_RESPONSE)
    throw new Error(`expected all answers stored, found ${check[0]?.n}`);

  console.log(
    `baseline (multi-row INSERT from a script): ${Math.round(baseRate).toLocaleString("en")} answers/s (${baseSeconds.toFixed(1)} s)`,
  );
  console.log(
    `Otklik API (POST /api/v1/responses):       ${Math.round(apiRate).toLocaleString("en")} answers/s (${apiSeconds.toFixed(1)} s)`,
  );
  console.log(`API / baseline: ${ratio(apiRate, baseRate)}`);
} finally {
  server?.kill("SIGTERM");
  await handle.close();
  pg.stop();
}
