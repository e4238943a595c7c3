import { resolve } from "node:path";
import { defineConfig } from "vite";

const here = import.meta.dirname;

/**
 * The website widget script: one classic script, `dist/widget/embed.js`, served at `/static/embed.js`
 * and loaded with `<script async>` on customers' sites. Plain DOM in a shadow root; it shares the survey
 * logic with the server and the survey page but imports only types from `src/surveys/schema.ts`, so zod
 * is never bundled. Built after the survey page (whose build empties the folder), so it keeps the folder.
 */
export default defineConfig({
  root: here,
  publicDir: false,
  logLevel: "warn",
  build: {
    outDir: resolve(here, "../dist/widget"),
    emptyOutDir: false,
    target: "es2020",
    minify: true,
    sourcemap: false,
    modulePreload: false,
    copyPublicDir: false,
    rolldownOptions: {
      input: resolve(here, "src/embed/main.ts"),
      output: { format: "iife", entryFileNames: "embed.js", codeSplitting: false },
    },
  },
});
