/** Customer and business metrics (spec §2): one pure definition per metric, split by subject. */
export * from "./business-cohort.js";
export * from "./business-engagement.js";
export * from "./business-purchases.js";
export * from "./business-retention.js";
export * from "./business-revenue.js";
