/** The support metrics API: its query and its answer. Durations are in milliseconds, shares in 0..100. */
import { z } from "zod";
import { isDateOnly } from "../analytics/time.js";

/** A date (the start of that day in the workspace time zone) or an ISO date-time. */
const ZBound = z
  .string()
  .trim()
  .refine((v) => isDateOnly(v) || (/^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v))), {
    message: "expected a date (2026-03-01) or an ISO date-time (2026-03-01T12:00:00Z)",
  });

/** Comma-separated values, any of which may match. */
const ZList = z
  .string()
  .max(2000)
  .transform((s) =>
    s
      .split(",")
      .map((v) => v.trim())
      .filter(Boolean),
  );

export const ZSupportGroup = z.enum(["channel", "priority", "topic", "team", "agent"]);

export const ZSupportScopeQuery = z.object({
  from: ZBound.optional(),
  to: ZBound.optional(),
  channel: ZList.optional(),
  priority: ZList.optional(),
  topic: ZList.optional(),
  /** Team and agent external ids. */
  team: ZList.optional(),
  agent: ZList.optional(),
  /** The SLA policy to measure against; default: the workspace's default policy. */
  policyId: z.string().uuid().optional(),
});
export type TSupportScopeQuery = z.infer<typeof ZSupportScopeQuery>;

export const ZSupportMetricsQuery = ZSupportScopeQuery.extend({
  groupBy: ZSupportGroup.optional(),
  /** Service-level goal "target/seconds", e.g. 80/20; default from the support settings. */
  serviceLevel: z
    .string()
    .regex(/^\d{1,3}(\.\d+)?\/\d{1,5}$/, 'expected "target%/seconds", e.g. 80/20')
    .optional(),
  /** How abandoned calls enter the service level (kernel `AbandonedTreatment`). */
  abandoned: z.enum(["count", "excludeShort", "exclude"]).default("count"),
});
export type TSupportMetricsQuery = z.infer<typeof ZSupportMetricsQuery>;

