/** Simulated customers from the BG/NBD story, for parameter-recovery tests and demo data. */
import type { BgNbdParams } from "./bg-nbd.js";
import type { Random } from "./random.js";
import type { RfmCustomer } from "./rfm.js";

export interface SimulatedCustomer extends RfmCustomer {
  /** The customer's purchase rate and dropout probability, and whether they are alive at T. */
  lambda: number;
  p: number;
  alive: boolean;
}

/**
 * One customer per age T in `ages`: λ ~ Gamma(r, α), p ~ Beta(a, b); from the first purchase at time 0,
 * purchases follow a Poisson process with rate λ, and after each repeat purchase the customer drops out
 * with probability p (FHL 2005, assumptions i–v). Times are continuous, in the unit of α and T.
 */
export function simulateBgNbd(
  params: BgNbdParams,
  ages: readonly number[],
  random: Random,
): SimulatedCustomer[] {
  return ages.map((age) => {
    if (!Number.isFinite(age) || age < 0) throw new RangeError(`age must be a finite number ≥ 0, got ${age}`);
    const lambda = random.gamma(params.r, params.alpha);
    const p = random.beta(params.a, params.b);
    let frequency = 0;
    let recency = 0;
    let time = 0;
    let alive = true;
    for (;;) {
      time += random.exponential(lambda);
      if (time > age) break;
      frequency++;
      recency = time;
      if (random.uniform() < p) {
        alive = false;
        break;
      }
    }
    return { frequency, recency, age, lambda, p, alive };
  });
}
