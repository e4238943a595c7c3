import { z } from "zod";
import { ZMetricName, ZMetricQuery } from "../analytics/schema.js";
import { ZChannel, ZLanguage, ZScoreGroup } from "../surveys/schema.js";

export const ZExportFormat = z.enum(["csv", "xlsx"]);
export type TExportFormat = z.infer<typeof ZExportFormat>;

/** Language of header labels and choice labels; the survey's default language when absent. */
const lang = ZLanguage.optional().describe("language of labels (ru or en); default: the survey's");

/** The filters of GET /api/v1/responses, without paging: an export runs to the end. */
export const ZResponsesExportQuery = z.object({
  surveyId: z.string().uuid(),
  customerId: z.string().uuid().optional(),
  channel: ZChannel.optional(),
  status: z.enum(["partial", "complete"]).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  group: ZScoreGroup.optional(),
  questionId: z.string().optional(),
  scoreMin: z.coerce.number().optional(),
  scoreMax: z.coerce.number().optional(),
  q: z.string().trim().min(1).max(200).optional(),
  lang,
});
export type TResponsesExportQuery = z.infer<typeof ZResponsesExportQuery>;

export const ZResponsesExportParams = z.object({ format: ZExportFormat });

/** The query of GET /api/v1/metrics/:metric, plus the label language. */
export const ZMetricExportQuery = ZMetricQuery.extend({ lang });
export type TMetricExportQuery = z.infer<typeof ZMetricExportQuery>;

export const ZMetricExportParams = z.object({ metric: ZMetricName, format: ZExportFormat });