export const ZBreachesQuery = ZSupportScopeQuery.extend({
  measure: z.enum(["firstReply", "resolution"]).default("firstReply"),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type TBreachesQuery = z.infer<typeof ZBreachesQuery>;

const ZInterval = z.tuple([z.number(), z.number()]).readonly().nullable();

export const ZShare = z.object({
  value: z.number().nullable(),
  n: z.number(),
  count: z.number(),
  ci: ZInterval,
  lowSample: z.boolean(),
});

export const ZDuration = z.object({
  mean: z.number().nullable(),
  sd: z.number().nullable(),
  n: z.number(),
  ci: ZInterval,
  lowSample: z.boolean(),
  median: z.number().nullable(),
  p90: z.number().nullable(),
});

export const ZFirstReply = ZDuration.extend({
  /** Tickets still waiting for a first human reply: counted apart, never as 0. */
  open: z.number(),
  longestOpenWaitMs: z.number().nullable(),
  botResolved: z.number(),
  closedWithoutReply: z.number(),
});

export const ZSla = ZShare.extend({
  met: z.number(),
  breached: z.number(),
  pending: z.number(),
  notApplicable: z.number(),
  untargeted: z.number(),
});

export const ZCsat = z.object({
  value: z.number().nullable(),
  n: z.number(),
  positive: z.number(),
  ci: ZInterval,
  lowSample: z.boolean(),
  /** Mean of the kernel's mapped values when every answer is on one scale; else null. */
  mean: z.number().nullable(),
});

export const ZCalls = z.object({
  offered: z.number(),
  answered: z.number(),
  abandoned: z.number(),
  blocked: z.number(),
  asa: ZDuration,
  aht: ZDuration,
  serviceLevel: ZShare.extend({ targetPercent: z.number(), thresholdSeconds: z.number() }),
  blockage: ZShare,
});

const ZKeyed = z.object({ key: z.string(), label: z.string() });

export const ZGroupRow = ZKeyed.extend({
  volume: z.number(),
  firstReply: ZFirstReply,
  resolutionTime: ZDuration,
  fcr: ZShare.extend({ pending: z.number() }),
  resolutionRate: ZShare,
  /** Of the group's tickets created in the period: resolved (not by a bot) / all. */
  resolution: ZShare,
  openNow: z.number(),
  backlog: z.number(),
  sla: ZSla.nullable(),
  csat: ZCsat.nullable(),
  calls: ZCalls.nullable(),
});

export const ZSupportMetrics = z.object({
  from: z.string(),
  to: z.string(),
  asOf: z.string(),
  timeZone: z.string(),
  tickets: z.object({
    volume: z.number(),
    byChannel: z.array(z.object({ channel: z.string(), count: z.number(), percent: z.number() })),
    /** Rows Monday … Sunday, columns hours 0..23, in the workspace time zone. */
    byHourOfWeek: z.array(z.array(z.number())),
    firstReply: ZFirstReply,
    resolutionTime: ZDuration,
    fcr: ZShare.extend({ pending: z.number(), windowHours: z.number() }),
    resolutionRate: ZShare,
    openNow: z.number(),
    backlog: z.number(),
    /** First reply times per bucket: up to `upToMs` (exclusive), from the previous bucket's bound; null: longer. */
    firstReplyDistribution: z.array(z.object({ upToMs: z.number().nullable(), count: z.number() })),
    /** First reply time counted in the SLA policy calendar's business hours; null without a calendar. */
    firstReplyBusiness: ZDuration.nullable(),
  }),
  resolutionByAgent: z.array(ZKeyed.merge(ZShare)),
  resolutionByTeam: z.array(ZKeyed.merge(ZShare)),
  sla: z.object({
    policy: z.object({ id: z.string(), name: z.string() }).nullable(),
    firstReply: ZSla.nullable(),
    resolution: ZSla.nullable(),
    /** First-reply SLA compliance per local day, week or month of ticket creation. */
    trend: z
      .object({
        step: z.enum(["day", "week", "month"]),
        points: z.array(ZSla.omit({ untargeted: true }).extend({ start: z.string() })),
      })
      .nullable(),
  }),
  calls: ZCalls,
  csat: z.object({
    overall: ZCsat,
    byAgent: z.array(ZKeyed.merge(ZCsat)),
    byTeam: z.array(ZKeyed.merge(ZCsat)),
    byTopic: z.array(ZKeyed.merge(ZCsat)),
  }),
  groups: z.object({ by: ZSupportGroup, rows: z.array(ZGroupRow) }).nullable(),
});
export type TSupportMetrics = z.infer<typeof ZSupportMetrics>;

export const ZBreach = z.object({
  id: z.string(),
  externalId: z.string(),
  createdAt: z.string(),
  channel: z.string(),
  priority: z.string().nullable(),
  topic: z.string().nullable(),
  team: z.string().nullable(),
  agent: z.string().nullable(),
  status: z.string(),
  target: z.string().nullable(),
  deadline: z.string(),
  achievedAt: z.string().nullable(),
  /** How late: achievedAt (or asOf, while still unachieved) − deadline, ms. */
  overdueMs: z.number(),
});

export const ZBreaches = z.object({
  measure: z.enum(["firstReply", "resolution"]),
  policy: z.object({ id: z.string(), name: z.string() }).nullable(),
  items: z.array(ZBreach),
  nextCursor: z.string().nullable(),
});
export type TBreaches = z.infer<typeof ZBreaches>;

/**
 * A card's figure against the previous period of equal length. Shares are tested with the pooled
 * two-proportion z test (diff in percentage points), durations with Welch's t on the per-ticket or
 * per-call values (diff in ms; for large n it is the z test). Medians and p90 have no such test.
 */
export const ZSupportChange = z.object({
  current: z.number().nullable(),
  previous: z.number().nullable(),
  previousN: z.number(),
  /** current − previous; null when either side has no data. */
  diff: z.number().nullable(),
  test: z.enum(["twoProportionZ", "welchT"]),
  /** z, or Welch's t; null when either side has too little data or no variance. */
  statistic: z.number().nullable(),
  pValue: z.number().nullable(),
  /** p < 0.05, and never when either side has fewer than 30 cases (`lowSample`). */
  significant: z.boolean(),
  lowSample: z.boolean(),
  /** Whether a fall is the improvement (times, abandonment, blockage). */
  lowerIsBetter: z.boolean(),
});
export type TSupportChange = z.infer<typeof ZSupportChange>;

export const ZSupportComparison = z.object({
  /** The previous period: as long as the current one, ending where it starts. */
  from: z.string(),
  to: z.string(),
  slaFirstReply: ZSupportChange.nullable(),
  slaResolution: ZSupportChange.nullable(),
  /** Mean first reply time (AFRT). */
  firstReply: ZSupportChange,
  /** Mean resolution time. */
  resolutionTime: ZSupportChange,
  fcr: ZSupportChange,
  resolutionRate: ZSupportChange,
  csat: ZSupportChange,
  serviceLevel: ZSupportChange,
  /** Abandoned calls / offered calls. */
  abandonment: ZSupportChange,
  blockage: ZSupportChange,
  asa: ZSupportChange,
  aht: ZSupportChange,
  /** Previous figures shown beside the current ones without a test (counts, medians). */
  previous: z.object({
    volume: z.number(),
    callsOffered: z.number(),
    firstReplyMedian: z.number().nullable(),
    resolutionTimeMedian: z.number().nullable(),
  }),
});
export type TSupportComparison = z.infer<typeof ZSupportComparison>;

export const ZSupportMetricsCompared = ZSupportMetrics.extend({ comparison: ZSupportComparison });
export type TSupportMetricsCompared = z.infer<typeof ZSupportMetricsCompared>;
