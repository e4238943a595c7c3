import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import { sql } from "kysely";
import { loadConfig } from "../config.js";
import type { Db } from "../db/connection.js";
import { openDatabase } from "../db/connection.js";
import { migrateToLatest } from "../db/migrate.js";
import { generateWorkspace } from "../demo/bulk.js";
import { DEMO_LOGIN, seedDemo } from "../demo/seed.js";

function progressBar() {
  return new SingleBar({
    format: "demo data [{bar}] {percentage}% | {value}/{total} answers | {eta}s left",
    hideCursor: true,
  });
}

async function seed(db: Db, publicUrl: string, opts: { answers?: number; customers?: number }) {
  const bar = progressBar();
  bar.start(opts.answers ?? 30_000, 0);
  const result = await seedDemo(db, { ...opts, onProgress: (done) => bar.update(done) });
  bar.stop();
  console.log(
    [
      "",
      `Demo workspace "${result.workspace.name}" is ready.`,
      `  open   ${publicUrl}`,
      `  login  ${DEMO_LOGIN.email}`,
      `  pass   ${DEMO_LOGIN.password}`,
      `  NPS survey page: ${publicUrl}/s/${result.surveys.nps.id}`,
      "",
    ].join("\n"),
  );
  return result;
}

/** Seeds the demo workspace on first start only; later starts just print the login. */
export async function seedIfEmpty(db: Db, publicUrl: string) {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from workspaces`.execute(db);
  if ((rows[0]?.n ?? 0) > 0) {
    console.log(`\nOtklik: ${publicUrl}  (demo login: ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password})\n`);
    return;
  }
  await seed(db, publicUrl, {});
}

export function demoCommand(program: Command) {
  program
    .command("demo")
    .description("create a demo workspace with customers, surveys and answers")
    .option("--answers <n>", "number of answers", "30000")
    .option("--customers <n>", "number of customers", "5000")
    .option(
      "--bulk",
      "load a large workspace with set-based SQL (millions of NPS answers over two years, answers/20 customers)",
    )
    .action(async (opts: { answers: string; customers: string; bulk?: boolean }) => {
      const config = loadConfig();
      const handle = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
      await migrateToLatest(handle.db);
      if (opts.bulk) {
        console.log(`loading ${Number(opts.answers).toLocaleString("en")} answers…`);
        const g = await generateWorkspace(handle.db, Number(opts.answers), new Date(), (s) => console.log(s));
        console.log(
          `\nready: ${config.publicUrl}/surveys/${g.surveyId}  (login ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password})`,
        );
        await handle.close();
        return;
      }
      await seed(handle.db, config.publicUrl, {
        answers: Number(opts.answers),
        customers: Number(opts.customers),
      });
      await handle.close();
    });
}
