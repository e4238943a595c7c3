import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { histogram } from "../../src/analytics/histogram.js";
import { createWorkspace, updateWorkspace } from "../../src/auth/service.js";
import { upsertCustomers } from "../../src/customers/service.js";
import type { Db, DbHandle } from "../../src/db/connection.js";
import { generateWorkspace } from "../../src/demo/bulk.js";
import { newId } from "../../src/ids.js";
import { ingestResponses } from "../../src/surveys/responses-service.js";
import { createSurvey } from "../../src/surveys/service.js";
import { surveyFromTemplate } from "../../src/surveys/templates.js";
import { testDatabases } from "../helpers/db.js";

const COUNTRIES = ["RU", "KZ", "BY"];
const PRODUCTS = ["Pro", "Basic"];
const CHANNELS = ["email", "link", "widget"] as const;
const ZONES = ["UTC", "Europe/Moscow", "America/New_York", "Asia/Kolkata"];
const START = Date.parse("2026-03-01T00:00:00Z");

type Op =
  | {
      kind: "ingest";
      rows: {
        ext: number;
        customer: number;
        country: string;
        product: string | null;
        channel: (typeof CHANNELS)[number];
        score: number | null;
        minutes: number;
      }[];
    }
  | { kind: "customer"; customer: number; country: string; product: string }
  | { kind: "deleteAnswer"; pick: number }
  | { kind: "deleteResponse"; pick: number }
  | { kind: "dims"; dims: string[] }
  | { kind: "timeZone"; zone: string };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("ingest" as const),
      rows: fc.uniqueArray(
        fc.record({
          ext: fc.nat(40),
          customer: fc.nat(8),
          country: fc.constantFrom(...COUNTRIES),
          product: fc.option(fc.constantFrom(...PRODUCTS)),
          channel: fc.constantFrom(...CHANNELS),
          score: fc.option(fc.integer({ min: 0, max: 10 }), { freq: 5 }),
          // around a month: many answers fall near local midnights of different zones
          minutes: fc.integer({ min: 0, max: 60 * 24 * 40 }),
        }),
        { minLength: 1, maxLength: 15, selector: (r) => r.ext },
      ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("customer" as const),
      customer: fc.nat(8),
      country: fc.constantFrom(...COUNTRIES),
      product: fc.constantFrom(...PRODUCTS),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("deleteAnswer" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("deleteResponse" as const), pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("dims" as const),
      dims: fc.subarray(["country", "product", "country+product"]),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("timeZone" as const), zone: fc.constantFrom(...ZONES) }),
  },
);

async function apply(db: Db, ws: string, surveyId: string, op: Op) {
  switch (op.kind) {
    case "ingest":
      await ingestResponses(
        db,
        ws,
        op.rows.map((r) => ({
          externalId: `r${r.ext}`,
          surveyId,
          channel: r.channel,
          complete: true,
          submittedAt: new Date(START + r.minutes * 60_000),
          customer: { externalId: `c${r.customer}`, attributes: { country: r.country } },
          attributes: (r.product ? { product: r.product } : {}) as Record<string, string>,
          answers: (r.score === null ? {} : { nps: r.score }) as Record<string, number>,
        })),
      );
      return;
    case "customer":
      await upsertCustomers(db, ws, [
        { externalId: `c${op.customer}`, attributes: { country: op.country, product: op.product } },
      ]);
      return;
    case "deleteAnswer": {
      const rows = await db
        .selectFrom("answers")
        .select("response_id")
        .where("workspace_id", "=", ws)
        .execute();
      const victim = rows[op.pick % Math.max(rows.length, 1)];
      if (victim)
        await db
          .deleteFrom("answers")
          .where("workspace_id", "=", ws)
          .where("response_id", "=", victim.response_id)
          .execute();
      return;
    }
    case "deleteResponse": {
      const rows = await db.selectFrom("responses").select("id").where("workspace_id", "=", ws).execute();
      const victim = rows[op.pick % Math.max(rows.length, 1)];
      if (victim)
        await db.deleteFrom("responses").where("workspace_id", "=", ws).where("id", "=", victim.id).execute();
      return;
    }
    case "dims":
      await updateWorkspace(db, ws, { rollupDimensions: op.dims });
      return;
    case "timeZone":
      await updateWorkspace(db, ws, { timeZone: op.zone });
  }
}

