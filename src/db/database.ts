import type { AnalyticsTables } from "../analytics/tables.js";
import type { AuthTables } from "../auth/tables.js";
import type { CustomerTables } from "../customers/tables.js";
import type { SurveyTables } from "../surveys/tables.js";

/** The one Database type: the union of every module's tables. */
export interface Database extends AuthTables, CustomerTables, SurveyTables, AnalyticsTables {}
