import { useI18n } from "../i18n/I18nProvider.js";
import { formatP } from "../results/ScoreCard.js";
import { formatDuration } from "./format.js";
import type { SupportChange } from "./types.js";

type Kind = "share" | "duration";

/** Colour of the arrow: green or red only for a significant change, grey otherwise. */
function deltaClass(c: SupportChange): string {
  if (!c.significant || c.diff === null || c.diff === 0) return "delta-flat";
  const better = c.lowerIsBetter ? c.diff < 0 : c.diff > 0;
  return better ? "delta-good" : "delta-bad";
}

function useFormat(kind: Kind) {
  const { t, fmt } = useI18n();
  return {
    value: (v: number | null) =>
      v === null ? "—" : kind === "share" ? `${fmt.number(v, 1)}%` : formatDuration(v, t),
    diff: (d: number) =>
      kind === "share"
        ? `${fmt.signed(d, 1)} ${t("score.points")}`
        : `${d > 0 ? "+" : d < 0 ? "-" : ""}${
            // Under 10 s a whole-second rounding would read "-0 s".
            Math.abs(d) < 10_000
              ? t("support.dur.s", { n: fmt.number(Math.abs(d) / 1000, 1) })
              : formatDuration(Math.abs(d), t)
          }`,
  };
}

/**
 * The verdict with p when tested: significant, not significant, too few cases to call it (either side
 * under 30, whatever p says), no change, or nothing to test.
 */
function Verdict({ c, compact }: { c: SupportChange; compact?: boolean }) {
  const { t, fmt } = useI18n();
  const p = c.pValue === null ? "" : formatP(c.pValue, fmt);
  if (c.diff === 0) return <>{t("support.change.same")}</>;
  if (c.pValue === null) return <>{t("support.change.untestable")}</>;
  const verdict = c.lowSample
    ? t(compact ? "support.change.lowSampleShort" : "support.change.lowSample")
    : c.significant
      ? t(compact ? "support.change.significant" : "score.significant")
      : t(compact ? "support.change.notSignificant" : "score.notSignificant");
  return (
    <>
      {verdict}
      {compact ? `, ${p}` : <span className="muted"> ({p})</span>}
    </>
  );
}

/**
 * A card's change against the previous period, as the feedback results show it: arrow and difference,
 * the previous value with its n, and whether the change is significant with its p-value.
 */
export function Change({
  change,
  kind,
  label,
  testId,
}: {
  change: SupportChange | null;
  kind: Kind;
  /** What the test compares when it is not the headline (e.g. the mean under a median). */
  label?: string;
  testId?: string;
}) {
  const { t, fmt } = useI18n();
  const f = useFormat(kind);
  if (!change || change.current === null) return null;
  const c = change;
  const tested = c.diff !== null;
  return (
    <div
      className="support-change"
      data-testid={testId}
      data-significant={tested ? String(c.significant) : ""}
      data-p={c.pValue ?? ""}
    >
      {!tested ? (
        <span className="muted">{t("support.change.none")}</span>
      ) : (
        <>
          <div>
            {label && <span className="muted">{label}: </span>}
            <span className={`delta ${deltaClass(c)}`}>
              {c.diff === null || c.diff === 0 ? "•" : c.diff > 0 ? "▲" : "▼"} {f.diff(c.diff ?? 0)}
            </span>{" "}
            <span className="muted">
              {t("score.vsPrevious", { value: f.value(c.previous), n: fmt.int(c.previousN) })}
            </span>
          </div>
          <div
            className={
              c.significant
                ? "significance yes"
                : c.lowSample
                  ? "significance no low-flag"
                  : "significance no"
            }
          >
            {c.lowSample && c.pValue !== null && c.diff !== 0 && "⚠ "}
            <Verdict c={c} />
          </div>
        </>
      )}
    </div>
  );
}

/** One secondary figure of a card with its change on the same line: "ASA 12 s ▼ 3 s · significant, p < 0.001". */
export function ChangeLine({
  label,
  value,
  change,
  kind,
  testId,
}: {
  label: string;
  value: string;
  change: SupportChange;
  kind: Kind;
  testId?: string;
}) {
  const f = useFormat(kind);
  const { t } = useI18n();
  const tested = change.current !== null && change.diff !== null;
  return (
    <span
      className="support-change-line"
      data-testid={testId}
      data-significant={tested ? String(change.significant) : ""}
      title={
        tested
          ? t("score.vsPrevious", { value: f.value(change.previous), n: String(change.previousN) })
          : undefined
      }
    >
      {label} <strong>{value}</strong>
      {tested && (
        <>
          {" "}
          <span className={`delta ${deltaClass(change)}`}>
            {change.diff === 0 ? "•" : (change.diff ?? 0) > 0 ? "▲" : "▼"} {f.diff(change.diff ?? 0)}
          </span>{" "}
          <span className={change.significant ? "significance yes" : "muted"}>
            · <Verdict c={change} compact />
          </span>
        </>
      )}
    </span>
  );
}
