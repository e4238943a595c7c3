import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DbHandle } from "../../src/db/connection.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { testDatabases } from "../helpers/db.js";
import { createSurvey } from "../helpers/fixtures.js";

const NOW = new Date("2026-03-10T12:00:00Z");
const at = (iso: string) => new Date(iso).toISOString();

interface ApiResponse {
  id: string;
  surveyId: string;
  externalId: string | null;
  customerId: string | null;
  customerExternalId: string | null;
  status: string;
  channel: string;
  attributes: Record<string, unknown>;
  submittedAt: string;
  answers: { questionId: string; value: number | null; choices: string[] | null; text: string | null }[];
}

describe.each(testDatabases())("responses on $name", (database) => {
  let handle: DbHandle;
  let world: TestWorld;
  let t: Tenant;
  let npsId: string;
  let csatId: string;

  beforeAll(async () => {
    handle = await database.open();
    world = await startApp(handle, { now: NOW });
  });

  // Every test gets its own workspace, so lists and counts only see what the test wrote.
  beforeEach(async () => {
    world.setNow(NOW);
    t = await makeTenant(world);
    npsId = (await createSurvey(t)).id;
    csatId = (await createSurvey(t, "transactional-csat")).id;
  });

  afterAll(async () => {
    await world?.app.close();
    await handle?.close();
  });

  async function list(query = ""): Promise<{ items: ApiResponse[]; nextCursor: string | null }> {
    const res = await t.call("GET", `/api/v1/responses${query ? `?${query}` : ""}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  async function get(id: string): Promise<ApiResponse> {
    const res = await t.call("GET", `/api/v1/responses/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  async function post(body: unknown) {
    const res = await t.call("POST", "/api/v1/responses", body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }

  const answerOf = (r: ApiResponse, q: string) => r.answers.find((a) => a.questionId === q);

  it("records one response with its answers", async () => {
    const { id, externalId } = await post({
      surveyId: npsId,
      answers: { nps: 9, reasons: ["quality", "price"], why: "  Быстрая доставка  " },
      attributes: { store: "Kazan-1", items: 3, gift: true },
      customer: { externalId: "crm-1", email: "anna@example.com", language: "ru" },
    });
    expect(externalId).toBeNull();
    const r = await get(id);
    expect(r).toMatchObject({
      surveyId: npsId,
      externalId: null,
      customerExternalId: "crm-1",
      channel: "api",
      language: "ru",
      status: "complete",
      attributes: { store: "Kazan-1", items: 3, gift: true },
      submittedAt: NOW.toISOString(),
    });
    expect(r.customerId).toEqual(expect.any(String));
    expect(answerOf(r, "nps")).toMatchObject({ value: 9, choices: null, text: null });
    expect(answerOf(r, "reasons")?.choices?.sort()).toEqual(["price", "quality"]);
    expect(answerOf(r, "why")?.text).toBe("Быстрая доставка");
  });

  it("records a batch and returns the ids in order", async () => {
    const { items } = await post({
      responses: [
        { surveyId: npsId, externalId: "b-1", answers: { nps: 1 } },
        { surveyId: csatId, answers: { csat: 5 } },
        { surveyId: npsId, externalId: "b-3", answers: { nps: 10 }, channel: "email" },
      ],
    });
    expect(items).toHaveLength(3);
    expect(items.map((i: { externalId: string | null }) => i.externalId)).toEqual(["b-1", null, "b-3"]);
    expect((await get(items[1].id)).surveyId).toBe(csatId);
    expect((await get(items[2].id)).channel).toBe("email");
    expect((await list()).items).toHaveLength(3);
  });

  it("makes retries idempotent by externalId and merges follow-ups", async () => {
    const first = {
      surveyId: npsId,
      externalId: "order-77",
      submittedAt: "2026-03-01T09:00:00Z",
      complete: false,
      attributes: { store: "A" },
      answers: { nps: 3 },
    };
    const a = await post(first);
    const b = await post(first);
    expect(b.id).toBe(a.id);
    const batchRetry = await post({ responses: [first] });
    expect(batchRetry.items[0].id).toBe(a.id);

    await post({
      surveyId: npsId,
      externalId: "order-77",
      submittedAt: "2026-03-02T09:00:00Z",
      complete: true,
      attributes: { agent: "olga" },
      answers: { why: "Долго ждал" },
    });
    await post({ surveyId: npsId, externalId: "order-77", complete: false, answers: { nps: 4 } });

    const r = await get(a.id);
    expect(r.status).toBe("complete");
    expect(r.attributes).toEqual({ store: "A", agent: "olga" });
    expect(r.submittedAt).toBe(at("2026-03-01T09:00:00Z"));
    expect(answerOf(r, "nps")?.value).toBe(4);
    expect(answerOf(r, "why")?.text).toBe("Долго ждал");
    expect((await list(`surveyId=${npsId}`)).items).toHaveLength(1);

    await post({ surveyId: npsId, externalId: "order-77", answers: { why: null } });
    expect(answerOf(await get(a.id), "why")).toBeUndefined();

    const metric = await t.call("GET", `/api/v1/metrics/nps?surveyId=${npsId}`);
    expect(metric.json()).toMatchObject({ n: 1, value: -100 });
  });

  it("upgrades a partial response to complete", async () => {
    const { id } = await post({ surveyId: npsId, externalId: "p-1", complete: false, answers: { nps: 8 } });
    expect((await get(id)).status).toBe("partial");
    await post({ surveyId: npsId, externalId: "p-1", complete: true, answers: { reasons: ["support"] } });
    const r = await get(id);
    expect(r.status).toBe("complete");
    expect(r.answers).toHaveLength(2);
  });

  it("refuses a batch with one bad row, naming the row and field, and writes nothing", async () => {
    const good = (i: number) => ({
      surveyId: npsId,
      externalId: `g-${i}`,
      customer: { externalId: `cust-${i}` },
      answers: { nps: i },
    });
    const cases: [Record<string, unknown>, number, string][] = [
      [{ answers: { nps: 11 } }, 2, "responses.2.answers.nps"],
      [{ answers: { nps: 7.5 } }, 1, "responses.1.answers.nps"],
      [{ answers: { nps: "seven" } }, 0, "responses.0.answers.nps"],
      [{ answers: { reasons: ["quality", "teleport"] } }, 2, "responses.2.answers.reasons"],
      [{ answers: { mood: 3 } }, 1, "responses.1.answers.mood"],
      [{ externalId: undefined, answers: {} }, 1, "responses.1.answers"],
      [{ submittedAt: "2026-04-01T00:00:00Z" }, 2, "responses.2.submittedAt"],
      [{ externalId: "g-0" }, 1, "responses.1.externalId"],
      [{ surveyId: "0190a0a0-0000-7000-8000-000000000000" }, 2, "responses.2.surveyId"],
      [{ surveyId: "not-a-uuid" }, 2, "responses.2.surveyId"],
      [{ channel: "pigeon" }, 1, "responses.1.channel"],
      [{ answers: { nps: true } }, 2, "responses.2.answers.nps"],
      [{ customer: { externalId: "c", email: "nope" } }, 1, "responses.1.customer.email"],
    ];
    for (const [patch, index, field] of cases) {
      const rows = [good(0), good(1), good(2)];
      rows[index] = { ...good(index), ...patch } as ReturnType<typeof good>;
      const res = await t.call("POST", "/api/v1/responses", { responses: rows });
      expect(res.statusCode, `${field}: ${res.body}`).toBe(400);
      expect(res.json().error).toMatchObject({ code: "validation_failed", field });
    }
    expect((await list()).items).toEqual([]);
    const customers = await world.ctx.db
      .selectFrom("customers")
      .select("id")
      .where("workspace_id", "=", t.workspaceId)
      .execute();
    expect(customers).toEqual([]);
  });

  it("refuses an externalId that belongs to another survey, naming the row, and writes nothing", async () => {
    await post({ surveyId: csatId, externalId: "shared", answers: { csat: 4 } });
    const res = await t.call("POST", "/api/v1/responses", {
      responses: [
        { surveyId: npsId, externalId: "fresh", answers: { nps: 9 } },
        { surveyId: npsId, externalId: "shared", answers: { nps: 9 } },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe("responses.1.externalId");
    expect((await list()).items.map((r) => r.externalId)).toEqual(["shared"]);

    const single = await t.call("POST", "/api/v1/responses", {
      surveyId: npsId,
      externalId: "shared",
      answers: { nps: 1 },
    });
    expect(single.statusCode).toBe(400);
    expect(single.json().error.field).toBe("externalId");
  });

  it("names the field of a bad single response without a row prefix", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ surveyId: npsId, answers: { nps: -1 } }, "answers.nps"],
      [{ surveyId: "nope", answers: { nps: 1 } }, "surveyId"],
      [{ surveyId: npsId, answers: { nps: 1 }, language: "de" }, "language"],
      [{ surveyId: npsId, answers: {} }, "answers"],
    ];
    for (const [body, field] of cases) {
      const res = await t.call("POST", "/api/v1/responses", body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.field).toBe(field);
    }
  });

  it("accepts 1000 rows and refuses 1001", async () => {
    const rows = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        surveyId: npsId,
        externalId: `bulk-${i}`,
        answers: { nps: i % 11 },
      }));
    const tooMany = await t.call("POST", "/api/v1/responses", { responses: rows(1001) });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.field).toBe("responses");
    const tooManyChecked = await t.call("POST", "/api/v1/responses/validate", { responses: rows(1001) });
    expect(tooManyChecked.statusCode).toBe(400);
    expect((await list()).items).toEqual([]);

    const ok = await t.call("POST", "/api/v1/responses", { responses: rows(1000) });
    expect(ok.statusCode).toBe(201);
    expect(new Set(ok.json().items.map((i: { id: string }) => i.id)).size).toBe(1000);
    const metric = await t.call("GET", `/api/v1/metrics/nps?surveyId=${npsId}`);
    expect(metric.json().n).toBe(1000);
  });

  it("upserts customers by externalId and attributes responses to them", async () => {
    const a = await post({
      surveyId: npsId,
      answers: { nps: 10 },
      customer: { externalId: "c-1", email: "old@example.com", name: "Пётр", attributes: { plan: "free" } },
    });
    const b = await post({
      surveyId: csatId,
      answers: { csat: 2 },
      customer: { externalId: "c-1", email: "new@example.com", attributes: { city: "Казань" } },
    });
    const ra = await get(a.id);
    const rb = await get(b.id);
    expect(rb.customerId).toBe(ra.customerId);
    expect(rb.customerExternalId).toBe("c-1");
    const customer = await world.ctx.db
      .selectFrom("customers")
      .selectAll()
      .where("workspace_id", "=", t.workspaceId)
      .executeTakeFirstOrThrow();
    expect(customer).toMatchObject({
      external_id: "c-1",
      email: "new@example.com",
      name: "Пётр",
      attributes: { plan: "free", city: "Казань" },
    });
    const byCustomer = await list(`customerId=${ra.customerId}`);
    expect(byCustomer.items.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());

    const sameBatch = await post({
      responses: [
        { surveyId: npsId, answers: { nps: 1 }, customer: { externalId: "c-2", attributes: { x: 1 } } },
        { surveyId: npsId, answers: { nps: 2 }, customer: { externalId: "c-2", attributes: { y: 2 } } },
      ],
    });
    const [r1, r2] = await Promise.all(sameBatch.items.map((i: { id: string }) => get(i.id)));
    expect(r1?.customerId).toBe(r2?.customerId);
  });

  describe("filters and pagination", () => {
    beforeEach(async () => {
      await post({
        responses: [
          {
            surveyId: npsId,
            externalId: "d0",
            submittedAt: "2026-02-01T10:00:00Z",
            answers: { nps: 0, why: "Ужасно" },
          },
          {
            surveyId: npsId,
            externalId: "d6",
            submittedAt: "2026-02-10T10:00:00Z",
            answers: { nps: 6, why: "скидка 50%" },
          },
          {
            surveyId: npsId,
            externalId: "p7",
            submittedAt: "2026-02-15T10:00:00Z",
            answers: { nps: 7, why: "500 рублей" },
          },
          {
            surveyId: npsId,
            externalId: "p8",
            submittedAt: "2026-02-20T10:00:00Z",
            answers: { nps: 8 },
            channel: "email",
          },
          {
            surveyId: npsId,
            externalId: "r9",
            submittedAt: "2026-03-01T00:00:00Z",
            answers: { nps: 9, why: "ОТЛИЧНО, спасибо" },
          },
          {
            surveyId: npsId,
            externalId: "r10",
            submittedAt: "2026-03-05T10:00:00Z",
            answers: { nps: 10, why: "Отличный сервис" },
            complete: false,
          },
          { surveyId: csatId, externalId: "c1", submittedAt: "2026-02-11T10:00:00Z", answers: { csat: 1 } },
          { surveyId: csatId, externalId: "c3", submittedAt: "2026-02-12T10:00:00Z", answers: { csat: 3 } },
          {
            surveyId: csatId,
            externalId: "c5",
            submittedAt: "2026-02-13T10:00:00Z",
            answers: { csat: 5, comment: "отлично" },
          },
        ],
      });
    });

    const ids = async (query: string) => (await list(query)).items.map((r) => r.externalId);

    it("filters by score group", async () => {
      expect(await ids("group=detractor")).toEqual(["d6", "d0"]);
      expect(await ids("group=passive")).toEqual(["p8", "p7"]);
      expect(await ids(`group=promoter&surveyId=${npsId}`)).toEqual(["r10", "r9"]);
    });

    it("narrows by a typed filter and a saved segment over response and customer attributes", async () => {
      await post({
        responses: [
          {
            surveyId: npsId,
            externalId: "f-pro-kazan",
            submittedAt: "2026-02-02T10:00:00Z",
            answers: { nps: 9 },
            attributes: { product: "Pro" },
            customer: { externalId: "f-c1", attributes: { city: "Kazan" } },
          },
          {
            surveyId: npsId,
            externalId: "f-pro-omsk",
            submittedAt: "2026-02-03T10:00:00Z",
            answers: { nps: 3 },
            attributes: { product: "Pro", city: "Omsk" },
            customer: { externalId: "f-c2", attributes: { city: "Kazan" } },
          },
          { surveyId: csatId, externalId: "f-basic", answers: { csat: 4 }, attributes: { product: "Basic" } },
        ],
      });
      const f = (text: string) => `filter=${encodeURIComponent(text)}`;
      expect(await ids(f("product = Pro"))).toEqual(["f-pro-omsk", "f-pro-kazan"]);
      // A response's own attribute wins over its customer's.
      expect(await ids(f("product = Pro AND city in (Kazan, Moscow)"))).toEqual(["f-pro-kazan"]);
      expect(await ids(`${f("product != Basic AND city = Omsk")}&group=detractor`)).toEqual(["f-pro-omsk"]);
      const csatName = (await t.call("GET", `/api/v1/surveys/${csatId}`)).json().name;
      expect(await ids(f(`survey = "${csatName}" AND product = Basic`))).toEqual(["f-basic"]);

      const seg = (
        await t.call("POST", "/api/v1/segments", {
          name: "Pro Kazan",
          filter: "product = Pro AND city = Kazan",
        })
      ).json();
      expect(await ids(`segmentId=${seg.id}`)).toEqual(["f-pro-kazan"]);
      expect(await ids(`segmentId=${seg.id}&${f("channel = email")}`)).toEqual([]);

      const bad = await t.call("GET", `/api/v1/responses?${f("product Pro")}`);
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.field).toBe("query.filter");
      const foreign = await t.call("GET", "/api/v1/responses?segmentId=00000000-0000-4000-8000-000000000000");
      expect(foreign.statusCode).toBe(404);
    });

    it("filters by a score range of a question", async () => {
      expect(await ids("questionId=csat&scoreMin=3")).toEqual(["c5", "c3"]);
      expect(await ids("questionId=nps&scoreMin=6&scoreMax=8")).toEqual(["p8", "p7", "d6"]);
      expect(await ids("questionId=nps&scoreMax=0")).toEqual(["d0"]);
      const noQuestion = await t.call("GET", "/api/v1/responses?scoreMin=3");
      expect(noQuestion.statusCode).toBe(400);
      expect(noQuestion.json().error.field).toBe("query.questionId");
    });

    it("searches open text case-insensitively, Cyrillic included, with % taken literally", async () => {
      expect(await ids(`q=${encodeURIComponent("отлич")}`)).toEqual(["r10", "r9", "c5"]);
      expect(await ids(`q=${encodeURIComponent("ОТЛИЧНЫЙ")}`)).toEqual(["r10"]);
      expect(await ids(`q=${encodeURIComponent("50%")}`)).toEqual(["d6"]);
      expect(await ids(`q=${encodeURIComponent("_0")}`)).toEqual([]);
      expect(await ids(`q=${encodeURIComponent("ужас")}&surveyId=${csatId}`)).toEqual([]);
    });

    it("filters by a [from, to) date range, channel and status", async () => {
      expect(await ids("from=2026-02-10T10:00:00Z&to=2026-02-15T10:00:00Z")).toEqual([
        "c5",
        "c3",
        "c1",
        "d6",
      ]);
      expect(await ids(`from=2026-03-01&surveyId=${npsId}`)).toEqual(["r10", "r9"]);
      expect(await ids("to=2026-03-01")).toEqual(["p8", "p7", "c5", "c3", "c1", "d6", "d0"]);
      expect(await ids("channel=email")).toEqual(["p8"]);
      expect(await ids("status=partial")).toEqual(["r10"]);
      expect(await ids("group=promoter&status=complete")).toEqual(["r9"]);
    });

    it("pages with a cursor, visiting every row once while new rows arrive", async () => {
      // Rows sharing one timestamp must still be ordered and paged exactly.
      await post({
        responses: Array.from({ length: 12 }, (_, i) => ({
          surveyId: npsId,
          externalId: `same-${i}`,
          submittedAt: "2026-02-25T12:00:00Z",
          answers: { nps: i % 11 },
        })),
      });
      const expected = (await list("limit=500")).items.map((r) => r.id);
      expect(expected).toHaveLength(21);

      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: { items: ApiResponse[]; nextCursor: string | null } = await list(
          `limit=4${cursor ? `&cursor=${cursor}` : ""}`,
        );
        seen.push(...page.items.map((r) => r.id));
        cursor = page.nextCursor;
        pages++;
        // New answers keep arriving while the client pages.
        world.setNow(new Date(NOW.getTime() + pages * 1000));
        await post({ surveyId: npsId, answers: { nps: 5 } });
      } while (cursor);
      expect(pages).toBe(6);
      expect(seen).toEqual(expected);
      expect(new Set(seen).size).toBe(seen.length);
    });

    it("refuses a malformed cursor", async () => {
      const res = await t.call("GET", "/api/v1/responses?cursor=garbage");
      expect(res.statusCode).toBe(400);
      expect(res.json().error.field).toBe("query.cursor");
    });
  });

  it("validates a batch without writing and lists every problem by index", async () => {
    const res = await t.call("POST", "/api/v1/responses/validate", {
      responses: [
        { surveyId: npsId, answers: { nps: 9 } },
        { surveyId: npsId, answers: { nps: 12 } },
        { surveyId: csatId, answers: { csat: 5 } },
        { surveyId: csatId, answers: { csat: 6, comment: "x" } },
        { surveyId: npsId, externalId: "dup", answers: { nps: 1 } },
        { surveyId: npsId, externalId: "dup", answers: { nps: 1 } },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      valid: 3,
      problems: [
        { index: 1, field: "responses.1.answers.nps", message: expect.any(String) },
        { index: 3, field: "responses.3.answers.csat", message: expect.any(String) },
        { index: 5, field: "responses.5.externalId", message: expect.any(String) },
      ],
    });
    const clean = await t.call("POST", "/api/v1/responses/validate", {
      responses: [{ surveyId: npsId, answers: { nps: 9 } }],
    });
    expect(clean.json()).toEqual({ valid: 1, problems: [] });
    expect((await list()).items).toEqual([]);
  });
});
