/**
 * The business settings as the page edits them: text fields filled from the stored settings, checked as
 * the server would check them (ZBusinessSettings), and turned back into a PATCH.
 */
import type { I18n } from "../i18n/I18nProvider.js";
import type { BusinessSettings, BusinessSettingsPatch } from "./types.js";

type T = I18n["t"];

/** The server's limits (ZBusinessSettings). */
export const LIMITS = { days: [1, 3650], horizon: [1, 120] } as const;

export const CLV_INPUTS = ["annualRevenuePerCustomer", "relationshipYears", "cac"] as const;
export type ClvInput = (typeof CLV_INPUTS)[number];

/** Typed text to a number: spaces (thousands) dropped, a decimal comma read as a point; null if not one. */
export function parseNumber(text: string): number | null {
  const s = text.replace(/[\s\u00a0\u202f]/g, "").replace(",", ".");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(s)) return null;
  return Number(s);
}

const wholeIn = (n: number | null, [min, max]: readonly [number, number]) =>
  n !== null && Number.isInteger(n) && n >= min && n <= max;

/** Up to six decimals, without the float noise of `0.07 * 100`. */
const plain = (n: number) => String(Number(n.toFixed(6)));

export interface ChurnForm {
  lostKind: "subscriptionEnded" | "noPurchaseFor";
  days: string;
  upsellBy: "product" | "category";
}

export const churnFormOf = (s: BusinessSettings | undefined): ChurnForm => ({
  lostKind: s?.lost.kind ?? "noPurchaseFor",
  // The day count stays at hand while "subscription ended" is chosen, for switching back.
  days: String(s?.lost.kind === "noPurchaseFor" ? s.lost.days : 180),
  upsellBy: s?.upsellBy ?? "category",
});

/** Problems by field (named as the server names them), or the PATCH to send. */
export function checkChurn(
  t: T,
  form: ChurnForm,
): { problems: Record<string, string>; patch: BusinessSettingsPatch } {
  const problems: Record<string, string> = {};
  const days = parseNumber(form.days);
  if (form.lostKind === "noPurchaseFor" && !wholeIn(days, LIMITS.days)) {
    problems.lost = t("business.settings.error.days", { min: LIMITS.days[0], max: LIMITS.days[1] });
  }
  const lost: BusinessSettingsPatch["lost"] =
    form.lostKind === "subscriptionEnded"
      ? { kind: "subscriptionEnded" }
      : { kind: "noPurchaseFor", days: days ?? Number.NaN };
  return { problems, patch: { lost, upsellBy: form.upsellBy } };
}

export interface ClvForm {
  /** Per input: given by the user (with its text) or derived from the data. */
  inputs: Record<ClvInput, { given: boolean; value: string }>;
  horizon: string;
  /** The monthly discount rate in percent; stored as a fraction. */
  discountPercent: string;
}

export const clvFormOf = (s: BusinessSettings | undefined): ClvForm => {
  const inputs = {} as ClvForm["inputs"];
  for (const key of CLV_INPUTS) {
    const v = s?.clvInputs[key] ?? null;
    inputs[key] = { given: v !== null, value: v === null ? "" : plain(v) };
  }
  return {
    inputs,
    horizon: String(s?.clvHorizonMonths ?? 12),
    discountPercent: plain((s?.clvMonthlyDiscountRate ?? 0.01) * 100),
  };
};

export function checkClv(
  t: T,
  form: ClvForm,
): { problems: Record<string, string>; patch: BusinessSettingsPatch } {
  const problems: Record<string, string> = {};
  const clvInputs: Record<ClvInput, number | null> = {
    annualRevenuePerCustomer: null,
    relationshipYears: null,
    cac: null,
  };
  for (const key of CLV_INPUTS) {
    const input = form.inputs[key];
    if (!input.given) continue;
    const n = parseNumber(input.value);
    // An empty or wrong given value must not go as null: null means "derive".
    if (n === null || n < 0) problems[`clvInputs.${key}`] = t("business.settings.error.given");
    clvInputs[key] = n ?? 0;
  }
  const horizon = parseNumber(form.horizon);
  if (!wholeIn(horizon, LIMITS.horizon)) {
    problems.clvHorizonMonths = t("business.settings.error.horizon", {
      min: LIMITS.horizon[0],
      max: LIMITS.horizon[1],
    });
  }
  const percent = parseNumber(form.discountPercent);
  if (percent === null || percent < 0 || percent > 100) {
    problems.clvMonthlyDiscountRate = t("business.settings.error.discount");
  }
  return {
    problems,
    patch: {
      clvInputs,
      clvHorizonMonths: horizon ?? Number.NaN,
      clvMonthlyDiscountRate: percent === null ? Number.NaN : Number((percent / 100).toFixed(8)),
    },
  };
}
