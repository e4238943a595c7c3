/**
 * Histogram bins for a skewed, non-negative quantity such as predicted CLV: a "nice" bin width (1, 2 or
 * 5 × 10^k) chosen so that `bins` bins reach the 99th percentile, and one open-ended bin for the tail, so a
 * few very valuable customers do not squeeze everyone else into the first bar.
 */

/** The smallest of 1, 2, 5 × 10^k that is at least `x` (x > 0). */
export function niceStep(x: number): number {
  const power = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 5, 10]) if (m * power >= x * (1 - 1e-12)) return m * power;
  return 10 * power;
}

export interface BinLayout {
  /** Left edge of the first bin: a multiple of the width at or below the minimum. */
  start: number;
  width: number;
  /** Regular bins `[start + i·width, start + (i+1)·width)`, i < count. */
  count: number;
  /** Values at or past `start + count·width` go to one open-ended last bin. */
  overflow: boolean;
}

/** Bins covering [min, max], `bins` of them up to the 99th percentile. */
export function binLayout(stats: { min: number; max: number; p99: number }, bins: number): BinLayout {
  const base = Math.min(0, stats.min);
  const reach = stats.p99 - base > 0 ? stats.p99 - base : stats.max - base;
  const width = reach > 0 ? niceStep(reach / bins) : 1;
  const start = Math.floor(stats.min / width) * width;
  const lastIndex = Math.floor((stats.max - start) / width);
  return lastIndex >= bins
    ? { start, width, count: bins, overflow: true }
    : { start, width, count: lastIndex + 1, overflow: false };
}

/** The bin a value falls in under a layout (the overflow bin is index `count`). */
export function binIndex(layout: BinLayout, value: number): number {
  return Math.min(Math.max(Math.floor((value - layout.start) / layout.width), 0), layout.count);
}
