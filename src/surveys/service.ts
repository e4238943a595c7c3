import { createHash } from "node:crypto";
import type { Db } from "../db/connection.js";
import { invalid, notFound } from "../http/errors.js";
import { newId, secretToken } from "../ids.js";
import { checkDefinition } from "./definition.js";
import {
  type Attributes,
  type SurveyDefinition,
  type TChannel,
  type TSurvey,
  type TSurveyInput,
  ZSurveyDefinition,
  ZSurveyKind,
  ZSurveyStatus,
} from "./schema.js";
import * as store from "./store.js";
import type { SurveyRow } from "./tables.js";

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export function toSurvey(row: SurveyRow): TSurvey {
  return {
    id: row.id,
    name: row.name,
    kind: ZSurveyKind.parse(row.kind),
    status: ZSurveyStatus.parse(row.status),
    touchpoint: row.touchpoint,
    stage: row.stage,
    // Stored definitions passed this schema on write; parsing fills defaults added since.
    definition: ZSurveyDefinition.parse(row.definition),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function createSurvey(db: Db, workspaceId: string, input: TSurveyInput, now = new Date()) {
  checkDefinition(input.definition);
  const row = await store.insertSurvey(
    db,
    workspaceId,
    newId(),
    { ...input, touchpoint: input.touchpoint ?? null, stage: input.stage ?? null },
    now,
  );
  return toSurvey(row);
}

export async function getSurvey(db: Db, workspaceId: string, id: string) {
  const row = await store.findSurvey(db, workspaceId, id);
  if (!row) throw notFound("survey");
  return toSurvey(row);
}

export async function listSurveys(db: Db, workspaceId: string, opts: { status?: string } = {}) {
  return (await store.listSurveys(db, workspaceId, opts)).map(toSurvey);
}

/**
 * Edits a survey. Question ids are the link between answers and questions, so a question that
 * already has answers keeps its type: changing it would change what the stored numbers mean.
 */
export async function updateSurvey(
  db: Db,
  workspaceId: string,
  id: string,
  patch: Partial<TSurveyInput>,
  now = new Date(),
) {
  const current = await getSurvey(db, workspaceId, id);
  const next = { ...current, ...patch };
  if (patch.definition) {
    checkDefinition(patch.definition);
    patch.definition.questions.forEach((q, i) => {
      const before = current.definition.questions.find((b) => b.id === q.id);
      if (before && before.type !== q.type) {
        throw invalid(
          `definition.questions.${i}.type`,
          `question "${q.id}" was ${before.type}; add a new question instead of changing its type`,
        );
      }
    });
  }
  const row = await store.updateSurvey(
    db,
    workspaceId,
    id,
    {
      name: next.name,
      kind: next.kind,
      status: next.status,
      touchpoint: next.touchpoint ?? null,
      stage: next.stage ?? null,
      definition: next.definition,
    },
    now,
  );
  if (!row) throw notFound("survey");
  return toSurvey(row);
}

/** Survey definitions by id for validating answers; unknown ids are simply absent. */
export async function loadSurveyDefinitions(db: Db, workspaceId: string, ids: string[]) {
  const out = new Map<string, { definition: SurveyDefinition; status: string }>();
  for (const id of ids) {
    const row = await store.findSurvey(db, workspaceId, id);
    if (row) out.set(id, { definition: ZSurveyDefinition.parse(row.definition), status: row.status });
  }
  return out;
}

const LINK_DAYS = 60;

export interface RecipientLinkOptions {
  /** The channel answers through the link are stored with (default `link`). */
  channel?: TChannel;
  /** Token size; at least 16 bytes (128 bits). Short links use 16, so the token fits an SMS. */
  tokenBytes?: number;
}

/** A personal survey link: the token identifies the customer; only its hash is stored. */
export async function createRecipientLink(
  db: Db,
  publicUrl: string,
  workspaceId: string,
  surveyId: string,
  customerId: string,
  attributes: Attributes,
  now = new Date(),
  options: RecipientLinkOptions = {},
) {
  await getSurvey(db, workspaceId, surveyId);
  const [link] = await issueRecipientTokens(
    db,
    publicUrl,
    workspaceId,
    [{ surveyId, customerId, attributes, channel: options.channel }],
    now,
    options.tokenBytes,
  );
  if (!link) throw new Error("no recipient token issued");
  return link;
}

/**
 * Personal tokens for many recipients in one statement, for callers that already checked the surveys
 * (invitation senders): the same tokens and links as {@link createRecipientLink}, in input order.
 */
export async function issueRecipientTokens(
  db: Db,
  publicUrl: string,
  workspaceId: string,
  items: { surveyId: string; customerId: string; attributes: Attributes; channel?: TChannel }[],
  now = new Date(),
  tokenBytes = 24,
) {
  const expiresAt = new Date(now.getTime() + LINK_DAYS * 86_400_000);
  const issued = items.map((item) => ({ item, token: secretToken(Math.max(16, tokenBytes)) }));
  await store.insertRecipientTokens(
    db,
    issued.map(({ item, token }) => ({
      workspace_id: workspaceId,
      token_hash: hashToken(token),
      survey_id: item.surveyId,
      customer_id: item.customerId,
      attributes: JSON.stringify(item.attributes),
      expires_at: expiresAt,
      channel: item.channel ?? "link",
    })),
  );
  return issued.map(({ item, token }) => ({
    url: `${publicUrl}/s/${item.surveyId}?t=${token}`,
    token,
    expiresAt: expiresAt.toISOString(),
  }));
}

/**
 * The external id of the one response a personal link collects: every save through the same token (a
 * score clicked in an email, the follow-ups on the page, a changed mind) updates that response.
 */
export const recipientResponseKey = (tokenHash: string) => `recipient:${tokenHash}`;

export async function findRecipient(
  db: Db,
  workspaceId: string,
  surveyId: string,
  token: string,
  now = new Date(),
) {
  const row = await store.findRecipientToken(db, workspaceId, hashToken(token), now);
  return row && row.survey_id === surveyId ? row : undefined;
}

/** The survey behind a public link; archived and draft surveys do not take answers. */
export async function getPublicSurvey(db: Db, surveyId: string) {
  const row = await store.findSurveyForPublic(db, surveyId);
  if (row?.status !== "active") throw notFound("survey");
  return { workspaceId: row.workspace_id, survey: toSurvey(row) };
}
