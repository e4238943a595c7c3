/** Support metrics (spec §3): tickets, queues, SLA policies and the business-hours calendars under them. */
export * from "./business-hours.js";
export { type ZonedDateTime, zonedDateTime } from "./business-hours-zone.js";
export * from "./sla.js";
export * from "./support-calls.js";
export * from "./support-outcomes.js";
export * from "./support-tickets.js";
export * from "./support-time.js";
export * from "./support-workload.js";
