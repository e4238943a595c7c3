import { csatDefaultThreshold } from "../../../src/metrics/index.js";
import { scoreGroup } from "../../../src/surveys/logic.js";
import type { TQuestion, TScoreGroup } from "../api/types.js";

/** Red for detractors and low scores, grey-yellow for the middle, green for promoters and high scores. */
export const GROUP_COLOR: Record<TScoreGroup, string> = {
  detractor: "#dc2626",
  low: "#dc2626",
  passive: "#c9b458",
  neutral: "#c9b458",
  promoter: "#16a34a",
  high: "#16a34a",
};

export const groupOf = (q: TQuestion | undefined, value: number | null): TScoreGroup | null =>
  q && value !== null ? scoreGroup(q, value) : null;

export const colorOf = (q: TQuestion | undefined, value: number | null): string => {
  const g = groupOf(q, value);
  return g ? GROUP_COLOR[g] : "#94a3b8";
};

/** Every point of the question's scale, for a distribution with empty bars where nobody answered. */
export function scalePoints(q: TQuestion | undefined): number[] | null {
  const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
  switch (q?.type) {
    case "nps":
      return range(0, 10);
    case "csat":
      return range(1, q.scale);
    case "ces":
      return range(1, 7);
    case "missus":
      return range(1, 10);
    case "rating":
      return range(1, 5);
    default:
      return null;
  }
}

/**
 * The answers filter for a score group: NPS groups by name; others as a value range of the question
 * (the same boundaries as the survey logic's score groups).
 */
export function groupFilter(
  q: TQuestion,
  g: TScoreGroup,
): { group: TScoreGroup } | { scoreMin: number; scoreMax: number } {
  if (q.type === "nps") return { group: g };
  const r = (scoreMin: number, scoreMax: number) => ({ scoreMin, scoreMax });
  switch (q.type) {
    case "csat": {
      const th = q.positiveThreshold ?? csatDefaultThreshold(q.scale);
      return g === "high" ? r(th, q.scale) : r(1, th - 1);
    }
    case "ces":
      return g === "high" ? r(5, 7) : g === "neutral" ? r(4, 4) : r(1, 3);
    case "rating":
      return g === "high" ? r(4, 5) : g === "neutral" ? r(3, 3) : r(1, 2);
    case "missus":
      return g === "high" ? r(9, 10) : g === "neutral" ? r(7, 8) : r(1, 6);
    case "cli":
      return g === "high" ? r(1, 2) : g === "neutral" ? r(2.000001, 3.999999) : r(4, 6);
    default:
      return r(-1e9, 1e9);
  }
}
