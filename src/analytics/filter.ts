import { z } from "zod";
import { invalid } from "../http/errors.js";

/**
 * Segment filters: conditions on response fields and response/customer attributes, all of which must
 * hold. Written as text, e.g. `product = Pro AND city = "Nizhny Novgorod"`, `channel in (email, sms)`,
 * `plan != trial`. A value may be quoted with "…" or '…' (needed for spaces, commas and parentheses).
 */
export const ZCondition = z.object({
  field: z.string().min(1).max(100),
  op: z.enum(["eq", "ne", "in", "nin"]),
  values: z.array(z.string().max(500)).min(1).max(100),
});
export type TCondition = z.infer<typeof ZCondition>;
export type TFilter = TCondition[];

/** Response fields a filter or segment can use besides attributes; survey fields come from the survey. */
export const RESPONSE_FIELDS = ["channel", "language", "status"] as const;
export const SURVEY_FIELDS = ["survey", "touchpoint", "stage"] as const;

const TOKEN = /\s*(?:(\()|(\))|(,)|(!=|<>|=)|"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^\s(),=!<>"']+))/y;

type Token = { kind: "(" | ")" | "," | "op" | "word" | "quoted"; text: string; at: number };

function tokenize(input: string, field: string): Token[] {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < input.length) {
    const rest = input.slice(TOKEN.lastIndex);
    if (/^\s*$/.test(rest)) break;
    const at = TOKEN.lastIndex + (rest.length - rest.trimStart().length);
    const m = TOKEN.exec(input);
    if (!m) throw invalid(field, `unexpected character at position ${at + 1}`);
    if (m[1]) out.push({ kind: "(", text: "(", at });
    else if (m[2]) out.push({ kind: ")", text: ")", at });
    else if (m[3]) out.push({ kind: ",", text: ",", at });
    else if (m[4]) out.push({ kind: "op", text: m[4], at });
    else if (m[5] !== undefined) out.push({ kind: "quoted", text: m[5].replace(/\\(.)/g, "$1"), at });
    else if (m[6] !== undefined) out.push({ kind: "quoted", text: m[6].replace(/\\(.)/g, "$1"), at });
    else out.push({ kind: "word", text: m[7] ?? "", at });
  }
  return out;
}

/** Parses filter text; errors name `field` and the position. An empty text is no filter. */
export function parseFilter(input: string, field = "query.filter"): TFilter {
  const tokens = tokenize(input, field);
  const conditions: TFilter = [];
  let i = 0;
  const peek = () => tokens[i];
  const fail = (msg: string): never => {
    const t = peek();
    throw invalid(field, t ? `${msg} at position ${t.at + 1}` : `${msg} at the end`);
  };
  const value = (): string => {
    const t = peek();
    if (!t || (t.kind !== "word" && t.kind !== "quoted")) return fail("expected a value");
    i++;
    return t.text;
  };
  while (i < tokens.length) {
    if (conditions.length) {
      const and = peek();
      if (and?.kind !== "word" || and.text.toLowerCase() !== "and") fail('expected "AND"');
      i++;
    }
    const name = peek();
    if (name?.kind !== "word") fail("expected an attribute name");
    i++;
    const op = peek();
    let cond: TCondition;
    if (op?.kind === "op") {
      i++;
      cond = { field: name?.text ?? "", op: op.text === "=" ? "eq" : "ne", values: [value()] };
    } else if (op?.kind === "word" && /^(in|not)$/i.test(op.text)) {
      i++;
      const negated = op.text.toLowerCase() === "not";
      if (negated) {
        if (peek()?.text.toLowerCase() !== "in") fail('expected "IN"');
        i++;
      }
      if (peek()?.kind !== "(") fail('expected "("');
      i++;
      const values = [value()];
      while (peek()?.kind === ",") {
        i++;
        values.push(value());
      }
      if (peek()?.kind !== ")") fail('expected ")"');
      i++;
      cond = { field: name?.text ?? "", op: negated ? "nin" : "in", values };
    } else {
      return fail('expected "=", "!=", "IN" or "NOT IN"');
    }
    const checked = ZCondition.safeParse(cond);
    if (!checked.success) throw invalid(field, checked.error.issues[0]?.message ?? "invalid condition");
    conditions.push(checked.data);
  }
  return conditions;
}

const quote = (v: string) =>
  /^[^\s(),=!<>"'\\]+$/.test(v) && !/^(and|in|not)$/i.test(v) ? v : `"${v.replace(/["\\]/g, "\\$&")}"`;

/** The canonical text of a filter (what saved segments store and show). */
export function formatFilter(filter: TFilter): string {
  return filter
    .map((c) =>
      c.op === "eq" || c.op === "ne"
        ? `${c.field} ${c.op === "eq" ? "=" : "!="} ${quote(c.values[0] ?? "")}`
        : `${c.field} ${c.op === "in" ? "in" : "not in"} (${c.values.map(quote).join(", ")})`,
    )
    .join(" and ");
}

/**
 * Whether a record's fields satisfy the filter; a missing field equals nothing. The definition the SQL
 * versions are tested against.
 */
export function matchesFilter(filter: TFilter, get: (field: string) => string | null | undefined): boolean {
  return filter.every((c) => {
    const v = get(c.field) ?? null;
    const hit = v !== null && c.values.includes(v);
    return c.op === "eq" || c.op === "in" ? hit : !hit;
  });
}
