import { Readable } from "node:stream";
import { type Cell, neutralizeCell } from "./neutralize.js";
import { ZipWriter } from "./zip.js";

/** Excel's row limit per sheet; longer exports continue on a second sheet with the same header. */
export const EXCEL_MAX_ROWS = 1_048_576;
/** Excel's limit on the text of one cell. */
const MAX_CELL_TEXT = 32_767;

const NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MS_PER_DAY = 86_400_000;
/** Days from Excel's epoch (1899-12-30, in its 1900 date system) to 1970-01-01. */
const EPOCH_OFFSET = 25_569;

/** Cell styles, indexes into `cellXfs` of styles.xml. */
const STYLE_DATE = 1;
const STYLE_HEADER = 2;

// Characters XML 1.0 cannot carry at all, and unpaired surrogates.
const INVALID_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these control characters are what it removes
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text as the content of a `<t>` element. Besides XML escaping: CR would be folded into LF by XML
 * parsers, so it travels as a character reference; and Excel decodes `_xHHHH_` in cell text as a
 * character escape, so a literal one has its underscore escaped the same way.
 */
export function xmlText(s: string): string {
  return s
    .replace(INVALID_XML, "")
    .replace(/[&<>\r]|_(?=x[0-9A-Fa-f]{4}_)/g, (c) =>
      c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === "\r" ? "&#13;" : "_x005F_",
    );
}

const xmlAttr = (s: string) => xmlText(s).replaceAll('"', "&quot;");