/** The rollups as they should be: recomputed from scratch with plain SQL. */
async function recompute(db: Db, ws: string) {
  const { rows } = await sql<{ k: string; n: number }>`
    with src as (
      select a.survey_id, a.question_id, a.value, r.channel, r.language,
             g.grain,
             case when g.grain = 'day' then (a.submitted_at at time zone w.time_zone)::date
                  else date_trunc('month', a.submitted_at at time zone w.time_zone)::date end as period,
             r.attributes as r_attrs, c.attributes as c_attrs, w.rollup_dimensions as dims
      from answers a
      join responses r on r.workspace_id = a.workspace_id and r.id = a.response_id
      left join customers c on c.workspace_id = r.workspace_id and c.id = r.customer_id
      join workspaces w on w.id = a.workspace_id
      cross join (values ('day'), ('month')) as g(grain)
      where a.workspace_id = ${ws} and a.value is not null
    )
    select concat_ws('|', survey_id, question_id, '', grain, period, '', '', channel, language, value) as k, count(*)::int as n
    from src group by 1
    union all
    select concat_ws('|', survey_id, question_id, d.dim, grain, period,
             coalesce(r_attrs ->> split_part(d.dim, '+', 1), c_attrs ->> split_part(d.dim, '+', 1), '∅'),
             case when d.dim like '%+%'
                  then coalesce(r_attrs ->> split_part(d.dim, '+', 2), c_attrs ->> split_part(d.dim, '+', 2), '∅')
                  else '' end,
             '', '', value), count(*)::int
    from src cross join lateral unnest(dims) as d(dim) group by 1
    order by 1`.execute(db);
  return rows;
}

async function stored(db: Db, ws: string) {
  const { rows } = await sql<{ k: string; n: number }>`
    select concat_ws('|', survey_id, question_id, dim, grain, period,
             case when dim = '' then '' else coalesce(dim_value, '∅') end,
             case when dim like '%+%' then coalesce(dim_value2, '∅') else '' end,
             coalesce(channel, ''), coalesce(language, ''), value) as k, sum(n)::int as n
    from answer_rollups where workspace_id = ${ws} group by 1 having sum(n) <> 0 order by 1`.execute(db);
  return rows;
}

