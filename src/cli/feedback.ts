import type { Command } from "commander";
import { api, apiOptions } from "./api-client.js";

/** `otklik recategorize`: categorizes open-text answers again on a running server. */
export function recategorizeCommand(program: Command) {
  program
    .command("recategorize")
    .description(
      "categorize open-text answers again with the current taxonomy and the classifier trained on corrections",
    )
    .option("--survey <id>", "only this survey")
    .option("--from <date>", "period start, inclusive (ISO date)")
    .option("--to <date>", "period end, exclusive (ISO date)")
    .option("--include-manual", "also replace categories a person set")
    .option("--url <url>", "server URL (env OTKLIK_URL)")
    .option("--api-key <key>", "API key with feedback:write (env OTKLIK_API_KEY)")
    .action(async (opts: Record<string, string | boolean | undefined>) => {
      const o = apiOptions({
        url: opts.url as string | undefined,
        apiKey: opts.apiKey as string | undefined,
      });
      const str = (v: unknown) => (typeof v === "string" ? v : undefined);
      const result = await api<{ processed: number; categorized: number }>(
        o,
        "POST",
        "/api/v1/feedback/recategorize",
        {
          surveyId: str(opts.survey),
          from: str(opts.from),
          to: str(opts.to),
          keepManual: !opts.includeManual,
        },
      );
      console.log(`processed ${result.processed} answers, ${result.categorized} with categories`);
    });
}
