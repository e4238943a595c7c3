import type { ColumnType, Selectable } from "kysely";
import type { Attributes, SurveyDefinition } from "./schema.js";

type Json<T> = ColumnType<T, string, string>;

export interface SurveyTable {
  workspace_id: string;
  id: string;
  name: string;
  kind: string;
  status: string;
  touchpoint: string | null;
  stage: string | null;
  definition: Json<SurveyDefinition>;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface RecipientTokenTable {
  workspace_id: string;
  token_hash: string;
  survey_id: string;
  customer_id: string;
  attributes: Json<Attributes>;
  created_at: ColumnType<Date, Date | undefined, never>;
  expires_at: Date;
  /** The channel answers through this link are stored with (an email or SMS invitation's, or `link`). */
  channel: ColumnType<string, string | undefined, string>;
}

export interface ResponseTable {
  workspace_id: string;
  id: string;
  survey_id: string;
  customer_id: string | null;
  external_id: string | null;
  channel: string;
  language: string;
  status: string;
  attributes: Json<Attributes>;
  submitted_at: Date;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface AnswerTable {
  workspace_id: string;
  response_id: string;
  question_id: string;
  survey_id: string;
  kind: string;
  value: number | null;
  choices: string[] | null;
  text: string | null;
  detail: Json<Record<string, number>> | null;
  submitted_at: Date;
}

export type SurveyRow = Selectable<SurveyTable>;
export type ResponseRow = Selectable<ResponseTable>;
export type AnswerRow = Selectable<AnswerTable>;

export interface SurveyTables {
  surveys: SurveyTable;
  recipient_tokens: RecipientTokenTable;
  responses: ResponseTable;
  answers: AnswerTable;
}
