/** One cell of an exported table: text, a number, a date, a yes/no, or nothing. */
export type Cell = string | number | boolean | Date | null;

/** Characters that make a spreadsheet read a cell as a formula (or, for tab and CR, as the start of one). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Makes a cell safe to open in a spreadsheet (DESIGN rule 7, "CSV injection"): text starting with
 * `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe, so Excel, LibreOffice and
 * Google Sheets show it as text instead of evaluating `=HYPERLINK(…)` or `@SUM(…)` typed by a
 * customer. Only text is touched: numbers, dates and yes/no values are data (a negative score is a
 * number, not a formula). Both writers call this, so CSV and XLSX agree.
 */
export function neutralizeCell(cell: Cell): Cell {
  return typeof cell === "string" && FORMULA_START.test(cell) ? `'${cell}` : cell;
}
