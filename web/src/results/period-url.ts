import { addDays, isDay, type Period, type PeriodPreset, presetPeriod } from "../lib/dates.js";

/** The period in the URL (`?period=90d`, or `?period=custom&from=…&to=…` with `to` inclusive). */
export function periodFrom(params: URLSearchParams, timeZone: string): Period {
  const preset = params.get("period");
  if (preset === "custom") {
    const from = params.get("from");
    const last = params.get("to");
    if (isDay(from) && isDay(last) && from <= last) return { preset: "custom", from, to: addDays(last, 1) };
  }
  if (preset === "30d" || preset === "90d") return presetPeriod(preset, timeZone);
  return presetPeriod("12m", timeZone);
}

/** The URL change for a period preset (a custom period starts from the current one). */
export function presetPatch(p: PeriodPreset, current: Period): Record<string, string | null> {
  if (p === "custom") return { period: "custom", from: current.from, to: addDays(current.to, -1) };
  return { period: p, from: null, to: null };
}
