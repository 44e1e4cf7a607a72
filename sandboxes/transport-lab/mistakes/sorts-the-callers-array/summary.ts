// Turns latency samples into the numbers the table prints.

export interface Summary {
  count: number;
  p50: number;
  p95: number;
  max: number;
}

/**
 * The p-th percentile (0 < p ≤ 100) by the nearest-rank method: the smallest sample such that at least
 * p % of all samples are less than or equal to it. NaN when there are no samples. Must not reorder
 * `values` (the caller keeps using them).
 * Example: for [15, 20, 35, 40, 50], p = 30 → 20, p = 40 → 20, p = 50 → 35, p = 100 → 50.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  // Sorted as numbers (the default sort() compares text).
  const sorted = (values as number[]).sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

/** count, p50, p95 and max of the samples; NaN for the percentiles and max when there are none. */
export function summarize(values: readonly number[]): Summary {
  return {
    count: values.length,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    max: percentile(values, 100),
  };
}
