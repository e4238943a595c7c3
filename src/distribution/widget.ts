/**
 * The website widget's server side: which page triggers a site has, and whether this visitor may be
 * surveyed now. Throttling, quiet caps and unsubscribes are the same admission every other channel
 * goes through; an anonymous visitor is a customer `anon:{visitor id}`, so they are throttled too.
 */
import { findCustomer, upsertCustomers } from "../customers/service.js";
import type { Db } from "../db/connection.js";
import { invalid, notFound } from "../http/errors.js";
import { newId } from "../ids.js";
import type { TCustomerRef } from "../surveys/schema.js";
import { admitMany } from "./admission.js";
import { allHold } from "./conditions.js";
import { RunCache } from "./delivery.js";
import { insertInvitations, updateInvitation } from "./invitations-store.js";
import { customerSubject } from "./planning.js";
import { inSample } from "./sampling.js";
import type { TTriggerRule } from "./schema.js";
import { configOf } from "./trigger-config.js";
import * as triggersStore from "./triggers-store.js";

type PageRule = Extract<TTriggerRule, { kind: "page" }>;

export interface WidgetTrigger {
  id: string;
  event: string | null;
  urlMatch: string | null;
  secondsOnPage: number | null;
  exitIntent: boolean;
  display: PageRule["display"];
}

/** The enabled page triggers of a workspace, as the widget evaluates them in the browser. */
export async function widgetTriggers(db: Db, workspaceId: string): Promise<WidgetTrigger[]> {
  const rows = await triggersStore.listTriggers(db, workspaceId, { kind: "page" });
  return rows.flatMap((r) => {
    const rule = configOf(r).rule;
    if (!r.enabled || rule.kind !== "page") return [];
    return [
      {
        id: r.id,
        event: rule.event ?? null,
        urlMatch: rule.urlMatch ?? null,
        secondsOnPage: rule.secondsOnPage ?? null,
        exitIntent: rule.exitIntent,
        display: rule.display,
      },
    ];
  });
}

export interface ShowRequest {
  triggerId: string;
  visitorId: string;
  customer: TCustomerRef | null;
  url: string;
}

export type ShowDecision =
  | { show: false; reason: string }
  | {
      show: true;
      token: string;
      language: string;
      survey: { id: string; name: string; definition: unknown };
      display: PageRule["display"];
    };

class NotShown extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/**
 * Decides whether the visitor sees the trigger's survey now. When they do, the invitation is recorded
 * (sent = shown) with a personal token the widget saves answers with; when they do not, nothing is
 * written (a throttled visitor on every page view would otherwise leave a row each time).
 */
export async function decideShow(
  db: Db,
  workspaceId: string,
  req: ShowRequest,
  opts: { publicUrl: string; now: Date },
): Promise<ShowDecision> {
  const trigger = await triggersStore.findTrigger(db, workspaceId, req.triggerId);
  if (!trigger) throw notFound("trigger");
  const config = configOf(trigger);
  const rule = config.rule;
  if (!trigger.enabled || rule.kind !== "page") return { show: false, reason: "trigger_disabled" };
  if (!req.customer && !rule.anonymous) return { show: false, reason: "anonymous" };
  const externalId = req.customer?.externalId ?? `anon:${req.visitorId}`;
  if (externalId.startsWith("anon:") && req.customer)
    throw invalid("customer.externalId", "anon: is reserved");

  const { now } = opts;
  const customerId = (await upsertCustomers(db, workspaceId, [req.customer ?? { externalId }], now)).get(
    externalId,
  );
  const customer = customerId ? await findCustomer(db, workspaceId, customerId) : undefined;
  if (!customer) throw new Error("visitor was not stored");
  if (!allHold({ customer: customerSubject(customer) }, rule.conditions))
    return { show: false, reason: "conditions" };
  if (!inSample(`${trigger.id}:${customer.id}`, config.samplePercent))
    return { show: false, reason: "sampled_out" };

  const cache = new RunCache(db);
  const actx = await cache.admissionContext(workspaceId, opts.publicUrl, now);
  const facts = await cache.facts({
    workspace_id: workspaceId,
    survey_id: trigger.survey_id,
    trigger_id: trigger.id,
  });
  const id = newId();
  try {
    return await db.transaction().execute(async (trx) => {
      const [inv] = await insertInvitations(
        trx,
        workspaceId,
        [
          {
            id,
            dedupe_key: `widget:${trigger.id}:${id}`,
            trigger_id: trigger.id,
            survey_id: trigger.survey_id,
            customer_id: customer.id,
            event_id: null,
            channel: "widget",
            status: "sending",
            reason: null,
            detail: null,
            language: null,
            attributes: { page: req.url.slice(0, 500) },
            send_at: now,
          },
        ],
        now,
      );
      if (!inv) throw new Error("widget invitation was not stored");
      const decision = (await admitMany(trx, [inv], actx, () => facts)).get(id);
      // Not shown: roll the invitation back, so a throttled visitor leaves no trace per page view.
      if (decision?.kind !== "admit")
        throw new NotShown(decision?.kind === "suppress" ? decision.reason : "later");
      await updateInvitation(trx, workspaceId, id, { status: "sent", sent_at: now }, now, "sending");
      const { survey } = decision;
      return {
        show: true as const,
        token: decision.token,
        language: decision.language,
        survey: { id: survey.id, name: survey.name, definition: survey.definition },
        display: rule.display,
      };
    });
  } catch (e) {
    if (e instanceof NotShown) return { show: false, reason: e.reason };
    throw e;
  }
}
