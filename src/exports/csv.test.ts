import { buffer } from "node:stream/consumers";
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CSV_BOM, csvField, csvLine, csvStream } from "./csv.js";
import type { Cell } from "./neutralize.js";

async function* pagesOf(...pages: Cell[][][]) {
  yield* pages;
}

describe("csv", () => {
  it("quotes by RFC 4180 only where needed", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField('say "hi", then go')).toBe('"say ""hi"", then go"');
    expect(csvField("two\r\nlines")).toBe('"two\r\nlines"');
    expect(csvField("Привет")).toBe("Привет");
  });

  it("writes numbers as numbers, dates as ISO, yes/no as true/false, nothing as empty", () => {
    expect(csvLine([-2, 7.5, new Date("2026-03-01T10:00:00Z"), true, false, null, Number.NaN])).toBe(
      "-2,7.5,2026-03-01T10:00:00.000Z,true,false,,\r\n",
    );
  });

  it("neutralizes formulas before quoting", () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
  });

  it("parses back to the same text for any string (neutralized ones with their apostrophe)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: "grapheme" }), { minLength: 1, maxLength: 5 })),
        (rows) => {
          const text = rows.map((r) => csvLine(r)).join("");
          const parsed: string[][] = parse(text, { relax_column_count: true });
          const expected = rows.map((r) => r.map((c) => (/^[=+\-@\t\r]/.test(c) ? `'${c}` : c)));
          expect(parsed).toEqual(expected);
        },
      ),
    );
  });

  it("streams a BOM, the header, then the rows; an empty table is its header", async () => {
    const empty = (await buffer(csvStream(["a", "b"], pagesOf([])))).toString("utf8");
    expect(empty).toBe(`${CSV_BOM}a,b\r\n`);
    const full = (await buffer(csvStream(["a"], pagesOf([["x"]], [["y"], ["z"]])))).toString("utf8");
    expect(full).toBe(`${CSV_BOM}a\r\nx\r\ny\r\nz\r\n`);
  });

  it("reads the next page only when the reader wants more", async () => {
    let pulled = 0;
    async function* pages() {
      for (let i = 0; i < 100; i++) {
        pulled++;
        yield Array.from({ length: 1000 }, (_, j) => [`row ${i}-${j}`, "x".repeat(50)] as Cell[]);
      }
    }
    const stream = csvStream(["a", "b"], pages());
    const it = stream[Symbol.asyncIterator]();
    await it.next();
    await new Promise((r) => setTimeout(r, 50));
    expect(pulled).toBeLessThanOrEqual(3);
    stream.destroy();
  });
});
