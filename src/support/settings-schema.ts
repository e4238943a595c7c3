/** Business-hours calendars, SLA policies and the workspace's support settings, as the API takes them. */
import { z } from "zod";

const ZTime = z
  .string()
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected a time "HH:MM" from 00:00 to 24:00');
export const ZBusinessInterval = z.object({ start: ZTime, end: ZTime });
const ZDay = z.array(ZBusinessInterval).max(24);

export const ZWeek = z.object({
  mon: ZDay.optional(),
  tue: ZDay.optional(),
  wed: ZDay.optional(),
  thu: ZDay.optional(),
  fri: ZDay.optional(),
  sat: ZDay.optional(),
  sun: ZDay.optional(),
});

export const ZCalendarInput = z.object({
  name: z.string().trim().min(1).max(200),
  /** IANA zone, e.g. Europe/Moscow. */
  timeZone: z.string().trim().min(1).max(64),
  /** Working intervals per weekday (local time); a weekday left out has no business hours. */
  week: ZWeek,
  /** Local dates with no business hours (public holidays). */
  holidays: z
    .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date like 2026-01-07"))
    .max(2000)
    .default([]),
});
export type TCalendarInput = z.infer<typeof ZCalendarInput>;

export const ZCalendar = ZCalendarInput.extend({
  id: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TCalendar = z.infer<typeof ZCalendar>;

const ZCondition = z.union([
  z.string().trim().min(1).max(200),
  z.array(z.string().trim().min(1).max(200)).min(1).max(100),
]);

export const ZSlaTarget = z.object({
  name: z.string().trim().max(200).optional(),
  /** Every given condition must hold (a list means any of its values); an empty match takes every ticket. */
  match: z.object({
    priority: ZCondition.optional(),
    topic: ZCondition.optional(),
    channel: ZCondition.optional(),
  }),
  /** First human reply within this many minutes of creation. */
  firstReplyMinutes: z.number().positive().max(525_600),
  /** Optional: resolved within this many minutes of creation. */
  resolutionMinutes: z.number().positive().max(5_256_000).nullish(),
  /** Count only the policy calendar's business hours (the clock stops outside them). */
  businessHours: z.boolean().default(false),
});

export const ZSlaPolicyInput = z.object({
  name: z.string().trim().min(1).max(200),
  /** The calendar business-hours targets count in. */
  calendarId: z.string().uuid().nullish(),
  /** In order: the first target whose match fits a ticket applies. */
  targets: z.array(ZSlaTarget).min(1).max(100),
  /** The policy the metrics use unless a request names another; the first policy is the default. */
  isDefault: z.boolean().optional(),
});
export type TSlaPolicyInput = z.infer<typeof ZSlaPolicyInput>;

export const ZSlaPolicy = ZSlaPolicyInput.extend({
  id: z.string(),
  calendarId: z.string().nullable(),
  isDefault: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TSlaPolicy = z.infer<typeof ZSlaPolicy>;

export const ZSupportSettings = z.object({
  /** W: a new contact from the same customer on the same topic within W after resolution fails FCR. */
  fcrWindowHours: z.number().min(0).max(8760),
  /** The service-level goal, e.g. 80/20: 80% of contacts answered within 20 s. */
  serviceLevel: z.object({
    targetPercent: z.number().min(0).max(100),
    thresholdSeconds: z.number().int().min(0).max(86_400),
  }),
});
export type TSupportSettings = z.infer<typeof ZSupportSettings>;

export const DEFAULT_SETTINGS: TSupportSettings = {
  fcrWindowHours: 24,
  serviceLevel: { targetPercent: 80, thresholdSeconds: 20 },
};
