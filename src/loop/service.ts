/**
 * Close the loop: routing rules turn answers into cases; a case moves new → acknowledged → in progress
 * → resolved → closed with owner, due time, notes and history; the customer is notified (outbox) at
 * acknowledge, in progress and resolve; detractors' cases can carry a sorry-bonus code from a pool.
 */
import { listMembers } from "../auth/service.js";
import { findCustomer } from "../customers/service.js";
import type { Db } from "../db/connection.js";
import type { Categorized } from "../feedback/service.js";
import { listCategories } from "../feedback/service.js";
import { conflict, invalid, notFound } from "../http/errors.js";
import { newId } from "../ids.js";
import type {
  TCase,
  TCasePatch,
  TCaseQuery,
  TCaseStatus,
  TRoutingRule,
  TRoutingRuleInput,
  TRoutingRulePatch,
  TTransitionInput,
} from "./schema.js";
import * as store from "./store.js";
import type { CaseRow, RoutingRuleRow } from "./tables.js";
import { type NotificationTemplate, renderNotification } from "./templates.js";

const HOUR = 3_600_000;
const OPEN = new Set(["new", "acknowledged", "in_progress"]);
const SORRY_GROUPS = new Set(["detractor", "low"]);

/** Allowed moves: forward (steps may be skipped), and a resolved case may be reopened. */
const TRANSITIONS: Record<TCaseStatus, TCaseStatus[]> = {
  new: ["acknowledged", "in_progress", "resolved", "closed"],
  acknowledged: ["in_progress", "resolved", "closed"],
  in_progress: ["resolved", "closed"],
  resolved: ["closed", "in_progress"],
  closed: [],
};
const NOTIFY: Partial<Record<TCaseStatus, NotificationTemplate>> = {
  acknowledged: "acknowledged",
  in_progress: "in_progress",
  resolved: "resolved",
};

