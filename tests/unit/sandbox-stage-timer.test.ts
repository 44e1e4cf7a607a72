/** The elapsed-time ticker the runtime status line uses while a WebContainer boots. */
import { afterEach, expect, test, vi } from 'vitest';
import { tickElapsed } from '../../src/sandbox/stage-timer.ts';

afterEach(() => {
  vi.useRealTimers();
});

test('shows 0 at once, then whole seconds, and nothing after stop', () => {
  vi.useFakeTimers();
  const shown: number[] = [];
  const stop = tickElapsed((seconds) => shown.push(seconds));
  vi.advanceTimersByTime(3000);
  stop();
  vi.advanceTimersByTime(5000);
  expect(shown).toEqual([0, 1, 2, 3]);
});
