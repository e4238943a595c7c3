/**
 * API types, derived from the server's zod schemas by type-only imports (nothing of zod is bundled).
 */
import type { z } from "zod";
import type {
  ZCompareResult,
  ZMetricResult,
  ZPortfolioResult,
  ZSegment,
} from "../../../src/analytics/schema.js";
import type { ZApiKey, ZMe, ZWorkspace } from "../../../src/auth/schema.js";
import type { TSurvey, TSurveyInput } from "../../../src/surveys/schema.js";

export type { TRole, TScope } from "../../../src/auth/schema.js";
export type {
  SurveyDefinition,
  TAnswerValue,
  TCondition,
  TLanguage,
  TLocalizedText,
  TQuestion,
  TQuestionType,
  TResponse,
  TScoreGroup,
  TSurvey,
  TSurveyInput,
} from "../../../src/surveys/schema.js";

export type Me = z.infer<typeof ZMe>;
export type Workspace = z.infer<typeof ZWorkspace>;
export type ApiKey = z.infer<typeof ZApiKey>;
export type MetricResult = z.infer<typeof ZMetricResult>;
export type MetricName = MetricResult["metric"];
export type SeriesPoint = MetricResult["series"][number];
export type BreakdownRow = MetricResult["breakdown"][number];
export type CompareResult = z.infer<typeof ZCompareResult>;
export type PortfolioResult = z.infer<typeof ZPortfolioResult>;
export type Segment = z.infer<typeof ZSegment>;

export type SurveyKind = TSurvey["kind"];
export type SurveyStatus = TSurvey["status"];
export type ThankYouScreen = TSurveyInput["definition"]["thankYou"];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Template {
  id: string;
  name: { ru: string; en: string };
  description: { ru: string; en: string };
  survey: TSurveyInput;
}

export interface OverviewItem {
  surveyId: string;
  metric: MetricName | null;
  result: MetricResult | null;
}

export interface Member {
  id: string;
  email: string;
  name: string;
  role: string;
}
