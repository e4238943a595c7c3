import { type Expression, type SqlBool, sql } from "kysely";
import type { Db } from "../db/connection.js";
import { deleteRow } from "../db/delete-row.js";
import type { RuleConditions } from "./tables.js";

export interface RuleWrite {
  name: string;
  position: number;
  enabled: boolean;
  conditions: RuleConditions;
  team: string | null;
  owner_id: string | null;
  due_hours: number;
  promo_pool_id: string | null;
}

export function listRules(db: Db, workspaceId: string, opts: { enabledOnly?: boolean } = {}) {
  return db
    .selectFrom("routing_rules")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .$if(opts.enabledOnly === true, (q) => q.where("enabled", "=", true))
    .orderBy("position")
    .orderBy("created_at")
    .execute();
}

export function findRule(db: Db, workspaceId: string, id: string) {
  return db
    .selectFrom("routing_rules")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export function insertRule(db: Db, workspaceId: string, id: string, r: RuleWrite, now: Date) {
  return db
    .insertInto("routing_rules")
    .values({
      ...r,
      workspace_id: workspaceId,
      id,
      conditions: JSON.stringify(r.conditions),
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateRule(db: Db, workspaceId: string, id: string, r: Partial<RuleWrite>, now: Date) {
  const { conditions, ...rest } = r;
  return db
    .updateTable("routing_rules")
    .set({ ...rest, ...(conditions ? { conditions: JSON.stringify(conditions) } : {}), updated_at: now })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

export function deleteRule(db: Db, workspaceId: string, id: string): Promise<boolean> {
  return deleteRow(db, "routing_rules", workspaceId, id);
}

export async function responsesWithCases(db: Db, workspaceId: string, responseIds: string[]) {
  if (!responseIds.length) return new Set<string>();
  const rows = await db
    .selectFrom("cases")
    .select("response_id")
    .where("workspace_id", "=", workspaceId)
    .where("response_id", "in", responseIds)
    .execute();
  return new Set(rows.map((r) => r.response_id));
}

export interface CaseWrite {
  id: string;
  response_id: string;
  survey_id: string;
  customer_id: string | null;
  rule_id: string | null;
  status: string;
  team: string | null;
  owner_id: string | null;
  score_group: string | null;
  language: string;
  summary: string;
  due_at: Date;
  created_at: Date;
  updated_at: Date;
}

/** Inserts a case unless the response has one already (concurrent ingest of the same response). */
export function insertCase(db: Db, workspaceId: string, c: CaseWrite) {
  return db
    .insertInto("cases")
    .values({ ...c, workspace_id: workspaceId })
    .onConflict((oc) => oc.columns(["workspace_id", "response_id"]).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export function findCase(db: Db, workspaceId: string, id: string) {
  return db
    .selectFrom("cases")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export function updateCase(
  db: Db,
  workspaceId: string,
  id: string,
  patch: {
    status?: string;
    owner_id?: string | null;
    team?: string | null;
    due_at?: Date;
    promo_code?: string;
    acknowledged_at?: Date;
    resolved_at?: Date | null;
    closed_at?: Date;
    updated_at: Date;
  },
  expectStatus?: string,
) {
  return db
    .updateTable("cases")
    .set(patch)
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .$if(expectStatus !== undefined, (q) => q.where("status", "=", expectStatus ?? ""))
    .returningAll()
    .executeTakeFirst();
}

export interface CaseFilter {
  status?: string;
  open?: boolean;
  overdueAt?: Date;
  ownerId?: string;
  team?: string;
  surveyId?: string;
  customerId?: string;
  responseId?: string;
  cursor?: { createdAt: Date; id: string };
  limit: number;
}

const OPEN = ["new", "acknowledged", "in_progress"];

export function listCases(db: Db, workspaceId: string, f: CaseFilter) {
  let q = db.selectFrom("cases").selectAll().where("workspace_id", "=", workspaceId);
  if (f.status) q = q.where("status", "=", f.status);
  if (f.open || f.overdueAt) q = q.where("status", "in", OPEN);
  if (f.overdueAt) q = q.where("due_at", "<", f.overdueAt);
  if (f.ownerId) q = q.where("owner_id", "=", f.ownerId);
  if (f.team) q = q.where("team", "=", f.team);
  if (f.surveyId) q = q.where("survey_id", "=", f.surveyId);
  if (f.customerId) q = q.where("customer_id", "=", f.customerId);
  if (f.responseId) q = q.where("response_id", "=", f.responseId);
  const { cursor } = f;
  if (cursor) {
    q = q.where(
      (eb): Expression<SqlBool> =>
        eb.or([
          eb("created_at", "<", cursor.createdAt),
          eb.and([eb("created_at", "=", cursor.createdAt), eb("id", "<", cursor.id)]),
        ]),
    );
  }
  return q.orderBy("created_at", "desc").orderBy("id", "desc").limit(f.limit).execute();
}

export function insertEvents(
  db: Db,
  workspaceId: string,
  events: {
    id: string;
    case_id: string;
    kind: string;
    from_status?: string | null;
    to_status?: string | null;
    note?: string | null;
    user_id?: string | null;
    created_at: Date;
  }[],
) {
  if (!events.length) return Promise.resolve();
  return db
    .insertInto("case_events")
    .values(
      events.map((e) => ({
        from_status: null,
        to_status: null,
        note: null,
        user_id: null,
        ...e,
        workspace_id: workspaceId,
      })),
    )
    .execute()
    .then(() => undefined);
}

export function caseEvents(db: Db, workspaceId: string, caseId: string) {
  return db
    .selectFrom("case_events")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("case_id", "=", caseId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

export function insertOutbox(
  db: Db,
  workspaceId: string,
  row: {
    id: string;
    case_id: string | null;
    customer_id: string | null;
    channel: string;
    recipient: string | null;
    language: string;
    template: string;
    subject: string;
    body: string;
    created_at: Date;
  },
) {
  return db
    .insertInto("notification_outbox")
    .values({
      ...row,
      workspace_id: workspaceId,
      sent_at: null,
      next_attempt_at: row.created_at,
      claimed_at: null,
      detail: null,
    })
    .execute();
}

export function listOutbox(
  db: Db,
  workspaceId: string,
  f: { status?: string; caseId?: string; limit: number },
) {
  return db
    .selectFrom("notification_outbox")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .$if(f.status !== undefined, (q) => q.where("status", "=", f.status ?? ""))
    .$if(f.caseId !== undefined, (q) => q.where("case_id", "=", f.caseId ?? ""))
    .orderBy("created_at")
    .orderBy("id")
    .limit(f.limit)
    .execute();
}

export function insertPool(db: Db, workspaceId: string, id: string, name: string, now: Date) {
  return db
    .insertInto("promo_pools")
    .values({ workspace_id: workspaceId, id, name, created_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findPool(db: Db, workspaceId: string, id: string) {
  return db
    .selectFrom("promo_pools")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** Adds codes to a pool; codes it already holds are skipped. Returns how many were added. */
export async function insertCodes(db: Db, workspaceId: string, poolId: string, codes: string[]) {
  let added = 0;
  for (let i = 0; i < codes.length; i += 5000) {
    const r = await db
      .insertInto("promo_codes")
      .values(
        codes.slice(i, i + 5000).map((code) => ({
          workspace_id: workspaceId,
          pool_id: poolId,
          code,
          case_id: null,
          assigned_at: null,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    added += Number(r.numInsertedOrUpdatedRows ?? 0);
  }
  return added;
}

export function listPools(db: Db, workspaceId: string) {
  return db
    .selectFrom("promo_pools as p")
    .leftJoin("promo_codes as c", (j) =>
      j.onRef("c.workspace_id", "=", "p.workspace_id").onRef("c.pool_id", "=", "p.id"),
    )
    .select([
      "p.id",
      "p.name",
      "p.created_at",
      sql<number>`count(c.code)`.as("total"),
      sql<number>`count(c.case_id)`.as("used"),
    ])
    .where("p.workspace_id", "=", workspaceId)
    .groupBy(["p.id", "p.name", "p.created_at"])
    .orderBy("p.created_at")
    .execute();
}

/**
 * Takes one unused code for a case. `for update skip locked` lets concurrent transactions each take a
 * different code without waiting; the partial unique index on (workspace_id, case_id) keeps a case from
 * taking two. Null when the pool is empty.
 */
export async function claimCode(db: Db, workspaceId: string, poolId: string, caseId: string, now: Date) {
  const row = await db
    .updateTable("promo_codes")
    .set({ case_id: caseId, assigned_at: now })
    .where("workspace_id", "=", workspaceId)
    .where("pool_id", "=", poolId)
    .where("code", "=", (eb) =>
      eb
        .selectFrom("promo_codes")
        .select("code")
        .where("workspace_id", "=", workspaceId)
        .where("pool_id", "=", poolId)
        .where("case_id", "is", null)
        .orderBy("code")
        .limit(1)
        .forUpdate()
        .skipLocked(),
    )
    .where("case_id", "is", null)
    .returning("code")
    .executeTakeFirst();
  return row?.code ?? null;
}
