/** What every business query shares: the workspace's time zone and settings, the period and the customers. */
import { parseFilter, type TFilter } from "../analytics/filter.js";
import { getSegment } from "../analytics/segments-service.js";
import { getWorkspace } from "../auth/service.js";
import type { Db } from "../db/connection.js";
import { customerGrouping, type Grouping } from "./groups.js";
import { type BusinessPeriod, resolvePeriod } from "./period.js";
import type { TBusinessScope } from "./schema.js";
import { getBusinessSettings, type TBusinessSettings } from "./settings.js";

export interface BusinessScope {
  workspaceId: string;
  timeZone: string;
  settings: TBusinessSettings;
  period: BusinessPeriod;
  /** Conditions on customers from `filter` and `segmentId`. */
  conditions: TFilter;
  /** The customers the conditions select (undefined: all). */
  customers: Grouping;
}

export async function resolveBusinessScope(
  db: Db,
  workspaceId: string,
  query: TBusinessScope,
  now: Date,
): Promise<BusinessScope> {
  const workspace = await getWorkspace(db, workspaceId);
  const conditions: TFilter = query.filter ? parseFilter(query.filter) : [];
  if (query.segmentId) conditions.push(...(await getSegment(db, workspaceId, query.segmentId)).conditions);
  return {
    workspaceId,
    timeZone: workspace.time_zone,
    settings: await getBusinessSettings(db, workspaceId),
    period: resolvePeriod(query, workspace.time_zone, now),
    conditions,
    customers: customerGrouping(workspaceId, conditions),
  };
}
