/** Calendars, SLA policies and support settings: validated with the metrics kernel, stored per workspace. */
import { z } from "zod";
import type { Db } from "../db/connection.js";
import { AppError, conflict, invalid, notFound } from "../http/errors.js";
import { newId } from "../ids.js";
import { type BusinessCalendar, type SlaPolicy, validateCalendar } from "../metrics/support.js";
import {
  DEFAULT_SETTINGS,
  type TCalendar,
  type TCalendarInput,
  type TSlaPolicy,
  type TSlaPolicyInput,
  type TSupportSettings,
  ZSlaTarget,
  ZWeek,
} from "./settings-schema.js";
import * as store from "./settings-store.js";
import type { SupportCalendarRow, SupportSlaPolicyRow } from "./tables.js";

const ZTargets = z.array(ZSlaTarget);
const ZHolidays = z.array(z.string());

function toCalendar(row: SupportCalendarRow): TCalendar {
  return {
    id: row.id,
    name: row.name,
    timeZone: row.time_zone,
    week: ZWeek.parse(row.week),
    holidays: ZHolidays.parse(row.holidays),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The kernel's calendar of a stored one. */
export const businessCalendar = (c: TCalendar): BusinessCalendar => ({
  timeZone: c.timeZone,
  week: c.week,
  holidays: c.holidays,
});

function checkCalendar(input: TCalendarInput) {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: input.timeZone });
  } catch {
    throw invalid("timeZone", `unknown time zone ${input.timeZone}`);
  }
  try {
    validateCalendar(businessCalendar({ ...input, id: "", createdAt: "", updatedAt: "" }));
  } catch (e) {
    if (e instanceof RangeError) throw invalid(/holiday/.test(e.message) ? "holidays" : "week", e.message);
    throw e;
  }
}

export async function listCalendars(db: Db, workspaceId: string) {
  return (await store.listCalendars(db, workspaceId)).map(toCalendar);
}

export async function getCalendar(db: Db, workspaceId: string, id: string) {
  const row = await store.findCalendar(db, workspaceId, id);
  if (!row) throw notFound("calendar");
  return toCalendar(row);
}

export async function createCalendar(db: Db, workspaceId: string, input: TCalendarInput, now = new Date()) {
  checkCalendar(input);
  return toCalendar(await store.insertCalendar(db, workspaceId, newId(), input, now));
}

export async function updateCalendar(
  db: Db,
  workspaceId: string,
  id: string,
  input: TCalendarInput,
  now = new Date(),
) {
  checkCalendar(input);
  const row = await store.updateCalendar(db, workspaceId, id, input, now);
  if (!row) throw notFound("calendar");
  return toCalendar(row);
}

export async function deleteCalendar(db: Db, workspaceId: string, id: string) {
  const users = await store.policiesUsingCalendar(db, workspaceId, id);
  if (users.length)
    throw conflict("id", `the calendar is used by SLA policy ${users.map((p) => `"${p.name}"`).join(", ")}`);
  if (!(await store.deleteCalendar(db, workspaceId, id))) throw notFound("calendar");
}

