import { z } from "zod";
import { METRICS } from "./score.js";

export const ZMetricName = z.enum(METRICS);
export const ZGranularity = z.enum(["day", "week", "month", "quarter", "year"]);

export const ZMetricQuery = z.object({
  surveyId: z.string().uuid().optional(),
  questionId: z.string().max(40).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  groupBy: ZGranularity.optional(),
  /** A response field (channel, language, survey, touchpoint, stage) or any response/customer attribute. */
  segment: z.string().trim().min(1).max(100).optional(),
  /** Breakdown size: the largest segments, the rest summed into "(other)". */
  top: z.coerce.number().int().min(1).max(200).default(20),
});
export type TMetricQuery = z.infer<typeof ZMetricQuery>;

const ZInterval = z.tuple([z.number(), z.number()]).readonly().nullable();
const ZPoint = z.object({
  value: z.number().nullable(),
  n: z.number(),
  ci: ZInterval,
  lowSample: z.boolean(),
});

export const ZMetricResult = ZPoint.extend({
  metric: ZMetricName,
  surveyId: z.string().nullable(),
  questionId: z.string().nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  lowerIsBetter: z.boolean(),
  detail: z.record(z.string(), z.unknown()),
  previous: ZPoint.extend({
    from: z.string(),
    to: z.string(),
    diff: z.number().nullable(),
    z: z.number().nullable(),
    pValue: z.number().nullable(),
    significant: z.boolean(),
  }).nullable(),
  series: z.array(ZPoint.extend({ period: z.string() })),
  breakdown: z.array(ZPoint.extend({ key: z.string(), detail: z.record(z.string(), z.unknown()) })),
});
export type TMetricResult = z.infer<typeof ZMetricResult>;
