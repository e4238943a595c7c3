import { Readable } from "node:stream";
import { type Cell, neutralizeCell } from "./neutralize.js";

/** Excel opens a CSV as UTF-8 only when it starts with a byte order mark. */
export const CSV_BOM = "\uFEFF";

const NEEDS_QUOTES = /[",\r\n]/;

/** One field: neutralized, then quoted by RFC 4180 when it holds a comma, a quote or a line break. */
export function csvField(cell: Cell): string {
  const safe = neutralizeCell(cell);
  if (safe === null) return "";
  if (typeof safe === "number") return Number.isFinite(safe) ? String(safe) : "";
  if (typeof safe === "boolean") return safe ? "true" : "false";
  if (safe instanceof Date) return safe.toISOString();
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One record, CRLF-terminated as RFC 4180 asks. */
export function csvLine(cells: readonly Cell[]): string {
  return `${cells.map(csvField).join(",")}\r\n`;
}

/**
 * A CSV file as a byte stream: BOM and header, then one chunk per page of rows. The stream pulls the
 * next page only when the reader has taken the previous one, so a slow client slows the database
 * reads instead of filling memory.
 */
export function csvStream(header: readonly string[], pages: AsyncIterable<Cell[][]>): Readable {
  async function* chunks() {
    yield Buffer.from(CSV_BOM + csvLine(header));
    for await (const rows of pages) {
      if (rows.length) yield Buffer.from(rows.map(csvLine).join(""));
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}
