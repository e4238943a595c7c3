/** CSI — Customer Satisfaction Index [004]: a 0..100 composite over satisfaction attributes. */
import { assertFinite, assertIn } from "./validate.js";

/** Weights must sum to 1 within this tolerance. */
export const CSI_WEIGHT_TOLERANCE = 1e-9;

export interface CsiAttribute {
  /** Mean answer for the attribute; null (no answers) makes the whole index null. */
  mean: number | null;
  /** Scale bounds of the attribute's question, e.g. 1 and 5. */
  min: number;
  max: number;
  /** Importance; give it for every attribute or for none (equal weights). */
  weight?: number;
}

/**
 * CSI = Σ wᵢ · (meanᵢ − minᵢ) / (maxᵢ − minᵢ) · 100 [004], weights summing to 1 (equal by default).
 * Shown beside NPS to see whether satisfaction turns into loyalty. Null for no attributes or when an
 * attribute has no mean; RangeError for bad bounds, a mean outside them, or weights that do not sum to 1.
 */
export function csi(attributes: readonly CsiAttribute[]): number | null {
  if (attributes.length === 0) return null;
  const weighted = attributes.filter((attribute) => attribute.weight !== undefined).length;
  if (weighted !== 0 && weighted !== attributes.length) {
    throw new RangeError("CSI weights must be given for every attribute or for none");
  }
  let weightSum = 0;
  let index = 0;
  let missing = false;
  for (const { mean, min, max, weight = 1 / attributes.length } of attributes) {
    assertFinite("CSI attribute min", min);
    assertFinite("CSI attribute max", max);
    if (!(max > min)) throw new RangeError(`CSI attribute max (${max}) must exceed min (${min})`);
    assertIn("CSI weight", weight, 0, 1);
    weightSum += weight;
    if (mean === null) {
      missing = true;
      continue;
    }
    assertIn("CSI attribute mean", mean, min, max);
    index += (weight * (mean - min)) / (max - min);
  }
  if (Math.abs(weightSum - 1) > CSI_WEIGHT_TOLERANCE) {
    throw new RangeError(`CSI weights must sum to 1, got ${weightSum}`);
  }
  return missing ? null : Math.min(100, Math.max(0, 100 * index));
}
