import { type TTriggerConfig, ZTriggerRule } from "./schema.js";
import type { TriggerRow } from "./tables.js";

/** A stored trigger's settings with its rule parsed again (dates come back from JSON as strings). */
export const configOf = (r: Pick<TriggerRow, "config">): TTriggerConfig => ({
  ...r.config,
  rule: ZTriggerRule.parse(r.config.rule),
});