const toRule = (r: RoutingRuleRow): TRoutingRule => ({
  id: r.id,
  name: r.name,
  position: r.position,
  enabled: r.enabled,
  conditions: r.conditions as TRoutingRule["conditions"],
  team: r.team,
  ownerId: r.owner_id,
  dueHours: r.due_hours,
  promoPoolId: r.promo_pool_id,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export const caseReference = (id: string) => id.replaceAll("-", "").slice(-8).toUpperCase();

const statusOf = (s: string): TCaseStatus =>
  s === "acknowledged" || s === "in_progress" || s === "resolved" || s === "closed" ? s : "new";

export function toCase(r: CaseRow, now: Date): TCase {
  return {
    id: r.id,
    reference: caseReference(r.id),
    responseId: r.response_id,
    surveyId: r.survey_id,
    customerId: r.customer_id,
    ruleId: r.rule_id,
    status: statusOf(r.status),
    team: r.team,
    ownerId: r.owner_id,
    scoreGroup: r.score_group,
    language: r.language,
    summary: r.summary,
    promoCode: r.promo_code,
    dueAt: r.due_at.toISOString(),
    overdue: OPEN.has(r.status) && r.due_at.getTime() < now.getTime(),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
    resolvedAt: r.resolved_at?.toISOString() ?? null,
    closedAt: r.closed_at?.toISOString() ?? null,
  };
}

async function checkRefs(
  db: Db,
  workspaceId: string,
  r: { ownerId?: string | null; promoPoolId?: string | null; conditions?: TRoutingRuleInput["conditions"] },
) {
  if (r.ownerId && !(await listMembers(db, workspaceId)).some((m) => m.id === r.ownerId))
    throw invalid("ownerId", "not a member of this workspace");
  if (r.promoPoolId && !(await store.findPool(db, workspaceId, r.promoPoolId)))
    throw invalid("promoPoolId", "promo pool not found");
  const ids = r.conditions?.categoryIds;
  if (ids?.length) {
    const known = new Set(
      (await listCategories(db, workspaceId, { includeArchived: true })).map((c) => c.id),
    );
    const missing = ids.find((id) => !known.has(id));
    if (missing) throw invalid("conditions.categoryIds", `category ${missing} not found`);
  }
}

export async function listRules(db: Db, workspaceId: string) {
  return (await store.listRules(db, workspaceId)).map(toRule);
}

export async function getRule(db: Db, workspaceId: string, id: string) {
  const row = await store.findRule(db, workspaceId, id);
  if (!row) throw notFound("routing rule");
  return toRule(row);
}

export async function createRule(db: Db, workspaceId: string, input: TRoutingRuleInput, now = new Date()) {
  await checkRefs(db, workspaceId, input);
  const row = await store.insertRule(
    db,
    workspaceId,
    newId(),
    {
      name: input.name,
      position: input.position,
      enabled: input.enabled,
      conditions: input.conditions,
      team: input.team,
      owner_id: input.ownerId,
      due_hours: input.dueHours,
      promo_pool_id: input.promoPoolId,
    },
    now,
  );
  return toRule(row);
}

export async function updateRule(
  db: Db,
  workspaceId: string,
  id: string,
  patch: TRoutingRulePatch,
  now = new Date(),
) {
  await checkRefs(db, workspaceId, patch);
  const row = await store.updateRule(
    db,
    workspaceId,
    id,
    {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.position !== undefined ? { position: patch.position } : {}),
      ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
      ...(patch.conditions !== undefined ? { conditions: patch.conditions } : {}),
      ...(patch.team !== undefined ? { team: patch.team } : {}),
      ...(patch.ownerId !== undefined ? { owner_id: patch.ownerId } : {}),
      ...(patch.dueHours !== undefined ? { due_hours: patch.dueHours } : {}),
      ...(patch.promoPoolId !== undefined ? { promo_pool_id: patch.promoPoolId } : {}),
    },
    now,
  );
  if (!row) throw notFound("routing rule");
  return toRule(row);
}

export async function deleteRule(db: Db, workspaceId: string, id: string) {
  if (!(await store.deleteRule(db, workspaceId, id))) throw notFound("routing rule");
}

function ruleMatches(
  rule: RoutingRuleRow,
  item: Categorized,
  categoryParents: Map<string, string | null>,
  customerAttributes: Record<string, unknown>,
) {
  const c = rule.conditions;
  const d = item.digest;
  if (c.groups && !(d.score?.group && c.groups.includes(d.score.group))) return false;
  if (c.surveyIds && !c.surveyIds.includes(d.surveyId)) return false;
  if (c.categoryIds) {
    const mine = new Set(item.categoryIds.flatMap((id) => [id, categoryParents.get(id) ?? id]));
    if (!c.categoryIds.some((id) => mine.has(id))) return false;
  }
  if (c.attribute) {
    const v = d.attributes[c.attribute.name] ?? customerAttributes[c.attribute.name];
    if (v === undefined || v === null || !c.attribute.values.includes(String(v))) return false;
  }
  return true;
}

/**
 * Opens a case for each answer that a routing rule takes and that has none yet (the first enabled rule
 * by position wins). Runs in the ingest transaction, so an answer and its case commit together.
 */
export async function routeResponses(db: Db, workspaceId: string, items: Categorized[], now: Date) {
  if (!items.length) return [];
  const rules = await store.listRules(db, workspaceId, { enabledOnly: true });
  if (!rules.length) return [];
  const taken = await store.responsesWithCases(
    db,
    workspaceId,
    items.map((i) => i.responseId),
  );
  const needsCategories = rules.some((r) => r.conditions.categoryIds);
  const parents = new Map(
    needsCategories
      ? (await listCategories(db, workspaceId, { includeArchived: true })).map((c) => [c.id, c.parentId])
      : [],
  );
  const needsCustomer = rules.some((r) => r.conditions.attribute);
  const created: TCase[] = [];
  for (const item of items) {
    if (taken.has(item.responseId)) continue;
    const d = item.digest;
    const customer =
      needsCustomer && d.customerId ? await findCustomer(db, workspaceId, d.customerId) : undefined;
    const rule = rules.find((r) => ruleMatches(r, item, parents, customer?.attributes ?? {}));
    if (!rule) continue;
    const id = newId();
    const scoreText = d.score ? `${d.score.kind.toUpperCase()} ${d.score.value}` : "";
    const summary = [scoreText, d.text.replace(/\s+/g, " ").slice(0, 280)].filter(Boolean).join(" · ");
    const row = await store.insertCase(db, workspaceId, {
      id,
      response_id: d.id,
      survey_id: d.surveyId,
      customer_id: d.customerId,
      rule_id: rule.id,
      status: "new",
      team: rule.team,
      owner_id: rule.owner_id,
      score_group: d.score?.group ?? null,
      language: d.language,
      summary: summary || "—",
      due_at: new Date(now.getTime() + rule.due_hours * HOUR),
      created_at: now,
      updated_at: now,
    });
    if (!row) continue;
    const events: Parameters<typeof store.insertEvents>[2] = [
      {
        id: newId(),
        case_id: id,
        kind: "created",
        to_status: "new",
        note: `rule: ${rule.name}`,
        created_at: now,
      },
    ];
    let final = row;
    if (rule.promo_pool_id && d.score?.group && SORRY_GROUPS.has(d.score.group)) {
      const code = await store.claimCode(db, workspaceId, rule.promo_pool_id, id, now);
      if (code) {
        final = (await store.updateCase(db, workspaceId, id, { promo_code: code, updated_at: now })) ?? row;
        events.push({ id: newId(), case_id: id, kind: "promo", note: code, created_at: now });
      } else {
        events.push({
          id: newId(),
          case_id: id,
          kind: "promo_unavailable",
          note: "the pool has no unused code",
          created_at: now,
        });
      }
    }
    await store.insertEvents(db, workspaceId, events);
    created.push(toCase(final, now));
  }
  return created;
}

const encodeCursor = (r: CaseRow) =>
  Buffer.from(`${r.created_at.toISOString()}|${r.id}`).toString("base64url");

function decodeCursor(cursor: string) {
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const createdAt = new Date(at ?? "");
  if (!id || Number.isNaN(createdAt.getTime())) throw invalid("query.cursor", "malformed cursor");
  return { createdAt, id };
}

export async function listCases(db: Db, workspaceId: string, q: TCaseQuery, now: Date) {
  const rows = await store.listCases(db, workspaceId, {
    status: q.status,
    open: q.open,
    overdueAt: q.overdue ? now : undefined,
    ownerId: q.ownerId,
    team: q.team,
    surveyId: q.surveyId,
    customerId: q.customerId,
    responseId: q.responseId,
    cursor: q.cursor ? decodeCursor(q.cursor) : undefined,
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => toCase(r, now)),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last) : null,
  };
}