for (const database of testDatabases()) {
  describe(`answer rollups on ${database.name}`, () => {
    let handle: DbHandle;
    beforeAll(async () => {
      handle = await database.open();
    });
    afterAll(async () => {
      await handle?.close();
    });

    async function freshWorkspace(zone = "UTC", dims: string[] = ["country"]) {
      const ws = await createWorkspace(handle.db, { name: "W", slug: `w-${newId()}`, timeZone: zone });
      await updateWorkspace(handle.db, ws.id, { rollupDimensions: dims });
      const input = surveyFromTemplate("relational-nps", "en");
      if (!input) throw new Error("template");
      const survey = await createSurvey(handle.db, ws.id, input);
      return { ws: ws.id, surveyId: survey.id };
    }

    it("are complete for a bulk-generated workspace, whose rows span two years in order", async () => {
      const end = new Date("2026-11-01T00:00:00Z");
      const g = await generateWorkspace(handle.db, 3000, end, () => {});
      expect(await stored(handle.db, g.workspaceId)).toEqual(await recompute(handle.db, g.workspaceId));
      const { rows } = await sql<{ n: number; first: Date; last: Date; customers: number }>`
        select count(*)::int as n, min(submitted_at) as first, max(submitted_at) as last,
               count(distinct customer_id)::int as customers
        from responses where workspace_id = ${g.workspaceId}`.execute(handle.db);
      expect(rows[0]).toMatchObject({ n: 3000, customers: g.customers });
      expect(new Date(rows[0]?.first ?? 0).getTime()).toBeGreaterThanOrEqual(
        end.getTime() - 730 * 86_400_000,
      );
      expect(new Date(rows[0]?.last ?? 0).getTime()).toBeLessThanOrEqual(end.getTime());
    });

    it("equal a full recompute after random inserts, edits, deletes and setting changes", async () => {
      let nonEmpty = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 12 }), async (ops) => {
          const { ws, surveyId } = await freshWorkspace();
          for (const op of ops) await apply(handle.db, ws, surveyId, op);
          const expected = await recompute(handle.db, ws);
          if (expected.length) nonEmpty++;
          expect(await stored(handle.db, ws)).toEqual(expected);
        }),
        { numRuns: 12 },
      );
      expect(nonEmpty).toBeGreaterThan(3);
    });

    it("serve the same counts as the raw answers for any period, unit, segment and filter", async () => {
      const PAIR = "country+product";
      const { ws, surveyId } = await freshWorkspace("Europe/Moscow", ["country", "product", PAIR]);
      const rowArb = fc.record({
        customer: fc.nat(30),
        country: fc.constantFrom(...COUNTRIES),
        product: fc.option(fc.constantFrom(...PRODUCTS)),
        channel: fc.constantFrom(...CHANNELS),
        score: fc.option(fc.integer({ min: 0, max: 10 }), { freq: 8 }),
        minutes: fc.integer({ min: 0, max: 60 * 24 * 40 }),
      });
      const rows = fc.sample(rowArb, { numRuns: 300, seed: 7 }).map((r, ext) => ({ ...r, ext }));
      for (let i = 0; i < rows.length; i += 100)
        await apply(handle.db, ws, surveyId, { kind: "ingest", rows: rows.slice(i, i + 100) });
      // Customers change after answering: breakdowns follow the customer's current attributes.
      for (let c = 0; c < 30; c += 3)
        await apply(handle.db, ws, surveyId, {
          kind: "customer",
          customer: c,
          country: "KZ",
          product: "Pro",
        });
      const total = await histogram(handle.db, ws, {
        kind: "nps",
        timeZone: "Europe/Moscow",
        filter: [],
        rollupDims: [],
      });
      expect(total.rows.reduce((a, r) => a + r.n, 0)).toBeGreaterThan(200);
      let nonEmpty = 0;
      const country = fc.record({
        field: fc.constant("country"),
        op: fc.constantFrom("eq" as const, "ne" as const),
        values: fc.constantFrom(["RU"], ["KZ"]),
      });
      const product = fc.record({
        field: fc.constant("product"),
        op: fc.constantFrom("eq" as const, "nin" as const),
        values: fc.constantFrom(["Pro"], ["Basic"]),
      });
      const channel = fc.record({
        field: fc.constant("channel"),
        op: fc.constantFrom("in" as const, "nin" as const),
        values: fc.constantFrom(["email"], ["email", "link"]),
      });
      const common = {
        fromDay: fc.option(
          fc.integer({ min: 0, max: 30 }).map((d) => `2026-03-${String(d + 1).padStart(2, "0")}`),
        ),
        span: fc.integer({ min: 1, max: 40 }),
        unit: fc.option(fc.constantFrom("day" as const, "week" as const, "month" as const)),
      };
      const queryArb = fc.oneof(
        {
          weight: 3,
          arbitrary: fc.record({
            ...common,
            segment: fc.option(fc.constantFrom("country", "product", "channel", "language")),
            filter: fc.uniqueArray(fc.oneof(country, product, channel), {
              maxLength: 2,
              selector: (c) => c.field,
            }),
            // which dimensions the query may use: single attributes, the pair, or both
            dims: fc.constantFrom(["country", "product"], [PAIR], ["country", PAIR], [PAIR, "product"]),
          }),
        },
        {
          // both attributes of the pair: a two-attribute segment, or one attribute broken down by the other
          weight: 1,
          arbitrary: fc
            .oneof(
              fc.record({ ...common, segment: fc.constant(null), filter: fc.tuple(country, product) }),
              fc.record({ ...common, segment: fc.constant("product"), filter: fc.tuple(country) }),
              fc.record({ ...common, segment: fc.constant("country"), filter: fc.tuple(product) }),
            )
            .map((q) => ({ ...q, filter: [...q.filter], dims: [PAIR] as const })),
        },
      );
      await fc.assert(
        fc.asyncProperty(queryArb, async (q) => {
          const { startOfLocalDay, addDays } = await import("../../src/analytics/time.js");
          const toDay = q.fromDay ? addDays(q.fromDay, q.span) : undefined;
          const req = {
            kind: "nps",
            surveyIds: [surveyId],
            questionId: "nps",
            from: q.fromDay ? startOfLocalDay(q.fromDay, "Europe/Moscow") : undefined,
            to: toDay ? startOfLocalDay(toDay, "Europe/Moscow") : undefined,
            fromDay: q.fromDay ?? undefined,
            toDay,
            unit: q.unit ?? undefined,
            timeZone: "Europe/Moscow",
            segment: q.segment ?? undefined,
            filter: q.filter.map((c) => ({ ...c, values: [...c.values] })),
          };
          const viaRollup = await histogram(handle.db, ws, { ...req, rollupDims: [...q.dims] });
          // Without rollup dimensions and with day-less bounds the raw answers must answer.
          const viaRaw = await histogram(handle.db, ws, {
            ...req,
            fromDay: undefined,
            toDay: undefined,
            rollupDims: [],
            from: req.from ?? new Date(0),
            to: req.to ?? new Date("2100-01-01"),
          });
          expect(viaRaw.source).toBe("raw");
          const sort = (rows: typeof viaRaw.rows) =>
            rows.map((r) => `${r.period}|${r.segment ?? "∅"}|${r.value}|${r.n}`).sort();
          expect(sort(viaRollup.rows)).toEqual(sort(viaRaw.rows));
          if (viaRollup.source === "rollup" && viaRollup.rows.length) nonEmpty++;
          const fields = new Set<string>(req.filter.map((c) => c.field));
          if (req.segment) fields.add(req.segment);
          // a pair dimension serves its two attributes together (nothing else in the query)
          const both = fields.size === 2 && fields.has("country") && fields.has("product");
          if (q.dims.length === 1 && q.dims[0] === PAIR && both) expect(viaRollup.source).toBe("rollup");
        }),
        { numRuns: 80 },
      );
      expect(nonEmpty).toBeGreaterThan(15);
    });
  });
}
