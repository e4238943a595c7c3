/**
 * The workspace's business settings: when a customer counts as lost, what "another product" means for
 * upselling, which usage events are core actions, and the CLV formula's given inputs and the predictive
 * model's horizon and discount rate.
 */
import { z } from "zod";
import type { Db } from "../db/connection.js";
import type { LostDefinition } from "../metrics/business.js";
import * as store from "./settings-store.js";

export const ZLostDefinition = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("subscriptionEnded") }),
  z.object({ kind: z.literal("noPurchaseFor"), days: z.number().int().min(1).max(3650) }),
]);

const ZGiven = z.number().min(0).nullable();

export const ZBusinessSettings = z.object({
  /** Subscription ended/cancelled, or (transactional businesses) no purchase for `days` days. */
  lost: ZLostDefinition,
  /** Upselling counts distinct products or distinct categories. */
  upsellBy: z.enum(["product", "category"]),
  /** Usage event names that are core actions, for engagement. */
  coreActions: z.array(z.string().trim().min(1).max(200)).max(50),
  /** CLV formula inputs given by the user; null = derived from the data. */
  clvInputs: z.object({
    annualRevenuePerCustomer: ZGiven,
    relationshipYears: ZGiven,
    cac: ZGiven,
  }),
  /** Predictive CLV: months ahead and the monthly discount rate. */
  clvHorizonMonths: z.number().int().min(1).max(120),
  clvMonthlyDiscountRate: z.number().min(0).max(1),
});
export type TBusinessSettings = z.infer<typeof ZBusinessSettings>;

export const ZBusinessSettingsPatch = ZBusinessSettings.partial().extend({
  clvInputs: ZBusinessSettings.shape.clvInputs.partial().optional(),
});
export type TBusinessSettingsPatch = z.infer<typeof ZBusinessSettingsPatch>;

export const DEFAULT_SETTINGS: TBusinessSettings = {
  lost: { kind: "noPurchaseFor", days: 180 },
  upsellBy: "category",
  coreActions: [],
  clvInputs: { annualRevenuePerCustomer: null, relationshipYears: null, cac: null },
  clvHorizonMonths: 12,
  clvMonthlyDiscountRate: 0.01,
};

/** The settings; defaults until the workspace saves its own. */
export async function getBusinessSettings(db: Db, workspaceId: string): Promise<TBusinessSettings> {
  const row = await store.findSettings(db, workspaceId);
  if (!row) return DEFAULT_SETTINGS;
  const lost: LostDefinition =
    row.lost_kind === "subscriptionEnded"
      ? { kind: "subscriptionEnded" }
      : { kind: "noPurchaseFor", days: row.lost_days };
  return {
    lost,
    upsellBy: row.upsell_by,
    coreActions: row.core_actions,
    clvInputs: {
      annualRevenuePerCustomer: row.clv_annual_revenue,
      relationshipYears: row.clv_relationship_years,
      cac: row.clv_cac,
    },
    clvHorizonMonths: row.clv_horizon_months,
    clvMonthlyDiscountRate: row.clv_monthly_discount_rate,
  };
}

/** Saves a change to the settings and returns them whole. */
export async function updateBusinessSettings(
  db: Db,
  workspaceId: string,
  patch: TBusinessSettingsPatch,
  now: Date,
): Promise<TBusinessSettings> {
  const current = await getBusinessSettings(db, workspaceId);
  const next: TBusinessSettings = {
    ...current,
    ...patch,
    clvInputs: { ...current.clvInputs, ...patch.clvInputs },
  };
  const row: store.SettingsRow = {
    lost_kind: next.lost.kind,
    lost_days: next.lost.kind === "noPurchaseFor" ? next.lost.days : 180,
    upsell_by: next.upsellBy,
    core_actions: next.coreActions,
    clv_annual_revenue: next.clvInputs.annualRevenuePerCustomer,
    clv_relationship_years: next.clvInputs.relationshipYears,
    clv_cac: next.clvInputs.cac,
    clv_horizon_months: next.clvHorizonMonths,
    clv_monthly_discount_rate: next.clvMonthlyDiscountRate,
    updated_at: now,
  };
  await store.saveSettings(db, workspaceId, row);
  return next;
}
