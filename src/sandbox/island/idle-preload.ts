/**
 * Runs `load` once `target` has come into view and the browser has nothing better to do (or `timeoutMs`
 * later at the latest), unless the reader asked to save data. Returns what stops the watch.
 */
export function whenSeenAndIdle(target: Element, load: () => void, timeoutMs: number): () => void {
  const saveData = (navigator as Navigator & { connection?: { saveData?: boolean } }).connection?.saveData;
  if (saveData || typeof IntersectionObserver === 'undefined') return () => undefined;
  const observer = new IntersectionObserver((entries) => {
    if (!entries.some((entry) => entry.isIntersecting)) return;
    observer.disconnect();
    const idle = window.requestIdleCallback ?? ((callback: () => void) => window.setTimeout(callback, 200));
    idle(load, { timeout: timeoutMs });
  });
  observer.observe(target);
  return () => observer.disconnect();
}
