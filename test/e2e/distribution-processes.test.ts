import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZScope } from "../../src/auth/schema.js";
import { createApiKey, createWorkspace } from "../../src/auth/service.js";
import { newId } from "../../src/ids.js";
import { openTwinPostgres, startSmtp, type TestSmtp } from "../distribution/helpers.js";

const ROOT = resolve(import.meta.dirname, "../..");

/** `otklik serve` as its own process, sending what is due every second. */
function serve(databaseUrl: string, port: number): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "serve", "--port", String(port)], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      DISTRIBUTION_POLL_SECONDS: "1",
      LOG_LEVEL: "warn",
      PUBLIC_URL: `http://127.0.0.1:${port}`,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

async function ready(url: string) {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not start`);
}

describe.skipIf(!process.env.TEST_DATABASE_URL)("two server processes on one PostgreSQL database", () => {
  let twin: Awaited<ReturnType<typeof openTwinPostgres>>;
  let smtp: TestSmtp;
  const servers: ChildProcess[] = [];

  beforeAll(async () => {
    twin = await openTwinPostgres();
    smtp = await startSmtp();
  });

  afterAll(async () => {
    for (const s of servers) s.kill("SIGTERM");
    await Promise.all(
      servers.map((s) => new Promise((r) => (s.exitCode !== null ? r(null) : s.once("exit", r)))),
    );
    await twin?.close();
    await smtp?.close();
  });

  it("send each invitation exactly once", async () => {
    if (!twin) throw new Error("no database");
    const { db } = twin.a;
    const ws = await createWorkspace(db, { name: "Two servers", slug: `two-${newId()}` });
    const { key } = await createApiKey(db, ws.id, { name: "test", scopes: [...ZScope.options] }, null);
    const url = process.env.TEST_DATABASE_URL;
    if (!url) throw new Error("no TEST_DATABASE_URL");
    // The servers open the test's own database (the one both handles point at).
    const { name: dbName } = await db
      .selectNoFrom((eb) => eb.fn<string>("current_database", []).as("name"))
      .executeTakeFirstOrThrow();
    const databaseUrl = new URL(url);
    databaseUrl.pathname = `/${dbName}`;
    const ports = [40_000 + Math.floor(Math.random() * 10_000), 50_000 + Math.floor(Math.random() * 10_000)];
    for (const port of ports) servers.push(serve(databaseUrl.toString(), port));
    const [one, two] = ports.map((p) => `http://127.0.0.1:${p}`) as [string, string];
    await Promise.all([ready(one), ready(two)]);

    const call = (base: string, method: string, path: string, body: unknown) =>
      fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    expect(
      (
        await call(one, "PUT", "/api/v1/distribution/smtp", {
          host: "127.0.0.1",
          port: smtp.port,
          from: "nps@acme.test",
        })
      ).status,
    ).toBe(200);
    await call(one, "PATCH", "/api/v1/distribution/settings", { recontactDays: 0 });
    const survey = await (
      await fetch(`${one}/api/v1/surveys/from-template`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ templateId: "relational-nps" }),
      })
    ).json();
    const trigger = await call(two, "POST", "/api/v1/triggers", {
      name: "NPS after purchase",
      surveyId: survey.id,
      channel: "email",
      rule: { kind: "event", eventType: "purchase" },
    });
    expect(trigger.status).toBe(201);
    // Half the events through each server; both send whatever is due.
    const events = (prefix: string) => ({
      events: Array.from({ length: 150 }, (_, i) => ({
        externalId: `${prefix}-${i}`,
        type: "purchase",
        customer: { externalId: `${prefix}-c${i}`, email: `${prefix}${i}@example.com` },
      })),
    });
    expect((await call(one, "POST", "/api/v1/events", events("a"))).status).toBe(201);
    expect((await call(two, "POST", "/api/v1/events", events("b"))).status).toBe(201);
    for (let i = 0; i < 300 && smtp.messages.length < 300; i++) await new Promise((r) => setTimeout(r, 100));
    // A little longer: a duplicate would arrive now.
    await new Promise((r) => setTimeout(r, 2000));
    const to = smtp.messages.map((m) => m.envelope.to[0]);
    expect(to).toHaveLength(300);
    expect(new Set(to).size).toBe(300);
  });
});
