import type { TQuestion, TResponseInput, TSurvey } from "../surveys/schema.js";
import { ZResponseInput } from "../surveys/schema.js";

/**
 * The wide response CSV: one row per response.
 * - `external_id` (recommended: makes re-imports idempotent), `customer_id`, `submitted_at` (ISO 8601),
 *   optional `channel` (default import) and `language`;
 * - one column per question, named by question id: scores as numbers, choices as option ids joined
 *   by `;`, text as is; a CLI question takes one column per item, `<question>.<item>`;
 * - `customer.<name>` columns become customer attributes; every other column is a response attribute.
 * Empty cells are skipped.
 */
export const RESERVED = new Set(["external_id", "customer_id", "submitted_at", "channel", "language"]);

export type Row = Record<string, string>;

/**
 * The CSV column an API field comes from, so problems name what the user sees in the file:
 * `responses.3.answers.nps` → `nps`, `submittedAt` → `submitted_at`, `customer.attributes.plan` →
 * `customer.plan`.
 */
export function columnOf(field: string): string {
  const path = field.replace(/^responses\.\d+\./, "");
  const [head, ...rest] = path.split(".");
  switch (head) {
    case "answers":
    case "attributes":
      return rest.join(".") || head;
    case "customer":
      return rest[0] === "attributes" && rest.length > 1
        ? `customer.${rest.slice(1).join(".")}`
        : "customer_id";
    case "externalId":
      return "external_id";
    case "submittedAt":
      return "submitted_at";
    default:
      return path;
  }
}

function cellValue(q: TQuestion, raw: string): number | string | string[] {
  switch (q.type) {
    case "text":
      return raw;
    case "choice":
      return raw
        .split(";")
        .map((s) => s.trim())
        .filter(Boolean);
    default: {
      const n = Number(raw.replace(",", "."));
      if (!Number.isFinite(n)) throw new Error(`${q.id}: "${raw}" is not a number`);
      return n;
    }
  }
}

/** Turns one CSV row into an API response, or explains what is wrong with it. */
export function rowToResponse(
  survey: TSurvey,
  row: Row,
): { ok: true; value: TResponseInput } | { ok: false; message: string } {
  try {
    const answers: TResponseInput["answers"] = {};
    const attributes: Record<string, string> = {};
    const customerAttributes: Record<string, string> = {};
    for (const [col, rawCell] of Object.entries(row)) {
      const raw = rawCell.trim();
      if (RESERVED.has(col) || raw === "") continue;
      if (col.startsWith("customer.")) {
        customerAttributes[col.slice(9)] = raw;
        continue;
      }
      const [qid, item] = col.split(".", 2);
      const q = survey.definition.questions.find((x) => x.id === qid);
      if (q?.type === "cli" && item) {
        const prev = answers[q.id];
        const items = prev && typeof prev === "object" && !Array.isArray(prev) ? prev : {};
        answers[q.id] = { ...items, [item]: Number(raw) };
      } else if (q && !item) {
        answers[q.id] = cellValue(q, raw);
      } else {
        attributes[col] = raw;
      }
    }
    const parsed = ZResponseInput.safeParse({
      surveyId: survey.id,
      externalId: row.external_id?.trim() || undefined,
      submittedAt: row.submitted_at?.trim() || undefined,
      channel: row.channel?.trim() || "import",
      language: row.language?.trim() || undefined,
      customer: row.customer_id?.trim()
        ? { externalId: row.customer_id.trim(), attributes: customerAttributes }
        : undefined,
      attributes,
      answers,
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join(".");
      return { ok: false, message: `${field ? columnOf(field) : "row"}: ${issue?.message}` };
    }
    return { ok: true, value: parsed.data };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}
