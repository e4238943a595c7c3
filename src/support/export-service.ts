/**
 * Support figures and the SLA drill-down as tables for the CSV/XLSX writers of src/exports (which
 * neutralize formula-like cells). Figures: one row per figure with value, n and 95% interval, then one
 * row per group when the query groups. Breaches: every breached ticket, read a page at a time.
 */
import type { Db } from "../db/connection.js";
import type { Cell } from "../exports/neutralize.js";
import type { TBreachesQuery, TSupportMetrics, TSupportMetricsQuery } from "./metrics-schema.js";
import { supportMetrics, supportSlaBreaches } from "./metrics-service.js";

export interface SupportTable {
  fileStem: string;
  sheetName: string;
  header: string[];
  pages: AsyncIterable<Cell[][]>;
}

const day = (iso: string) => iso.slice(0, 10);
const minutes = (ms: number | null) => (ms == null ? null : Math.round(ms / 600) / 100);

type Share = { value: number | null; n: number; ci: readonly [number, number] | null };
type Duration = { mean: number | null; n: number; ci: readonly [number, number] | null };

const shareRow = (figure: string, s: Share | null): Cell[] =>
  s ? [figure, "%", s.value, s.n, s.ci?.[0] ?? null, s.ci?.[1] ?? null] : [figure, "%", null, 0, null, null];
const durationRow = (figure: string, d: Duration | null): Cell[] =>
  d
    ? [figure, "min", minutes(d.mean), d.n, minutes(d.ci?.[0] ?? null), minutes(d.ci?.[1] ?? null)]
    : [figure, "min", null, 0, null, null];
const countRow = (figure: string, n: number): Cell[] => [figure, "count", n, null, null, null];

/** Every figure of the metrics answer as rows (figure, unit, value, n, CI low, CI high). */
export function figureRows(m: TSupportMetrics): Cell[][] {
  const t = m.tickets;
  const rows: Cell[][] = [
    countRow("tickets", t.volume),
    shareRow("SLA first reply", m.sla.firstReply),
    shareRow("SLA resolution", m.sla.resolution),
    durationRow("first reply time (mean)", t.firstReply),
    ["first reply time (median)", "min", minutes(t.firstReply.median), t.firstReply.n, null, null],
    ["first reply time (p90)", "min", minutes(t.firstReply.p90), t.firstReply.n, null, null],
    durationRow("first reply time, business hours (mean)", t.firstReplyBusiness),
    countRow("waiting for a first reply", t.firstReply.open),
    durationRow("resolution time (mean)", t.resolutionTime),
    shareRow("FCR", t.fcr),
    shareRow("resolution rate", t.resolutionRate),
    countRow("open now", t.openNow),
    countRow("backlog at period end", t.backlog),
    countRow("calls offered", m.calls.offered),
    durationRow("ASA", m.calls.asa),
    durationRow("AHT", m.calls.aht),
    shareRow(
      `service level ${m.calls.serviceLevel.targetPercent}/${m.calls.serviceLevel.thresholdSeconds}`,
      m.calls.serviceLevel,
    ),
    shareRow("blockage", m.calls.blockage),
    shareRow("CSAT", m.csat.overall),
    ...t.byChannel.map((c) => countRow(`tickets: ${c.channel}`, c.count)),
    ...t.firstReplyDistribution.map((b, i, all) =>
      countRow(
        `first replies ${i === 0 ? "0" : minutes(all[i - 1]?.upToMs ?? 0)}–${b.upToMs == null ? "∞" : minutes(b.upToMs)} min`,
        b.count,
      ),
    ),
    ...(m.sla.trend?.points ?? []).map((p) =>
      shareRow(`SLA first reply, ${m.sla.trend?.step} of ${p.start}`, p),
    ),
  ];
  for (const g of m.groups?.rows ?? []) {
    const name = `${m.groups?.by} ${g.label}`;
    rows.push(
      countRow(`${name}: tickets`, g.volume),
      shareRow(`${name}: SLA first reply`, g.sla),
      durationRow(`${name}: first reply time (mean)`, g.firstReply),
      durationRow(`${name}: resolution time (mean)`, g.resolutionTime),
      shareRow(`${name}: FCR`, g.fcr),
      shareRow(`${name}: resolved`, g.resolution),
      shareRow(`${name}: CSAT`, g.csat),
    );
  }
  return rows;
}

export async function supportFiguresExport(
  db: Db,
  workspaceId: string,
  q: TSupportMetricsQuery,
  now: Date,
): Promise<SupportTable> {
  const m = await supportMetrics(db, workspaceId, q, now);
  const rows = figureRows(m);
  return {
    fileStem: `support-${day(m.from)}-${day(m.to)}`,
    sheetName: "Support",
    header: ["figure", "unit", "value", "n", "ci_low", "ci_high"],
    pages: (async function* () {
      yield rows;
    })(),
  };
}

/** Every ticket behind the breached figure, oldest first; fails before the first byte on a bad query. */
export async function supportBreachesExport(
  db: Db,
  workspaceId: string,
  q: Omit<TBreachesQuery, "cursor" | "limit">,
  now: Date,
): Promise<SupportTable> {
  const first = await supportSlaBreaches(db, workspaceId, { ...q, limit: 500 }, now);
  const toRows = (items: typeof first.items): Cell[][] =>
    items.map((b) => [
      b.externalId,
      new Date(b.createdAt),
      b.channel,
      b.priority,
      b.topic,
      b.team,
      b.agent,
      b.status,
      b.target,
      new Date(b.deadline),
      b.achievedAt ? new Date(b.achievedAt) : null,
      minutes(b.overdueMs),
    ]);
  return {
    fileStem: `sla-breaches-${q.measure}`,
    sheetName: "SLA breaches",
    header: [
      "ticket",
      "created_at",
      "channel",
      "priority",
      "topic",
      "team",
      "agent",
      "status",
      "target",
      "deadline",
      "achieved_at",
      "overdue_minutes",
    ],
    pages: (async function* () {
      let page = first;
      yield toRows(page.items);
      while (page.nextCursor) {
        page = await supportSlaBreaches(db, workspaceId, { ...q, limit: 500, cursor: page.nextCursor }, now);
        yield toRows(page.items);
      }
    })(),
  };
}
