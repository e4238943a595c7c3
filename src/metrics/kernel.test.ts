import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import * as metrics from "./index.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const sources = readdirSync(here, { recursive: true, encoding: "utf8" }).filter(
  (file) => file.endsWith(".ts") && !file.endsWith(".test.ts"),
);

describe("metrics kernel", () => {
  it("imports nothing but its own files (no IO, nothing from the project)", () => {
    for (const file of sources) {
      const text = readFileSync(`${here}${file}`, "utf8");
      for (const [, specifier] of text.matchAll(/\bfrom\s+"([^"]+)"/g)) {
        // Its own files only: siblings, its subfolders, and from a subfolder the kernel root.
        const depth = file.split("/").length - 1;
        const allowed = depth === 0 ? /^\.\/([a-z-]+\/)?[a-z-]+\.js$/ : /^\.\.?\/[a-z-]+\.js$/;
        expect(specifier, `${file} imports ${specifier}`).toMatch(allowed);
      }
      expect(text, file).not.toMatch(/\bimport\s*\(|\brequire\s*\(/);
    }
  });

  it("exports the public API from index", () => {
    for (const name of [
      "npsFromCounts",
      "csatFromScores",
      "cesFromAggregates",
      "csi",
      "meanSummary",
      "Z95",
    ]) {
      expect(metrics).toHaveProperty(name);
    }
  });
});
