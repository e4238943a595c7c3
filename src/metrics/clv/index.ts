/**
 * Predictive CLV (spec §2, CLV, predictive form): BG/NBD for the purchase process, Gamma-Gamma for spend,
 * both fitted by maximum likelihood, and the discounted value they imply per customer and in aggregate.
 */
export * from "./bg-nbd.js";
export * from "./bg-nbd-fit.js";
export * from "./gamma-gamma.js";
export * from "./gamma-gamma-fit.js";
export * from "./nelder-mead.js";
export * from "./random.js";
export * from "./rfm.js";
export * from "./simulate.js";
export * from "./summary.js";
export * from "./value.js";
