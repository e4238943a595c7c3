/**
 * Category statistics: volume, share, trend, sentiment, NPS and CSAT of the answers in each category,
 * and driver impact. Impact uses the "what if" definition: the NPS points the scope would gain if the
 * category's detractors had been passives, 100 · D_c / N, where N is the NPS answers with open text in
 * the scope (only they can carry a category). CSAT impact likewise: 100 · (dissatisfied in c) / N_csat.
 */
import { getWorkspace } from "../auth/service.js";
import type { Db } from "../db/connection.js";
import { npsFromCounts } from "../metrics/index.js";
import type { TCategoryStats, TStatsQuery } from "./schema.js";
import { ensureTaxonomy, toCategory } from "./service.js";
import * as store from "./store.js";

const pct = (part: number, whole: number) => (whole > 0 ? Math.round((10_000 * part) / whole) / 100 : null);
const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

export async function categoryStats(db: Db, workspaceId: string, q: TStatsQuery): Promise<TCategoryStats> {
  await ensureTaxonomy(db, workspaceId);
  const ws = await getWorkspace(db, workspaceId);
  const scope = { surveyId: q.surveyId, from: q.from, to: q.to };
  const categories = await store.listCategories(db, workspaceId);
  // Each category counts for itself and for its parent.
  const ancestors = categories.flatMap((c) => [
    { categoryId: c.id, ancestorId: c.id },
    ...(c.parent_id ? [{ categoryId: c.id, ancestorId: c.parent_id }] : []),
  ]);
  const [overall, byPeriod, periods, totals] = await Promise.all([
    store.categoryCounts(db, workspaceId, scope, ancestors, null),
    store.categoryCounts(db, workspaceId, scope, ancestors, { interval: q.interval, timeZone: ws.time_zone }),
    store.periodTotals(db, workspaceId, scope, q.interval, ws.time_zone),
    store.scopeTotals(db, workspaceId, scope),
  ]);
  const categorized = periods.reduce((a, p) => a + Number(p.categorized), 0);
  const answers = periods.reduce((a, p) => a + Number(p.n), 0);
  const npsN = Number(totals.promoters) + Number(totals.passives) + Number(totals.detractors);
  const totalNps = npsFromCounts({
    promoters: Number(totals.promoters),
    passives: Number(totals.passives),
    detractors: Number(totals.detractors),
  });
  const csatN = Number(totals.csat_n);
  return {
    from: q.from?.toISOString() ?? null,
    to: q.to?.toISOString() ?? null,
    interval: q.interval,
    total: {
      answers,
      categorized,
      nps: { n: npsN, value: round1(totalNps.value) },
      csat: { n: csatN, value: pct(Number(totals.csat_positive), csatN) },
    },
    categories: categories.map((c) => {
      const row = overall.find((r) => r.category_id === c.id);
      const promoters = Number(row?.promoters ?? 0);
      const passives = Number(row?.passives ?? 0);
      const detractors = Number(row?.detractors ?? 0);
      const nps = npsFromCounts({ promoters, passives, detractors });
      const volume = Number(row?.n ?? 0);
      const positive = Number(row?.positive ?? 0);
      const negative = Number(row?.negative ?? 0);
      const cN = Number(row?.csat_n ?? 0);
      const cPos = Number(row?.csat_positive ?? 0);
      const api = toCategory(c);
      return {
        id: api.id,
        key: api.key,
        parentId: api.parentId,
        name: api.name,
        volume,
        share: pct(volume, categorized),
        sentiment: { positive, neutral: volume - positive - negative, negative },
        nps: { n: nps.n, value: round1(nps.value), promoters, passives, detractors },
        csat: { n: cN, value: pct(cPos, cN) },
        impact: { nps: npsN > 0 ? round1((100 * detractors) / npsN) : null, csat: pct(cN - cPos, csatN) },
        trend: periods.map((p) => {
          const v = Number(byPeriod.find((r) => r.category_id === c.id && r.period === p.period)?.n ?? 0);
          return { period: p.period, volume: v, share: pct(v, Number(p.categorized)) };
        }),
      };
    }),
  };
}
