/**
 * Loads an island's code only when the learner is about to use it (issue #15: a lesson without a sandbox
 * loads ≤ 15 KB of JS). Until then the element shows its server-rendered, no-JavaScript form, which is
 * complete on its own (the quiz's answers sit in <details> blocks).
 *
 * The load starts when an element comes within `margin` of the viewport, so it is usually enhanced before
 * it is seen; or at once when the learner reaches into it first (focus, pointer, a #link to something inside
 * it), whichever comes first. Without IntersectionObserver it loads at once: a learner must never meet
 * a quiz that waits for an event that will not come.
 */
export interface NearOptions {
  /** How far outside the viewport counts as near (an IntersectionObserver rootMargin). */
  margin?: string;
}

export function loadWhenNear(elements: readonly Element[], load: () => Promise<unknown>, options: NearOptions = {}): () => void {
  if (elements.length === 0) return () => {};
  let started = false;
  const cleanups: (() => void)[] = [];
  const stop = () => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  };
  const start = () => {
    if (started) return;
    started = true;
    stop();
    load().catch((error: unknown) => console.error('[load-when-near] could not load an island; it keeps its no-JavaScript form.', error));
  };

  const target = hashTarget();
  if (typeof IntersectionObserver === 'undefined' || (target && elements.some((element) => element.contains(target)))) {
    start();
    return stop;
  }
  const observer = new IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting)) start();
  }, { rootMargin: options.margin ?? '100% 0px' });
  for (const element of elements) {
    observer.observe(element);
    element.addEventListener('focusin', start, { once: true });
    element.addEventListener('pointerdown', start, { once: true });
    cleanups.push(() => {
      element.removeEventListener('focusin', start);
      element.removeEventListener('pointerdown', start);
    });
  }
  cleanups.push(() => observer.disconnect());
  return stop;
}

/** The element the URL's #fragment names, if any; a malformed escape (`#%E0`) names none instead of throwing. */
function hashTarget(): HTMLElement | null {
  if (location.hash.length <= 1) return null;
  try {
    return document.getElementById(decodeURIComponent(location.hash.slice(1)));
  } catch {
    return null;
  }
}
