import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * The PostgreSQL server a benchmark runs on: BENCH_DATABASE_URL when set, otherwise a throwaway
 * cluster started from the system's PostgreSQL binaries (Debian: /usr/lib/postgresql/<v>/bin).
 */
export async function benchPostgres(): Promise<{ url: string; version: string; stop(): void }> {
  if (process.env.BENCH_DATABASE_URL) {
    return { url: process.env.BENCH_DATABASE_URL, version: "external", stop() {} };
  }
  const root = "/usr/lib/postgresql";
  const version = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a))[0] : undefined;
  if (!version) throw new Error("no PostgreSQL found: install postgresql or set BENCH_DATABASE_URL");
  const bin = join(root, version, "bin");
  const dir = mkdtempSync(join(tmpdir(), "otklik-bench-"));
  chmodSync(dir, 0o777);
  const asPostgres = (cmd: string) => {
    const isRoot = process.getuid?.() === 0;
    const r = isRoot
      ? spawnSync("su", ["postgres", "-s", "/bin/bash", "-c", cmd], { stdio: "pipe" })
      : spawnSync("bash", ["-c", cmd], { stdio: "pipe" });
    if (r.status !== 0) throw new Error(`${cmd}: ${r.stderr}`);
  };
  const port = 55_000 + Math.floor(Math.random() * 900);
  asPostgres(`${bin}/initdb -D ${dir}/data -U postgres --auth=trust >/dev/null`);
  // Settings of a small dedicated server; fsync stays on so ingest figures are honest.
  asPostgres(
    `${bin}/pg_ctl -D ${dir}/data -l ${dir}/log -w -o "-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c shared_buffers=1GB -c work_mem=64MB -c maintenance_work_mem=512MB -c max_wal_size=4GB -c effective_cache_size=8GB" start >/dev/null`,
  );
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    version,
    stop() {
      try {
        asPostgres(`${bin}/pg_ctl -D ${dir}/data -m fast stop >/dev/null`);
        execFileSync("rm", ["-rf", dir]);
      } catch {
        // already stopped
      }
    },
  };
}
