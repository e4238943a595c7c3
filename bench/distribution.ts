/**
 * Invitation delivery: invitations per second taken from the queue, admitted (suppressions, quiet
 * hours, throttling, caps, personal token) and delivered to an SMTP server on this machine (the
 * `smtp-server` package, in-process), on the embedded database and on PostgreSQL; and the website
 * widget's size, gzipped, as it is served.
 *
 *   npm run bench:distribution            # 2,000 invitations per database
 *   npm run bench:distribution -- 5000
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { SMTPServer } from "smtp-server";
import { createWorkspace } from "../src/auth/service.js";
import { type DbHandle, openDatabase } from "../src/db/connection.js";
import { migrateToLatest } from "../src/db/migrate.js";
import { closeMailers } from "../src/distribution/email/mailer.js";
import { ingestEvents } from "../src/distribution/events.js";
import { runDue } from "../src/distribution/jobs.js";
import { setSmtp } from "../src/distribution/settings.js";
import { createTrigger } from "../src/distribution/triggers.js";
import { newId } from "../src/ids.js";
import { createSurvey } from "../src/surveys/service.js";
import { surveyFromTemplate } from "../src/surveys/templates.js";
import { benchPostgres } from "./lib/postgres.js";
import { environment } from "./lib/report.js";

const INVITATIONS = Number(process.argv[2] ?? 2000);
const TARGET = 200;

async function smtpServer() {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, cb) {
      stream.on("data", () => {});
      stream.on("end", () => {
        received++;
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { port, received: () => received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function run(label: string, handle: DbHandle, smtpPort: number, received: () => number) {
  const { db } = handle;
  const now = new Date("2026-06-01T10:00:00Z");
  const ws = await createWorkspace(db, { name: "Bench", slug: `bench-${newId()}` });
  const input = surveyFromTemplate("relational-nps");
  if (!input) throw new Error("no template");
  const survey = await createSurvey(db, ws.id, input, now);
  await setSmtp(db, ws.id, { host: "127.0.0.1", port: smtpPort, secure: false, from: "nps@bench.test" }, now);
  await createTrigger(
    db,
    ws.id,
    {
      name: "NPS after purchase",
      enabled: true,
      surveyId: survey.id,
      channel: "email",
      rule: { kind: "event", eventType: "purchase", conditions: [], delayMinutes: 0 },
      samplePercent: 100,
      message: {},
    },
    now,
  );
  for (let i = 0; i < INVITATIONS; i += 1000) {
    const events = Array.from({ length: Math.min(1000, INVITATIONS - i) }, (_, j) => ({
      externalId: `e-${i + j}`,
      type: "purchase",
      customer: {
        externalId: `c-${i + j}`,
        email: `c${i + j}@bench.test`,
        language: (j % 2 ? "ru" : "en") as "ru" | "en",
      },
      properties: {},
    }));
    await ingestEvents(db, ws.id, events, { now });
  }
  const before = received();
  const t0 = performance.now();
  let sent = 0;
  for (;;) {
    const s = await runDue({ db, config: { publicUrl: "https://otklik.bench" } }, now);
    sent += s.sent;
    if (!s.claimed) break;
  }
  const seconds = (performance.now() - t0) / 1000;
  const delivered = received() - before;
  if (delivered !== INVITATIONS || sent !== INVITATIONS)
    throw new Error(`${label}: ${sent} sent, ${delivered} received`);
  const rate = INVITATIONS / seconds;
  console.log(
    `${label.padEnd(10)} ${INVITATIONS} invitations in ${seconds.toFixed(1)} s = ${rate.toFixed(0)}/s (target ≥ ${TARGET}/s: ${rate >= TARGET ? "met" : "NOT met"})`,
  );
}

function widgetSize() {
  const file = resolve(import.meta.dirname, "../dist/widget/embed.js");
  if (!existsSync(file)) return console.log("widget     not built (npm run build:web)");
  const raw = readFileSync(file);
  const gz = gzipSync(raw, { level: 9 }).length;
  console.log(
    `widget     embed.js ${(raw.length / 1024).toFixed(1)} KB raw, ${(gz / 1024).toFixed(2)} KB gzipped (budget 12 KB: ${gz <= 12 * 1024 ? "met" : "NOT met"})`,
  );
}

async function main() {
  console.log(environment({ invitations: String(INVITATIONS) }));
  console.log();
  const smtp = await smtpServer();
  try {
    const lite = await openDatabase({ url: "memory://" });
    await migrateToLatest(lite.db);
    await run("PGlite", lite, smtp.port, smtp.received);
    closeMailers();
    await lite.close();
    if (process.env.BENCH_SKIP_POSTGRES !== "1") {
      const pg = await benchPostgres();
      try {
        const handle = await openDatabase({ url: pg.url });
        await migrateToLatest(handle.db);
        await run(`PG ${pg.version}`, handle, smtp.port, smtp.received);
        closeMailers();
        await handle.close();
      } finally {
        pg.stop();
      }
    }
    widgetSize();
  } finally {
    await smtp.close();
  }
}

await main();
