/** The per-customer summary the customer-base models rest on, and its checks. */

/**
 * One customer's purchase history over a calibration period, in one time unit (weeks or days):
 * `frequency` x = repeat purchases (purchase days after the first), `recency` t_x = time from the first
 * to the last purchase (0 when x = 0), `age` T = time from the first purchase to the end of calibration.
 */
export interface RfmCustomer {
  frequency: number;
  recency: number;
  age: number;
}

/** An {@link RfmCustomer} with its mean repeat-purchase value (null without repeat purchases). */
export interface RfmmCustomer extends RfmCustomer {
  monetary: number | null;
}

/** Throws RangeError unless x is a non-negative integer and 0 ≤ t_x ≤ T, with t_x = 0 when x = 0. */
export function assertRfm({ frequency, recency, age }: RfmCustomer): void {
  if (!Number.isSafeInteger(frequency) || frequency < 0) {
    throw new RangeError(`frequency must be a non-negative integer, got ${frequency}`);
  }
  if (!Number.isFinite(age) || age < 0) throw new RangeError(`age must be a finite number ≥ 0, got ${age}`);
  if (!Number.isFinite(recency) || recency < 0 || recency > age) {
    throw new RangeError(`recency must be in 0..age (${age}), got ${recency}`);
  }
  if (frequency === 0 && recency !== 0) {
    throw new RangeError(`recency must be 0 without repeat purchases, got ${recency}`);
  }
}

/** Throws RangeError unless every named value is a positive finite number. */
export function assertPositive(values: Record<string, number>): void {
  for (const [name, value] of Object.entries(values)) {
    if (!(value > 0) || !Number.isFinite(value)) {
      throw new RangeError(`${name} must be a positive finite number, got ${value}`);
    }
  }
}

/** ln(eᵘ + eᵛ) without overflow. */
export function logAddExp(u: number, v: number): number {
  const high = Math.max(u, v);
  if (high === Number.NEGATIVE_INFINITY) return high;
  return high + Math.log1p(Math.exp(Math.min(u, v) - high));
}
