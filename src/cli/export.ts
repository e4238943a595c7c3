import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { basename, join } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import { METRICS } from "../analytics/score.js";
import { ApiError, type ApiOptions, apiOptions } from "./api-client.js";

const FORMATS = ["csv", "xlsx"];

/** The file name a server suggests in Content-Disposition (`filename*` first), without any path. */
export function suggestedName(disposition: string | null): string | null {
  if (!disposition) return null;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition)?.[1];
  let name: string | undefined;
  if (extended) {
    try {
      name = decodeURIComponent(extended.trim());
    } catch {
      name = undefined;
    }
  }
  name ??=
    /filename\s*=\s*"([^"]*)"/i.exec(disposition)?.[1] ?? /filename\s*=\s*([^;]+)/i.exec(disposition)?.[1];
  const safe = name ? basename(name.replaceAll("\\", "/")).trim() : "";
  return safe && safe !== "." && safe !== ".." ? safe : null;
}

const human = (bytes: number) =>
  bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 ** 2
      ? `${(bytes / 1024).toFixed(1)} KB`
      : `${(bytes / 1024 ** 2).toFixed(1)} MB`;

/**
 * Streams a download from the API to a file (or stdout for "-"), calling `onBytes` with the running
 * total. The file is written as `<name>.part` and renamed when complete, so an interrupted export
 * never leaves a truncated file under the real name.
 */
export async function download(
  o: ApiOptions,
  path: string,
  opts: { out?: string; dir?: string; fallbackName: string; onBytes?: (total: number) => void },
): Promise<{ file: string; bytes: number }> {
  const res = await fetch(`${o.url}${path}`, { headers: { authorization: `Bearer ${o.apiKey}` } });
  if (!res.ok || !res.body) {
    const text = await res.text();
    let body: ConstructorParameters<typeof ApiError>[1] = {};
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      body = { error: { message: `HTTP ${res.status}: ${text.slice(0, 200)}` } };
    }
    throw new ApiError(res.status, body);
  }
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      opts.onBytes?.(bytes);
      done(null, chunk);
    },
  });
  const source = Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
  if (opts.out === "-") {
    await pipeline(source, counter, process.stdout, { end: false });
    return { file: "-", bytes };
  }
  const file =
    opts.out ??
    join(
      opts.dir ?? process.cwd(),
      suggestedName(res.headers.get("content-disposition")) ?? opts.fallbackName,
    );
  const partial = `${file}.part`;
  try {
    await pipeline(source, counter, createWriteStream(partial));
    await rename(partial, file);
  } catch (e) {
    await rm(partial, { force: true });
    throw e;
  }
  return { file, bytes };
}

/** Runs a download with a byte counter on stderr (stdout may be the file itself). */
async function run(
  path: string,
  opts: { out?: string; url?: string; apiKey?: string },
  fallbackName: string,
) {
  const o = apiOptions(opts);
  const bar = new SingleBar({
    format: "exporting | {size} received | {duration_formatted}",
    stream: process.stderr,
    hideCursor: true,
  });
  bar.start(0, 0, { size: human(0) });
  try {
    const { file, bytes } = await download(o, path, {
      out: opts.out,
      fallbackName,
      onBytes: (n) => bar.update(0, { size: human(n) }),
    });
    bar.stop();
    if (file !== "-") console.error(`wrote ${file} (${human(bytes)})`);
  } catch (e) {
    bar.stop();
    throw e;
  }
}

function formatOf(value: string | undefined): string {
  const format = value ?? "csv";
  if (!FORMATS.includes(format)) throw new Error(`unknown format "${format}"; use csv or xlsx`);
  return format;
}

/** Query parameters from the options that were given. */
function query(opts: Record<string, unknown>, names: Record<string, string>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [opt, param] of Object.entries(names)) {
    const v = opts[opt];
    if (typeof v === "string") params.set(param, v);
  }
  return params;
}

const common = (cmd: Command) =>
  cmd
    .option("--format <format>", "csv (UTF-8, opens in Excel) or xlsx", "csv")
    .option("--out <file>", "file to write; - for stdout (default: the server's file name, in this folder)")
    .option("--lang <lang>", "language of the labels: ru or en (default: the survey's)")
    .option("--url <url>", "server URL (env OTKLIK_URL, default http://localhost:3000)");

export function exportCommand(program: Command) {
  const cmd = program
    .command("export")
    .description("download responses or a metric table as CSV or XLSX from a running server");

  common(
    cmd
      .command("responses")
      .description("a survey's responses, one row per response (filters as in GET /api/v1/responses)")
      .requiredOption("--survey <id>", "survey id")
      .option("--group <group>", "only detractor, passive or promoter (by the NPS answer)")
      .option("--from <date>", "submitted at or after (ISO date)")
      .option("--to <date>", "submitted before (ISO date)")
      .option("--channel <channel>", "link, email, widget, sms, api or import")
      .option("--status <status>", "complete or partial")
      .option("--search <text>", "only responses whose open answers contain this text"),
  )
    .option("--api-key <key>", "API key with responses:read (env OTKLIK_API_KEY)")
    .action(async (opts: Record<string, string | undefined>) => {
      const format = formatOf(opts.format);
      const params = query(opts, {
        survey: "surveyId",
        group: "group",
        from: "from",
        to: "to",
        channel: "channel",
        status: "status",
        search: "q",
        lang: "lang",
      });
      await run(`/api/v1/exports/responses.${format}?${params}`, opts, `responses.${format}`);
    });

  common(
    cmd
      .command("metrics <metric>")
      .description(`a metric's table (${METRICS.join(", ")}): by period, by segment, total, previous period`)
      .option("--survey <id>", "survey id (default: every survey of the workspace)")
      .option("--question <id>", "question id (default: the survey's first question of that type)")
      .option("--from <date>", "period start, inclusive (ISO date)")
      .option("--to <date>", "period end, exclusive (ISO date)")
      .option("--group-by <unit>", "rows by day, week, month, quarter or year")
      .option("--segment <name>", "rows by channel, language, survey, touchpoint, stage or any attribute")
      .option("--top <n>", "largest segments to list; the rest are summed into (other)"),
  )
    .option("--api-key <key>", "API key with metrics:read (env OTKLIK_API_KEY)")
    .action(async (metric: string, opts: Record<string, string | undefined>) => {
      if (!(METRICS as readonly string[]).includes(metric))
        throw new Error(`unknown metric "${metric}"; use one of ${METRICS.join(", ")}`);
      const format = formatOf(opts.format);
      const params = query(opts, {
        survey: "surveyId",
        question: "questionId",
        from: "from",
        to: "to",
        groupBy: "groupBy",
        segment: "segment",
        top: "top",
        lang: "lang",
      });
      await run(`/api/v1/exports/metrics/${metric}.${format}?${params}`, opts, `${metric}.${format}`);
    });
}
