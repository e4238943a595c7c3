/**
 * The metrics kernel: pure definitions of every metric and the statistics under them. No IO and no imports
 * from the rest of the project, so the server, SQL tests, web UI and widget all compute a score the same way.
 */
export * from "./business.js";
export * from "./clv/index.js";
export * from "./feedback.js";
export * from "./stats.js";
export * from "./support.js";
