import { buffer } from "node:stream/consumers";
import { crc32, inflateRawSync } from "node:zlib";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type { Cell } from "./neutralize.js";
import { columnName, excelDate, xlsxStream, xmlText } from "./xlsx.js";

async function* pagesOf(...pages: Cell[][][]) {
  yield* pages;
}

/** Reads a zip through its central directory and checks every entry's CRC and sizes. */
function unzip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const [crc, compressed, size] = [
      zip.readUInt32LE(at + 16),
      zip.readUInt32LE(at + 20),
      zip.readUInt32LE(at + 24),
    ];
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    const local = zip.readUInt32LE(at + 42);
    expect(zip.readUInt32LE(local)).toBe(0x04034b50);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = inflateRawSync(zip.subarray(dataStart, dataStart + compressed));
    expect(data.length, name).toBe(size);
    expect(crc32(data) >>> 0, name).toBe(crc);
    files.set(name, data);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return files;
}

async function readBook(buf: Buffer) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(buf as unknown as ArrayBuffer);
  return book;
}

const rowsOf = (sheet: ExcelJS.Worksheet) => {
  const rows: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    rows.push((row.values as unknown[]).slice(1));
  });
  return rows;
};

describe("xlsx", () => {
  it("names columns like a spreadsheet", () => {
    expect([0, 25, 26, 51, 701, 702, 16383].map(columnName)).toEqual([
      "A",
      "Z",
      "AA",
      "AZ",
      "ZZ",
      "AAA",
      "XFD",
    ]);
  });

  it("turns dates into Excel serial days", () => {
    expect(excelDate(new Date("1970-01-01T00:00:00Z"))).toBe(25569);
    expect(excelDate(new Date("2026-03-01T12:00:00Z"))).toBe(46082.5);
  });

  it("escapes XML, keeps CR, drops characters XML cannot carry, protects literal _xHHHH_", () => {
    expect(xmlText("a<b>&c\r\n\u0000\u0007😀")).toBe("a&lt;b&gt;&amp;c&#13;\n😀");
    expect(xmlText("_x0041_ and _x00")).toBe("_x005F_x0041_ and _x00");
    expect(xmlText("\uD800 lone")).toBe(" lone");
  });

  it("writes a workbook that opens, with typed cells, neutralized text and a frozen bold header", async () => {
    const when = new Date("2026-03-01T10:30:00Z");
    const buf = await buffer(
      xlsxStream({
        name: "Ответы",
        header: ["Текст", "Число", "Дата", "Да/нет", "Пусто", "=header"],
        pages: pagesOf(
          [["Привет, мир", -2, when, true, null, '=HYPERLINK("http://evil.example","x")']],
          [['a<b & "c"\r\nd', 7.25, when, false, null, "@SUM(A1:A2)"]],
        ),
      }),
    );
    const files = unzip(buf);
    expect([...files.keys()][0]).toBe("[Content_Types].xml");
    const book = await readBook(buf);
    const sheet = book.worksheets[0];
    if (!sheet) throw new Error("no sheet");
    expect(sheet.name).toBe("Ответы");
    const rows = rowsOf(sheet);
    expect(rows[0]).toEqual(["Текст", "Число", "Дата", "Да/нет", "Пусто", "'=header"]);
    expect(rows[1]).toEqual([
      "Привет, мир",
      -2,
      when,
      true,
      undefined,
      `'=HYPERLINK("http://evil.example","x")`,
    ]);
    expect(rows[2]).toEqual(['a<b & "c"\r\nd', 7.25, when, false, undefined, "'@SUM(A1:A2)"]);
    expect(sheet.getCell("C2").value).toBeInstanceOf(Date);
    expect(sheet.getCell("C2").numFmt).toBe("yyyy-mm-dd hh:mm:ss");
    expect(sheet.getCell("F2").type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell("A1").font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
  });

  it("an empty table is its header", async () => {
    const book = await readBook(
      await buffer(xlsxStream({ name: "S", header: ["a", "b"], pages: pagesOf([]) })),
    );
    const sheet = book.worksheets[0];
    if (!sheet) throw new Error("no sheet");
    expect(rowsOf(sheet)).toEqual([["a", "b"]]);
  });

  it("continues on a new sheet, header repeated, past the row limit", async () => {
    const buf = await buffer(
      xlsxStream(
        { name: "Responses", header: ["n"], pages: pagesOf([[1], [2], [3]], [[4], [5]]) },
        { maxRowsPerSheet: 3 },
      ),
    );
    const book = await readBook(buf);
    expect(book.worksheets.map((s) => s.name)).toEqual(["Responses", "Responses (2)", "Responses (3)"]);
    expect(book.worksheets.map(rowsOf)).toEqual([
      [["n"], [1], [2]],
      [["n"], [3], [4]],
      [["n"], [5]],
    ]);
  });

  it("reads the next page only when the reader wants more", async () => {
    let pulled = 0;
    async function* pages() {
      for (let i = 0; i < 100; i++) {
        pulled++;
        yield Array.from({ length: 1000 }, (_, j) => [`row ${i}-${j} ${Math.random()}`, j] as Cell[]);
      }
    }
    const stream = xlsxStream({ name: "S", header: ["a", "b"], pages: pages() });
    const it = stream[Symbol.asyncIterator]();
    await it.next();
    await new Promise((r) => setTimeout(r, 100));
    expect(pulled).toBeLessThanOrEqual(3);
    stream.destroy();
  });
});
