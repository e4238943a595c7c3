#!/usr/bin/env node
import { Command } from "commander";
import { loadConfig } from "../config.js";
import { openDatabase } from "../db/connection.js";
import { migrateToLatest } from "../db/migrate.js";
import { clvCommand } from "./clv.js";
import { demoCommand, seedIfEmpty } from "./demo.js";
import { exportCommand } from "./export.js";
import { recategorizeCommand } from "./feedback.js";
import { importCustomerDataCommands } from "./import-customer-data.js";
import { importResponsesCommand } from "./import-responses.js";
import { importSupportCommands } from "./import-support.js";
import { metricsCommand } from "./metrics.js";

const program = new Command()
  .name("otklik")
  .description("Otklik: self-hosted customer experience — surveys, scores, close-the-loop.");

program
  .command("serve")
  .description("start the server (PGlite in DATA_DIR unless DATABASE_URL is set)")
  .option("--port <port>", "port to listen on (env PORT, default 3000)")
  .option("--demo", "create the demo workspace if the database is empty")
  .action(async (opts: { port?: string; demo?: boolean }) => {
    const config = loadConfig(opts.port ? { ...process.env, PORT: opts.port } : process.env);
    const { startServer } = await import("../server.js");
    await startServer(config, async (ctx) => {
      if (opts.demo) await seedIfEmpty(ctx.db, config.publicUrl);
    });
  });

program
  .command("migrate")
  .description("apply database migrations and exit")
  .action(async () => {
    const config = loadConfig();
    const handle = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
    const applied = await migrateToLatest(handle.db);
    console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
    await handle.close();
  });

demoCommand(program);
const importCmd = program.command("import").description("import data from CSV files through the API");
importResponsesCommand(importCmd);
importCustomerDataCommands(importCmd);
importSupportCommands(importCmd);
metricsCommand(program);
clvCommand(program);
exportCommand(program);
recategorizeCommand(program);

program.parseAsync().catch((e: unknown) => {
  console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
