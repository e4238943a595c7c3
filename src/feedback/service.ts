/**
 * Feedback management: the category taxonomy, categorization of open-text answers (on ingest, on
 * request, and after manual corrections that train the workspace's classifier), and the inbox.
 */
import type { Db } from "../db/connection.js";
import { AppError, conflict, invalid, notFound } from "../http/errors.js";
import { newId } from "../ids.js";
import { type ResponseDigest, responseDigests } from "../surveys/digest.js";
import { textResponseIds } from "../surveys/responses-store.js";
import { buildCategorizer, type Categorizer, categorize } from "./categorizer.js";
import type {
  TCategory,
  TCategoryInput,
  TCategoryPatch,
  TCorrectionInput,
  TFeedbackItem,
  TFeedbackQuery,
  TRecategorizeInput,
  TSentiment,
} from "./schema.js";
import * as store from "./store.js";
import type { FeedbackCategoryRow, FeedbackItemRow } from "./tables.js";
import { flattenDefaults } from "./taxonomy.js";
import { detectLanguage } from "./text.js";

/** Corrections the classifier learns from (the newest per answer). */
const MAX_TRAINING = 5000;

export const toCategory = (r: FeedbackCategoryRow): TCategory => ({
  id: r.id,
  parentId: r.parent_id,
  key: r.key,
  name: r.name,
  keywords: r.keywords,
  position: r.position,
  archived: r.archived,
});

/**
 * Gives a workspace the default taxonomy the first time it needs one (a workspace without any category,
 * archived ones included). Safe to run concurrently: seeding skips keys that exist.
 */
export async function ensureTaxonomy(db: Db, workspaceId: string, now = new Date()) {
  if ((await store.countCategories(db, workspaceId)) > 0) return;
  const defaults = flattenDefaults();
  const ids = new Map(defaults.map((d) => [d.key, newId()]));
  await store.insertCategories(
    db,
    workspaceId,
    defaults.map((d) => ({
      id: ids.get(d.key) ?? newId(),
      parent_id: d.parentKey ? (ids.get(d.parentKey) ?? null) : null,
      key: d.key,
      name: d.name,
      keywords: d.keywords,
      position: d.position,
      archived: false,
    })),
    now,
  );
}

export async function listCategories(db: Db, workspaceId: string, opts: { includeArchived?: boolean } = {}) {
  await ensureTaxonomy(db, workspaceId);
  return (await store.listCategories(db, workspaceId, opts)).map(toCategory);
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60) || "category";

async function checkParent(
  db: Db,
  workspaceId: string,
  parentId: string | null | undefined,
  selfId?: string,
) {
  if (!parentId) return;
  if (parentId === selfId) throw invalid("parentId", "a category cannot be its own parent");
  const parent = await store.findCategory(db, workspaceId, parentId);
  if (!parent) throw invalid("parentId", "parent category not found");
  if (parent.parent_id) throw invalid("parentId", "sub-categories cannot have sub-categories (two levels)");
}

export async function createCategory(db: Db, workspaceId: string, input: TCategoryInput, now = new Date()) {
  await ensureTaxonomy(db, workspaceId, now);
  await checkParent(db, workspaceId, input.parentId);
  const parent = input.parentId ? await store.findCategory(db, workspaceId, input.parentId) : undefined;
  const key = input.key ?? (parent ? `${parent.key}.${slug(input.name.en)}` : slug(input.name.en));
  const [row] = await store.insertCategories(
    db,
    workspaceId,
    [
      {
        id: newId(),
        parent_id: input.parentId ?? null,
        key,
        name: input.name,
        keywords: input.keywords ?? {},
        position: input.position ?? 0,
        archived: input.archived ?? false,
      },
    ],
    now,
  );
  if (!row) throw conflict("key", `a category with key ${key} exists`);
  return toCategory(row);
}