function toPolicy(row: SupportSlaPolicyRow): TSlaPolicy {
  return {
    id: row.id,
    name: row.name,
    calendarId: row.calendar_id,
    targets: ZTargets.parse(row.targets),
    isDefault: row.is_default,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

async function checkPolicy(db: Db, workspaceId: string, input: TSlaPolicyInput) {
  if (input.calendarId && !(await store.findCalendar(db, workspaceId, input.calendarId)))
    throw invalid("calendarId", `no calendar ${input.calendarId}`);
  const needsCalendar = input.targets.findIndex((t) => t.businessHours);
  if (needsCalendar >= 0 && !input.calendarId)
    throw invalid(`targets.${needsCalendar}.businessHours`, "business hours need a calendar: set calendarId");
}

export async function listPolicies(db: Db, workspaceId: string) {
  return (await store.listPolicies(db, workspaceId)).map(toPolicy);
}

export async function getPolicy(db: Db, workspaceId: string, id: string) {
  const row = await store.findPolicy(db, workspaceId, id);
  if (!row) throw notFound("SLA policy");
  return toPolicy(row);
}

export async function createPolicy(db: Db, workspaceId: string, input: TSlaPolicyInput, now = new Date()) {
  await checkPolicy(db, workspaceId, input);
  return db.transaction().execute(async (trx) => {
    const first = (await store.listPolicies(trx, workspaceId)).length === 0;
    const isDefault = input.isDefault ?? first;
    if (isDefault) await store.clearDefaultPolicy(trx, workspaceId);
    const row = await store.insertPolicy(
      trx,
      workspaceId,
      newId(),
      {
        name: input.name,
        calendar_id: input.calendarId ?? null,
        targets: input.targets,
        is_default: isDefault,
      },
      now,
    );
    return toPolicy(row);
  });
}

export async function updatePolicy(
  db: Db,
  workspaceId: string,
  id: string,
  input: TSlaPolicyInput,
  now = new Date(),
) {
  await checkPolicy(db, workspaceId, input);
  return db.transaction().execute(async (trx) => {
    const stored = await store.findPolicy(trx, workspaceId, id);
    if (!stored) throw notFound("SLA policy");
    const isDefault = input.isDefault ?? stored.is_default;
    if (isDefault && !stored.is_default) await store.clearDefaultPolicy(trx, workspaceId);
    const row = await store.updatePolicy(
      trx,
      workspaceId,
      id,
      {
        name: input.name,
        calendar_id: input.calendarId ?? null,
        targets: input.targets,
        is_default: isDefault,
      },
      now,
    );
    if (!row) throw notFound("SLA policy");
    return toPolicy(row);
  });
}

export async function deletePolicy(db: Db, workspaceId: string, id: string) {
  if (!(await store.deletePolicy(db, workspaceId, id))) throw notFound("SLA policy");
}

/** A policy as the kernel evaluates it, with the calendar its business-hours targets count in. */
export interface EffectivePolicy {
  id: string;
  name: string;
  policy: SlaPolicy;
  calendar: BusinessCalendar | undefined;
}

/** The policy the metrics use: the one asked for, else the workspace default; null when there is none. */
export async function effectivePolicy(
  db: Db,
  workspaceId: string,
  policyId?: string,
): Promise<EffectivePolicy | null> {
  const row = policyId
    ? await store.findPolicy(db, workspaceId, policyId)
    : await store.defaultPolicy(db, workspaceId);
  if (!row) {
    if (policyId) throw new AppError("validation_failed", `no SLA policy ${policyId}`, "query.policyId");
    return null;
  }
  const policy = toPolicy(row);
  const calendar = policy.calendarId
    ? businessCalendar(await getCalendar(db, workspaceId, policy.calendarId))
    : undefined;
  return {
    id: policy.id,
    name: policy.name,
    policy: policy.targets.map((t) => ({ ...t, resolutionMinutes: t.resolutionMinutes ?? null })),
    calendar,
  };
}

export async function getSettings(db: Db, workspaceId: string): Promise<TSupportSettings> {
  const row = await store.findSettings(db, workspaceId);
  if (!row) return DEFAULT_SETTINGS;
  return {
    fcrWindowHours: row.fcr_window_minutes / 60,
    serviceLevel: { targetPercent: row.service_level_target, thresholdSeconds: row.service_level_seconds },
  };
}

export async function putSettings(db: Db, workspaceId: string, s: TSupportSettings, now = new Date()) {
  await store.putSettings(
    db,
    workspaceId,
    {
      fcr_window_minutes: Math.round(s.fcrWindowHours * 60),
      service_level_seconds: s.serviceLevel.thresholdSeconds,
      service_level_target: s.serviceLevel.targetPercent,
    },
    now,
  );
  return getSettings(db, workspaceId);
}