export async function getCase(db: Db, workspaceId: string, id: string, now: Date) {
  const row = await store.findCase(db, workspaceId, id);
  if (!row) throw notFound("case");
  const events = await store.caseEvents(db, workspaceId, id);
  return {
    ...toCase(row, now),
    history: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      note: e.note,
      userId: e.user_id,
      createdAt: e.created_at.toISOString(),
    })),
  };
}

export async function updateCase(
  db: Db,
  workspaceId: string,
  id: string,
  patch: TCasePatch,
  userId: string | null,
  now: Date,
) {
  if (patch.ownerId) await checkRefs(db, workspaceId, { ownerId: patch.ownerId });
  await db.transaction().execute(async (trx) => {
    const before = await store.findCase(trx, workspaceId, id);
    if (!before) throw notFound("case");
    await store.updateCase(trx, workspaceId, id, {
      ...(patch.ownerId !== undefined ? { owner_id: patch.ownerId } : {}),
      ...(patch.team !== undefined ? { team: patch.team } : {}),
      ...(patch.dueAt !== undefined ? { due_at: patch.dueAt } : {}),
      updated_at: now,
    });
    const changes = [
      patch.ownerId !== undefined ? `owner: ${patch.ownerId ?? "none"}` : null,
      patch.team !== undefined ? `team: ${patch.team ?? "none"}` : null,
      patch.dueAt !== undefined ? `due: ${patch.dueAt.toISOString()}` : null,
    ].filter(Boolean);
    await store.insertEvents(trx, workspaceId, [
      {
        id: newId(),
        case_id: id,
        kind: "updated",
        note: changes.join(", "),
        user_id: userId,
        created_at: now,
      },
    ]);
  });
  return getCase(db, workspaceId, id, now);
}

