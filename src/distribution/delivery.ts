/**
 * Delivering claimed invitations: admission (admission.ts) for a batch in one transaction, then the
 * channel (channels.ts) — email, SMS, or a personal link handed over through the API — and the outcomes
 * written together.
 */
import { getWorkspace } from "../auth/service.js";
import type { Db } from "../db/connection.js";
import type { TSurvey } from "../surveys/schema.js";
import { getSurvey } from "../surveys/service.js";
import { type AdmissionContext, admitMany, type Facts, type WorkspaceInfo } from "./admission.js";
import {
  type ChannelResult,
  failed,
  type Outcome,
  sendInvitationEmail,
  sendInvitationSms,
} from "./channels.js";
import { applyOutcomes } from "./invitations-store.js";
import { getSettings, type Settings } from "./settings.js";
import { insertOutbox, insertSuppression } from "./settings-store.js";
import type { InvitationRow } from "./tables.js";
import { configOf } from "./trigger-config.js";
import { findTrigger } from "./triggers-store.js";

export type { Outcome } from "./channels.js";

/** Settings and workspace facts, loaded once per workspace per run. */
export class RunCache {
  #settings = new Map<string, Promise<Settings>>();
  #workspaces = new Map<string, Promise<WorkspaceInfo>>();
  constructor(private readonly db: Db) {}

  settings(workspaceId: string): Promise<Settings> {
    let s = this.#settings.get(workspaceId);
    if (!s) {
      s = getSettings(this.db, workspaceId);
      this.#settings.set(workspaceId, s);
    }
    return s;
  }

  workspace(workspaceId: string): Promise<WorkspaceInfo> {
    let w = this.#workspaces.get(workspaceId);
    if (!w) {
      w = getWorkspace(this.db, workspaceId).then((r) => ({
        name: r.name,
        timeZone: r.time_zone,
        defaultLanguage: r.default_language,
      }));
      this.#workspaces.set(workspaceId, w);
    }
    return w;
  }

  #surveys = new Map<string, Promise<TSurvey | undefined>>();
  #triggers = new Map<string, Promise<Facts["trigger"]>>();

  /** The survey and trigger of an invitation; call outside transactions (PGlite has one connection). */
  async facts(inv: Pick<InvitationRow, "workspace_id" | "survey_id" | "trigger_id">): Promise<Facts> {
    const ws = inv.workspace_id;
    const surveyKey = `${ws}:${inv.survey_id}`;
    let survey = this.#surveys.get(surveyKey);
    if (!survey) {
      survey = getSurvey(this.db, ws, inv.survey_id).catch(() => undefined);
      this.#surveys.set(surveyKey, survey);
    }
    const triggerId = inv.trigger_id;
    let trigger: Promise<Facts["trigger"]> = Promise.resolve(undefined);
    if (triggerId) {
      const key = `${ws}:${triggerId}`;
      const cached = this.#triggers.get(key);
      trigger =
        cached ??
        findTrigger(this.db, ws, triggerId).then((r) =>
          r ? { enabled: r.enabled, config: configOf(r) } : undefined,
        );
      this.#triggers.set(key, trigger);
    }
    return { survey: await survey, trigger: await trigger };
  }

  async admissionContext(workspaceId: string, publicUrl: string, now: Date): Promise<AdmissionContext> {
    return {
      publicUrl,
      now,
      settings: await this.settings(workspaceId),
      workspace: await this.workspace(workspaceId),
    };
  }
}

export interface DeliveryContext {
  db: Db;
  publicUrl: string;
  now: Date;
  cache: RunCache;
}

/**
 * Runs claimed invitations (status sending) of one workspace to their outcomes: one admission
 * transaction for the batch, each admitted invitation through its channel (`concurrency` at a time),
 * then every outcome written in one more transaction.
 */
export async function deliverBatch(
  dc: DeliveryContext,
  invs: InvitationRow[],
  concurrency: number,
): Promise<Outcome[]> {
  const first = invs[0];
  if (!first) return [];
  const ws = first.workspace_id;
  const actx = await dc.cache.admissionContext(ws, dc.publicUrl, dc.now);
  const facts = new Map<string, Facts>();
  for (const inv of invs) facts.set(inv.id, await dc.cache.facts(inv));
  const decisions = await dc.db
    .transaction()
    .execute((trx) =>
      admitMany(trx, invs, actx, (c) => facts.get(c.id) ?? { survey: undefined, trigger: undefined }),
    );
  const results = await mapLimit(invs, concurrency, async (inv): Promise<Outcome | ChannelResult> => {
    const a = decisions.get(inv.id);
    if (!a || a.kind === "suppress") return "suppressed";
    if (a.kind === "defer") return "deferred";
    if (inv.channel === "link") return "sent";
    const cc = { publicUrl: dc.publicUrl, now: dc.now, context: actx };
    if (inv.channel === "email") return sendInvitationEmail(cc, inv, a);
    if (inv.channel === "sms") return sendInvitationSms(cc, inv, a);
    return { outcome: "failed", write: failed(inv, "unsupported_channel", inv.channel) };
  });
  const done = results.filter((r): r is ChannelResult => typeof r !== "string");
  if (done.length) {
    await dc.db.transaction().execute(async (trx) => {
      await applyOutcomes(
        trx,
        ws,
        done.map((r) => r.write),
        dc.now,
      );
      for (const r of done) {
        if (r.outbox) await insertOutbox(trx, ws, r.outbox, dc.now);
        // The address is refused for good: later emails to it would bounce too (a new address lifts this).
        if (r.bounced) {
          await insertSuppression(
            trx,
            ws,
            {
              customer_id: r.bounced.customerId,
              channel: "email",
              reason: "bounced",
              detail: r.bounced.address,
            },
            dc.now,
          );
        }
      }
    });
  }
  return results.map((r) => (typeof r === "string" ? r : r.outcome));
}

export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}
