import type { Command } from "commander";
import type { TClvCustomer, TClvFit } from "../business/schema.js";
import { api, apiOptions } from "./api-client.js";

const fmt = (v: number | null | undefined, digits = 3) =>
  v === null || v === undefined ? "—" : v.toFixed(digits);

function printFit(fit: TClvFit, top: TClvCustomer[]) {
  const lines = [`Predictive CLV, calibration ending ${fit.calibrationEnd} (time in weeks)`];
  const p = fit.purchases;
  if (p) {
    lines.push(
      `BG/NBD       r=${fmt(p.params.r)} α=${fmt(p.params.alpha)} a=${fmt(p.params.a)} b=${fmt(p.params.b)}`,
      `             log-likelihood ${fmt(p.logLikelihood, 1)}, n=${p.n}, ${p.converged ? "converged" : "NOT converged"} in ${p.iterations} iterations`,
    );
  } else lines.push("BG/NBD       not fitted: no customer has a repeat purchase");
  const s = fit.spend;
  if (s) {
    lines.push(
      `Gamma-Gamma  p=${fmt(s.params.p)} q=${fmt(s.params.q)} γ=${fmt(s.params.gamma)}`,
      `             log-likelihood ${fmt(s.logLikelihood, 1)}, n=${s.n} repeat buyers, ${s.converged ? "converged" : "NOT converged"} in ${s.iterations} iterations`,
    );
  } else lines.push("Gamma-Gamma  not fitted: no repeat buyers");
  const t = fit.totals;
  lines.push(
    "",
    `customers ${t.customers}, repeat buyers ${t.repeatBuyers}, mean P(alive) ${fmt(t.meanProbabilityAlive)}`,
    `next ${fit.horizonMonths} months: expected purchases ${fmt(t.expectedPurchases, 1)}, discounted CLV ${fmt(t.clv, 2)} (${(fit.monthlyDiscountRate * 100).toFixed(2)}% a month)`,
  );
  if (top.length) {
    lines.push("", "top customers      P(alive)  purchases        CLV");
    for (const c of top) {
      lines.push(
        `${c.externalId.slice(0, 18).padEnd(18)} ${fmt(c.probabilityAlive).padStart(8)} ${fmt(c.expectedPurchases, 2).padStart(10)} ${fmt(c.clv, 2).padStart(10)}`,
      );
    }
  }
  console.log(lines.join("\n"));
}

export function clvCommand(program: Command) {
  const clv = program.command("clv").description("predictive customer lifetime value (BG/NBD + Gamma-Gamma)");
  clv
    .command("fit")
    .description("fit the models on the workspace's orders and store per-customer predictions")
    .option("--calibration-end <date>", "last day of the calibration period, YYYY-MM-DD (default today)")
    .option("--horizon-months <n>", "months ahead to value (default: workspace setting, 12)")
    .option("--discount-rate <rate>", "monthly discount rate, e.g. 0.01 (default: workspace setting)")
    .option("--top <n>", "customers to list, highest CLV first", "10")
    .option("--json", "print the fit and the top customers as JSON")
    .option("--url <url>", "server URL (env OTKLIK_URL)")
    .option("--api-key <key>", "API key with customers:write (env OTKLIK_API_KEY)")
    .action(async (opts: Record<string, string | boolean | undefined>) => {
      const o = apiOptions(opts as { url?: string; apiKey?: string });
      const body: Record<string, unknown> = {};
      if (typeof opts.calibrationEnd === "string") body.calibrationEnd = opts.calibrationEnd;
      if (typeof opts.horizonMonths === "string") body.horizonMonths = Number(opts.horizonMonths);
      if (typeof opts.discountRate === "string") body.monthlyDiscountRate = Number(opts.discountRate);
      const fit = await api<TClvFit>(o, "POST", "/api/v1/clv/fit", body);
      const limit = Math.max(0, Math.min(500, Number(opts.top ?? 10) || 0));
      const top = limit
        ? (await api<{ items: TClvCustomer[] }>(o, "GET", `/api/v1/clv/customers?limit=${limit}`)).items
        : [];
      if (opts.json) console.log(JSON.stringify({ fit, top }, null, 2));
      else printFit(fit, top);
    });
}
