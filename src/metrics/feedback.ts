/** Feedback metrics (spec §1): one pure definition per metric, split by metric. */
export * from "./ces.js";
export * from "./cli.js";
export * from "./csat.js";
export * from "./csi.js";
export * from "./distribution.js";
export * from "./iqs.js";
export * from "./miss-us.js";
export * from "./nps.js";
export * from "./rating.js";
export * from "./response-rate.js";
