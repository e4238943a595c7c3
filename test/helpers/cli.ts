import { execFile } from "node:child_process";
import { resolve } from "node:path";
import type { TestWorld } from "./app.js";

const ROOT = resolve(import.meta.dirname, "../..");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Makes the test app listen on a free loopback port and returns its base URL. */
export async function serve(world: TestWorld): Promise<string> {
  return world.app.listen({ host: "127.0.0.1", port: 0 });
}

/**
 * Runs the real `otklik` CLI in a child process against the test server with an API key.
 * Asynchronous on purpose: the server answering the CLI runs in this process.
 */
export function runCli(args: string[], env: { url: string; key: string }): Promise<CliResult> {
  return new Promise((done) => {
    execFile(
      "npx",
      ["tsx", "src/cli/main.ts", ...args],
      {
        cwd: ROOT,
        env: { ...process.env, OTKLIK_URL: env.url, OTKLIK_API_KEY: env.key, NO_COLOR: "1" },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}
