import { createReadStream, statSync } from "node:fs";
import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import { parse } from "csv-parse";
import type { TResponseInput, TSurvey } from "../surveys/schema.js";
import { type ApiOptions, api, apiOptions } from "./api-client.js";
import { columnOf, type Row, rowToResponse } from "./wide-csv.js";

const BATCH = 1000;

interface Problem {
  line: number;
  message: string;
}

/**
 * The first line of each record. csv-parse reports the line a record ends on and counts a CRLF inside a
 * quoted cell as two lines, so later records would drift; this counts line breaks in the cells itself.
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

/** Reads the whole file, converting rows; returns responses with their line numbers and row problems. */
async function readFile(file: string, survey: TSurvey, onBytes: (n: number) => void) {
  const rows: { line: number; value: TResponseInput }[] = [];
  const problems: Problem[] = [];
  const stream = createReadStream(file);
  stream.on("data", (chunk) => onBytes(chunk.length));
  const parser = stream.pipe(
    parse({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: false, info: true }),
  );
  const lineOf = lineCounter();
  for await (const record of parser as AsyncIterable<{ record: Row; info: { lines: number } }>) {
    const line = lineOf(record.record, record.info.lines);
    const converted = rowToResponse(survey, record.record);
    if (converted.ok) rows.push({ line, value: converted.value });
    else problems.push({ line, message: converted.message });
  }
  return { rows, problems };
}

async function run(file: string, opts: { survey: string; url?: string; apiKey?: string; dryRun?: boolean }) {
  const o: ApiOptions = apiOptions(opts);
  const survey = await api<TSurvey>(o, "GET", `/api/v1/surveys/${opts.survey}`);
  const size = statSync(file).size;
  const bar = new SingleBar({
    format: "{stage} [{bar}] {percentage}% | {value}/{total} | {eta}s left",
    hideCursor: true,
  });

  bar.start(size, 0, { stage: "reading   " });
  const { rows, problems } = await readFile(file, survey, (n) => bar.increment(n));
  bar.stop();

  // Pass 1: the server checks every row without writing, so a bad file writes nothing at all.
  bar.start(rows.length, 0, { stage: "validating" });
  for (let i = 0; i < rows.length; i += BATCH) {
    const chunk = rows.slice(i, i + BATCH);
    const res = await api<{ problems: { index: number; field?: string; message: string }[] }>(
      o,
      "POST",
      "/api/v1/responses/validate",
      {
        responses: chunk.map((r) => r.value),
      },
    );
    for (const p of res.problems) {
      const line = chunk[p.index]?.line ?? 0;
      problems.push({ line, message: p.field ? `${columnOf(p.field)}: ${p.message}` : p.message });
    }
    bar.update(Math.min(i + BATCH, rows.length));
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
  for (let i = 0; i < rows.length; i += BATCH) {
    await api(o, "POST", "/api/v1/responses", { responses: rows.slice(i, i + BATCH).map((r) => r.value) });
    bar.update(Math.min(i + BATCH, rows.length));
  }
  bar.stop();
  console.log(`imported ${rows.length} responses into "${survey.name}"`);
}

export function importResponsesCommand(parent: Command) {
  parent
    .command("responses <file>")
    .description("import historical responses from a wide CSV (one row per response; see docs/import.md)")
    .requiredOption("--survey <id>", "survey the responses belong to")
    .option("--url <url>", "server URL (env OTKLIK_URL, default http://localhost:3000)")
    .option("--api-key <key>", "API key with responses:write (env OTKLIK_API_KEY)")
    .option("--dry-run", "check every row and report problems without writing")
    .action(run);
}
