import { upsertCustomers } from "../customers/service.js";
import type { Db } from "../db/connection.js";
import { AppError, invalid, notFound } from "../http/errors.js";
import { newId } from "../ids.js";
import { afterResponsesStored } from "../loop/pipeline.js";
import { answerValue, type NormalizedAnswer, normalizeAnswers } from "./answers.js";
import * as store from "./responses-store.js";
import type { TAnswerValue, TResponse, TResponseInput } from "./schema.js";
import { loadSurveyDefinitions } from "./service.js";
import type { ResponseRow } from "./tables.js";

export const MAX_BATCH = 1000;

export interface IngestResult {
  id: string;
  externalId: string | null;
}

/** What is wrong with one row of a batch, by its index. */
export interface RowProblem {
  index: number;
  field?: string;
  message: string;
}

const externalIdTaken = (field: string, externalId: string) =>
  invalid(field, `externalId ${externalId} already belongs to a response of another survey`);

async function prepare(
  db: Db,
  workspaceId: string,
  inputs: TResponseInput[],
  now: Date,
  prefix: (i: number) => string,
) {
  if (inputs.length > MAX_BATCH) throw invalid("responses", `at most ${MAX_BATCH} responses per request`);
  const definitions = await loadSurveyDefinitions(db, workspaceId, [
    ...new Set(inputs.map((r) => r.surveyId)),
  ]);
  const existing = await store.surveysOfExternalIds(
    db,
    workspaceId,
    inputs.flatMap((r) => (r.externalId ? [r.externalId] : [])),
  );
  const seenExternal = new Set<string>();
  const problems: (RowProblem & { error: AppError })[] = [];
  const prepared = inputs.flatMap((input, i) => {
    try {
      const survey = definitions.get(input.surveyId);
      if (!survey) throw invalid(`${prefix(i)}surveyId`, `survey ${input.surveyId} not found`);
      if (input.externalId) {
        if (seenExternal.has(input.externalId))
          throw invalid(`${prefix(i)}externalId`, "the same externalId appears twice in the batch");
        seenExternal.add(input.externalId);
        const owner = existing.get(input.externalId);
        if (owner && owner !== input.surveyId)
          throw externalIdTaken(`${prefix(i)}externalId`, input.externalId);
      }
      if (input.submittedAt && input.submittedAt.getTime() > now.getTime() + 5 * 60_000) {
        throw invalid(`${prefix(i)}submittedAt`, "is in the future");
      }
      const { set, cleared } = normalizeAnswers(survey.definition, input.answers, `${prefix(i)}answers`);
      if (!input.externalId && set.length === 0)
        throw invalid(`${prefix(i)}answers`, "at least one answer is needed");
      const language = input.language ?? input.customer?.language ?? survey.definition.defaultLanguage;
      return [{ index: i, input, set, cleared, language, id: newId() }];
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      problems.push({ index: i, field: e.field, message: e.message, error: e });
      return [];
    }
  });
  return { prepared, problems };
}

/** Checks a batch without writing it: every problem, by index (for line-numbered import reports). */
export async function validateResponses(
  db: Db,
  workspaceId: string,
  inputs: TResponseInput[],
  now = new Date(),
) {
  const { problems } = await prepare(db, workspaceId, inputs, now, (i) => `responses.${i}.`);
  return problems.map(({ index, field, message }) => ({ index, field, message }));
}

/**
 * Records responses: all are validated first, then written in one transaction, so a batch is
 * stored whole or not at all. Responses with an external id are upserted (retries never duplicate;
 * a follow-up merges its answers into the same response).
 */
