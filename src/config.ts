/** Configuration from environment variables, with safe defaults. Documented in README. */
export interface Config {
  port: number;
  host: string;
  /** PostgreSQL connection string; absent → embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Public base URL used in survey links. */
  publicUrl: string;
  logLevel: string;
  /** Cookies are marked Secure when the public URL is https. */
  secureCookies: boolean;
  /** Requests per minute per IP on public (unauthenticated) endpoints. */
  publicRateLimit: number;
  /** Seconds between runs of the invitation sender in each server process; 0 = this process sends nothing. */
  distributionPollSeconds: number;
  /** Seconds between runs of the alert jobs (alerts, digests, early warnings, customer notifications); 0 = none here. */
  alertsPollSeconds: number;
  /** Which proxies may set X-Forwarded-For (the client address used by rate limits); false = none. */
  trustProxy: boolean | string[] | ((address: string, hop: number) => boolean);
}

/** TRUST_PROXY: unset/false, true (any proxy), a hop count, or a comma-separated list of addresses/CIDRs. */
export function parseTrustProxy(value: string | undefined): Config["trustProxy"] {
  const v = (value ?? "").trim();
  if (v === "" || v === "false" || v === "0") return false;
  if (v === "true") return true;
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    return (_address, hop) => hop < hops;
  }
  return v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  const host = env.HOST ?? "0.0.0.0";
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, "");
  return {
    port,
    host,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.DATA_DIR ?? "./data",
    publicUrl,
    logLevel: env.LOG_LEVEL ?? "info",
    secureCookies: publicUrl.startsWith("https://"),
    publicRateLimit: Number(env.PUBLIC_RATE_LIMIT ?? 120),
    distributionPollSeconds: Number(env.DISTRIBUTION_POLL_SECONDS ?? 5),
    alertsPollSeconds: Number(env.ALERTS_POLL_SECONDS ?? 15),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
  };
}
