import { z } from "zod";
import { ZMetricName, ZMetricQuery } from "../analytics/schema.js";
import { ZResponseQuery } from "../surveys/responses-query.js";
import { ZLanguage } from "../surveys/schema.js";

export const ZExportFormat = z.enum(["csv", "xlsx"]);
export type TExportFormat = z.infer<typeof ZExportFormat>;

/** Language of header labels and choice labels; the survey's default language when absent. */
const lang = ZLanguage.optional().describe("language of labels (ru or en); default: the survey's");

/** The filters of GET /api/v1/responses, without paging: an export runs to the end. */
export const ZResponsesExportQuery = ZResponseQuery.extend({ surveyId: z.string().uuid(), lang });
export type TResponsesExportQuery = z.infer<typeof ZResponsesExportQuery>;

export const ZResponsesExportParams = z.object({ format: ZExportFormat });

/** The query of GET /api/v1/metrics/:metric, plus the label language. */
export const ZMetricExportQuery = ZMetricQuery.extend({ lang });
export type TMetricExportQuery = z.infer<typeof ZMetricExportQuery>;

export const ZMetricExportParams = z.object({ metric: ZMetricName, format: ZExportFormat });
