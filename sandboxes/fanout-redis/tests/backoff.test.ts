import { describe, expect, test } from 'vitest';
import { backoffDelay } from '../client.ts';

describe('backoffDelay: exponential backoff with full jitter', () => {
  test('the delay is random() × min(cap, base × 2^attempt)', () => {
    expect(backoffDelay(0, { baseMs: 100, capMs: 5000, random: () => 0.5 }), 'attempt 0: half of 100 ms.').toBe(50);
    expect(backoffDelay(3, { baseMs: 100, capMs: 5000, random: () => 0.5 }), 'attempt 3: half of 100 × 2³ = 800 ms.').toBe(400);
    expect(backoffDelay(3, { baseMs: 100, capMs: 5000, random: () => 0 }), 'random() = 0 means "try again at once": full jitter starts at 0.').toBe(0);
    expect(backoffDelay(10, { baseMs: 100, capMs: 5000, random: () => 0.5 }), 'attempt 10: 100 × 2¹⁰ = 102,400 ms is capped at 5,000; half of it.').toBe(2500);
  });

  test('uses the defaults 100 ms and 5 s, and never reaches the ceiling', () => {
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const delay = backoffDelay(attempt, { random: () => 0.999999 });
      expect(delay).toBeLessThan(Math.min(5000, 100 * 2 ** attempt));
      expect(delay).toBeGreaterThan(0.99 * Math.min(5000, 100 * 2 ** attempt));
    }
  });

  test('1000 clients dropped together spread their retries over the whole window', () => {
    const delays = Array.from({ length: 1000 }, () => backoffDelay(4)); // ceiling 1,600 ms
    const distinct = new Set(delays.map((delay) => Math.round(delay)));
    expect(distinct.size, 'Without jitter every client waits the same time and they all return in the same moment: multiply the ceiling by Math.random().').toBeGreaterThan(500);
    expect(Math.min(...delays), 'Full jitter spreads from 0…').toBeLessThan(100);
    expect(Math.max(...delays), '…to just under the ceiling of 1,600 ms.').toBeGreaterThan(1500);
    expect(Math.max(...delays)).toBeLessThan(1600);
  });
});
