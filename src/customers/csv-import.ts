/**
 * CSV imports of customer data, all or nothing.
 *
 * Path: the client streams the file as the body of one request (`POST /api/v1/imports/:entity`, text/csv;
 * `otklik import` does this). The server parses it as it arrives and checks each row against the entity's
 * API schema, so problems come back with their file line and column. Good rows are written with COPY into
 * a temporary staging table (see copy-staging.ts); when the file has ended without problems (or with
 * `skipBadRows`), one transaction upserts the staged rows into the target table with a single
 * `insert … select … on conflict` per table. COPY cannot upsert by itself, and the upsert keeps imports
 * idempotent by external id; the staging table is what lets COPY do the bulk of the writing.
 */
import type { Readable } from "node:stream";
import { parse } from "csv-parse";
import type { Db } from "../db/connection.js";
import { CopyStaging } from "./copy-staging.js";
import { checkHeader, columnOfField, rowToInput } from "./csv-columns.js";
import { applySource, noteEntityWrites, recordEnv } from "./ingest.js";
import { RECORD, type RecordEnv, type RecordResult } from "./records.js";
import { ENTITY_INPUT, type TEntity, type TImportProblem, type TImportResult } from "./schema.js";

/** Problems kept for the report; the count is always exact. */
const MAX_PROBLEMS = 1000;

export interface ImportOptions {
  now: Date;
  /** Leave bad rows out and import the rest, instead of importing nothing. */
  skipBadRows?: boolean;
  /** Check every row and write nothing. */
  dryRun?: boolean;
}

/** An import that wrote nothing, with every problem by line. */
export class ImportFailed extends Error {
  constructor(
    readonly problems: TImportProblem[],
    readonly total: number,
  ) {
    super(`${total} problem(s); nothing was imported`);
  }
}

type Row = Record<string, string>;

/**
 * The first line of each record. csv-parse reports the line a record ends on and counts a CRLF inside
 * a quoted cell as two lines; this counts the line breaks in the cells itself so later records do not drift.
 */
function lineCounter() {
  let drift = 0;
  return (record: Row, endLine: number) => {
    let counted = 0;
    let breaks = 0;
    for (const cell of Object.values(record)) {
      // Most cells hold no line break; looking first saves two regex scans per cell.
      if (!cell.includes("\n") && !cell.includes("\r")) continue;
      counted += cell.match(/[\r\n]/g)?.length ?? 0;
      breaks += cell.match(/\r\n|\r|\n/g)?.length ?? 0;
    }
    drift += counted - breaks;
    return endLine - drift - breaks;
  };
}

/** zod's message for a missing field reads better as "is required". */
function issueMessage(issue: { message: string; code?: string; input?: unknown }): string {
  return issue.code === "invalid_type" && issue.input === undefined ? "is required" : issue.message;
}

/** One row → its record, or the problem with it. */
function convert(entity: TEntity, row: Row, env: RecordEnv): RecordResult<object> & { column?: string } {
  const mapped = rowToInput(entity, row);
  if (!mapped.ok) return { ok: false, field: mapped.column, message: mapped.message, column: mapped.column };
  const parsed = ENTITY_INPUT[entity].safeParse(mapped.input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join(".") ?? "";
    return {
      ok: false,
      field,
      column: columnOfField(entity, field),
      message: issue ? issueMessage(issue) : "invalid",
    };
  }
  const toRecord = RECORD[entity] as (input: unknown, env: RecordEnv) => RecordResult<object>;
  const result = toRecord(parsed.data, env);
  return result.ok ? result : { ...result, column: columnOfField(entity, result.field) };
}

/**
 * Imports a CSV stream of one entity. Throws {@link ImportFailed} (nothing written) when the header or
 * any row is bad, unless `skipBadRows` (then bad rows are left out and listed). Re-importing the same
 * file changes nothing: records are upserted by external id.
 */
export async function importCsv(
  db: Db,
  workspaceId: string,
  entity: TEntity,
  input: Readable,
  options: ImportOptions,
): Promise<TImportResult> {
  const env = await recordEnv(db, workspaceId, options.now);
  const problems: TImportProblem[] = [];
  let problemCount = 0;
  let badRows = 0;
  let rows = 0;
  let headerBad = false;
  const report = (problem: TImportProblem) => {
    problemCount++;
    if (problems.length < MAX_PROBLEMS) problems.push(problem);
  };

  const parser = input.pipe(
    parse({
      bom: true,
      skip_empty_lines: true,
      info: true,
      skip_records_with_error: true,
      columns: (header: string[]) => {
        const names = header.map((h) => h.trim());
        for (const message of checkHeader(entity, names)) report({ line: 1, message });
        headerBad = problemCount > 0;
        return names;
      },
      on_skip: (error) => {
        if (!error) return;
        rows++;
        badRows++;
        report({ line: Number(error.lines), message: error.message.replace(/^Invalid Record Length: /, "") });
      },
    }),
  );
  input.on("error", (error) => parser.destroy(error));

  const lineOf = lineCounter();
  const stage = !options.dryRun;
  const staging = new CopyStaging(db, entity);
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Row; info: { lines: number } }>) {
      if (headerBad) break;
      rows++;
      const line = lineOf(record, info.lines);
      const result = convert(entity, record, env);
      if (!result.ok) {
        badRows++;
        report({ line, column: result.column, message: result.message });
        continue;
      }
      // Once the import is bound to fail, staging more rows is wasted work; checking continues.
      if (!stage || (problemCount && !options.skipBadRows)) continue;
      await staging.add(line, result.record as Record<string, unknown>);
    }
    if (headerBad || (problemCount && !options.skipBadRows)) {
      throw new ImportFailed(
        problems.sort((a, b) => a.line - b.line),
        problemCount,
      );
    }
    let counts = { inserted: 0, updated: 0 };
    if (stage) {
      counts = await staging.apply((trx, source) =>
        applySource(trx, workspaceId, entity, source, options.now),
      );
      await staging.close();
      await noteEntityWrites(db, entity, counts.inserted + counts.updated);
    }
    return {
      entity,
      rows,
      ...counts,
      skipped: badRows,
      problems: problems.sort((a, b) => a.line - b.line),
      dryRun: Boolean(options.dryRun),
    };
  } finally {
    await staging.close();
  }
}
