/**
 * The trigger editor's form state and its translation to and from the API. The form keeps what the
 * user typed as text; numbers are converted on the way out, and anything that does not convert is sent
 * as it is so the server's validation names the field (one set of rules, at the edge).
 */
import type { Channel, RuleCondition, Trigger, TriggerInput } from "./types.js";

export type RuleKind = "event" | "schedule" | "page";
export type DelayUnit = "minutes" | "hours" | "days";
export type ConditionOp = RuleCondition["op"];

export const CONDITION_OPS: ConditionOp[] = [
  "eq",
  "neq",
  "in",
  "notIn",
  "gt",
  "gte",
  "lt",
  "lte",
  "contains",
  "exists",
  "notExists",
];

export interface ConditionRow {
  /** A stable React key for the row. */
  key: number;
  field: string;
  op: ConditionOp;
  value: string;
}

export interface TriggerForm {
  name: string;
  enabled: boolean;
  surveyId: string;
  channel: Channel;
  kind: RuleKind;
  eventType: string;
  delay: string;
  delayUnit: DelayUnit;
  every: string;
  unit: "day" | "week" | "month";
  /** Local date-time of the first occurrence (`YYYY-MM-DDTHH:MM`, the browser's time zone). */
  startAt: string;
  segmentId: string;
  urlMatch: string;
  pageEvent: string;
  secondsOnPage: string;
  exitIntent: boolean;
  displayMode: "popup" | "inline";
  selector: string;
  anonymous: boolean;
  conditions: ConditionRow[];
  samplePercent: string;
  recontactOverride: boolean;
  recontactDays: string;
  quietOverride: boolean;
  quietFrom: string;
  quietTo: string;
}

let nextKey = 1;
export const newCondition = (kind: RuleKind): ConditionRow => ({
  key: nextKey++,
  field: kind === "event" ? "event." : "customer.",
  op: "eq",
  value: "",
});

const MINUTES: Record<DelayUnit, number> = { minutes: 1, hours: 60, days: 1440 };

/** The largest unit that expresses the delay exactly: 14400 minutes reads as 10 days. */
export function splitDelay(minutes: number): { delay: string; delayUnit: DelayUnit } {
  if (minutes > 0 && minutes % 1440 === 0) return { delay: String(minutes / 1440), delayUnit: "days" };
  if (minutes > 0 && minutes % 60 === 0) return { delay: String(minutes / 60), delayUnit: "hours" };
  return { delay: String(minutes), delayUnit: "minutes" };
}

