import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { download } from "../../src/cli/export.js";
import type { DbHandle } from "../../src/db/connection.js";
import type { TSurveyInput } from "../../src/surveys/schema.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { testDatabases } from "../helpers/db.js";
import { createSurvey } from "../helpers/fixtures.js";

const NOW = new Date("2026-03-10T12:00:00Z");

const definition: TSurveyInput["definition"] = {
  languages: ["ru", "en"],
  defaultLanguage: "ru",
  design: { primaryColor: "#4f46e5" },
  thankYou: { title: { ru: "Спасибо!", en: "Thank you!" } },
  thankYouVariants: [],
  questions: [
    {
      id: "nps",
      type: "nps",
      required: true,
      title: { ru: "Порекомендуете ли вы нас?", en: "Would you recommend us?" },
    },
    {
      id: "reasons",
      type: "choice",
      multiple: true,
      required: false,
      title: { ru: "Что повлияло?", en: "What mattered?" },
      options: [
        { id: "price", label: { ru: "Цена", en: "Price" } },
        { id: "quality", label: { ru: "Качество", en: "Quality" } },
      ],
    },
    { id: "why", type: "text", required: false, title: { ru: "Почему?", en: "Why?" } },
    {
      id: "loyalty",
      type: "cli",
      required: false,
      title: { ru: "Лояльность", en: "Loyalty" },
      items: [
        { id: "again", title: { ru: "Купите снова?", en: "Buy again?" } },
        { id: "more", title: { ru: "Купите больше?", en: "Buy more?" } },
      ],
    },
  ],
};

/** The fixture responses, oldest first; the export lists them newest first. */
const RESPONSES = [
  {
    externalId: "r1",
    submittedAt: "2026-01-10T08:00:00.000Z",
    customer: { externalId: "crm-1" },
    answers: { nps: 2, reasons: ["price", "quality"], why: '=HYPERLINK("http://evil.example","click")' },
    attributes: { country: "Россия", note: "+1" },
  },
  {
    externalId: "r4",
    submittedAt: "2026-01-20T08:00:00.000Z",
    answers: { nps: 9, why: "Всё отлично, спасибо! Доставка, упаковка — «супер»" },
    attributes: { country: "Россия" },
  },
  {
    externalId: "r2",
    submittedAt: "2026-02-05T08:00:00.000Z",
    channel: "email",
    answers: { nps: 10, why: "-2+3" },
    attributes: { country: "Germany", delta: -5 },
  },
  {
    externalId: "r3",
    submittedAt: "2026-02-20T08:00:00.000Z",
    language: "en",
    complete: false,
    answers: { nps: 7, why: "@SUM(A1:A9)", loyalty: { again: 1, more: 3 } },
    attributes: { country: "Россия", quote: 'He said "hi", then left' },
  },
];

const HEADER = [
  "ID ответа",
  "Внешний ID",
  "Отправлен (UTC)",
  "Канал",
  "Язык",
  "Статус",
  "ID клиента",
  "Порекомендуете ли вы нас? [nps]",
  "Что повлияло? [reasons]",
  "Почему? [why]",
  "Лояльность: Купите снова? [loyalty.again]",
  "Лояльность: Купите больше? [loyalty.more]",
  // Attribute columns: most used first, then by name.
  "Атрибут: country",
  "Атрибут: delta",
  "Атрибут: note",
  "Атрибут: quote",
];

type Row = Record<string, string>;

function parseCsv(body: Buffer): { header: string[]; rows: Row[] } {
  const records: string[][] = parse(body, { bom: true });
  const [header = [], ...rest] = records;
  return { header, rows: rest.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""]))) };
}

/** A workbook's first sheet as text, the way its CSV twin writes each value. */
async function xlsxRows(body: Buffer): Promise<{ sheet: ExcelJS.Worksheet; text: string[][] }> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = book.worksheets[0];
  if (!sheet) throw new Error("no sheet");
  const text: string[][] = [];
  sheet.eachRow((row) => {
    const cells: string[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) {
      const v = row.getCell(c).value;
      cells.push(v === null || v === undefined ? "" : v instanceof Date ? v.toISOString() : String(v));
    }
    text.push(cells);
  });
  return { sheet, text };
}

