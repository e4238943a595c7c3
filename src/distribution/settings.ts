/** Per-workspace distribution settings: throttling, quiet hours, caps, widget origins, SMTP and SMS provider. */
import type { Db } from "../db/connection.js";
import { secretToken } from "../ids.js";
import type { TSettings, TSmsProviderInput, TSmsProviderStored, TSmtpInput, TSmtpStored } from "./schema.js";
import * as store from "./settings-store.js";
import type { SettingsRow } from "./tables.js";

export interface Settings extends TSettings {
  widgetKey: string;
  smtp: TSmtpStored | null;
  sms: TSmsProviderStored | null;
}

const toSettings = (r: SettingsRow): Settings => ({
  recontactDays: r.recontact_days,
  quietHours: r.quiet_hours,
  dailyCaps: r.daily_caps,
  allowedOrigins: r.allowed_origins,
  widgetKey: r.widget_key,
  smtp: r.smtp,
  sms: r.sms,
});

/** The public widget key: identifies the workspace to the widget, not a secret (it sits in web pages). */
const newWidgetKey = () => `wk_${secretToken(12)}`;

export async function getSettings(db: Db, workspaceId: string): Promise<Settings> {
  return toSettings(await store.ensureSettings(db, workspaceId, newWidgetKey()));
}

export const publicSettings = (s: Settings): TSettings & { widgetKey: string } => ({
  recontactDays: s.recontactDays,
  quietHours: s.quietHours,
  dailyCaps: s.dailyCaps,
  allowedOrigins: s.allowedOrigins,
  widgetKey: s.widgetKey,
});

export async function updateSettings(db: Db, workspaceId: string, patch: Partial<TSettings>, now: Date) {
  await getSettings(db, workspaceId);
  const row = await store.updateSettings(
    db,
    workspaceId,
    {
      recontact_days: patch.recontactDays,
      quiet_hours: patch.quietHours,
      daily_caps: patch.dailyCaps,
      allowed_origins: patch.allowedOrigins?.map((o) => o.toLowerCase()),
    },
    now,
  );
  return toSettings(row);
}

/** Stores the SMTP settings; a password left out keeps the stored one. */
export async function setSmtp(db: Db, workspaceId: string, input: TSmtpInput, now: Date) {
  const current = await getSettings(db, workspaceId);
  const smtp: TSmtpStored = {
    host: input.host,
    port: input.port,
    secure: input.secure,
    user: input.user ?? null,
    password: input.password === undefined ? (current.smtp?.password ?? null) : input.password,
    from: input.from,
    replyTo: input.replyTo ?? null,
  };
  return toSettings(await store.updateSettings(db, workspaceId, { smtp }, now));
}

export const smtpView = (smtp: TSmtpStored) => ({
  host: smtp.host,
  port: smtp.port,
  secure: smtp.secure,
  user: smtp.user ?? null,
  from: smtp.from,
  replyTo: smtp.replyTo ?? null,
  passwordSet: Boolean(smtp.password),
});

/** Stores the SMS provider; headers left out keep the stored ones (they usually hold credentials). */
export async function setSms(db: Db, workspaceId: string, input: TSmsProviderInput, now: Date) {
  const current = await getSettings(db, workspaceId);
  const sms: TSmsProviderStored = {
    url: input.url,
    method: input.method,
    headers: input.headers ?? current.sms?.headers ?? {},
    bodyTemplate: input.bodyTemplate,
    text: input.text,
  };
  return toSettings(await store.updateSettings(db, workspaceId, { sms }, now));
}

export const smsView = (sms: TSmsProviderStored) => ({
  url: sms.url,
  method: sms.method,
  bodyTemplate: sms.bodyTemplate,
  text: sms.text,
  headerNames: Object.keys(sms.headers),
});

export async function clearChannel(db: Db, workspaceId: string, channel: "smtp" | "sms", now: Date) {
  await getSettings(db, workspaceId);
  await store.updateSettings(db, workspaceId, { [channel]: null }, now);
}

export async function settingsForWidgetKey(db: Db, widgetKey: string) {
  const row = await store.findByWidgetKey(db, widgetKey);
  return row ? { workspaceId: row.workspace_id, settings: toSettings(row) } : undefined;
}

export async function rotateWidgetKey(db: Db, workspaceId: string, now: Date) {
  await getSettings(db, workspaceId);
  return toSettings(await store.updateSettings(db, workspaceId, { widget_key: newWidgetKey() }, now));
}

/** Customers who are not contacted: unsubscribed, or bounced at their current address. */
export async function listSuppressions(db: Db, workspaceId: string, limit: number) {
  return (await store.listSuppressions(db, workspaceId, limit)).map((s) => ({
    customerId: s.customer_id,
    channel: s.channel,
    reason: s.reason,
    detail: s.detail,
    createdAt: s.created_at.toISOString(),
  }));
}
