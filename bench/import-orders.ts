/**
 * Order import speed: a generated CSV of orders imported with `otklik import orders` (the CLI streams
 * the file to a server process, which checks every row, links customers and upserts by external id)
 * into PostgreSQL, against `psql \copy` of the same file into a table with the same columns, defaults
 * and indexes as `orders` (the customer named by external id, nothing checked, no upsert): the fastest
 * way PostgreSQL has to take in a file.
 *
 *   npm run bench:import-orders                # 1,000,000 orders
 *   npm run bench:import-orders -- 100000
 *
 * PostgreSQL: BENCH_DATABASE_URL (default the local test server postgres://postgres@127.0.0.1:55432/postgres);
 * the benchmark creates its own database there and drops it at the end.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import pg from "pg";
import { createApiKey, createWorkspace } from "../src/auth/service.js";
import { openDatabase } from "../src/db/connection.js";
import { migrateToLatest } from "../src/db/migrate.js";
import { newId } from "../src/ids.js";
import { environment, ratio } from "./lib/report.js";

const ORDERS = Number(process.argv[2] ?? 1_000_000);
const CUSTOMERS = Math.max(1, Math.round(ORDERS / 8));
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:55432/postgres";
const PRODUCTS = [
  ["Coffee grinder", "Kitchen"],
  ["Кофемашина «Эспрессо»", "Kitchen"],
  ["Desk lamp", "Home"],
  ["Чайник, 1.7 л", "Kitchen"],
  ["Backpack", "Travel"],
] as const;

/** Writes the orders file: two years of orders by CUSTOMERS customers, some with quoted cells. */
async function writeOrders(file: string) {
  const out = createWriteStream(file);
  const write = (s: string) => (out.write(s) ? undefined : once(out, "drain"));
  await write("external_id,customer_id,ordered_at,amount,currency,product,category\n");
  const start = Date.parse("2024-11-01T00:00:00Z");
  const span = 2 * 365 * 86_400_000;
  let buf = "";
  for (let i = 0; i < ORDERS; i++) {
    const [product, category] = PRODUCTS[i % PRODUCTS.length] ?? PRODUCTS[0];
    const at = new Date(start + ((i * 7_919_993) % span)).toISOString().slice(0, 16).replace("T", " ");
    const amount = ((i * 37) % 50_000) / 10 + 99;
    const cell = product.includes(",") ? `"${product}"` : product;
    buf += `O-${i},C-${(i * 7) % CUSTOMERS},${at},${amount.toFixed(2)},RUB,${cell},${category}\n`;
    if (buf.length > 1 << 16) {
      await write(buf);
      buf = "";
    }
  }
  out.end(buf);
  await once(out, "finish");
}

async function waitForServer(url: string, child: ChildProcess) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error("server exited");
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("server did not start");
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const t = performance.now();
  const r = spawnSync(cmd, args, { env, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stdout}`);
  return (performance.now() - t) / 1000;
}

const dbName = `otklik_bench_${newId().replaceAll("-", "").slice(-12)}`;
const admin = new pg.Client({ connectionString: ADMIN_URL });
await admin.connect();
await admin.query(`create database ${dbName}`);
const url = new URL(ADMIN_URL);
url.pathname = `/${dbName}`;
const dir = mkdtempSync(join(tmpdir(), "otklik-bench-import-"));
const handle = await openDatabase({ url: url.href });
let server: ChildProcess | undefined;
try {
  await migrateToLatest(handle.db);
  const { rows: v } = await sql<{ v: string }>`select version() as v`.execute(handle.db);
  const file = join(dir, "orders.csv");
  await writeOrders(file);
  const mb = statSync(file).size / 2 ** 20;
  console.log(environment({ postgres: v[0]?.v.split(",")[0] ?? "?" }));
  console.log(
    `data: ${ORDERS.toLocaleString("en")} orders by ${CUSTOMERS.toLocaleString("en")} customers, ${mb.toFixed(1)} MiB CSV\n`,
  );

  // Baseline: psql \copy of the file into a table shaped like orders (same defaults and indexes).
  const ws = await createWorkspace(handle.db, {
    name: "bench",
    slug: `bench-${newId()}`,
    timeZone: "Europe/Moscow",
  });
  await sql
    .raw(`create table bench_orders (like orders including defaults including indexes);
      alter table bench_orders alter column workspace_id set default '${ws.id}',
        alter column id set default gen_random_uuid(), alter column customer_id drop not null,
        add column customer_external_id text;`)
    .execute(handle.db);
  const copySeconds = run("psql", [
    url.href,
    "-v",
    "ON_ERROR_STOP=1",
    "-c",
    `\\copy bench_orders (external_id, customer_external_id, ordered_at, amount, currency, product, category) from '${file}' with (format csv, header true)`,
  ]);

  // Otklik: the CLI against a server process on the same database.
  const { key } = await createApiKey(handle.db, ws.id, { name: "bench", scopes: ["customers:write"] }, null);
  const port = 41_000 + Math.floor(Math.random() * 1000);
  server = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "serve", "--port", String(port)], {
    env: { ...process.env, DATABASE_URL: url.href, LOG_LEVEL: "warn", HOST: "127.0.0.1" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  await waitForServer(base, server);
  const importSeconds = run(
    process.execPath,
    ["--import", "tsx", "src/cli/main.ts", "import", "orders", file],
    {
      ...process.env,
      OTKLIK_URL: base,
      OTKLIK_API_KEY: key,
    },
  );
  const { rows: check } = await sql<{ orders: number; customers: number }>`select
      (select count(*)::int from orders where workspace_id = ${ws.id}) as orders,
      (select count(*)::int from customers where workspace_id = ${ws.id}) as customers`.execute(handle.db);
  if (check[0]?.orders !== ORDERS || check[0]?.customers !== CUSTOMERS)
    throw new Error(
      `expected ${ORDERS} orders and ${CUSTOMERS} customers, found ${JSON.stringify(check[0])}`,
    );

  const copyRate = ORDERS / copySeconds;
  const importRate = ORDERS / importSeconds;
  console.log(
    `baseline (psql \\copy into a table like orders): ${Math.round(copyRate).toLocaleString("en")} orders/s (${copySeconds.toFixed(1)} s)`,
  );
  console.log(
    `otklik import orders (checked, customers linked, upserted): ${Math.round(importRate).toLocaleString("en")} orders/s (${importSeconds.toFixed(1)} s)`,
  );
  console.log(
    `import / psql \\copy: ${ratio(importRate, copyRate)} (${Math.round((100 * importRate) / copyRate)}%; target ≥ 50%)`,
  );
} finally {
  server?.kill("SIGTERM");
  if (server && server.exitCode === null) await once(server, "exit");
  await handle.close();
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.end();
  rmSync(dir, { recursive: true, force: true });
}
