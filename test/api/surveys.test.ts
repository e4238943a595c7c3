import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../src/db/connection.js";
import type { TSurveyInput } from "../../src/surveys/schema.js";
import { surveyFromTemplate } from "../../src/surveys/templates.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { testDatabases } from "../helpers/db.js";
import { createSurvey } from "../helpers/fixtures.js";

const NOW = new Date("2026-03-10T12:00:00Z");

function template(id = "relational-nps"): TSurveyInput {
  const t = surveyFromTemplate(id);
  if (!t) throw new Error(`no template ${id}`);
  return t;
}

/** A survey input with one change made to a copy of its definition. */
function withDefinition(edit: (d: TSurveyInput["definition"]) => void, id = "relational-nps"): TSurveyInput {
  const input = template(id);
  edit(input.definition);
  return input;
}

describe.each(testDatabases())("surveys on $name", (database) => {
  let handle: DbHandle;
  let world: TestWorld;
  let t: Tenant;

  beforeAll(async () => {
    handle = await database.open();
    world = await startApp(handle, { now: NOW });
    t = await makeTenant(world);
  });

  afterAll(async () => {
    await world?.app.close();
    await handle?.close();
  });

  const expectInvalid = async (body: unknown, field: string, method = "POST", url = "/api/v1/surveys") => {
    const res = await t.call(method, url, body);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error).toMatchObject({ code: "validation_failed", field });
    expect(res.json().error.message).toEqual(expect.any(String));
  };

  it("creates a survey and reads it back", async () => {
    const res = await t.call("POST", "/api/v1/surveys", template("transactional-csat"));
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({
      name: "Order satisfaction (CSAT)",
      kind: "transactional",
      status: "active",
      touchpoint: "delivery",
      stage: "purchase",
      createdAt: NOW.toISOString(),
    });
    const read = await t.call("GET", `/api/v1/surveys/${created.id}`);
    expect(read.json()).toEqual(created);
    const list = await t.call("GET", "/api/v1/surveys");
    expect(list.json().items.map((s: { id: string }) => s.id)).toContain(created.id);
  });

  it("names the offending field of an invalid survey", async () => {
    await expectInvalid({ ...template(), name: "" }, "name");
    await expectInvalid({ ...template(), kind: "weekly" }, "kind");
    await expectInvalid(
      withDefinition((d) => {
        const q = d.questions[0];
        if (q?.type === "csat") Object.assign(q, { scale: 4 });
      }, "transactional-csat"),
      "definition.questions.0.scale",
    );
    await expectInvalid(
      withDefinition((d) => {
        const q = d.questions[0];
        if (q?.type === "csat") q.labels = q.labels?.slice(0, 3);
      }, "transactional-csat"),
      "definition.questions.0.labels",
    );
    await expectInvalid(
      withDefinition((d) => {
        Object.assign(d.questions[1] ?? {}, { id: "nps" });
      }),
      "definition.questions.1.id",
    );
    await expectInvalid(
      withDefinition((d) => {
        Object.assign(d.questions[0] ?? {}, { id: "Bad Id" });
      }),
      "definition.questions.0.id",
    );
    await expectInvalid(
      withDefinition((d) => {
        const q = d.questions[2];
        if (q) q.title = { en: "Why?" };
      }),
      "definition.questions.2.title.ru",
    );
    await expectInvalid(
      withDefinition((d) => {
        Object.assign(d.questions[0] ?? {}, { showIf: { question: "why", answered: true } });
      }),
      "definition.questions.0.showIf.question",
    );
    await expectInvalid(
      withDefinition((d) => {
        d.questions = [];
      }),
      "definition.questions",
    );
    await expectInvalid(
      withDefinition((d) => {
        d.defaultLanguage = "ru";
        d.languages = ["en"];
      }),
      "definition.defaultLanguage",
    );
    await expectInvalid(
      withDefinition((d) => {
        d.design = { primaryColor: "red" };
      }),
      "definition.design.primaryColor",
    );
    const list = await t.call("GET", "/api/v1/surveys");
    expect(list.json().items.every((s: { name: string }) => s.name !== "")).toBe(true);
  });

  it("lists templates in Russian and English and creates surveys from them", async () => {
    const res = await t.call("GET", "/api/v1/surveys/templates");
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { id: string; name: { ru: string; en: string } }[];
    expect(items.map((x) => x.id)).toEqual(
      expect.arrayContaining(["relational-nps", "transactional-csat", "support-ces", "cli"]),
    );
    for (const item of items) {
      expect(item.name.ru).toMatch(/[а-яё]/i);
      expect(item.name.en).toMatch(/[a-z]/i);
    }

    const ru = await t.call("POST", "/api/v1/surveys/from-template", {
      templateId: "support-ces",
      language: "ru",
    });
    expect(ru.statusCode).toBe(201);
    expect(ru.json().name).toMatch(/[а-яё]/i);
    expect(ru.json().definition).toMatchObject({ languages: ["ru"], defaultLanguage: "ru" });
    expect(ru.json().definition.questions[0].title.ru).toMatch(/[а-яё]/i);

    const en = await t.call("POST", "/api/v1/surveys/from-template", {
      templateId: "relational-nps",
      language: "en",
      name: "Q1 NPS",
    });
    expect(en.json()).toMatchObject({
      name: "Q1 NPS",
      definition: { languages: ["en"], defaultLanguage: "en" },
    });

    const both = await t.call("POST", "/api/v1/surveys/from-template", { templateId: "cli" });
    expect(both.json().definition.languages).toEqual(expect.arrayContaining(["ru", "en"]));

    const unknown = await t.call("POST", "/api/v1/surveys/from-template", { templateId: "nope" });
    expect(unknown.statusCode).toBe(404);
  });

  it("patches a survey, keeping fields that are not sent", async () => {
    const s = await createSurvey(t);
    const later = new Date(NOW.getTime() + 60_000);
    world.setNow(later);
    const renamed = await t.call("PATCH", `/api/v1/surveys/${s.id}`, { name: "Renamed", touchpoint: "app" });
    world.setNow(NOW);
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({
      name: "Renamed",
      touchpoint: "app",
      stage: "loyalty",
      kind: "relational",
      status: "active",
      updatedAt: later.toISOString(),
      createdAt: NOW.toISOString(),
    });
    expect(renamed.json().definition).toEqual(s.definition);

    const definition = structuredClone(s.definition);
    definition.questions.push({
      id: "ease",
      type: "ces",
      variant: "agreement",
      required: false,
      title: { en: "It was easy", ru: "Это было легко" },
    });
    const added = await t.call("PATCH", `/api/v1/surveys/${s.id}`, { definition });
    expect(added.statusCode).toBe(200);
    expect(added.json().definition.questions.map((q: { id: string }) => q.id)).toEqual([
      "nps",
      "reasons",
      "why",
      "ease",
    ]);
    expect(added.json().name).toBe("Renamed");

    const badDefinition = structuredClone(definition);
    Object.assign(badDefinition.questions[3] ?? {}, { id: "nps" });
    await expectInvalid(
      { definition: badDefinition },
      "definition.questions.3.id",
      "PATCH",
      `/api/v1/surveys/${s.id}`,
    );
  });

  it("refuses to change the type of an existing question", async () => {
    const s = await createSurvey(t);
    const definition = structuredClone(s.definition);
    definition.questions[0] = {
      id: "nps",
      type: "rating",
      required: true,
      title: { en: "Stars", ru: "Звёзды" },
    };
    await expectInvalid({ definition }, "definition.questions.0.type", "PATCH", `/api/v1/surveys/${s.id}`);
    const after = await t.call("GET", `/api/v1/surveys/${s.id}`);
    expect(after.json().definition.questions[0].type).toBe("nps");
  });

  it("archives a survey: the public page and its endpoints are closed", async () => {
    const s = await createSurvey(t);
    expect((await world.app.inject({ method: "GET", url: `/s/${s.id}` })).statusCode).toBe(200);
    const archived = await t.call("POST", `/api/v1/surveys/${s.id}/archive`);
    expect(archived.statusCode).toBe(200);
    expect(archived.json().status).toBe("archived");

    const page = await world.app.inject({ method: "GET", url: `/s/${s.id}` });
    expect([404, 410]).toContain(page.statusCode);
    expect(page.body).not.toContain("Relational NPS");
    expect(page.body).not.toContain("How likely");
    const api = await world.app.inject({ method: "GET", url: `/api/public/surveys/${s.id}` });
    expect([404, 410]).toContain(api.statusCode);
    const put = await world.app.inject({
      method: "PUT",
      url: `/api/public/surveys/${s.id}/responses/${"k".repeat(22)}`,
      payload: { answers: { nps: 9 } },
    });
    expect([404, 410]).toContain(put.statusCode);

    const active = await t.call("GET", "/api/v1/surveys?status=active");
    expect(active.json().items.map((x: { id: string }) => x.id)).not.toContain(s.id);
    const listed = await t.call("GET", "/api/v1/surveys?status=archived");
    expect(listed.json().items.map((x: { id: string }) => x.id)).toContain(s.id);
  });

  it("keeps an archived or draft survey closed when only its name is patched", async () => {
    const s = await createSurvey(t);
    await t.call("POST", `/api/v1/surveys/${s.id}/archive`);
    const renamed = await t.call("PATCH", `/api/v1/surveys/${s.id}`, { name: "Old survey" });
    expect(renamed.json()).toMatchObject({ name: "Old survey", status: "archived" });
    expect((await world.app.inject({ method: "GET", url: `/s/${s.id}` })).statusCode).toBe(404);

    const draft = await createSurvey(t, "support-ces", { status: "draft" });
    expect((await world.app.inject({ method: "GET", url: `/s/${draft.id}` })).statusCode).toBe(404);
    const edited = await t.call("PATCH", `/api/v1/surveys/${draft.id}`, { touchpoint: "chat" });
    expect(edited.json().status).toBe("draft");
    const published = await t.call("PATCH", `/api/v1/surveys/${draft.id}`, { status: "active" });
    expect(published.json().status).toBe("active");
    expect((await world.app.inject({ method: "GET", url: `/s/${draft.id}` })).statusCode).toBe(200);
  });

  it("creates personal links that expire after 60 days", async () => {
    const s = await createSurvey(t);
    const res = await t.call("POST", `/api/v1/surveys/${s.id}/links`, {
      customer: { externalId: "crm-42", email: "ivan@example.com", name: "Иван" },
      attributes: { order: "A-1" },
    });
    expect(res.statusCode).toBe(201);
    const link = res.json();
    expect(link.url).toBe(`http://otklik.test/s/${s.id}?t=${link.token}`);
    expect(link.token.length).toBeGreaterThanOrEqual(32);
    expect(link.expiresAt).toBe(new Date(NOW.getTime() + 60 * 86_400_000).toISOString());
    const other = await t.call("POST", `/api/v1/surveys/${s.id}/links`, {
      customer: { externalId: "crm-42" },
    });
    expect(other.json().token).not.toBe(link.token);

    const missing = await t.call("POST", "/api/v1/surveys/0190a0a0-0000-7000-8000-000000000000/links", {
      customer: { externalId: "crm-43" },
    });
    expect(missing.statusCode).toBe(404);
    await expectInvalid(
      { customer: { externalId: "" } },
      "customer.externalId",
      "POST",
      `/api/v1/surveys/${s.id}/links`,
    );
    await expectInvalid(
      { customer: { externalId: "x", email: "not-an-email" } },
      "customer.email",
      "POST",
      `/api/v1/surveys/${s.id}/links`,
    );
  });

  it("answers 404 for unknown surveys and 400 for malformed ids", async () => {
    const unknown = "0190a0a0-0000-7000-8000-000000000000";
    expect((await t.call("GET", `/api/v1/surveys/${unknown}`)).statusCode).toBe(404);
    expect((await t.call("PATCH", `/api/v1/surveys/${unknown}`, { name: "x" })).statusCode).toBe(404);
    const bad = await t.call("GET", "/api/v1/surveys/not-a-uuid");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe("path.id");
  });
});
