/** Invitations as the API shows them: states, response rates, the outbox. */
import { getWorkspace } from "../auth/service.js";
import { findCustomers } from "../customers/service.js";
import type { Db } from "../db/connection.js";
import { responseRate } from "../metrics/response-rate.js";
import { decodeCursor, encodeCursor } from "./events.js";
import * as store from "./invitations-store.js";
import { type TInvitation, type TRateGroup, ZDistChannel, ZInvitationStatus } from "./schema.js";
import * as settingsStore from "./settings-store.js";
import type { InvitationRow } from "./tables.js";

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function toInvitation(r: InvitationRow): TInvitation {
  return {
    id: r.id,
    triggerId: r.trigger_id,
    surveyId: r.survey_id,
    customerId: r.customer_id,
    eventId: r.event_id,
    channel: ZDistChannel.parse(r.channel),
    status: ZInvitationStatus.parse(r.status),
    reason: r.reason,
    detail: r.detail,
    language: r.language,
    sendAt: r.send_at.toISOString(),
    sentAt: iso(r.sent_at),
    openedAt: iso(r.opened_at),
    answeredAt: iso(r.answered_at),
    url: r.link_url,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

type Filter = Omit<store.InvitationFilter, "cursor" | "limit">;

export async function listInvitations(
  db: Db,
  workspaceId: string,
  f: Filter & { cursor?: string; limit: number },
) {
  const rows = await store.listInvitations(db, workspaceId, {
    ...f,
    cursor: f.cursor ? decodeCursor(f.cursor) : undefined,
    limit: f.limit + 1,
  });
  const page = rows.slice(0, f.limit);
  const customers = new Map(
    (await findCustomers(db, workspaceId, [...new Set(page.map((r) => r.customer_id))])).map((c) => [
      c.id,
      c.external_id,
    ]),
  );
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      ...toInvitation(r),
      customerExternalId: customers.get(r.customer_id) ?? null,
    })),
    nextCursor: rows.length > f.limit && last ? encodeCursor(last.created_at, last.id) : null,
  };
}

/**
 * Counts by state and the response rate (metrics kernel: answered / delivered) per channel, survey,
 * trigger, or local day / ISO week / month of creation (periods with no invitation are left out).
 */
export async function responseRates(db: Db, workspaceId: string, groupBy: TRateGroup, f: Filter) {
  const group: store.CountGroup =
    groupBy === "day" || groupBy === "week" || groupBy === "month"
      ? { period: groupBy, timeZone: (await getWorkspace(db, workspaceId)).time_zone }
      : { column: groupBy === "channel" ? "channel" : groupBy === "survey" ? "survey_id" : "trigger_id" };
  const rows = await store.invitationCounts(db, workspaceId, group, f);
  return rows.map((r) => {
    const rate = responseRate({ responses: r.answered, delivered: r.delivered });
    return {
      key: r.key ?? "",
      queued: r.queued,
      delivered: r.delivered,
      opened: r.opened,
      answered: r.answered,
      bounced: r.bounced,
      suppressed: r.suppressed,
      failed: r.failed,
      responseRate: rate.value,
      low: rate.ci?.[0] ?? null,
      high: rate.ci?.[1] ?? null,
      lowSample: rate.lowSample,
    };
  });
}

export async function listOutbox(db: Db, workspaceId: string, f: { cursor?: string; limit: number }) {
  const rows = await settingsStore.listOutbox(db, workspaceId, {
    cursor: f.cursor ? decodeCursor(f.cursor) : undefined,
    limit: f.limit + 1,
  });
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id,
      invitationId: r.invitation_id,
      to: r.recipient,
      subject: r.subject,
      html: r.html,
      text: r.text,
      headers: r.headers,
      createdAt: r.created_at.toISOString(),
    })),
    nextCursor: rows.length > f.limit && last ? encodeCursor(last.created_at, last.id) : null,
  };
}