const pad = (n: number) => String(n).padStart(2, "0");
/** An ISO instant as a `datetime-local` value in the browser's time zone. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function emptyForm(surveyId: string, now = new Date()): TriggerForm {
  const start = new Date(now.getTime() + 86_400_000);
  start.setHours(10, 0, 0, 0);
  return {
    name: "",
    enabled: true,
    surveyId,
    channel: "email",
    kind: "event",
    eventType: "",
    delay: "0",
    delayUnit: "days",
    every: "3",
    unit: "month",
    startAt: toLocalInput(start.toISOString()),
    segmentId: "",
    urlMatch: "",
    pageEvent: "",
    secondsOnPage: "",
    exitIntent: false,
    displayMode: "popup",
    selector: "",
    anonymous: false,
    conditions: [],
    samplePercent: "100",
    recontactOverride: false,
    recontactDays: "",
    quietOverride: false,
    quietFrom: "22:00",
    quietTo: "09:00",
  };
}

const conditionValue = (c: RuleCondition): string =>
  "value" in c ? (Array.isArray(c.value) ? c.value.join(", ") : String(c.value)) : "";

export function formFromTrigger(t: Trigger): TriggerForm {
  const base = emptyForm(t.surveyId);
  const rule = t.rule;
  const conditions = rule.conditions.map((c) => ({
    key: nextKey++,
    field: c.field,
    op: c.op,
    value: conditionValue(c),
  }));
  const form: TriggerForm = {
    ...base,
    name: t.name,
    enabled: t.enabled,
    channel: t.channel,
    kind: rule.kind,
    conditions,
    samplePercent: String(t.samplePercent),
    recontactOverride: t.recontactDays !== null,
    recontactDays: t.recontactDays === null ? "" : String(t.recontactDays),
    quietOverride: t.quietHours !== null,
    quietFrom: t.quietHours?.from ?? base.quietFrom,
    quietTo: t.quietHours?.to ?? base.quietTo,
  };
  if (rule.kind === "event") return { ...form, eventType: rule.eventType, ...splitDelay(rule.delayMinutes) };
  if (rule.kind === "schedule") {
    return {
      ...form,
      every: String(rule.every),
      unit: rule.unit,
      startAt: toLocalInput(new Date(rule.startAt).toISOString()),
      segmentId: rule.segmentId ?? "",
    };
  }
  return {
    ...form,
    urlMatch: rule.urlMatch ?? "",
    pageEvent: rule.event ?? "",
    secondsOnPage: rule.secondsOnPage == null ? "" : String(rule.secondsOnPage),
    exitIntent: rule.exitIntent,
    displayMode: rule.display.mode,
    selector: rule.display.selector ?? "",
    anonymous: rule.anonymous,
  };
}

/** A number when the text is one; otherwise the text itself, for the server to refuse at the field. */
const num = (s: string): number | string => {
  const trimmed = s.trim().replace(",", ".");
  return trimmed !== "" && Number.isFinite(Number(trimmed)) ? Number(trimmed) : s;
};

function conditionOut(c: ConditionRow): unknown {
  const field = c.field.trim();
  switch (c.op) {
    case "exists":
    case "notExists":
      return { field, op: c.op };
    case "in":
    case "notIn":
      return {
        field,
        op: c.op,
        value: c.value
          .split(",")
          .map((v) => v.trim())
          .filter(Boolean),
      };
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      return { field, op: c.op, value: num(c.value) };
    default:
      return { field, op: c.op, value: c.value };
  }
}

function ruleOut(f: TriggerForm): unknown {
  const conditions = f.conditions.map(conditionOut);
  if (f.kind === "event") {
    const delay = num(f.delay);
    return {
      kind: "event",
      eventType: f.eventType.trim(),
      conditions,
      delayMinutes: typeof delay === "number" ? Math.round(delay * MINUTES[f.delayUnit]) : delay,
    };
  }
  if (f.kind === "schedule") {
    const start = f.startAt ? new Date(f.startAt) : null;
    return {
      kind: "schedule",
      every: num(f.every),
      unit: f.unit,
      startAt: start && !Number.isNaN(start.getTime()) ? start.toISOString() : f.startAt,
      conditions,
      segmentId: f.segmentId || null,
    };
  }
  return {
    kind: "page",
    event: f.pageEvent.trim() || null,
    urlMatch: f.urlMatch.trim() || null,
    secondsOnPage: f.secondsOnPage.trim() ? num(f.secondsOnPage) : null,
    exitIntent: f.exitIntent,
    conditions,
    display: { mode: f.displayMode, selector: f.displayMode === "inline" ? f.selector.trim() || null : null },
    anonymous: f.anonymous,
  };
}

/** The API body; the channel follows the rule where only one fits (the widget shows page rules). */
export function formToInput(f: TriggerForm): TriggerInput {
  const channel: Channel = f.kind === "page" ? "widget" : f.channel === "widget" ? "email" : f.channel;
  // The editor sends what the user typed; the server's schema is the judge (see the file comment).
  return {
    name: f.name,
    enabled: f.enabled,
    surveyId: f.surveyId,
    channel,
    rule: ruleOut(f),
    samplePercent: num(f.samplePercent),
    recontactDays: f.recontactOverride ? num(f.recontactDays) : null,
    quietHours: f.quietOverride ? { from: f.quietFrom, to: f.quietTo } : null,
  } as TriggerInput;
}
