import type { ColumnType, Selectable } from "kysely";

/** Written only by the database triggers of migration 0003; read by `rollup-store.ts`. */
export interface AnswerRollupTable {
  workspace_id: string;
  survey_id: string;
  question_id: string;
  kind: string;
  dim: string;
  dim_value: string | null;
  /** The second attribute's value of a pair dimension (`product+city`). */
  dim_value2: string | null;
  grain: "day" | "month";
  /** The local day, or the first day of the local month. */
  period: ColumnType<string, string, string>;
  channel: string | null;
  language: string | null;
  value: number;
  n: number;
}

export interface SegmentTable {
  workspace_id: string;
  id: string;
  name: string;
  filter: string;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export type SegmentRow = Selectable<SegmentTable>;

export interface AnalyticsTables {
  answer_rollups: AnswerRollupTable;
  segments: SegmentTable;
}
