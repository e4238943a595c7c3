import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CsvReader, type CsvRecord } from "../../src/customers/csv-reader.js";

/** Reads text fed in the given chunk sizes (bytes, so multi-byte characters are split too). */
function read(text: string, chunkSizes: readonly number[] = [text.length + 1]): CsvRecord[] {
  const bytes = new TextEncoder().encode(text);
  const reader = new CsvReader();
  const out: CsvRecord[] = [];
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = Math.max(1, chunkSizes[i % chunkSizes.length] ?? 1);
    out.push(...reader.push(bytes.subarray(at, at + size)));
    at += size;
  }
  out.push(...reader.end());
  return out;
}

describe("CsvReader", () => {
  it("reads cells, quotes, doubled quotes and line breaks in cells, with each record's first line", () => {
    const text = '\uFEFFa,b,c\r\n1,"x, ""y""",\r\n\r\n2,"two\r\nlines\nhere",z\n3,é,ö';
    expect(read(text)).toEqual([
      { line: 1, cells: ["a", "b", "c"] },
      { line: 2, cells: ["1", 'x, "y"', ""] },
      { line: 4, cells: ["2", "two\r\nlines\nhere", "z"] },
      { line: 7, cells: ["3", "é", "ö"] },
    ]);
  });

  it("names broken records by line and reads on after them", () => {
    expect(read('a,b\nx"y,1\n"open,2\n')).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 2, error: expect.stringContaining("quote inside an unquoted cell") },
      { line: 3, error: expect.stringContaining("not closed") },
    ]);
    expect(read('a,b\n"x"y,1\nok,2\n')).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 2, error: expect.stringContaining("after the closing quote") },
      { line: 3, cells: ["ok", "2"] },
    ]);
  });

  it("gives the same records however the input is cut into chunks", () => {
    const cell = fc.oneof(
      fc.string({ unit: fc.constantFrom("a", "б", "€", ",", '"', "\n", "\r", " ") }),
      fc.string(),
    );
    const quote = (c: string) => (/[",\r\n]/.test(c) || c === "" ? `"${c.replaceAll('"', '""')}"` : c);
    const ends = fc.constantFrom("\n", "\r\n", "\r");
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.array(cell, { minLength: 2, maxLength: 4 }), ends), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 5 }),
        (records, sizes) => {
          const text = records.map(([cells, end]) => cells.map(quote).join(",") + end).join("");
          const whole = read(text);
          expect(read(text, sizes)).toEqual(whole);
          expect(whole.map((r) => ("cells" in r ? r.cells : r.error))).toEqual(
            records.map(([cells]) => cells),
          );
          // Each record starts after the line breaks of the records before it.
          let line = 1;
          for (const [i, [cells, end]] of records.entries()) {
            expect(whole[i]?.line).toBe(line);
            const body = cells.map(quote).join(",") + end;
            line += body.match(/\r\n|\r|\n/g)?.length ?? 0;
          }
        },
      ),
    );
  });
});