export async function ingestResponses(
  db: Db,
  workspaceId: string,
  inputs: TResponseInput[],
  opts: { now?: Date; fieldPrefix?: (i: number) => string } = {},
): Promise<IngestResult[]> {
  const now = opts.now ?? new Date();
  const prefix = opts.fieldPrefix ?? ((i: number) => `responses.${i}.`);
  const { prepared, problems } = await prepare(db, workspaceId, inputs, now, prefix);
  const first = problems[0];
  if (first) throw first.error;

  return db.transaction().execute(async (trx) => {
    const refs = prepared.flatMap((p) => (p.input.customer ? [p.input.customer] : []));
    const customerIds = await upsertCustomers(trx, workspaceId, refs, now);
    const stored = await store.upsertResponses(
      trx,
      workspaceId,
      prepared.map((p) => ({
        id: p.id,
        survey_id: p.input.surveyId,
        customer_id: p.input.customer ? (customerIds.get(p.input.customer.externalId) ?? null) : null,
        external_id: p.input.externalId ?? null,
        channel: p.input.channel,
        language: p.language,
        status: p.input.complete ? "complete" : "partial",
        attributes: p.input.attributes,
        ...(p.input.ticketId ? { attributes: { ...p.input.attributes, ticketId: p.input.ticketId } } : {}),
        submitted_at: p.input.submittedAt ?? now,
      })),
      now,
    );
    // Rows come back in insert order; map by external id where there is one, by new id otherwise.
    const byExternal = new Map(stored.filter((s) => s.external_id).map((s) => [s.external_id, s]));
    const byId = new Map(stored.map((s) => [s.id, s]));
    const results: IngestResult[] = [];
    const answers: store.AnswerWrite[] = [];
    const cleared: { response_id: string; question_id: string }[] = [];
    for (const p of prepared) {
      const row = (p.input.externalId ? byExternal.get(p.input.externalId) : byId.get(p.id)) ?? null;
      if (!row) throw new Error("upsert returned no row for a response");
      // Checked in prepare(); a concurrent writer may have taken the id since.
      if (row.survey_id !== p.input.surveyId) {
        throw externalIdTaken(`${prefix(p.index)}externalId`, p.input.externalId ?? "");
      }
      results.push({ id: row.id, externalId: p.input.externalId ?? null });
      answers.push(
        ...p.set.map((a: NormalizedAnswer) => toAnswerWrite(a, row.id, row.survey_id, row.submitted_at)),
      );
      cleared.push(...p.cleared.map((q) => ({ response_id: row.id, question_id: q })));
    }
    await store.replaceAnswers(trx, workspaceId, answers, cleared);
    // Categories, sentiment and cases commit with the answers (see loop/pipeline.ts).
    await afterResponsesStored(trx, workspaceId, [...new Set(results.map((r) => r.id))], now);
    return results;
  });
}

const toAnswerWrite = (
  a: NormalizedAnswer,
  responseId: string,
  surveyId: string,
  submittedAt: Date,
): store.AnswerWrite => ({
  response_id: responseId,
  question_id: a.questionId,
  survey_id: surveyId,
  kind: a.kind,
  value: a.value,
  choices: a.choices,
  text: a.text,
  detail: a.detail,
  submitted_at: submittedAt,
});

type ListedRow = ResponseRow & { customer_external_id: string | null };

async function toApi(db: Db, workspaceId: string, rows: ListedRow[]): Promise<TResponse[]> {
  const answers = await store.answersOf(
    db,
    workspaceId,
    rows.map((r) => r.id),
  );
  const byResponse = new Map<string, typeof answers>();
  for (const a of answers) byResponse.set(a.response_id, [...(byResponse.get(a.response_id) ?? []), a]);
  return rows.map((r) => ({
    id: r.id,
    externalId: r.external_id,
    surveyId: r.survey_id,
    customerId: r.customer_id,
    customerExternalId: r.customer_external_id,
    channel: r.channel,
    language: r.language,
    status: r.status === "complete" ? "complete" : "partial",
    attributes: r.attributes,
    submittedAt: r.submitted_at.toISOString(),
    answers: (byResponse.get(r.id) ?? []).map((a) => {
      const v = answerValue(a);
      return {
        questionId: a.question_id,
        type: a.kind,
        value: a.value,
        choices: a.choices,
        text: a.text,
        items: a.kind === "cli" && v && typeof v === "object" && !Array.isArray(v) ? v : null,
      };
    }),
  }));
}

const encodeCursor = (r: ResponseRow) =>
  Buffer.from(`${r.submitted_at.toISOString()}|${r.id}`).toString("base64url");

function decodeCursor(cursor: string) {
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const submittedAt = new Date(at ?? "");
  if (!id || Number.isNaN(submittedAt.getTime())) throw invalid("query.cursor", "malformed cursor");
  return { submittedAt, id };
}

export async function listResponses(
  db: Db,
  workspaceId: string,
  f: Omit<store.ResponseFilter, "cursor"> & { cursor?: string },
) {
  const rows = await store.listResponses(db, workspaceId, {
    ...f,
    cursor: f.cursor ? decodeCursor(f.cursor) : undefined,
    limit: f.limit + 1,
  });
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  return {
    items: await toApi(db, workspaceId, page),
    nextCursor: rows.length > f.limit && last ? encodeCursor(last) : null,
  };
}

export async function getResponse(db: Db, workspaceId: string, id: string) {
  const row = await store.findResponse(db, workspaceId, id);
  if (!row) throw notFound("response");
  const [api] = await toApi(db, workspaceId, [row]);
  if (!api) throw notFound("response");
  return api;
}

/** The answers stored so far under an external id, as the survey page sends them (question id → value). */
export async function answersOfExternalId(
  db: Db,
  workspaceId: string,
  externalId: string,
): Promise<Record<string, TAnswerValue>> {
  const row = await store.findResponseByExternalId(db, workspaceId, externalId);
  if (!row) return {};
  const answers = await store.answersOf(db, workspaceId, [row.id]);
  return Object.fromEntries(answers.map((a) => [a.question_id, answerValue(a)]));
}
