/** Support API types, derived from the server's zod schemas by type-only imports. */
import type { z } from "zod";
import type {
  ZBreaches,
  ZSupportChange,
  ZSupportGroup,
  ZSupportMetricsCompared,
  ZSupportMetricsQuery,
} from "../../../src/support/metrics-schema.js";
import type { ZAgent, ZTeam } from "../../../src/support/schema.js";

export type SupportMetrics = z.infer<typeof ZSupportMetricsCompared>;
export type SupportChange = z.infer<typeof ZSupportChange>;
export type SupportGroup = z.infer<typeof ZSupportGroup>;
export type SupportGroupRow = NonNullable<SupportMetrics["groups"]>["rows"][number];
export type Breaches = z.infer<typeof ZBreaches>;
export type Breach = Breaches["items"][number];
export type Agent = z.infer<typeof ZAgent>;
export type Team = z.infer<typeof ZTeam>;
export type Share = SupportMetrics["tickets"]["resolutionRate"];
export type Duration = SupportMetrics["tickets"]["resolutionTime"];

/** What the page sends: the period's days and single-value filters. */
export type SupportQuery = Pick<
  z.input<typeof ZSupportMetricsQuery>,
  "from" | "to" | "channel" | "priority" | "topic" | "team" | "agent"
> & {
  groupBy?: SupportGroup;
};
