import type { I18n } from "../i18n/I18nProvider.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** A duration in ms as "45 s", "12 min", "3 h 5 min" or "2 d 4 h". */
export function formatDuration(ms: number | null | undefined, t: I18n["t"]): string {
  if (ms == null || !Number.isFinite(ms)) return "—";
  if (ms < MIN) return t("support.dur.s", { n: Math.round(ms / 1000) });
  if (ms < HOUR) return t("support.dur.min", { n: Math.round(ms / MIN) });
  if (ms < DAY) {
    const minutes = Math.round(ms / MIN);
    return t("support.dur.h", { h: Math.floor(minutes / 60), m: minutes % 60 });
  }
  const hours = Math.round(ms / HOUR);
  return t("support.dur.d", { d: Math.floor(hours / 24), h: hours % 24 });
}

/** Short weekday names, Monday first, in the UI language. */
export function weekdayNames(lang: string): string[] {
  const format = new Intl.DateTimeFormat(lang === "ru" ? "ru-RU" : "en-US", {
    weekday: "short",
    timeZone: "UTC",
  });
  // 2024-01-01 was a Monday.
  return Array.from({ length: 7 }, (_, i) => format.format(new Date(Date.UTC(2024, 0, 1 + i))));
}
