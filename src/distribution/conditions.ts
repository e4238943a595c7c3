/**
 * Trigger conditions on an event's properties and a customer's profile. Pure, so the rule editor's
 * preview, the event path and campaigns evaluate a rule identically.
 */
import type { Attributes } from "../surveys/schema.js";
import type { TRuleCondition } from "./schema.js";

export interface ConditionSubject {
  event?: { type: string; properties: Attributes };
  customer: {
    externalId: string;
    email: string | null;
    phone: string | null;
    name: string | null;
    language: string | null;
    timeZone: string | null;
    attributes: Attributes;
  };
}

type Value = string | number | boolean | null | undefined;

const CUSTOMER_FIELDS = new Set(["externalId", "email", "phone", "name", "language", "timeZone"]);

/** The value a field path names: `event.type`, `event.<property>`, `customer.<field or attribute>`. */
export function fieldValue(subject: ConditionSubject, field: string): Value {
  const dot = field.indexOf(".");
  const scope = field.slice(0, dot);
  const key = field.slice(dot + 1);
  if (scope === "event") {
    if (!subject.event) return undefined;
    return key === "type" ? subject.event.type : subject.event.properties[key];
  }
  const c = subject.customer;
  if (CUSTOMER_FIELDS.has(key)) return c[key as keyof Omit<ConditionSubject["customer"], "attributes">];
  return c.attributes[key];
}

const present = (v: Value) => v !== undefined && v !== null && v !== "";
/** Equality across JSON types as people write it: 5 equals "5", true equals "true". */
const same = (a: Value, b: Value) => present(a) && String(a) === String(b);
const numberOf = (v: Value): number | null => {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "string" && v.trim() !== "") {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
};

export function holds(subject: ConditionSubject, c: TRuleCondition): boolean {
  const v = fieldValue(subject, c.field);
  switch (c.op) {
    case "eq":
      return same(v, c.value);
    case "neq":
      return !same(v, c.value);
    case "in":
      return c.value.some((x) => same(v, x));
    case "notIn":
      return !c.value.some((x) => same(v, x));
    case "contains":
      return typeof v === "string" && v.toLowerCase().includes(c.value.toLowerCase());
    case "exists":
      return present(v);
    case "notExists":
      return !present(v);
    default: {
      const n = numberOf(v);
      if (n === null) return false;
      if (c.op === "gt") return n > c.value;
      if (c.op === "gte") return n >= c.value;
      if (c.op === "lt") return n < c.value;
      return n <= c.value;
    }
  }
}

/** Every condition holds (an empty list always does). */
export const allHold = (subject: ConditionSubject, conditions: TRuleCondition[]) =>
  conditions.every((c) => holds(subject, c));