/** Queues the customer's notification for a case entering `status` (none when the customer is unknown). */
async function notifyCustomer(
  db: Db,
  workspaceId: string,
  c: CaseRow,
  status: TCaseStatus,
  message: string | undefined,
  now: Date,
) {
  const template = NOTIFY[status];
  if (!template || !c.customer_id) return null;
  const customer = await findCustomer(db, workspaceId, c.customer_id);
  if (!customer) return null;
  const channel = customer.email ? "email" : customer.phone ? "sms" : null;
  if (!channel) return null;
  const language = customer.language === "ru" || customer.language === "en" ? customer.language : c.language;
  const text = renderNotification(template, {
    language,
    name: customer.name,
    reference: caseReference(c.id),
    message,
    promoCode: c.promo_code,
  });
  await store.insertOutbox(db, workspaceId, {
    id: newId(),
    case_id: c.id,
    customer_id: customer.id,
    channel,
    recipient: channel === "email" ? customer.email : customer.phone,
    language,
    template,
    subject: text.subject,
    body: channel === "email" ? text.body : text.sms,
    created_at: now,
  });
  return channel;
}

/** Moves a case to another status; the history, timestamps and the customer's notification follow. */
export async function transitionCase(
  db: Db,
  workspaceId: string,
  id: string,
  input: TTransitionInput,
  userId: string | null,
  now: Date,
) {
  await db.transaction().execute(async (trx) => {
    const before = await store.findCase(trx, workspaceId, id);
    if (!before) throw notFound("case");
    const from = statusOf(before.status);
    if (!TRANSITIONS[from].includes(input.to))
      throw conflict("to", `a case cannot go from ${from} to ${input.to}`);
    const after = await store.updateCase(
      trx,
      workspaceId,
      id,
      {
        status: input.to,
        ...(input.to === "acknowledged" && !before.acknowledged_at ? { acknowledged_at: now } : {}),
        ...(input.to === "resolved" ? { resolved_at: now } : {}),
        ...(input.to === "in_progress" && from === "resolved" ? { resolved_at: null } : {}),
        ...(input.to === "closed" ? { closed_at: now } : {}),
        updated_at: now,
      },
      before.status,
    );
    if (!after) throw conflict("to", "the case changed meanwhile; reload it");
    const channel = await notifyCustomer(trx, workspaceId, after, input.to, input.customerMessage, now);
    await store.insertEvents(trx, workspaceId, [
      {
        id: newId(),
        case_id: id,
        kind: "status",
        from_status: from,
        to_status: input.to,
        note: input.note ?? null,
        user_id: userId,
        created_at: now,
      },
      ...(channel
        ? [
            {
              id: newId(),
              case_id: id,
              kind: "notified",
              note: `${channel}: ${NOTIFY[input.to]}`,
              created_at: now,
            },
          ]
        : []),
    ]);
  });
  return getCase(db, workspaceId, id, now);
}

