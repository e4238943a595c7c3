import { sql } from "kysely";
import { rebuildRollups } from "../analytics/rollup-store.js";
import { addUser, createWorkspace, updateWorkspace } from "../auth/service.js";
import type { Db } from "../db/connection.js";
import { newId } from "../ids.js";
import { createSurvey } from "../surveys/service.js";
import { surveyFromTemplate } from "../surveys/templates.js";
import { DEMO_LOGIN } from "./seed.js";

export const COUNTRIES = [
  "Russia",
  "Kazakhstan",
  "Belarus",
  "Uzbekistan",
  "Armenia",
  "Georgia",
  "Kyrgyzstan",
  "Serbia",
  "Turkey",
  "UAE",
];
export const PRODUCTS = ["Pro", "Basic", "Max", "Team", "Free"];
export const BULK_DIMENSIONS = ["country", "product", "product+city"];

/**
 * A workspace with `answers` NPS answers (one per response) over the two years before `end`, from
 * answers/20 customers with a country and a city, each response carrying a product and a channel.
 * Bulk-loaded with set-based SQL (triggers off), then the rollups are built in one statement — the way
 * a large historical import is loaded. The demo user is an owner of it.
 */
export async function generateWorkspace(db: Db, answers: number, end: Date, log: (s: string) => void) {
  const ws = await createWorkspace(db, {
    name: `Large: ${answers.toLocaleString("en")} answers`,
    slug: `large-${newId()}`,
    timeZone: "Europe/Moscow",
  });
  await addUser(db, ws.id, { ...DEMO_LOGIN, name: "Demo Owner", role: "owner" });
  const input = surveyFromTemplate("relational-nps", "en");
  if (!input) throw new Error("template missing");
  const survey = await createSurvey(db, ws.id, { ...input, status: "active" });
  const customers = Math.max(1, Math.floor(answers / 20));
  const span = 730 * 86_400;
  const t0 = performance.now();
  await db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    await sql`select setseed(0.42)`.execute(trx);
    // Ids and times rise with the row number, so every index is appended to, never split at random:
    // the difference between minutes and hours at 10M rows. Times are still uniform over the span.
    await sql`
      insert into customers (workspace_id, id, external_id, attributes)
      select ${ws.id}::uuid, (lpad(to_hex(i), 12, '0') || substr(md5(${ws.id} || 'c' || i), 1, 20))::uuid, 'c' || i,
             jsonb_build_object(
               'country', (${COUNTRIES}::text[])[1 + floor(power(random(), 2) * 10)::int],
               'city', 'City ' || (1 + floor(random() * 40)::int))
      from generate_series(1, ${customers}::int) as i`.execute(trx);
    log(`  customers: ${customers.toLocaleString("en")} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    await sql`
      insert into responses (workspace_id, id, survey_id, customer_id, external_id, channel, language, status, attributes, submitted_at)
      select ${ws.id}::uuid, (lpad(to_hex(i), 12, '0') || substr(md5(${ws.id} || 'r' || i), 1, 20))::uuid, ${survey.id}::uuid,
             (lpad(to_hex(c), 12, '0') || substr(md5(${ws.id} || 'c' || c), 1, 20))::uuid, 'r' || i,
             (array['email','link','widget','sms'])[1 + floor(random() * 4)::int],
             case when random() < 0.8 then 'ru' else 'en' end, 'complete',
             jsonb_build_object('product', (${PRODUCTS}::text[])[1 + floor(power(random(), 1.5) * 5)::int]),
             ${end}::timestamptz - make_interval(secs => ${span}::double precision * (1 - (i - random()) / ${answers}::int))
      from generate_series(1, ${answers}::int) as i, lateral (select 1 + i % ${customers}::int as c) as k`.execute(
      trx,
    );
    log(`  responses: ${answers.toLocaleString("en")} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    await sql`
      insert into answers (workspace_id, response_id, question_id, survey_id, kind, value, submitted_at)
      select r.workspace_id, r.id, 'nps', r.survey_id, 'nps',
             least(10, greatest(0, round(7.2 + 2.4 * sqrt(-2 * ln(greatest(random(), 1e-9))) * cos(2 * pi() * random())))),
             r.submitted_at
      from responses r where r.workspace_id = ${ws.id}::uuid
      order by r.id`.execute(trx);
    log(`  answers: ${answers.toLocaleString("en")} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    // Country and city from the customer, product from the response; the pair serves segments such as
    // `product = Pro AND city = "City 7"`. Set with triggers off: the rollups are built once, below.
    await updateWorkspace(trx, ws.id, { rollupDimensions: BULK_DIMENSIONS });
  });
  await rebuildRollups(db, ws.id);
  log(`  rollups built (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  await sql`analyze`.execute(db);
  const { rows } = await sql<{
    n: number;
  }>`select count(*)::int as n from answer_rollups where workspace_id = ${ws.id}`.execute(db);
  return { workspaceId: ws.id, surveyId: survey.id, customers, rollupRows: rows[0]?.n ?? 0 };
}
