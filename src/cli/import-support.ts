import { createReadStream, statSync } from "node:fs";
import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import { parse } from "csv-parse";
import { MAX_BATCH } from "../support/schema.js";
import { type ApiOptions, api, apiOptions } from "./api-client.js";
import {
  type Converted,
  columnOfField,
  headerMap,
  type Row,
  rowToCall,
  rowToMessage,
  rowToTicket,
  type SupportKind,
} from "./support-csv.js";

interface Problem {
  line: number;
  message: string;
}

interface Options {
  url?: string;
  apiKey?: string;
  dryRun?: boolean;
  column: Record<string, string>;
}

const CONVERT: Record<
  SupportKind,
  (row: Row, byColumn: Map<string, string>) => Converted<{ externalId: string }>
> = {
  tickets: rowToTicket,
  messages: rowToMessage,
  calls: rowToCall,
};

/**
 * The first line of each record. csv-parse reports the line a record ends on and counts a CRLF inside a
 * quoted cell as two lines; this counts the line breaks in the cells itself.
 */
function lineCounter() {
  let drift = 0;
  return (record: Row, endLine: number) => {
    let counted = 0;
    let breaks = 0;
    for (const cell of Object.values(record)) {
      counted += cell.match(/[\r\n]/g)?.length ?? 0;
      breaks += cell.match(/\r\n|\r|\n/g)?.length ?? 0;
    }
    drift += counted - breaks;
    return endLine - drift - breaks;
  };
}

interface ImportRow {
  line: number;
  value: { externalId: string };
}

async function readFile(kind: SupportKind, file: string, opts: Options, onBytes: (n: number) => void) {
  const rows: ImportRow[] = [];
  const problems: Problem[] = [];
  let byColumn: Map<string, string> | null = null;
  let ignored: string[] = [];
  const stream = createReadStream(file);
  stream.on("data", (chunk) => onBytes(chunk.length));
  const parser = stream.pipe(parse({ columns: true, bom: true, skip_empty_lines: true, info: true }));
  const lineOf = lineCounter();
  for await (const record of parser as AsyncIterable<{ record: Row; info: { lines: number } }>) {
    if (!byColumn) ({ byColumn, ignored } = headerMap(kind, Object.keys(record.record), opts.column));
    const line = lineOf(record.record, record.info.lines);
    const converted = CONVERT[kind](record.record, byColumn);
    if (converted.ok) rows.push({ line, value: converted.value });
    else
      problems.push({
        line,
        message: `${byColumn.get(converted.column) ?? converted.column}: ${converted.message}`,
      });
  }
  return { rows, problems, byColumn: byColumn ?? new Map<string, string>(), ignored };
}

/**
 * Requests of at most MAX_BATCH rows. Ticket rows of one external id stay in one request, in file order,
 * so an audit log (one row per status change) applies in order.
 */
function chunks(kind: SupportKind, rows: ImportRow[]): ImportRow[][] {
  if (kind !== "tickets") {
    const out: ImportRow[][] = [];
    for (let i = 0; i < rows.length; i += MAX_BATCH) out.push(rows.slice(i, i + MAX_BATCH));
    return out;
  }
  const groups = new Map<string, ImportRow[]>();
  for (const r of rows) groups.set(r.value.externalId, [...(groups.get(r.value.externalId) ?? []), r]);
  const out: ImportRow[][] = [];
  let current: ImportRow[] = [];
  for (const [externalId, group] of groups) {
    if (group.length > MAX_BATCH) throw new Error(`ticket ${externalId} has more than ${MAX_BATCH} rows`);
    if (current.length + group.length > MAX_BATCH) {
      out.push(current);
      current = [];
    }
    current.push(...group);
  }
  if (current.length) out.push(current);
  return out;
}

async function run(kind: SupportKind, file: string, opts: Options) {
  const o: ApiOptions = apiOptions(opts);
  const bar = new SingleBar({
    format: "{stage} [{bar}] {percentage}% | {value}/{total} | {eta}s left",
    hideCursor: true,
  });
  bar.start(statSync(file).size, 0, { stage: "reading   " });
  let read: Awaited<ReturnType<typeof readFile>>;
  try {
    read = await readFile(kind, file, opts, (n) => bar.increment(n));
  } finally {
    bar.stop();
  }
  const { rows, problems, byColumn, ignored } = read;
  if (ignored.length) console.log(`ignored columns: ${ignored.join(", ")}`);
  const batches = chunks(kind, rows);

  // Pass 1: the server checks every row without writing, so a bad file writes nothing at all.
  bar.start(rows.length, 0, { stage: "validating" });
  let done = 0;
  for (const batch of batches) {
    const res = await api<{ problems: { index: number; field?: string; message: string }[] }>(
      o,
      "POST",
      `/api/v1/support/${kind}/validate`,
      { [kind]: batch.map((r) => r.value) },
    );
    for (const p of res.problems) {
      const line = batch[p.index]?.line ?? 0;
      problems.push({
        line,
        message: p.field ? `${columnOfField(kind, p.field, byColumn)}: ${p.message}` : p.message,
      });
    }
    done += batch.length;
    bar.update(done);
  }
  bar.stop();

  if (problems.length) {
    problems.sort((a, b) => a.line - b.line);
    console.error(`\n${problems.length} problem(s); nothing was imported:`);
    for (const p of problems.slice(0, 200)) console.error(`  line ${p.line}: ${p.message}`);
    if (problems.length > 200) console.error(`  … and ${problems.length - 200} more`);
    process.exitCode = 1;
    return;
  }
  if (opts.dryRun) {
    console.log(`${rows.length} rows are valid (dry run: nothing written)`);
    return;
  }
  bar.start(rows.length, 0, { stage: "importing " });
  done = 0;
  for (const batch of batches) {
    await api(o, "POST", `/api/v1/support/${kind}`, { [kind]: batch.map((r) => r.value) });
    done += batch.length;
    bar.update(done);
  }
  bar.stop();
  console.log(`imported ${rows.length} ${kind} rows`);
}

const collect = (pair: string, previous: Record<string, string>) => {
  const at = pair.indexOf("=");
  if (at <= 0) throw new Error(`--column expects field=Header, got "${pair}"`);
  return { ...previous, [pair.slice(0, at).trim()]: pair.slice(at + 1).trim() };
};

const DESCRIPTION: Record<SupportKind, string> = {
  tickets: "import support tickets (one row per ticket, or per status change) from a CSV file",
  messages: "import ticket messages (customer, agent, bot, system) from a CSV file",
  calls: "import calls and queued chats from a CSV file",
};

export function importSupportCommands(parent: Command) {
  for (const kind of ["tickets", "messages", "calls"] as const) {
    parent
      .command(`${kind} <file>`)
      .description(`${DESCRIPTION[kind]} (columns: docs/support.md)`)
      .option(
        "--column <field=Header>",
        "read a column from a differently named header (repeatable)",
        collect,
        {},
      )
      .option("--url <url>", "server URL (env OTKLIK_URL, default http://localhost:3000)")
      .option("--api-key <key>", "API key with support:write (env OTKLIK_API_KEY)")
      .option("--dry-run", "check every row and report problems without writing")
      .action((file: string, opts: Options) => run(kind, file, opts));
  }
}
