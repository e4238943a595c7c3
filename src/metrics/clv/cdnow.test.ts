/**
 * Validation on the CDNOW sample (2,357 customers of the 1/10 sample, 39-week calibration ending
 * 1997-09-30, weeks) against the published estimates: BG/NBD (Fader, Hardie & Lee 2005, "Counting your
 * customers the easy way") and Gamma-Gamma (Fader, Hardie & Lee 2005, "RFM and CLV").
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  type BgNbdParams,
  bgNbdConditionalExpectedPurchases,
  bgNbdExpectedPurchases,
  bgNbdLogLikelihood,
} from "./bg-nbd.js";
import { fitBgNbd } from "./bg-nbd-fit.js";
import type { GammaGammaParams } from "./gamma-gamma.js";
import { fitGammaGamma } from "./gamma-gamma-fit.js";
import type { RfmmCustomer } from "./rfm.js";
import { repeatBuyers, summarizeTransactions, type Transaction } from "./summary.js";

const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/cdnow/${name}`, import.meta.url), "utf8");

/** `ID,x,t_x,T,zbar`: zbar is the mean value of the repeat purchases (0.00 without any). */
const published: (RfmmCustomer & { id: string })[] = fixture("cdnow_customers_summary_with_transactions.csv")
  .trim()
  .split("\n")
  .slice(1)
  .map((line) => {
    const [id = "", x, tx, T, zbar] = line.split(",");
    const frequency = Number(x);
    return {
      id,
      frequency,
      recency: Number(tx),
      age: Number(T),
      monetary: frequency > 0 ? Number(zbar) : null,
    };
  });

/** `customer_id sample_id YYYYMMDD cds dollars`; the summary's ID is the sample id. */
const transactions: Transaction[] = fixture("CDNOW_sample.txt")
  .trim()
  .split("\n")
  .map((line) => {
    const [, sampleId = "", date = "", , dollars] = line.trim().split(/\s+/);
    return {
      customerId: String(Number(sampleId)),
      date: `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`,
      amount: Number(dollars),
    };
  });

const bgNbdPublished: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const gammaGammaPublished: GammaGammaParams = { p: 6.25, q: 3.74, gamma: 15.44 };

function expectWithin(
  actual: Record<string, number>,
  expected: Record<string, number>,
  tolerance: number,
): void {
  for (const [name, value] of Object.entries(expected)) {
    expect(Math.abs((actual[name] ?? Number.NaN) / value - 1), `${name} = ${actual[name]}`).toBeLessThan(
      tolerance,
    );
  }
}

describe("CDNOW", () => {
  it("BG/NBD fit reproduces r = 0.243, α = 4.414, a = 0.793, b = 2.426 and LL = −9582.4", () => {
    expect(published).toHaveLength(2357);
    const fit = fitBgNbd(published);
    expect(fit).not.toBeNull();
    if (!fit) return;
    expect(fit.converged).toBe(true);
    expect(fit.n).toBe(2357);
    // The analytic gradient keeps the fit to tens of likelihood passes (a simplex search needed ~1,000).
    expect(fit.evaluations).toBeLessThan(150);
    expectWithin({ ...fit.params }, { ...bgNbdPublished }, 0.01);
    expect(Math.abs(fit.logLikelihood + 9582.4)).toBeLessThan(0.5);
    // The fit's merged-rows likelihood is the plain per-customer sum.
    expect(bgNbdLogLikelihood(fit.params, published)).toBeCloseTo(fit.logLikelihood, 6);
    // Predictions from the fitted model against the authors' spreadsheet (3 decimals).
    const spreadsheet: [number, number][] = [
      [0.1429, 0.0078],
      [1, 0.0532],
      [3, 0.1506],
      [31.8571, 1.0405],
      [32, 1.0437],
      [78, 1.8576],
    ];
    for (const [t, expected] of spreadsheet) {
      expect(Math.abs(bgNbdExpectedPurchases(fit.params, t) - expected)).toBeLessThan(5e-4);
    }
    const customer = { frequency: 2, recency: 30.43, age: 38.86 };
    expect(Math.abs(bgNbdConditionalExpectedPurchases(fit.params, customer, 39) - 1.226)).toBeLessThan(1e-3);
  });

  it("Gamma-Gamma fit on the 946 repeat buyers reproduces p = 6.25, q = 3.74, γ = 15.44", () => {
    const buyers = repeatBuyers(published);
    expect(buyers).toHaveLength(946);
    const fit = fitGammaGamma(buyers);
    expect(fit?.converged).toBe(true);
    expectWithin({ ...fit?.params }, { ...gammaGammaPublished }, 0.01);
  });

  it("summarizing the transactions gives the published summary and the same estimates", () => {
    const summaries = summarizeTransactions(transactions, { calibrationEnd: "1997-09-30", unit: "weeks" });
    expect(summaries).toHaveLength(2357);
    const byId = new Map(summaries.map((summary) => [summary.customerId, summary]));
    for (const row of published) {
      const ours = byId.get(row.id);
      expect(ours, row.id).toBeDefined();
      if (!ours) continue;
      expect(ours.frequency).toBe(row.frequency);
      // The published file rounds to cents and hundredths of a week.
      expect(Math.abs(ours.recency - row.recency)).toBeLessThanOrEqual(0.005);
      expect(Math.abs(ours.age - row.age)).toBeLessThanOrEqual(0.005);
      if (row.monetary === null) expect(ours.monetary).toBeNull();
      else expect(Math.abs((ours.monetary ?? Number.NaN) - row.monetary)).toBeLessThanOrEqual(0.005 + 1e-9);
    }
    const purchases = fitBgNbd(summaries);
    expectWithin({ ...purchases?.params }, { ...bgNbdPublished }, 0.01);
    expect(Math.abs((purchases?.logLikelihood ?? 0) + 9582.4)).toBeLessThan(0.5);
    const spend = fitGammaGamma(repeatBuyers(summaries));
    expectWithin({ ...spend?.params }, { ...gammaGammaPublished }, 0.01);
  });
});
