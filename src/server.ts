import { startAlertsRunner } from "./alerts/jobs.js";
import type { Config } from "./config.js";
import { analyzeGrownTables } from "./db/auto-analyze.js";
import { openDatabase } from "./db/connection.js";
import { migrateToLatest } from "./db/migrate.js";
import { startDistributionRunner } from "./distribution/jobs.js";
import { buildApp } from "./http/app.js";
import type { AppContext } from "./http/context.js";
import { periodic } from "./jobs/periodic.js";

/** Opens the database, migrates, and serves until SIGINT/SIGTERM, then drains and closes. */
export async function startServer(config: Config, onReady?: (ctx: AppContext) => Promise<void>) {
  const handle = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  await migrateToLatest(handle.db);
  const ctx: AppContext = { db: handle.db, dbKind: handle.kind, config, now: () => new Date() };
  if (onReady) await onReady(ctx);
  const app = await buildApp(ctx);
  const sender =
    config.distributionPollSeconds > 0
      ? startDistributionRunner(ctx, { intervalMs: config.distributionPollSeconds * 1000, log: app.log })
      : undefined;
  const alerts =
    config.alertsPollSeconds > 0
      ? startAlertsRunner(ctx, { intervalMs: config.alertsPollSeconds * 1000, log: app.log })
      : undefined;
  // PostgreSQL servers analyze by themselves (autovacuum); the embedded database does not.
  const statistics =
    handle.kind === "pglite"
      ? periodic(
          async () => {
            const tables = await analyzeGrownTables(handle.db);
            if (tables.length) app.log.info({ tables }, "planner statistics refreshed");
          },
          { intervalMs: 30_000, name: "statistics refresh", log: app.log },
        )
      : undefined;
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, "shutting down: finishing requests in flight");
    await sender?.stop();
    await alerts?.stop();
    await statistics?.stop();
    await app.close();
    await handle.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  await app.listen({ port: config.port, host: config.host });
  return { app, ctx, close: () => shutdown("close") };
}
