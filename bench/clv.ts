/**
 * Predictive-CLV fit speed: the BG/NBD maximum-likelihood fit (src/metrics/clv) on CDNOW_master.txt
 * (23,570 customers, 39-week calibration as in the papers) and on simulated customers (1M by default,
 * purchases on whole days as real data is summarized). Baselines of the same run: one pass of the
 * per-customer log-likelihood over every customer (what each step of a fit that does not merge identical
 * customers would cost), and the fit on the 23k set.
 *
 *   npm run bench:clv                 # CDNOW_master + 1,000,000 simulated customers
 *   npm run bench:clv -- 200000
 *
 * Data: CDNOW_DIR (default ../shared/data/cdnow beside the repository).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  type BgNbdParams,
  bgNbdLogLikelihood,
  fitBgNbd,
  type RfmCustomer,
  seededRandom,
  simulateBgNbd,
  summarizeTransactions,
} from "../src/metrics/clv/index.js";
import { environment, fmt, ratio } from "./lib/report.js";

const SIMULATED = Number(process.argv[2] ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const DIR = process.env.CDNOW_DIR ?? resolve(import.meta.dirname, "../../shared/data/cdnow");
/** Published BG/NBD estimates on CDNOW (weeks): the simulation's truth. */
const TRUTH: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

function cdnowMaster(): RfmCustomer[] {
  const transactions = readFileSync(resolve(DIR, "CDNOW_master.txt"), "utf8")
    .split(/\r?\n/)
    .filter((l) => /^\s*\d/.test(l))
    .map((line) => {
      const [id = "", d = "", , amount = "0"] = line.trim().split(/\s+/);
      return {
        customerId: id,
        date: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`,
        amount: Number(amount),
      };
    });
  return summarizeTransactions(transactions, { calibrationEnd: "1997-09-30" });
}

/**
 * Customers acquired evenly over a year and observed for one more, in weeks; purchase times are cut to
 * whole days, as summaries of real transactions are.
 */
function simulated(n: number): RfmCustomer[] {
  const random = seededRandom(20_260_101);
  const ages = Array.from({ length: n }, () => (365 + Math.floor(random.uniform() * 365)) / 7);
  return simulateBgNbd(TRUTH, ages, random).map(({ frequency, recency, age }) => ({
    frequency,
    recency: Math.floor(recency * 7) / 7,
    age,
  }));
}

function distinct(customers: readonly RfmCustomer[]): number {
  return new Set(customers.map((c) => `${c.frequency}|${c.recency}|${c.age}`)).size;
}

function timeFit(customers: readonly RfmCustomer[]) {
  const times: number[] = [];
  let report: ReturnType<typeof fitBgNbd> = null;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    report = fitBgNbd(customers);
    times.push(performance.now() - t);
  }
  if (!report) throw new Error("nothing to fit");
  return { report, ms: times.sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? Number.NaN };
}

function onePass(customers: readonly RfmCustomer[], params: BgNbdParams): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    bgNbdLogLikelihood(params, customers);
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? Number.NaN;
}

const show = (p: BgNbdParams) =>
  `r = ${p.r.toFixed(3)}, α = ${p.alpha.toFixed(3)}, a = ${p.a.toFixed(3)}, b = ${p.b.toFixed(3)}`;

console.log(`${environment()}\nruns per figure: ${RUNS} (median)\n`);
const sets = [
  { name: "CDNOW_master.txt (39-week calibration)", customers: cdnowMaster(), target: 1000 },
  { name: `simulated from r, α, a, b = ${show(TRUTH)}`, customers: simulated(SIMULATED), target: 10_000 },
];
let base: number | undefined;
for (const { name, customers, target } of sets) {
  const { report, ms } = timeFit(customers);
  const pass = onePass(customers, report.params);
  base ??= ms;
  console.log(`${name}`);
  console.log(
    `  data: ${customers.length.toLocaleString("en")} customers, ${distinct(customers).toLocaleString("en")} distinct (x, t_x, T)`,
  );
  console.log(`  fit: ${fmt(ms)} (target < ${target / 1000} s: ${ms < target ? "met" : "MISSED"})`);
  console.log(
    `  ${show(report.params)}; log-likelihood ${report.logLikelihood.toFixed(1)}; ${report.iterations} iterations, ${report.evaluations} evaluations; converged: ${report.converged}`,
  );
  console.log(`  one log-likelihood pass over every customer: ${fmt(pass)}; fit / pass: ${ratio(ms, pass)}`);
  console.log(`  fit / fit on CDNOW_master: ${ratio(ms, base)}\n`);
}