export async function updateCategory(
  db: Db,
  workspaceId: string,
  id: string,
  patch: TCategoryPatch,
  now = new Date(),
) {
  const existing = await store.findCategory(db, workspaceId, id);
  if (!existing) throw notFound("category");
  if (patch.parentId !== undefined) await checkParent(db, workspaceId, patch.parentId, id);
  try {
    const row = await store.updateCategory(db, workspaceId, id, {
      ...(patch.key !== undefined ? { key: patch.key } : {}),
      ...(patch.parentId !== undefined ? { parent_id: patch.parentId } : {}),
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.keywords !== undefined ? { keywords: patch.keywords } : {}),
      ...(patch.position !== undefined ? { position: patch.position } : {}),
      ...(patch.archived !== undefined ? { archived: patch.archived } : {}),
      updated_at: now,
    });
    if (!row) throw notFound("category");
    return toCategory(row);
  } catch (e) {
    if (e instanceof AppError) throw e;
    if (String((e as { code?: string }).code) === "23505")
      throw conflict("key", "a category with this key exists");
    throw e;
  }
}

/** Deletes a category with its sub-categories and their assignments (archive it to keep history). */
export async function deleteCategory(db: Db, workspaceId: string, id: string) {
  if (!(await store.deleteCategory(db, workspaceId, id))) throw notFound("category");
}

const cache = new Map<string, { version: string; categorizer: Categorizer }>();

/** The workspace's categorizer, retrained only when its categories or corrections changed. */
async function loadCategorizer(db: Db, workspaceId: string, now: Date) {
  await ensureTaxonomy(db, workspaceId, now);
  const categories = await store.listCategories(db, workspaceId);
  const version = [
    await store.correctionsVersion(db, workspaceId),
    ...categories.map((c) => `${c.id}@${c.updated_at.getTime()}`),
  ].join("|");
  const hit = cache.get(workspaceId);
  if (hit?.version === version) return { categorizer: hit.categorizer, categories };
  const corrections = await store.latestCorrections(db, workspaceId, MAX_TRAINING);
  const categorizer = buildCategorizer(
    categories.map((c) => ({ id: c.id, keywords: c.keywords })),
    corrections.map((c) => ({ text: c.text, categoryIds: c.category_ids })),
  );
  if (cache.size >= 200) cache.delete(cache.keys().next().value ?? "");
  cache.set(workspaceId, { version, categorizer });
  return { categorizer, categories };
}

export interface Categorized {
  responseId: string;
  categoryIds: string[];
  sentiment: TSentiment | null;
  digest: ResponseDigest;
}

/**
 * Categorizes stored responses: answers with open text get (or refresh) their feedback item, category
 * assignments and sentiment; answers whose text was cleared lose them. Categories a person set are kept
 * unless the text changed or `keepManual` is false. Runs inside the caller's transaction.
 */
