import type { AlertTables } from "../alerts/tables.js";
import type { AnalyticsTables } from "../analytics/tables.js";
import type { AuthTables } from "../auth/tables.js";
import type { BusinessTables } from "../business/tables.js";
import type { CustomerTables } from "../customers/tables.js";
import type { DistributionTables } from "../distribution/tables.js";
import type { FeedbackTables } from "../feedback/tables.js";
import type { LoopTables } from "../loop/tables.js";
import type { SupportTables } from "../support/tables.js";
import type { SurveyTables } from "../surveys/tables.js";

/** The one Database type: the union of every module's tables. */
export interface Database extends AuthTables, CustomerTables, SurveyTables, AnalyticsTables {}

/** Feedback management and close-the-loop tables (interfaces merge into the one Database type). */
export interface Database extends FeedbackTables, LoopTables {}

/** Distribution tables: events, triggers, invitations, suppressions, outbox, channel settings. */
export interface Database extends DistributionTables {}

/** Support: teams, agents, tickets, statuses, messages, calls, calendars, SLA policies, settings. */
export interface Database extends SupportTables {}

/** Business metrics: the workspace's settings and the predictive-CLV fits. */
export interface Database extends BusinessTables {}

/** Alerts, digests, early warnings and referral links. */
export interface Database extends AlertTables {}
