import type { Command } from "commander";
import type { TMetricResult } from "../analytics/schema.js";
import { METRICS } from "../analytics/score.js";
import { api, apiOptions } from "./api-client.js";

const fmt = (v: number | null, digits = 1) => (v === null ? "—" : v.toFixed(digits));
const ci = (c: readonly [number, number] | null) => (c ? `[${fmt(c[0])}, ${fmt(c[1])}]` : "");

function printTable(r: TMetricResult) {
  const lines = [
    `${r.metric.toUpperCase()} ${fmt(r.value)}  n=${r.n}  95% CI ${ci(r.ci) || "—"}${r.lowSample ? "  (low sample: n < 30)" : ""}${r.lowerIsBetter ? "  (lower is better)" : ""}`,
  ];
  if (r.previous) {
    const p = r.previous;
    lines.push(
      `previous ${fmt(p.value)} (n=${p.n})  change ${p.diff === null ? "—" : (p.diff > 0 ? "+" : "") + fmt(p.diff)}  ${p.significant ? "significant at 95%" : "not significant"}`,
    );
  }
  if (r.series.length) {
    lines.push("", "period        value      n  95% CI");
    for (const s of r.series)
      lines.push(
        `${s.period.padEnd(12)} ${fmt(s.value).padStart(6)} ${String(s.n).padStart(6)}  ${ci(s.ci)}`,
      );
  }
  if (r.breakdown.length) {
    lines.push("", "segment                    value      n  95% CI");
    for (const b of r.breakdown)
      lines.push(
        `${b.key.slice(0, 24).padEnd(24)} ${fmt(b.value).padStart(8)} ${String(b.n).padStart(6)}  ${ci(b.ci)}`,
      );
  }
  console.log(lines.join("\n"));
}

export function metricsCommand(program: Command) {
  program
    .command("metrics <metric>")
    .description(`print a feedback metric (${METRICS.join(", ")}) from a running server`)
    .option("--survey <id>", "survey id (default: every survey of the workspace)")
    .option("--question <id>", "question id (default: the survey's first question of that type)")
    .option("--from <date>", "period start, inclusive (ISO date)")
    .option("--to <date>", "period end, exclusive (ISO date)")
    .option("--group-by <unit>", "trend by day, week, month, quarter or year")
    .option("--segment <name>", "break down by channel, language, survey, touchpoint or any attribute")
    .option("--json", "print the API's JSON")
    .option("--url <url>", "server URL (env OTKLIK_URL)")
    .option("--api-key <key>", "API key with metrics:read (env OTKLIK_API_KEY)")
    .action(async (metric: string, opts: Record<string, string | boolean | undefined>) => {
      if (!(METRICS as readonly string[]).includes(metric))
        throw new Error(`unknown metric "${metric}"; use one of ${METRICS.join(", ")}`);
      const params = new URLSearchParams();
      const map: Record<string, string> = {
        survey: "surveyId",
        question: "questionId",
        from: "from",
        to: "to",
        groupBy: "groupBy",
        segment: "segment",
      };
      for (const [opt, param] of Object.entries(map)) {
        const v = opts[opt];
        if (typeof v === "string") params.set(param, v);
      }
      const o = apiOptions({
        url: opts.url as string | undefined,
        apiKey: opts.apiKey as string | undefined,
      });
      const result = await api<TMetricResult>(o, "GET", `/api/v1/metrics/${metric}?${params}`);
      if (opts.json) console.log(JSON.stringify(result, null, 2));
      else printTable(result);
    });
}
