import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import pg from "pg";
import { SMTPServer } from "smtp-server";
import { type DbHandle, openDatabase } from "../../src/db/connection.js";
import { migrateToLatest } from "../../src/db/migrate.js";
import { runDue } from "../../src/distribution/jobs.js";
import type { TestWorld } from "../helpers/app.js";

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  parsed: ParsedMail;
  raw: string;
}

export interface TestSmtp {
  port: number;
  messages: ReceivedMail[];
  /** Logins seen (user:pass). */
  logins: string[];
  close(): Promise<void>;
}

/**
 * A real SMTP server in-process (the `smtp-server` package): it accepts every message, refuses
 * recipients for which `refuse` returns a reply code, and keeps each message parsed.
 */
export async function startSmtp(
  opts: { refuse?: (address: string) => number | undefined; user?: string; password?: string } = {},
): Promise<TestSmtp> {
  const messages: ReceivedMail[] = [];
  const logins: string[] = [];
  const server = new SMTPServer({
    authOptional: !opts.user,
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    size: 10 * 1024 * 1024,
    onAuth(auth, _session, cb) {
      logins.push(`${auth.username}:${auth.password}`);
      if (opts.user && (auth.username !== opts.user || auth.password !== opts.password)) {
        return cb(Object.assign(new Error("535 authentication failed"), { responseCode: 535 }));
      }
      cb(null, { user: auth.username });
    },
    onRcptTo(address, _session, cb) {
      const code = opts.refuse?.(address.address);
      if (code) return cb(Object.assign(new Error(`${code} mailbox unavailable`), { responseCode: code }));
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        simpleParser(raw)
          .then((parsed) => {
            messages.push({
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
                to: session.envelope.rcptTo.map((r) => r.address),
              },
              parsed,
              raw,
            });
            cb();
          })
          .catch(cb);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    messages,
    logins,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ProviderRequestSeen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/** A local HTTP server playing an SMS provider: records requests, answers with `status`. */
export async function startProvider(status: () => number = () => 200) {
  const requests: ProviderRequestSeen[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      requests.push({
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      const code = status();
      res.writeHead(code, { "content-type": "application/json" });
      res.end(JSON.stringify(code < 300 ? { id: `msg-${requests.length}` } : { error: "refused" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Moves the app clock and runs the due jobs at that time. */
export async function runAt(world: TestWorld, at: Date) {
  world.setNow(at);
  return runDue(world.ctx, at);
}

/** A path and query of an absolute URL under the test app's public URL. */
export const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

export const days = (n: number) => n * 86_400_000;

/**
 * Two independent connections (pools) to one fresh PostgreSQL database, as two server processes would
 * have; undefined without TEST_DATABASE_URL.
 */
export async function openTwinPostgres(): Promise<
  { a: DbHandle; b: DbHandle; close(): Promise<void> } | undefined
> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return undefined;
  const name = `otklik_twin_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const a = await openDatabase({ url: url.toString() });
  await migrateToLatest(a.db);
  const b = await openDatabase({ url: url.toString() });
  return {
    a,
    b,
    async close() {
      await a.close();
      await b.close();
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
