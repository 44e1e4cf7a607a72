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
  // TODO: sort a copy in numeric order, find the rank (how many samples must be at or below the answer:
  //       p % of the count, rounded up), and return the sample at that rank (rank 1 is the smallest).
  throw new Error(`percentile is not written yet (asked for p${p} of ${values.length} samples).`);
}

/** count, p50, p95 and max of the samples; NaN for the percentiles and max when there are none. */
export function summarize(values: readonly number[]): Summary {
  // TODO: use percentile() for p50 and p95.
  throw new Error(`summarize is not written yet (${values.length} samples).`);
}
