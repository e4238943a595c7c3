import { describe, expect, it } from "vitest";
import { asciiSlug, attachment, slugify } from "./filename.js";

describe("download file names", () => {
  it("slugs names in any script", () => {
    expect(slugify("Опрос клиентов: NPS 2026!")).toBe("опрос-клиентов-nps-2026");
    expect(slugify("  Relational NPS (NPS+)  ")).toBe("relational-nps-nps");
    expect(slugify("***")).toBe("");
  });

  it("transliterates Russian for the ASCII name", () => {
    expect(asciiSlug("опрос-клиентов-щедрость-съезд-2026")).toBe("opros-klientov-shchedrost-sezd-2026");
    expect(asciiSlug("café-über")).toBe("cafe-uber");
  });

  it("gives a plain filename for ASCII names", () => {
    expect(attachment("Relational NPS-responses-2026-03-10", "csv")).toBe(
      'attachment; filename="relational-nps-responses-2026-03-10.csv"',
    );
  });

  it("adds an RFC 5987 filename* for other names", () => {
    const header = attachment('Опрос "O\'Brien"-responses-2026-03-10', "xlsx");
    expect(header).toBe(
      `attachment; filename="opros-o-brien-responses-2026-03-10.xlsx"; filename*=UTF-8''${encodeURIComponent("опрос-o-brien-responses-2026-03-10.xlsx")}`,
    );
    const encoded = header.split("filename*=UTF-8''")[1] ?? "";
    expect(decodeURIComponent(encoded)).toBe("опрос-o-brien-responses-2026-03-10.xlsx");
  });

  it("falls back to a generic name", () => {
    expect(attachment("!!!", "csv")).toBe('attachment; filename="export.csv"');
    expect(attachment("日本", "csv")).toBe(
      `attachment; filename="export.csv"; filename*=UTF-8''%E6%97%A5%E6%9C%AC.csv`,
    );
  });
});
