import { resolve } from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const here = import.meta.dirname;
/** The server the dev server proxies the API and the survey page to. */
const apiTarget = process.env.OTKLIK_URL ?? "http://localhost:3000";

/**
 * The dashboard: a single-page app built into `dist/web`, which the server serves with an SPA fallback.
 * It talks to the server only through the HTTP API; from `src/` it imports the pure metrics kernel and
 * survey logic, and types only from schema files (zod is never bundled).
 */
export default defineConfig({
  root: here,
  base: "/",
  publicDir: false,
  plugins: [react()],
  build: {
    outDir: resolve(here, "../dist/web"),
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    chunkSizeWarningLimit: 900,
  },
  server: {
    port: 5173,
    proxy: {
      "/api": apiTarget,
      "/s/": apiTarget,
      "/static/": apiTarget,
    },
  },
});
