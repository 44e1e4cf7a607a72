import { describe, expect, test } from 'vitest';
import { percentile, summarize } from '../summary.ts';

describe('percentile: the nearest-rank method', () => {
  test('gives the textbook answers for [15, 20, 35, 40, 50]', () => {
    const values = [15, 20, 35, 40, 50];
    expect(percentile(values, 30), 'p30: 30 % of 5 samples is 1.5, rounded up to rank 2, which is 20.').toBe(20);
    expect(percentile(values, 40), 'p40: 40 % of 5 is 2, rank 2, which is 20.').toBe(20);
    expect(percentile(values, 50), 'p50: 50 % of 5 is 2.5, rounded up to rank 3, which is 35.').toBe(35);
    expect(percentile(values, 100), 'p100 is the largest sample.').toBe(50);
  });

  test('p95 of 1..20 is 19 and p95 of 1..100 is 95 (rank = ceil(p/100 × n), counted from 1)', () => {
    const twenty = Array.from({ length: 20 }, (_, i) => i + 1);
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(twenty, 95), 'p95 of 20 samples: 0.95 × 20 = 19, so the 19th smallest, 19. Index 19 of the sorted array is the 20th: ranks start at 1, indexes at 0.').toBe(19);
    expect(percentile(hundred, 95), 'p95 of 100 samples is the 95th smallest.').toBe(95);
    expect(percentile([7], 95), 'With one sample every percentile is that sample.').toBe(7);
  });

  test('sorts numbers as numbers, whatever order they arrive in', () => {
    expect(percentile([100, 20, 3, 1000], 50), 'sort() without a compare function sorts as text ("1000" < "20"); sort with (a, b) => a - b.').toBe(20);
    expect(percentile([0.5, 12.25, 3, 9.75, 1.5], 100)).toBe(12.25);
  });

  test('does not reorder the caller\'s array', () => {
    const values = [5, 1, 4, 2, 3];
    percentile(values, 50);
    expect(values, 'Sort a copy ([...values].sort(…)): the lab keeps appending to the same array.').toEqual([5, 1, 4, 2, 3]);
  });

  test('is NaN when there are no samples', () => {
    expect(percentile([], 50), 'No samples, no percentile: return NaN rather than undefined or 0.').toBeNaN();
  });
});

describe('summarize', () => {
  test('reports count, p50, p95 and max', () => {
    const values = Array.from({ length: 40 }, (_, i) => 40 - i); // 40 down to 1
    expect(summarize(values)).toEqual({ count: 40, p50: 20, p95: 38, max: 40 });
  });

  test('reports NaN for the percentiles of no samples', () => {
    const summary = summarize([]);
    expect(summary.count).toBe(0);
    expect(summary.p50).toBeNaN();
    expect(summary.p95).toBeNaN();
  });
});
