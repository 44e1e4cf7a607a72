/**
 * Elapsed time for a stage the learner waits on (starting the runtime: a WebContainer's first boot takes
 * about 10 s), so a slow start reads as progress rather than a hang.
 */

/** Calls `show` with the whole seconds elapsed, now and every second, until the returned stop is called. */
export function tickElapsed(show: (seconds: number) => void, every = 1000): () => void {
  const startedAt = Date.now();
  show(0);
  const timer = setInterval(() => show(Math.floor((Date.now() - startedAt) / 1000)), every);
  return () => clearInterval(timer);
}
