/**
 * CSV imports of customer data, all or nothing.
 *
 * Path: the client streams the file as the body of one request (`POST /api/v1/imports/:entity`, text/csv;
 * `otklik import` does this). The server reads it as it arrives (csv-reader.ts, which counts file lines)
 * and checks each row against the entity's API schema (plain order rows by the same rules without zod,
 * see csv-plain-orders.ts), so problems come back with their file line and column. Good rows are written with COPY into
 * a temporary staging table (see copy-staging.ts); when the file has ended without problems (or with
 * `skipBadRows`), one transaction upserts the staged rows into the target table with a single
 * `insert … select … on conflict` per table. COPY cannot upsert by itself, and the upsert keeps imports
 * idempotent by external id; the staging table is what lets COPY do the bulk of the writing. Orders on
 * PostgreSQL skip the staging table for the rows new to the workspace (see copy-orders.ts).
 */
import type { Readable } from "node:stream";
import type { Db } from "../db/connection.js";
import { sessionsHoldable } from "../db/session.js";
import { newId } from "../ids.js";
import { OrderCopy } from "./copy-orders.js";
import { CopyStaging } from "./copy-staging.js";
import { checkHeader, columnOfField, rowToInput } from "./csv-columns.js";
import { type OrderColumns, orderColumns, plainOrderInput } from "./csv-plain-orders.js";
import { CsvReader, type CsvRecord } from "./csv-reader.js";
import { applySource, noteEntityWrites, recordEnv } from "./ingest.js";
import { type OrderRecord, orderRecord, RECORD, type RecordEnv, type RecordResult } from "./records.js";
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
  // Each customer the rows name gets one id if new, and the list of them spares the upsert a sort.
  const customers = new Map<string, string>();
  const customerId = (externalId: string) => {
    let id = customers.get(externalId);
    if (id === undefined) {
      id = newId();
      customers.set(externalId, id);
    }
    return id;
  };
  const env: RecordEnv = { ...(await recordEnv(db, workspaceId, options.now)), customerId };
  const problems: TImportProblem[] = [];
  let problemCount = 0;
  let badRows = 0;
  let rows = 0;
  let header: string[] | null = null;
  let orders: OrderColumns | null = null;
  // External ids seen, while they are all distinct; null once one repeats (the upsert then keeps the last).
  let externalIds: Set<string> | null = new Set();
  const report = (problem: TImportProblem) => {
    problemCount++;
    if (problems.length < MAX_PROBLEMS) problems.push(problem);
  };
  const stage = !options.dryRun;
  const staging = new CopyStaging(db, entity);
  // The embedded PGlite cannot hold a connection through an upload: there orders go through the staging table.
  const direct =
    stage && entity === "orders" && sessionsHoldable(db) ? new OrderCopy(db, workspaceId, options.now) : null;
  if (direct) externalIds = null;

  /** One record of the file; false once the header is bad (nothing more is read). */
  const take = async (record: CsvRecord): Promise<boolean> => {
    if (header === null) {
      if ("error" in record) {
        report({ line: record.line, message: `header: ${record.error}` });
        return false;
      }
      header = record.cells.map((h) => h.trim());
      for (const message of checkHeader(entity, header)) report({ line: record.line, message });
      if (entity === "orders") orders = orderColumns(header);
      return problemCount === 0;
    }
    rows++;
    const { line } = record;
    if ("error" in record || record.cells.length !== header.length) {
      badRows++;
      const message =
        "error" in record ? record.error : `expected ${header.length} cells, got ${record.cells.length}`;
      report({ line, message });
      return true;
    }
    const plain = orders && plainOrderInput(record.cells, orders);
    const result: RecordResult<object> & { column?: string } = plain
      ? orderRecord(plain, env)
      : convert(entity, rowOf(header, record.cells), env);
    if (!result.ok) {
      badRows++;
      report({ line, column: result.column ?? columnOfField(entity, result.field), message: result.message });
      return true;
    }
    const row = result.record as Record<string, unknown>;
    if (externalIds) {
      const id = row.external_id as string;
      if (externalIds.has(id)) externalIds = null;
      else externalIds.add(id);
    }
    // Once the import is bound to fail, staging more rows is wasted work; checking continues.
    if (stage && !(problemCount && !options.skipBadRows)) {
      if (direct) await direct.add(line, row as unknown as OrderRecord);
      else await staging.add(line, row);
    }
    return true;
  };

  try {
    const reader = new CsvReader();
    const takeAll = async (records: readonly CsvRecord[]) => {
      for (const record of records) if (!(await take(record))) return false;
      return true;
    };
    let reading = true;
    for await (const chunk of input as AsyncIterable<Uint8Array | string>) {
      reading = await takeAll(reader.push(chunk));
      if (!reading) break;
    }
    if (reading) reading = await takeAll(reader.end());
    if (header === null) report({ line: 1, message: "the file is empty: expected a header row" });
    if (!reading || header === null || (problemCount && !options.skipBadRows)) {
      throw new ImportFailed(
        problems.sort((a, b) => a.line - b.line),
        problemCount,
      );
    }
    let counts = { inserted: 0, updated: 0 };
    if (direct) {
      counts = await direct.finish();
      await noteEntityWrites(db, entity, counts.inserted + counts.updated);
    } else if (stage) {
      const linked = entity === "orders" || entity === "subscriptions" || entity === "usage";
      counts = await staging.apply(linked ? customers : null, (trx, sources) =>
        applySource(trx, workspaceId, entity, sources.records, options.now, {
          customers: sources.customers,
          unique: externalIds !== null,
        }),
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
    await direct?.close();
    await staging.close();
  }
}

/** The cells of a row by column name, as the schema path reads them. */
function rowOf(header: readonly string[], cells: readonly string[]): Row {
  const row: Row = {};
  for (const [i, name] of header.entries()) row[name] = cells[i] ?? "";
  return row;
}
