import { defineConfig } from "vitest/config";

// Browser tests: real Chromium against a real server; they need the built web UI and survey page
// (`npm run test:e2e` builds them first).
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: "forks",
    fileParallelism: false,
  },
});
