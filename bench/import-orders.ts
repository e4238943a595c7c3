/**
 * Order import speed: a generated CSV of orders imported with `otklik import orders` (the CLI streams
 * the file to a server process, which checks every row, links customers and upserts by external id)
 * into PostgreSQL, against `psql \copy`, the fastest way PostgreSQL has to take in a file, in two forms
 * measured in the same run:
 *  - into a table like `orders` (same columns, defaults and indexes) with the customer's external id in
 *    a text column: nothing checked, no customers, no foreign key;
 *  - into a table like `orders` with its foreign key to a table like `customers`: the customers first
 *    (external id and id), then the orders with their customer's id, as the import must leave them. This
 *    one does the same writing as the import; the difference is checking, linking and upserting.
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

/** A file written a buffer at a time. */
function writer(file: string) {
  const out = createWriteStream(file);
  let buf = "";
  return {
    async add(text: string) {
      buf += text;
      if (buf.length < 1 << 16) return;
      const ok = out.write(buf);
      buf = "";
      if (!ok) await once(out, "drain");
    },
    async close() {
      out.end(buf);
      await once(out, "finish");
    },
  };
}

/**
 * Writes the orders file (two years of orders by CUSTOMERS customers, some with quoted cells) and, for
 * the second baseline, the same orders with ids and their customer's id, and the customers.
 */
async function writeOrders(file: string, resolvedFile: string, customersFile: string) {
  const customerIds = Array.from({ length: CUSTOMERS }, () => newId());
  const customers = writer(customersFile);
  for (const [k, id] of customerIds.entries()) await customers.add(`${id},C-${k}\n`);
  await customers.close();
  const orders = writer(file);
  const resolved = writer(resolvedFile);
  await orders.add("external_id,customer_id,ordered_at,amount,currency,product,category\n");
  const start = Date.parse("2024-11-01T00:00:00Z");
  const span = 2 * 365 * 86_400_000;
  for (let i = 0; i < ORDERS; i++) {
    const [product, category] = PRODUCTS[i % PRODUCTS.length] ?? PRODUCTS[0];
    const at = new Date(start + ((i * 7_919_993) % span)).toISOString().slice(0, 16).replace("T", " ");
    const amount = ((i * 37) % 50_000) / 10 + 99;
    const cell = product.includes(",") ? `"${product}"` : product;
    const customer = (i * 7) % CUSTOMERS;
    const rest = `${at},${amount.toFixed(2)},RUB,${cell},${category}\n`;
    await orders.add(`O-${i},C-${customer},${rest}`);
    await resolved.add(`${newId()},O-${i},${customerIds[customer]},${rest}`);
  }
  await orders.close();
  await resolved.close();
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
  const resolvedFile = join(dir, "orders-resolved.csv");
  const customersFile = join(dir, "customers.csv");
  await writeOrders(file, resolvedFile, customersFile);
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
  // Baseline with the foreign key: customers, then orders naming them by id.
  await sql
    .raw(`create table bench_customers (like customers including defaults including indexes);
      alter table bench_customers alter column workspace_id set default '${ws.id}',
        add foreign key (workspace_id) references workspaces (id);
      create table bench_linked_orders (like orders including defaults including indexes);
      alter table bench_linked_orders alter column workspace_id set default '${ws.id}',
        add foreign key (workspace_id, customer_id) references bench_customers (workspace_id, id);`)
    .execute(handle.db);
  const linkedSeconds = run("psql", [
    url.href,
    "-v",
    "ON_ERROR_STOP=1",
    "-c",
    `\\copy bench_customers (id, external_id) from '${customersFile}' with (format csv)`,
    "-c",
    `\\copy bench_linked_orders (id, external_id, customer_id, ordered_at, amount, currency, product, category) from '${resolvedFile}' with (format csv)`,
  ]);

  // Otklik: the CLI against a server process on the same database.
  const { key } = await createApiKey(handle.db, ws.id, { name: "bench", scopes: ["customers:write"] }, null);
  const port = 41_000 + Math.floor(Math.random() * 1000);
  // BENCH_PROFILE=dir: the server writes a CPU profile there (open it in Chrome DevTools).
  const profile = process.env.BENCH_PROFILE
    ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
    : [];
  server = spawn(
    process.execPath,
    [...profile, "--import", "tsx", "src/cli/main.ts", "serve", "--port", String(port)],
    {
      env: { ...process.env, DATABASE_URL: url.href, LOG_LEVEL: "warn", HOST: "127.0.0.1" },
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
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
  const linkedRate = ORDERS / linkedSeconds;
  const importRate = ORDERS / importSeconds;
  const rate = (r: number, s: number) => `${Math.round(r).toLocaleString("en")} orders/s (${s.toFixed(1)} s)`;
  const share = (r: number) =>
    `${ratio(importRate, r)} (${Math.round((100 * importRate) / r)}%; target ≥ 50%)`;
  console.log(
    `baseline 1, psql \\copy into a table like orders, no foreign key: ${rate(copyRate, copySeconds)}`,
  );
  console.log(
    `baseline 2, psql \\copy of customers, then orders with the foreign key: ${rate(linkedRate, linkedSeconds)}`,
  );
  console.log(
    `otklik import orders (checked, customers linked, upserted): ${rate(importRate, importSeconds)}`,
  );
  console.log(`import / baseline 1: ${share(copyRate)}`);
  console.log(`import / baseline 2: ${share(linkedRate)}`);
} finally {
  server?.kill("SIGTERM");
  if (server && server.exitCode === null) await once(server, "exit");
  await handle.close();
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.end();
  rmSync(dir, { recursive: true, force: true });
}
