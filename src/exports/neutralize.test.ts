import { describe, expect, it } from "vitest";
import { neutralizeCell } from "./neutralize.js";

describe("neutralizeCell", () => {
  it.each([
    ['=HYPERLINK("http://evil.example","click")', `'=HYPERLINK("http://evil.example","click")`],
    ["+1", "'+1"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1:A9)", "'@SUM(A1:A9)"],
    ["\t=1+1", "'\t=1+1"],
    ["\r=1+1", "'\r=1+1"],
  ])("prefixes text that a spreadsheet would evaluate: %j", (input, output) => {
    expect(neutralizeCell(input)).toBe(output);
  });

  it.each(["plain text", "Отлично, спасибо!", "a=b", " =1", "", "'already quoted", "\n=1"])(
    "leaves other text alone: %j",
    (text) => {
      expect(neutralizeCell(text)).toBe(text);
    },
  );

  it("keeps numbers, dates, yes/no and empty cells as they are", () => {
    const d = new Date("2026-01-01T00:00:00Z");
    expect(neutralizeCell(-2)).toBe(-2);
    expect(neutralizeCell(0)).toBe(0);
    expect(neutralizeCell(d)).toBe(d);
    expect(neutralizeCell(false)).toBe(false);
    expect(neutralizeCell(null)).toBeNull();
  });
});