/** A zero-based column index as a spreadsheet column name: 0 → A, 26 → AA. */
export function columnName(index: number): string {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** A date as an Excel serial number (days since 1899-12-30, UTC). */
export const excelDate = (d: Date) => d.getTime() / MS_PER_DAY + EPOCH_OFFSET;

/**
 * One cell's XML. Text is neutralized (DESIGN rule 7) and always written as an inline string, never
 * as a formula, so even a spreadsheet app that re-evaluates text sees the leading apostrophe.
 */
export function cellXml(ref: string, cell: Cell, style?: number): string {
  const s = style === undefined ? "" : ` s="${style}"`;
  const safe = neutralizeCell(cell);
  if (safe === null) return "";
  if (typeof safe === "number") return Number.isFinite(safe) ? `<c r="${ref}"${s}><v>${safe}</v></c>` : "";
  if (typeof safe === "boolean") return `<c r="${ref}"${s} t="b"><v>${safe ? 1 : 0}</v></c>`;
  if (safe instanceof Date) return `<c r="${ref}" s="${style ?? STYLE_DATE}"><v>${excelDate(safe)}</v></c>`;
  const text = xmlText(safe.length > MAX_CELL_TEXT ? safe.slice(0, MAX_CELL_TEXT) : safe);
  return `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${text}</t></is></c>`;
}

export interface SheetSpec {
  /** Sheet tab name; the second and later sheets of a long export get " (2)", " (3)"… */
  name: string;
  header: readonly string[];
  /** Column widths in characters; estimated from the header when absent. */
  widths?: readonly number[];
  /** The rows, in pages; the writer pulls a page only when the reader wants more bytes. */
  pages: AsyncIterable<Cell[][]>;
}

/** A sheet name Excel accepts: at most 31 characters, none of : \ / ? * [ ]. */
function sheetName(base: string, n: number): string {
  const suffix = n > 1 ? ` (${n})` : "";
  const clean = base.replace(/[:\\/?*[\]]/g, " ").trim() || "Sheet";
  return clean.slice(0, 31 - suffix.length) + suffix;
}

function sheetStart(spec: SheetSpec): string {
  const widths = spec.header.map((h, i) =>
    Math.min(60, Math.max(8, spec.widths?.[i] ?? Math.ceil(h.length * 1.1) + 2)),
  );
  const cols = widths
    .map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`)
    .join("");
  const header = spec.header.map((h, i) => cellXml(`${columnName(i)}1`, h, STYLE_HEADER)).join("");
  return (
    `${XML_HEAD}<worksheet xmlns="${NS}" xmlns:r="${NS_R}">` +
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
    `${cols ? `<cols>${cols}</cols>` : ""}<sheetData><row r="1">${header}</row>`
  );
}

const SHEET_END = "</sheetData></worksheet>";

const STYLES =
  `${XML_HEAD}<styleSheet xmlns="${NS}">` +
  '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>' +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
  '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

const CT = "application/vnd.openxmlformats-officedocument.spreadsheetml";
const RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships";

/**
 * Parts that go before the sheets. `[Content_Types].xml` comes first, where file-type sniffers look;
 * it can, because worksheets take the default type of `.xml` and so need no per-sheet entry.
 */
const LEADING_PARTS: [string, string][] = [
  [
    "[Content_Types].xml",
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
      `<Default Extension="xml" ContentType="${CT}.worksheet+xml"/>` +
      `<Override PartName="/xl/workbook.xml" ContentType="${CT}.sheet.main+xml"/>` +
      `<Override PartName="/xl/styles.xml" ContentType="${CT}.styles+xml"/></Types>`,
  ],
  [
    "_rels/.rels",
    `${XML_HEAD}<Relationships xmlns="${RELS_NS}">` +
      `<Relationship Id="rId1" Type="${NS_R}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  ],
  ["xl/styles.xml", STYLES],
];

/** Parts that list the sheets, written once their number is known. */
function trailingParts(sheets: string[]): [string, string][] {
  const tabs = sheets.map(
    (name, i) => `<sheet name="${xmlAttr(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`,
  );
  const rels = sheets.map(
    (_, i) =>
      `<Relationship Id="rId${i + 1}" Type="${NS_R}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
  );
  rels.push(`<Relationship Id="rId${sheets.length + 1}" Type="${NS_R}/styles" Target="styles.xml"/>`);
  return [
    [
      "xl/workbook.xml",
      `${XML_HEAD}<workbook xmlns="${NS}" xmlns:r="${NS_R}"><sheets>${tabs.join("")}</sheets></workbook>`,
    ],
    [
      "xl/_rels/workbook.xml.rels",
      `${XML_HEAD}<Relationships xmlns="${RELS_NS}">${rels.join("")}</Relationships>`,
    ],
  ];
}

/**
 * An XLSX workbook as a byte stream, written as the rows arrive: each page of rows becomes sheet XML,
 * is deflated and sent before the next page is read, so memory holds about one page whatever the
 * export's size, and a slow reader slows the database reads (the stream's backpressure). Strings are
 * inline (no shared-string table to grow); dates are real date cells; the header row is bold and
 * frozen.
 */
export function xlsxStream(spec: SheetSpec, opts: { now?: Date; maxRowsPerSheet?: number } = {}): Readable {
  const maxRows = opts.maxRowsPerSheet ?? EXCEL_MAX_ROWS;
  async function* chunks() {
    const zip = new ZipWriter(opts.now ?? new Date());
    const sheets: string[] = [];
    let row = 0;
    const open = async () => {
      sheets.push(sheetName(spec.name, sheets.length + 1));
      row = 1;
      const head = zip.begin(`xl/worksheets/sheet${sheets.length}.xml`);
      return Buffer.concat([head, await zip.data(Buffer.from(sheetStart(spec)))]);
    };
    const close = async () => Buffer.concat([await zip.data(Buffer.from(SHEET_END)), zip.end()]);

    for (const [name, content] of LEADING_PARTS) yield await zip.file(name, content);
    yield await open();
    for await (const page of spec.pages) {
      let xml = "";
      for (const cells of page) {
        if (row >= maxRows) {
          if (xml) yield await zip.data(Buffer.from(xml));
          xml = "";
          yield await close();
          yield await open();
        }
        row += 1;
        xml += `<row r="${row}">${cells.map((c, i) => cellXml(`${columnName(i)}${row}`, c)).join("")}</row>`;
      }
      if (xml) yield await zip.data(Buffer.from(xml));
    }
    yield await close();
    for (const [name, content] of trailingParts(sheets)) yield await zip.file(name, content);
    yield zip.finish();
  }
  return Readable.from(chunks(), { objectMode: false });
}