describe.each(testDatabases())("exports on $name", (database) => {
  let handle: DbHandle;
  let world: TestWorld;
  let t: Tenant;
  let other: Tenant;
  let surveyId: string;
  const ids = new Map<string, string>();
  let address: string | undefined;
  /** The app on a loopback port, for clients that need real HTTP (the CLI, streaming reads). */
  const listening = async () => {
    address ??= await world.app.listen({ host: "127.0.0.1", port: 0 });
    return address;
  };

  beforeAll(async () => {
    handle = await database.open();
    world = await startApp(handle, { now: NOW });
    t = await makeTenant(world);
    other = await makeTenant(world);
    surveyId = (await createSurvey(t, "relational-nps", { name: "Опрос клиентов", definition })).id;
    for (const r of RESPONSES) {
      const res = await t.call("POST", "/api/v1/responses", { surveyId, ...r });
      expect(res.statusCode, res.body).toBe(201);
      ids.set(r.externalId, res.json().id);
    }
  });

  afterAll(async () => {
    await world?.app.close();
    await handle?.close();
  });

  const csv = async (tenant: Tenant, query: string) => {
    const res = await tenant.call("GET", `/api/v1/exports/responses.csv?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return parseCsv(res.rawPayload);
  };

  it("exports responses as CSV: BOM, labelled header, one row per response, formulas neutralized", async () => {
    const res = await t.call("GET", `/api/v1/exports/responses.csv?surveyId=${surveyId}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(res.headers["content-disposition"]).toBe(
      `attachment; filename="opros-klientov-responses-2026-03-10.csv"; filename*=UTF-8''${encodeURIComponent("опрос-клиентов-responses-2026-03-10.csv")}`,
    );
    expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const { header, rows } = parseCsv(res.rawPayload);
    expect(header).toEqual(HEADER);
    expect(rows.map((r) => r["Внешний ID"])).toEqual(["r3", "r2", "r4", "r1"]);
    const [r3, r2, r4, r1] = rows;
    expect(r1).toEqual({
      "ID ответа": ids.get("r1"),
      "Внешний ID": "r1",
      "Отправлен (UTC)": "2026-01-10T08:00:00.000Z",
      Канал: "api",
      Язык: "ru",
      Статус: "complete",
      "ID клиента": "crm-1",
      "Порекомендуете ли вы нас? [nps]": "2",
      "Что повлияло? [reasons]": "Цена; Качество",
      "Почему? [why]": `'=HYPERLINK("http://evil.example","click")`,
      "Лояльность: Купите снова? [loyalty.again]": "",
      "Лояльность: Купите больше? [loyalty.more]": "",
      "Атрибут: country": "Россия",
      "Атрибут: delta": "",
      "Атрибут: note": "'+1",
      "Атрибут: quote": "",
    });
    expect(r2).toMatchObject({ "Почему? [why]": "'-2+3", "Атрибут: delta": "-5", Канал: "email" });
    expect(r3).toMatchObject({
      "Почему? [why]": "'@SUM(A1:A9)",
      Статус: "partial",
      Язык: "en",
      "Лояльность: Купите снова? [loyalty.again]": "1",
      "Лояльность: Купите больше? [loyalty.more]": "3",
      "Атрибут: quote": 'He said "hi", then left',
    });
    expect(r4?.["Почему? [why]"]).toBe("Всё отлично, спасибо! Доставка, упаковка — «супер»");
    // The raw text: a negative number is written as a number, the formula-like text is quoted.
    const text = res.rawPayload.toString("utf8");
    expect(text).toContain(",-5,");
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(text.split("\r\n")).toHaveLength(6);
  });

  it("takes the filters of GET /api/v1/responses", async () => {
    const ext = async (query: string) =>
      (await csv(t, `surveyId=${surveyId}&${query}`)).rows.map((r) => r["Внешний ID"]);
    expect(await ext("group=detractor")).toEqual(["r1"]);
    expect(await ext("group=promoter")).toEqual(["r2", "r4"]);
    expect(await ext("from=2026-01-15&to=2026-02-10")).toEqual(["r2", "r4"]);
    expect(await ext("channel=email")).toEqual(["r2"]);
    expect(await ext("status=partial")).toEqual(["r3"]);
    expect(await ext(`q=${encodeURIComponent("спасибо")}`)).toEqual(["r4"]);
    expect(await ext("questionId=nps&scoreMin=7&scoreMax=9")).toEqual(["r3", "r4"]);
    const all = await ext("");
    const byFilter = await ext(`filter=${encodeURIComponent("channel != email")}`);
    expect(byFilter).toEqual(all.filter((id) => id !== "r2"));
    const bad = await t.call(
      "GET",
      `/api/v1/exports/responses.csv?surveyId=${surveyId}&filter=${encodeURIComponent("(")}`,
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe("query.filter");
  });

  it("labels in English on request", async () => {
    const { header } = await csv(t, `surveyId=${surveyId}&lang=en&from=2026-02-01`);
    expect(header.slice(0, 9)).toEqual([
      "Response ID",
      "External ID",
      "Submitted at (UTC)",
      "Channel",
      "Language",
      "Status",
      "Customer ID",
      "Would you recommend us? [nps]",
      "What mattered? [reasons]",
    ]);
  });

  it("exports the same table as XLSX, with dates as date cells and numbers as numbers", async () => {
    const res = await t.call("GET", `/api/v1/exports/responses.xlsx?surveyId=${surveyId}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    expect(res.headers["content-disposition"]).toContain(
      'filename="opros-klientov-responses-2026-03-10.xlsx"',
    );
    const { sheet, text } = await xlsxRows(res.rawPayload);
    expect(sheet.name).toBe("Ответы");
    const fromCsv: string[][] = parse(
      (await t.call("GET", `/api/v1/exports/responses.csv?surveyId=${surveyId}`)).rawPayload,
      {
        bom: true,
      },
    );
    expect(text).toEqual(fromCsv);
    for (let r = 2; r <= 5; r++) {
      expect(sheet.getCell(r, 3).value).toBeInstanceOf(Date);
      expect(typeof sheet.getCell(r, 8).value).toBe("number");
    }
    expect(sheet.getCell(3, 14).value).toBe(-5);
    expect(sheet.getCell(5, 10).type).toBe(ExcelJS.ValueType.String);
  });

  it("an export with no responses is its header", async () => {
    const empty = await createSurvey(t, "relational-nps", { name: "Empty", definition });
    const res = await t.call("GET", `/api/v1/exports/responses.csv?surveyId=${empty.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-disposition"]).toBe('attachment; filename="empty-responses-2026-03-10.csv"');
    expect(res.body).toBe(`\uFEFF${HEADER.slice(0, 12).join(",")}\r\n`);
    const xlsx = await t.call("GET", `/api/v1/exports/responses.xlsx?surveyId=${empty.id}`);
    expect((await xlsxRows(xlsx.rawPayload)).text).toEqual([HEADER.slice(0, 12)]);
  });

  it("answers 404 for another workspace's survey and 400 naming the field for bad parameters", async () => {
    for (const url of [
      `/api/v1/exports/responses.csv?surveyId=${surveyId}`,
      `/api/v1/exports/responses.xlsx?surveyId=${surveyId}`,
      `/api/v1/exports/metrics/nps.csv?surveyId=${surveyId}`,
    ]) {
      const res = await other.call("GET", url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code).toBe("not_found");
    }
    const cases: [string, string][] = [
      [`/api/v1/exports/responses.pdf?surveyId=${surveyId}`, "path.format"],
      ["/api/v1/exports/responses.csv", "query.surveyId"],
      [`/api/v1/exports/responses.csv?surveyId=${surveyId}&from=soon`, "query.from"],
      [`/api/v1/exports/responses.csv?surveyId=${surveyId}&from=2026-02-01&to=2026-01-01`, "query.from"],
      [`/api/v1/exports/responses.csv?surveyId=${surveyId}&group=low`, "query.group"],
      [`/api/v1/exports/responses.csv?surveyId=${surveyId}&scoreMin=3`, "query.questionId"],
      [`/api/v1/exports/responses.csv?surveyId=${surveyId}&lang=de`, "query.lang"],
      [`/api/v1/exports/metrics/eps.csv?surveyId=${surveyId}`, "path.metric"],
      [`/api/v1/exports/metrics/nps.ods?surveyId=${surveyId}`, "path.format"],
      [`/api/v1/exports/metrics/nps.csv?surveyId=${surveyId}&groupBy=fortnight`, "query.groupBy"],
    ];
    for (const [url, field] of cases) {
      const res = await t.call("GET", url);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(400);
      expect(res.json().error, url).toMatchObject({ code: "validation_failed", field });
    }
  });

  it("needs the read scope of what it exports", async () => {
    const metricsOnly = await makeTenant(world, { scopes: ["metrics:read"] });
    const res = await metricsOnly.call("GET", `/api/v1/exports/responses.csv?surveyId=${surveyId}`);
    expect(res.statusCode).toBe(403);
    const responsesOnly = await makeTenant(world, { scopes: ["responses:read"] });
    expect((await responsesOnly.call("GET", "/api/v1/exports/metrics/nps.csv")).statusCode).toBe(403);
  });

  it("exports a metric table equal to the API's JSON", async () => {
    const query = `surveyId=${surveyId}&groupBy=month&segment=country&from=2026-01-01&to=2026-03-01`;
    const json = (await t.call("GET", `/api/v1/metrics/nps?${query}`)).json();
    expect(json.series.length).toBe(2);
    expect(json.breakdown.length).toBe(2);
    const num = (v: number | null | undefined) => (v === null || v === undefined ? "" : String(v));
    const point = (p: {
      value: number | null;
      n: number;
      ci: [number, number] | null;
      lowSample: boolean;
    }) => [num(p.value), String(p.n), num(p.ci?.[0]), num(p.ci?.[1]), String(p.lowSample)];
    const expected = [
      ["Section", "Period / segment", "Value", "n", "95% CI low", "95% CI high", "Low sample"],
      ...json.series.map((s: { period: string }) => ["Period", s.period, ...point(s as never)]),
      ...json.breakdown.map((b: { key: string }) => ["Segment: country", b.key, ...point(b as never)]),
      ["Total", `${json.from}/${json.to}`, ...point(json)],
      ["Previous period", `${json.previous.from}/${json.previous.to}`, ...point(json.previous)],
    ];

    const res = await t.call("GET", `/api/v1/exports/metrics/nps.csv?${query}&lang=en`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-disposition"]).toContain('filename="opros-klientov-nps-2026-03-10.csv"');
    expect(parse(res.rawPayload, { bom: true })).toEqual(expected);

    const xlsx = await t.call("GET", `/api/v1/exports/metrics/nps.xlsx?${query}&lang=en`);
    const { sheet, text } = await xlsxRows(xlsx.rawPayload);
    expect(sheet.name).toBe("NPS");
    expect(text).toEqual(expected);
    expect(sheet.getCell(2, 3).value).toBe(json.series[0].value);
    expect(sheet.getCell(2, 7).value).toBe(json.series[0].lowSample);

    // Labels follow the survey's language by default.
    const ru: string[][] = parse(
      (await t.call("GET", `/api/v1/exports/metrics/nps.csv?${query}`)).rawPayload,
      {
        bom: true,
      },
    );
    expect(ru[0]?.[0]).toBe("Раздел");
    expect(ru.at(-2)?.[0]).toBe("Итого");
  });

  it("the CLI streams an export to a file named by the server", async () => {
    const url = await listening();
    const dir = await mkdtemp(join(tmpdir(), "otklik-export-"));
    try {
      let seen = 0;
      const { file, bytes } = await download(
        { url, apiKey: t.key },
        `/api/v1/exports/responses.xlsx?surveyId=${surveyId}`,
        {
          dir,
          fallbackName: "responses.xlsx",
          onBytes: (n) => (seen = n),
        },
      );
      expect(file).toBe(join(dir, "опрос-клиентов-responses-2026-03-10.xlsx"));
      const written = await readFile(file);
      expect(written.length).toBe(bytes);
      expect(seen).toBe(bytes);
      expect((await xlsxRows(written)).text).toHaveLength(5);

      const out = join(dir, "detractors.csv");
      await download(
        { url, apiKey: t.key },
        `/api/v1/exports/responses.csv?surveyId=${surveyId}&group=detractor`,
        {
          out,
          fallbackName: "x.csv",
        },
      );
      expect(parseCsv(await readFile(out)).rows.map((r) => r["Внешний ID"])).toEqual(["r1"]);

      await expect(
        download({ url, apiKey: other.key }, `/api/v1/exports/responses.csv?surveyId=${surveyId}`, {
          dir,
          fallbackName: "x.csv",
        }),
      ).rejects.toMatchObject({ status: 404, message: "survey not found" });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  describe("a large export", () => {
    const N = Number(process.env.EXPORT_TEST_N ?? 100_000);
    const MB = 1024 * 1024;
    let big: Tenant;
    let bigSurvey: string;

    beforeAll(async () => {
      big = await makeTenant(world);
      bigSurvey = (await createSurvey(big, "relational-nps", { name: "Big", definition })).id;
      const ws = big.workspaceId;
      // Straight into the tables: the API would take minutes for this many responses. Every response
      // has an NPS answer, every tenth a comment with quotes and a comma.
      const started = Date.now();
      await sql`
        insert into responses (workspace_id, id, survey_id, external_id, channel, language, status, attributes, submitted_at)
        select ${ws}::uuid, ('00000000-0000-7000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, ${bigSurvey}::uuid,
               'bulk-' || i, case when i % 4 = 0 then 'email' else 'link' end, 'ru', 'complete',
               jsonb_build_object('country', (array['Россия', 'Germany', '=cmd|calc'])[1 + i % 3], 'i', i),
               ${NOW.toISOString()}::timestamptz - make_interval(secs => i * 60)
        from generate_series(1, ${N}::int) as i`.execute(handle.db);
      // Fresh statistics, or the planner keeps treating responses as a tiny table while the answer
      // triggers join it (quadratic: minutes instead of seconds).
      await sql`analyze responses`.execute(handle.db);
      await sql`
        insert into answers (workspace_id, response_id, question_id, survey_id, kind, value, text, submitted_at)
        select r.workspace_id, r.id, q.id, r.survey_id, q.kind,
               case when q.kind = 'nps' then (r.attributes ->> 'i')::int % 11 end,
               case when q.kind = 'text' then 'Комментарий №' || (r.attributes ->> 'i') || ', с "кавычками"' end,
               r.submitted_at
        from responses r cross join (values ('nps', 'nps'), ('why', 'text')) as q(id, kind)
        where r.workspace_id = ${ws}::uuid and r.survey_id = ${bigSurvey}::uuid
          and (q.kind = 'nps' or (r.attributes ->> 'i')::int % 10 = 0)`.execute(handle.db);
      console.info(`inserted ${N} responses on ${database.name} in ${Date.now() - started} ms`);
    }, 180_000);

    /**
     * Downloads an export over HTTP, consuming it as it arrives, and samples the heap after a full GC
     * every `every` bytes received: what stays allocated while the export runs (server and client are
     * this one process). Returns the largest growth over the heap before the request.
     */
    async function measure(path: string, every: number, onChunk: (chunk: Uint8Array) => void) {
      setFlagsFromString("--expose-gc");
      const gc = runInNewContext("gc") as () => void;
      gc();
      const before = process.memoryUsage().heapUsed;
      const res = await fetch(`${await listening()}${path}`, {
        headers: { authorization: `Bearer ${big.key}` },
      });
      expect(res.status).toBe(200);
      if (!res.body) throw new Error("no body");
      let bytes = 0;
      let next = 0;
      let peak = 0;
      let samples = 0;
      const reader = res.body.getReader();
      for (let read = await reader.read(); !read.done; read = await reader.read()) {
        const chunk = read.value;
        bytes += chunk.length;
        onChunk(chunk);
        if (bytes >= next) {
          gc();
          peak = Math.max(peak, process.memoryUsage().heapUsed - before);
          samples++;
          next = bytes + every;
        }
      }
      return { bytes, peak, samples };
    }

    /** Heap growth allowed while exporting 100k responses: a few pages' worth, far below the export. */
    const BOUND = 16 * MB;

    it(`streams ${N} responses as CSV with bounded memory`, async () => {
      let lines = 0;
      let tail = "";
      const start = Date.now();
      const { bytes, peak, samples } = await measure(
        `/api/v1/exports/responses.csv?surveyId=${bigSurvey}`,
        MB,
        (c) => {
          for (const b of c) if (b === 0x0a) lines++;
          tail = (tail + Buffer.from(c).toString("latin1")).slice(-200);
        },
      );
      console.info(
        `CSV on ${database.name}: ${N} rows, ${(bytes / MB).toFixed(1)} MB in ${Date.now() - start} ms; ` +
          `peak heap growth ${(peak / MB).toFixed(1)} MB over ${samples} samples`,
      );
      expect(lines).toBe(N + 1);
      expect(tail).toContain(`,bulk-${N},`);
      expect(samples).toBeGreaterThan(5);
      expect(peak).toBeLessThan(BOUND);
      expect(peak).toBeLessThan(bytes / 2);
    }, 120_000);

    it(`streams ${N} responses as XLSX with bounded memory`, async () => {
      const dir = await mkdtemp(join(tmpdir(), "otklik-export-"));
      const file = join(dir, "big.xlsx");
      const out = createWriteStream(file);
      try {
        const start = Date.now();
        const { bytes, peak, samples } = await measure(
          `/api/v1/exports/responses.xlsx?surveyId=${bigSurvey}`,
          MB / 8,
          (c) => out.write(c),
        );
        await new Promise((resolve) => out.end(resolve));
        console.info(
          `XLSX on ${database.name}: ${N} rows, ${(bytes / MB).toFixed(1)} MB in ${Date.now() - start} ms; ` +
            `peak heap growth ${(peak / MB).toFixed(1)} MB over ${samples} samples`,
        );
        expect(samples).toBeGreaterThan(5);
        expect(peak).toBeLessThan(BOUND);
        let rows = 0;
        let last: unknown[] = [];
        const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { styles: "cache" });
        for await (const sheet of reader)
          for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
            rows++;
            last = row.values as unknown[];
          }
        expect(rows).toBe(N + 1);
        expect(last[2]).toBe(`bulk-${N}`);
        expect(last[3]).toBeInstanceOf(Date);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }, 180_000);
  });
});
