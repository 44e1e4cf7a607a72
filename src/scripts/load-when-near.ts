/**
 * Loads an island's code (or the content it fetches) only when the learner is about to use it (issue #15:
 * a lesson without a sandbox loads ≤ 15 KB of JS, and its HTML leaves the quiz's questions out). Until then
 * the element shows its server-rendered, no-JavaScript form: a lesson's quiz is its heading and a link to
 * the quiz's own page, where the answers sit in <details> blocks.
 *
 * The load starts when an element comes within `margin` of the viewport, so it is usually done before it
 * is seen; or at once when the learner reaches into it first (focus, pointer, a #link to something inside
 * it or to a part it has yet to fetch), whichever comes first. Without IntersectionObserver it loads at
 * once: a learner must never meet a quiz that waits for an event that will not come.
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

  // Already reached into: focus got there before this ran (say, while the island's code was loading).
  const reached = (element: Element) => element.contains(document.activeElement) || namedByFragment(element);
  if (typeof IntersectionObserver === 'undefined' || elements.some(reached)) {
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

/**
 * Whether the URL's #fragment points into `element`: at something inside it, or at a part it will fetch
 * (ids of such parts extend the element's own id with `--`, as a lesson's quiz questions do).
 */
function namedByFragment(element: Element): boolean {
  const id = fragmentId();
  if (!id) return false;
  const target = document.getElementById(id);
  return (target !== null && element.contains(target)) || (element.id !== '' && id.startsWith(`${element.id}--`));
}

/** The element the URL's #fragment names, if any. */
export function fragmentTarget(): HTMLElement | null {
  const id = fragmentId();
  return id ? document.getElementById(id) : null;
}

/** The #fragment, decoded; a malformed escape (`#%E0`) names nothing instead of throwing. */
function fragmentId(): string | undefined {
  if (location.hash.length <= 1) return undefined;
  try {
    return decodeURIComponent(location.hash.slice(1));
  } catch {
    return undefined;
  }
}
