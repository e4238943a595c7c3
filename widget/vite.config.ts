import { resolve } from "node:path";
import { defineConfig } from "vite";

const here = import.meta.dirname;

/**
 * The public survey page script: one ES module, `dist/widget/survey.js`, served at `/static/survey.js`.
 * Plain DOM, no framework. It shares the survey logic (`src/surveys/logic.ts`) and the metrics kernel
 * with the server, but imports only types from `src/surveys/schema.ts`, so zod is never bundled.
 * Built as an app entry rather than in library mode, which would keep the whitespace.
 */
export default defineConfig({
  root: here,
  publicDir: false,
  logLevel: "warn",
  build: {
    outDir: resolve(here, "../dist/widget"),
    emptyOutDir: true,
    target: "es2020",
    minify: true,
    sourcemap: false,
    modulePreload: false,
    copyPublicDir: false,
    rolldownOptions: {
      input: resolve(here, "src/survey.ts"),
      output: { format: "es", entryFileNames: "survey.js", codeSplitting: false },
    },
  },
});
