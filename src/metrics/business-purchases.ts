/**
 * Purchase-behaviour metrics (spec §2): repeat purchase rate, repurchase and upselling ratios, referral
 * rate. Each has a counting step over raw rows (what SQL does with count(distinct …)) and a pure formula
 * over the counts, so both paths agree exactly.
 */
import { type PercentShare, shareFromCounts } from "./stats.js";
import { assertCount, assertPartOf } from "./validate.js";

/** A ratio of two customer counts (not a percentage). */
export interface CountRatio {
  /** numerator / denominator; null when the denominator is 0. */
  value: number | null;
  numerator: number;
  denominator: number;
  /** Customers the ratio rests on: numerator + denominator. */
  n: number;
}

function countRatio(numerator: number, denominator: number): CountRatio {
  return {
    value: denominator === 0 ? null : numerator / denominator,
    numerator,
    denominator,
    n: numerator + denominator,
  };
}

/** Customers with ≥ 1 and with ≥ 2 purchases in a period. */
export interface BuyerCounts {
  buyers: number;
  repeatBuyers: number;
}

/** Counts buyers and repeat buyers among the period's orders (one row per purchase). */
export function buyerCounts(orders: readonly { customerId: string }[]): BuyerCounts {
  const perCustomer = new Map<string, number>();
  for (const { customerId } of orders) perCustomer.set(customerId, (perCustomer.get(customerId) ?? 0) + 1);
  let repeatBuyers = 0;
  for (const count of perCustomer.values()) if (count >= 2) repeatBuyers++;
  return { buyers: perCustomer.size, repeatBuyers };
}

/**
 * RPR — repeat purchase rate [000]: 100 · customers with ≥ 2 purchases in the period / customers with
 * ≥ 1 purchase in the period, with a 95% Wilson interval. Null without buyers.
 */
export function repeatPurchaseRate({ buyers, repeatBuyers }: BuyerCounts): PercentShare {
  assertPartOf("repeatBuyers", repeatBuyers, "buyers", buyers);
  return shareFromCounts(repeatBuyers, buyers);
}

/**
 * Repurchase ratio [004] = repeat customers / one-time customers, within one product line (filter the
 * orders first). For subscriptions: customers who renewed after the first cycle / customers who stopped
 * after it (those still in their first cycle count in neither). Null when there are no one-time customers.
 * From {@link buyerCounts}: repeat = repeatBuyers, oneTime = buyers − repeatBuyers.
 */
export function repurchaseRatio({ repeat, oneTime }: { repeat: number; oneTime: number }): CountRatio {
  assertCount("repeat", repeat);
  assertCount("oneTime", oneTime);
  return countRatio(repeat, oneTime);
}

/** Customers who bought from exactly one and from two or more products (or categories). */
export interface ProductBreadthCounts {
  singleProduct: number;
  multiProduct: number;
}

/** Counts customers by the number of distinct products (or categories) in their orders. */
export function productBreadthCounts(
  orders: readonly { customerId: string; product: string }[],
): ProductBreadthCounts {
  const products = new Map<string, Set<string>>();
  for (const { customerId, product } of orders) {
    const bought = products.get(customerId);
    if (bought) bought.add(product);
    else products.set(customerId, new Set([product]));
  }
  let multiProduct = 0;
  for (const bought of products.values()) if (bought.size >= 2) multiProduct++;
  return { singleProduct: products.size - multiProduct, multiProduct };
}

/**
 * Upselling ratio [004] = customers who bought from ≥ 2 different products (or categories) / customers
 * who bought from exactly one. Null when no customer bought from exactly one.
 */
export function upsellingRatio({ singleProduct, multiProduct }: ProductBreadthCounts): CountRatio {
  assertCount("singleProduct", singleProduct);
  assertCount("multiProduct", multiProduct);
  return countRatio(multiProduct, singleProduct);
}

/** New customers of a period and how many of them came by referral. */
export interface ReferralCounts {
  newCustomers: number;
  referred: number;
}

/** Counts the period's new customers and those with a referrer. */
export function referralCounts(newCustomers: readonly { referredBy: string | null }[]): ReferralCounts {
  let referred = 0;
  for (const { referredBy } of newCustomers) if (referredBy !== null) referred++;
  return { newCustomers: newCustomers.length, referred };
}

/**
 * Referral rate [000] = 100 · new customers acquired by referral / new customers, with a 95% Wilson
 * interval. Null without new customers.
 */
export function referralRate({ newCustomers, referred }: ReferralCounts): PercentShare {
  assertPartOf("referred", referred, "newCustomers", newCustomers);
  return shareFromCounts(referred, newCustomers);
}
