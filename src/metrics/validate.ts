/**
 * Input guards shared by the metric functions. Bad input is a programming or data error, never "not enough
 * data", so it throws RangeError instead of returning null.
 */

/** A count (n, promoters, …): a non-negative safe integer. */
export function assertCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}

/** A finite number (sums, means). */
export function assertFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, got ${value}`);
}

/** An answer on an integer scale `min..max`. */
export function assertIntegerIn(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer in ${min}..${max}, got ${value}`);
  }
}

/** A number in the closed range `min..max`. */
export function assertIn(name: string, value: number, min: number, max: number): void {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new RangeError(`${name} must be a number in ${min}..${max}, got ${value}`);
  }
}

/** `part` of `whole` where both are counts, e.g. positive answers of n. */
export function assertPartOf(partName: string, part: number, wholeName: string, whole: number): void {
  assertCount(partName, part);
  assertCount(wholeName, whole);
  if (part > whole) throw new RangeError(`${partName} (${part}) must not exceed ${wholeName} (${whole})`);
}
