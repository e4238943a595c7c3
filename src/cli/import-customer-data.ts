import { createReadStream, statSync } from "node:fs";
import { Readable } from "node:stream";
import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import { ENTITIES, type TEntity, type TImportProblem, type TImportResult } from "../customers/schema.js";
import { type ApiOptions, apiOptions } from "./api-client.js";

const NOUN: Record<TEntity, string> = {
  customers: "customers",
  orders: "orders",
  subscriptions: "subscriptions",
  costs: "cost lines",
  usage: "usage events",
};

interface Options {
  url?: string;
  apiKey?: string;
  skipBadRows?: boolean;
  dryRun?: boolean;
}

function printProblems(problems: TImportProblem[], total: number) {
  for (const p of problems.slice(0, 200)) {
    console.error(`  line ${p.line}: ${p.column ? `${p.column}: ` : ""}${p.message}`);
  }
  if (total > Math.min(problems.length, 200))
    console.error(`  … and ${total - Math.min(problems.length, 200)} more`);
}

/**
 * Streams the file to `POST /api/v1/imports/:entity`: the server parses and checks it as it arrives and
 * writes it in one transaction at the end, so the bar shows the upload and a bad file writes nothing.
 */
async function run(entity: TEntity, file: string, opts: Options) {
  const o: ApiOptions = apiOptions(opts);
  const size = statSync(file).size;
  const bar = new SingleBar({
    format: "{stage} [{bar}] {percentage}% | {value}/{total} bytes | {eta}s left",
    hideCursor: true,
  });
  bar.start(size, 0, { stage: "uploading" });
  const stream = createReadStream(file);
  stream.on("data", (chunk) => bar.increment(chunk.length));
  stream.on("end", () => bar.update(size, { stage: opts.dryRun ? "checking " : "writing  " }));
  const query = new URLSearchParams();
  if (opts.skipBadRows) query.set("skipBadRows", "true");
  if (opts.dryRun) query.set("dryRun", "true");
  let res: Response;
  try {
    res = await fetch(`${o.url}/api/v1/imports/${entity}?${query}`, {
      method: "POST",
      headers: { authorization: `Bearer ${o.apiKey}`, "content-type": "text/csv" },
      body: Readable.toWeb(stream) as ReadableStream,
      duplex: "half",
    } as RequestInit);
  } finally {
    bar.stop();
  }
  const text = await res.text();
  const body = text ? JSON.parse(text) : {};
  if (res.status === 400 && Array.isArray(body.problems)) {
    const problems = body.problems as TImportProblem[];
    const total = Number(/^(\d+)/.exec(body.error?.message ?? "")?.[1] ?? problems.length);
    console.error(`\n${total} problem(s); nothing was imported:`);
    printProblems(problems, total);
    process.exitCode = 1;
    return;
  }
  if (!res.ok) throw new Error(body.error?.message ?? `HTTP ${res.status}`);
  const result = body as TImportResult;
  if (result.skipped) {
    console.error(`skipped ${result.skipped} bad row(s):`);
    printProblems(result.problems, result.skipped);
  }
  if (result.dryRun) {
    console.log(
      `${result.rows - result.skipped} of ${result.rows} rows are valid (dry run: nothing written)`,
    );
    return;
  }
  console.log(
    `imported ${result.inserted + result.updated} ${NOUN[entity]} (${result.inserted} new, ${result.updated} updated)`,
  );
}

export function importCustomerDataCommands(parent: Command) {
  for (const entity of ENTITIES) {
    parent
      .command(`${entity} <file>`)
      .description(`import ${NOUN[entity]} from a CSV file (columns: docs/customer-data.md)`)
      .option("--url <url>", "server URL (env OTKLIK_URL, default http://localhost:3000)")
      .option("--api-key <key>", "API key with customers:write (env OTKLIK_API_KEY)")
      .option("--skip-bad-rows", "import the good rows and list the bad ones, instead of importing nothing")
      .option("--dry-run", "check every row and report problems without writing")
      .action((file: string, opts: Options) => run(entity, file, opts));
  }
}