export async function categorizeResponses(
  db: Db,
  workspaceId: string,
  responseIds: string[],
  now: Date,
  opts: { keepManual?: boolean } = {},
): Promise<Categorized[]> {
  if (!responseIds.length) return [];
  const digests = await responseDigests(db, workspaceId, responseIds);
  const withText = digests.filter((d) => d.text);
  await store.deleteItems(
    db,
    workspaceId,
    digests.filter((d) => !d.text).map((d) => d.id),
  );
  if (!withText.length)
    return digests.map((digest) => ({ responseId: digest.id, categoryIds: [], sentiment: null, digest }));
  const { categorizer } = await loadCategorizer(db, workspaceId, now);
  const existing = new Map(
    (
      await store.findItems(
        db,
        workspaceId,
        withText.map((d) => d.id),
      )
    ).map((i) => [i.response_id, i]),
  );
  const kept = new Map<string, string[]>();
  const manualIds = withText.filter((d) => {
    const prev = existing.get(d.id);
    return (opts.keepManual ?? true) && prev?.manual && prev.text === d.text;
  });
  if (manualIds.length) {
    const rows = await store.itemCategories(
      db,
      workspaceId,
      manualIds.map((d) => d.id),
    );
    for (const d of manualIds)
      kept.set(
        d.id,
        rows.filter((r) => r.response_id === d.id).map((r) => r.category_id),
      );
  }
  const items: store.ItemWrite[] = [];
  const assignments: store.ItemCategoryWrite[] = [];
  const out: Categorized[] = [];
  for (const d of withText) {
    const result = categorize(categorizer, d.text, { group: d.score?.group, npsScore: d.npsScore });
    const prev = existing.get(d.id);
    const manual = kept.get(d.id);
    items.push({
      response_id: d.id,
      survey_id: d.surveyId,
      customer_id: d.customerId,
      text: d.text,
      language: detectLanguage(d.text),
      sentiment: manual && prev ? prev.sentiment : result.sentiment,
      sentiment_score: manual && prev ? prev.sentiment_score : result.sentimentScore,
      score_kind: d.score?.kind ?? null,
      score_value: d.score?.value ?? null,
      score_group: d.score?.group ?? null,
      nps_score: d.npsScore,
      csat_positive: d.csatPositive,
      attributes: d.attributes,
      manual: manual !== undefined,
      submitted_at: d.submittedAt,
      categorized_at: now,
    });
    if (!manual) {
      assignments.push(
        ...result.categories.map((c) => ({
          response_id: d.id,
          category_id: c.id,
          source: c.source,
          confidence: c.confidence,
          explanation: c.explanation,
        })),
      );
    }
    out.push({
      responseId: d.id,
      categoryIds: manual ?? result.categories.map((c) => c.id),
      sentiment: manual && prev ? (prev.sentiment as TSentiment) : result.sentiment,
      digest: d,
    });
  }
  await store.upsertItems(db, workspaceId, items);
  await store.replaceItemCategories(
    db,
    workspaceId,
    withText.filter((d) => !kept.has(d.id)).map((d) => d.id),
    assignments,
  );
  const noText = digests.filter((d) => !d.text);
  return [
    ...out,
    ...noText.map((digest) => ({ responseId: digest.id, categoryIds: [], sentiment: null, digest })),
  ];
}

/**
 * A person's correction of an answer's categories (and optionally its sentiment): applied at once,
 * recorded with who made it, and used to train the workspace's classifier from the next call on.
 */
export async function correctCategories(
  db: Db,
  workspaceId: string,
  responseId: string,
  input: TCorrectionInput,
  userId: string | null,
  now = new Date(),
) {
  const ids = [...new Set(input.categoryIds)];
  await db.transaction().execute(async (trx) => {
    let [item] = await store.findItems(trx, workspaceId, [responseId]);
    if (!item) {
      const done = await categorizeResponses(trx, workspaceId, [responseId], now);
      if (!done.length) throw notFound("response");
      [item] = await store.findItems(trx, workspaceId, [responseId]);
      if (!item) throw invalid("responseId", "the response has no open-text answer to categorize");
    }
    const categories = new Map(
      (await store.listCategories(trx, workspaceId, { includeArchived: true })).map((c) => [c.id, c]),
    );
    const unknown = ids.find((id) => !categories.has(id));
    if (unknown) throw invalid("categoryIds", `category ${unknown} not found`);
    await store.insertCorrection(trx, {
      workspace_id: workspaceId,
      id: newId(),
      response_id: responseId,
      text: item.text,
      language: item.language,
      category_ids: ids,
      sentiment: input.sentiment ?? null,
      user_id: userId,
      created_at: now,
    });
    await store.upsertItems(trx, workspaceId, [
      {
        ...item,
        attributes: item.attributes,
        sentiment: input.sentiment ?? item.sentiment,
        manual: true,
        categorized_at: now,
      },
    ]);
    await store.replaceItemCategories(
      trx,
      workspaceId,
      [responseId],
      ids.map((id) => ({
        response_id: responseId,
        category_id: id,
        source: "manual",
        confidence: 1,
        explanation: [],
      })),
    );
  });
  return getFeedbackItem(db, workspaceId, responseId);
}