export async function addNote(
  db: Db,
  workspaceId: string,
  id: string,
  note: string,
  userId: string | null,
  now: Date,
) {
  if (!(await store.findCase(db, workspaceId, id))) throw notFound("case");
  await store.insertEvents(db, workspaceId, [
    { id: newId(), case_id: id, kind: "note", note, user_id: userId, created_at: now },
  ]);
  return getCase(db, workspaceId, id, now);
}

/** Queues a message to a customer outside a case step (the promoter's referral request). */
export async function queueCustomerMessage(
  db: Db,
  workspaceId: string,
  m: {
    customerId: string;
    channel: "email" | "sms";
    recipient: string;
    language: string;
    template: string;
    subject: string;
    body: string;
  },
  now: Date,
) {
  await store.insertOutbox(db, workspaceId, {
    id: newId(),
    case_id: null,
    customer_id: m.customerId,
    channel: m.channel,
    recipient: m.recipient,
    language: m.language,
    template: m.template,
    subject: m.subject,
    body: m.body,
    created_at: now,
  });
}

export async function listOutbox(
  db: Db,
  workspaceId: string,
  f: { status?: string; caseId?: string; limit: number },
) {
  return (await store.listOutbox(db, workspaceId, f)).map((o) => ({
    id: o.id,
    caseId: o.case_id,
    customerId: o.customer_id,
    channel: o.channel,
    recipient: o.recipient,
    language: o.language,
    template: o.template,
    subject: o.subject,
    body: o.body,
    status: o.status,
    attempts: o.attempts,
    detail: o.detail,
    sentAt: o.sent_at?.toISOString() ?? null,
    createdAt: o.created_at.toISOString(),
  }));
}

const toPool = (p: { id: string; name: string; created_at: Date; total: number; used: number }) => ({
  id: p.id,
  name: p.name,
  total: Number(p.total),
  used: Number(p.used),
  createdAt: p.created_at.toISOString(),
});

export async function listPools(db: Db, workspaceId: string) {
  return (await store.listPools(db, workspaceId)).map(toPool);
}

/** Creates a promo pool and imports its codes (duplicates are skipped). */
export async function createPool(
  db: Db,
  workspaceId: string,
  input: { name: string; codes: string[] },
  now: Date,
) {
  const id = newId();
  await db.transaction().execute(async (trx) => {
    await store.insertPool(trx, workspaceId, id, input.name, now);
    await store.insertCodes(trx, workspaceId, id, [...new Set(input.codes)]);
  });
  const pool = (await listPools(db, workspaceId)).find((p) => p.id === id);
  if (!pool) throw notFound("promo pool");
  return pool;
}

export async function importCodes(db: Db, workspaceId: string, poolId: string, codes: string[]) {
  if (!(await store.findPool(db, workspaceId, poolId))) throw notFound("promo pool");
  const added = await store.insertCodes(db, workspaceId, poolId, [...new Set(codes)]);
  return { added, skipped: codes.length - added };
}

/** Gives a case a code from the pool (at most one per case; each code goes to one case only). */
export async function grantPromo(
  db: Db,
  workspaceId: string,
  caseId: string,
  poolId: string,
  userId: string | null,
  now: Date,
) {
  await db.transaction().execute(async (trx) => {
    const c = await store.findCase(trx, workspaceId, caseId);
    if (!c) throw notFound("case");
    if (c.promo_code) throw conflict("caseId", "the case has a promo code already");
    if (!(await store.findPool(trx, workspaceId, poolId))) throw notFound("promo pool");
    const code = await store.claimCode(trx, workspaceId, poolId, caseId, now);
    if (!code) throw conflict("poolId", "the pool has no unused code");
    await store.updateCase(trx, workspaceId, caseId, { promo_code: code, updated_at: now });
    await store.insertEvents(trx, workspaceId, [
      { id: newId(), case_id: caseId, kind: "promo", note: code, user_id: userId, created_at: now },
    ]);
  });
  return getCase(db, workspaceId, caseId, now);
}
