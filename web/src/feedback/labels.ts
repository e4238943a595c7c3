import type { Lang } from "../i18n/I18nProvider.js";
import { addDays, startOfDayIn, todayIn } from "../lib/dates.js";
import type { Category, TCaseStatus } from "./types.js";

export const CASE_STATUSES: TCaseStatus[] = ["new", "acknowledged", "in_progress", "resolved", "closed"];

/** The moves the server allows from each state (mirrors src/loop/service.ts). */
export const NEXT_STATUSES: Record<TCaseStatus, TCaseStatus[]> = {
  new: ["acknowledged", "in_progress", "resolved", "closed"],
  acknowledged: ["in_progress", "resolved", "closed"],
  in_progress: ["resolved", "closed"],
  resolved: ["closed", "in_progress"],
  closed: [],
};

export const OPEN_STATUSES: TCaseStatus[] = ["new", "acknowledged", "in_progress"];

export const nameOf = (c: { name: { ru: string; en: string } }, lang: Lang) => c.name[lang] || c.name.en;

/** "Service → Delivery" for a sub-category, the name alone for a parent. */
export function categoryPath(
  c: { parentId: string | null; name: { ru: string; en: string } },
  byId: Map<string, Category>,
  lang: Lang,
): string {
  const parent = c.parentId ? byId.get(c.parentId) : undefined;
  return parent ? `${nameOf(parent, lang)} → ${nameOf(c, lang)}` : nameOf(c, lang);
}

/** Parents in position order, each followed by its sub-categories. */
export function taxonomyTree(categories: Category[]): { parent: Category; children: Category[] }[] {
  const byPos = (a: Category, b: Category) => a.position - b.position || a.key.localeCompare(b.key);
  const parents = categories.filter((c) => !c.parentId).sort(byPos);
  return parents.map((parent) => ({
    parent,
    children: categories.filter((c) => c.parentId === parent.id).sort(byPos),
  }));
}

export type InboxPeriod = "week" | "30d" | "90d" | "12m" | "all";
export const INBOX_PERIODS: InboxPeriod[] = ["week", "30d", "90d", "12m", "all"];

/**
 * The period as instants `[from, to)`: local days of the workspace's time zone turned into the
 * instants they start at, since the feedback API takes instants. "This week" starts on Monday.
 */
export function periodRange(p: InboxPeriod, timeZone: string): { from?: string; to?: string } {
  if (p === "all") return {};
  const today = todayIn(timeZone);
  const to = addDays(today, 1);
  let from: string;
  if (p === "week") {
    const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
    from = addDays(today, -((weekday + 6) % 7));
  } else if (p === "30d") from = addDays(to, -30);
  else if (p === "90d") from = addDays(to, -90);
  else from = addDays(to, -365);
  return { from: startOfDayIn(from, timeZone), to: startOfDayIn(to, timeZone) };
}

/** Hours between now and a due time; negative when past. */
export const hoursUntil = (iso: string, now = Date.now()) => (new Date(iso).getTime() - now) / 3_600_000;
