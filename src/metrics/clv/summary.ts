/**
 * Transactions → the per-customer summary (x, t_x, T, m̄) of the customer-base models, as in Fader,
 * Hardie & Lee (2005) and `lifetimes.utils.summary_data_from_transaction_data`: purchases on the same day
 * are one purchase (their amounts added), the first purchase day starts the customer's clock and is not a
 * repeat purchase, and time is counted in whole days, reported in weeks or days.
 */
import type { RfmmCustomer } from "./rfm.js";

/** One purchase: `date` is the local calendar day `YYYY-MM-DD` in the workspace's time zone. */
export interface Transaction {
  customerId: string;
  date: string;
  amount: number;
}

export type TimeUnit = "weeks" | "days";

export interface SummaryOptions {
  /** Last day of the calibration period (inclusive), `YYYY-MM-DD`; later purchases are not summarized. */
  calibrationEnd: string;
  /** Unit of recency and age. Default weeks. */
  unit?: TimeUnit;
  /** Last day (inclusive) of an optional holdout period right after calibration, for validation. */
  holdoutEnd?: string;
}

export interface CustomerSummary extends RfmmCustomer {
  customerId: string;
  /** Day of the first purchase, `YYYY-MM-DD`. */
  firstPurchase: string;
  /** Purchase days in (calibrationEnd, holdoutEnd]; present when holdoutEnd is given. */
  holdoutFrequency?: number;
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a `YYYY-MM-DD` date; RangeError for anything else (e.g. 2023-02-30). */
export function dayNumber(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const ms = Date.UTC(year, month - 1, day);
    const back = new Date(ms);
    if (back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day) {
      return ms / DAY_MS;
    }
  }
  throw new RangeError(`date must be a calendar day YYYY-MM-DD, got ${JSON.stringify(date)}`);
}

function dayString(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Summarizes customers whose first purchase falls on or before calibrationEnd, in order of first
 * appearance in `transactions` (which need not be sorted):
 * x = distinct purchase days − 1, t_x = last − first purchase day, T = calibrationEnd − first purchase
 * day, m̄ = mean of the repeat purchase days' totals (null when x = 0).
 */
export function summarizeTransactions(
  transactions: readonly Transaction[],
  options: SummaryOptions,
): CustomerSummary[] {
  const end = dayNumber(options.calibrationEnd);
  const holdoutEnd = options.holdoutEnd === undefined ? null : dayNumber(options.holdoutEnd);
  if (holdoutEnd !== null && holdoutEnd < end) {
    throw new RangeError("holdoutEnd must not be before calibrationEnd");
  }
  const perDay = options.unit === "days" ? 1 : 7;
  const byCustomer = new Map<string, Map<number, number>>();
  for (const { customerId, date, amount } of transactions) {
    if (!Number.isFinite(amount)) throw new RangeError(`amount must be a finite number, got ${amount}`);
    const day = dayNumber(date);
    let days = byCustomer.get(customerId);
    if (!days) {
      days = new Map();
      byCustomer.set(customerId, days);
    }
    days.set(day, (days.get(day) ?? 0) + amount);
  }
  const summaries: CustomerSummary[] = [];
  for (const [customerId, days] of byCustomer) {
    const calibration = [...days.entries()].filter(([day]) => day <= end).sort(([p], [q]) => p - q);
    const [first] = calibration;
    const last = calibration.at(-1);
    if (first === undefined || last === undefined) continue;
    const repeats = calibration.slice(1);
    const frequency = repeats.length;
    const summary: CustomerSummary = {
      customerId,
      frequency,
      recency: (last[0] - first[0]) / perDay,
      age: (end - first[0]) / perDay,
      monetary: frequency === 0 ? null : repeats.reduce((sum, [, total]) => sum + total, 0) / frequency,
      firstPurchase: dayString(first[0]),
    };
    if (holdoutEnd !== null) {
      summary.holdoutFrequency = [...days.keys()].filter((day) => day > end && day <= holdoutEnd).length;
    }
    summaries.push(summary);
  }
  return summaries;
}

/** The customers the spend model fits on: at least one repeat purchase and a positive mean value. */
export function repeatBuyers(
  customers: readonly { frequency: number; monetary: number | null }[],
): { frequency: number; monetary: number }[] {
  const buyers: { frequency: number; monetary: number }[] = [];
  for (const { frequency, monetary } of customers) {
    if (frequency > 0 && monetary !== null && monetary > 0) buyers.push({ frequency, monetary });
  }
  return buyers;
}
