import type { ColumnType, Selectable } from "kysely";

type Json<T> = ColumnType<T, string, string>;

export interface LocalizedName {
  ru: string;
  en: string;
}

/** Keyword and phrase rules of a category, per language; matched after stemming. */
export interface CategoryKeywords {
  ru?: string[];
  en?: string[];
}

export interface FeedbackCategoryTable {
  workspace_id: string;
  id: string;
  parent_id: string | null;
  key: string;
  name: Json<LocalizedName>;
  keywords: Json<CategoryKeywords>;
  position: number;
  archived: boolean;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** The open text of one response, its sentiment and a copy of its score (for category statistics). */
export interface FeedbackItemTable {
  workspace_id: string;
  response_id: string;
  survey_id: string;
  customer_id: string | null;
  text: string;
  language: string;
  sentiment: string;
  sentiment_score: number;
  score_kind: string | null;
  score_value: number | null;
  score_group: string | null;
  nps_score: number | null;
  csat_positive: boolean | null;
  attributes: Json<Record<string, string | number | boolean | null>>;
  manual: boolean;
  submitted_at: Date;
  categorized_at: Date;
}

export interface CategoryExplanation {
  /** "rule": a keyword or phrase matched; "model": a token the correction-trained classifier weighs. */
  kind: "rule" | "model";
  term: string;
}

export interface FeedbackItemCategoryTable {
  workspace_id: string;
  response_id: string;
  category_id: string;
  source: string;
  confidence: number;
  explanation: Json<CategoryExplanation[]>;
}

export interface FeedbackCorrectionTable {
  workspace_id: string;
  id: string;
  response_id: string | null;
  text: string;
  language: string;
  category_ids: string[];
  sentiment: string | null;
  user_id: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export type FeedbackCategoryRow = Selectable<FeedbackCategoryTable>;
export type FeedbackItemRow = Selectable<FeedbackItemTable>;
export type FeedbackCorrectionRow = Selectable<FeedbackCorrectionTable>;

export interface FeedbackTables {
  feedback_categories: FeedbackCategoryTable;
  feedback_items: FeedbackItemTable;
  feedback_item_categories: FeedbackItemCategoryTable;
  feedback_corrections: FeedbackCorrectionTable;
}
