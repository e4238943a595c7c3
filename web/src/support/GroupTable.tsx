import { useI18n } from "../i18n/I18nProvider.js";
import { formatDuration } from "./format.js";
import type { SupportMetrics } from "./types.js";

const NONE = "(none)";

/** Per agent, team, channel, topic or priority: volume, SLA, reply and resolution, FCR, workload, CSAT. */
export function GroupTable({
  groups,
  onBreached,
}: {
  groups: NonNullable<SupportMetrics["groups"]>;
  onBreached: (key: string) => void;
}) {
  const { t, fmt } = useI18n();
  const pct = (v: number | null | undefined) => (v == null ? "—" : `${fmt.number(v, 0)}%`);
  return (
    <div className="table-wrap">
      <table className="table" data-testid="support-groups">
        <thead>
          <tr>
            <th>{t(`support.key.${groups.by}`)}</th>
            <th className="num">{t("support.col.volume")}</th>
            <th className="num">{t("support.col.sla")}</th>
            <th className="num">{t("support.col.frt")}</th>
            <th className="num">{t("support.col.resolution")}</th>
            <th className="num">{t("support.col.fcr")}</th>
            <th className="num">{t("support.col.open")}</th>
            <th className="num">{t("support.col.backlog")}</th>
            <th className="num">{t("support.col.csat")}</th>
          </tr>
        </thead>
        <tbody>
          {groups.rows.map((r) => (
            <tr key={r.key} data-testid="support-group" data-key={r.key}>
              <th scope="row">{r.key === NONE ? t("support.none") : r.label}</th>
              <td className="num">{fmt.int(r.volume)}</td>
              <td className="num">
                {r.sla && r.sla.breached > 0 && r.key !== NONE ? (
                  <button
                    type="button"
                    className="btn-link"
                    title={t("support.sla.showBreached", { count: r.sla.breached })}
                    onClick={() => onBreached(r.key)}
                  >
                    {pct(r.sla.value)}
                  </button>
                ) : (
                  pct(r.sla?.value)
                )}
              </td>
              <td className="num">{formatDuration(r.firstReply.median, t)}</td>
              <td className="num">{pct(r.resolution.value)}</td>
              <td className="num">{pct(r.fcr.value)}</td>
              <td className="num">{fmt.int(r.openNow)}</td>
              <td className="num">{fmt.int(r.backlog)}</td>
              <td className="num">{pct(r.csat?.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