/** Categorizes again every answer with open text in the scope, in pages of 200, one transaction each. */
export async function recategorize(db: Db, workspaceId: string, input: TRecategorizeInput, now = new Date()) {
  let after: string | undefined;
  let processed = 0;
  let categorized = 0;
  for (;;) {
    const ids = await textResponseIds(db, workspaceId, {
      surveyId: input.surveyId,
      from: input.from,
      to: input.to,
      after,
      limit: 200,
    });
    if (!ids.length) break;
    const done = await db
      .transaction()
      .execute((trx) => categorizeResponses(trx, workspaceId, ids, now, { keepManual: input.keepManual }));
    processed += ids.length;
    categorized += done.filter((d) => d.categoryIds.length > 0).length;
    after = ids.at(-1);
  }
  return { processed, categorized };
}

async function toItems(db: Db, workspaceId: string, rows: FeedbackItemRow[]): Promise<TFeedbackItem[]> {
  const assigned = await store.itemCategories(
    db,
    workspaceId,
    rows.map((r) => r.response_id),
  );
  const categories = new Map(
    (await store.listCategories(db, workspaceId, { includeArchived: true })).map((c) => [c.id, c]),
  );
  return rows.map((r) => ({
    responseId: r.response_id,
    surveyId: r.survey_id,
    customerId: r.customer_id,
    text: r.text,
    language: r.language,
    sentiment: r.sentiment === "positive" ? "positive" : r.sentiment === "negative" ? "negative" : "neutral",
    sentimentScore: r.sentiment_score,
    score:
      r.score_kind !== null && r.score_value !== null
        ? { kind: r.score_kind, value: r.score_value, group: r.score_group }
        : null,
    categories: assigned
      .filter((a) => a.response_id === r.response_id)
      .flatMap((a) => {
        const c = categories.get(a.category_id);
        if (!c) return [];
        const source = a.source === "manual" ? "manual" : a.source === "model" ? "model" : "rule";
        return [
          {
            id: c.id,
            key: c.key,
            parentId: c.parent_id,
            name: c.name,
            source,
            confidence: a.confidence,
            explanation: a.explanation,
          } as const,
        ];
      }),
    manual: r.manual,
    submittedAt: r.submitted_at.toISOString(),
    categorizedAt: r.categorized_at.toISOString(),
  }));
}

export async function getFeedbackItem(db: Db, workspaceId: string, responseId: string) {
  const [row] = await store.findItems(db, workspaceId, [responseId]);
  if (!row) throw notFound("categorized answer");
  const [item] = await toItems(db, workspaceId, [row]);
  if (!item) throw notFound("categorized answer");
  return item;
}

const encodeCursor = (r: FeedbackItemRow) =>
  Buffer.from(`${r.submitted_at.toISOString()}|${r.response_id}`).toString("base64url");

function decodeCursor(cursor: string) {
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const submittedAt = new Date(at ?? "");
  if (!id || Number.isNaN(submittedAt.getTime())) throw invalid("query.cursor", "malformed cursor");
  return { submittedAt, id };
}

/** The inbox: answers with open text, newest first, with categories and sentiment. */
export async function listFeedback(db: Db, workspaceId: string, q: TFeedbackQuery) {
  let categoryIds: string[] | undefined;
  if (q.categoryId) {
    const all = await store.listCategories(db, workspaceId, { includeArchived: true });
    if (!all.some((c) => c.id === q.categoryId)) throw invalid("query.categoryId", "category not found");
    categoryIds = all.filter((c) => c.id === q.categoryId || c.parent_id === q.categoryId).map((c) => c.id);
  }
  const rows = await store.listItems(db, workspaceId, {
    surveyId: q.surveyId,
    categoryIds,
    uncategorized: q.uncategorized,
    sentiment: q.sentiment,
    group: q.group,
    from: q.from,
    to: q.to,
    q: q.q,
    cursor: q.cursor ? decodeCursor(q.cursor) : undefined,
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: await toItems(db, workspaceId, page),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last) : null,
  };
}
