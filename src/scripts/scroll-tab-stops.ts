/**
 * A region that scrolls sideways must be reachable from the keyboard (WCAG 2.1.1; axe
 * `scrollable-region-focusable`), and one that fits should not add a useless tab stop. Used for wide
 * tables (scrollable-tables.ts) and diagrams (diagram-buttons.ts).
 *
 * Sizes are read only when a ResizeObserver reports, after a layout: reading them while the page's
 * scripts are still changing the page would force a layout of the whole page. The observer reports once
 * when it starts watching an element and again whenever its box changes (a narrower window).
 */
function updateTabStop(region: HTMLElement): void {
  const scrolls = region.scrollWidth > region.clientWidth + 1;
  if (scrolls && !region.hasAttribute('tabindex')) region.tabIndex = 0;
  else if (!scrolls && region.getAttribute('tabindex') === '0') region.removeAttribute('tabindex');
}

/**
 * One watcher per kind of region for the tab: each call hands it the current page's regions and lets go
 * of the last page's, so a soft navigation leaves no observer behind.
 */
export function tabStopsWhileScrolling(): (regions: readonly HTMLElement[]) => void {
  let observer: ResizeObserver | undefined;
  return (regions) => {
    observer?.disconnect();
    observer = undefined;
    if (regions.length === 0) return;
    observer = new ResizeObserver((entries) => {
      for (const entry of entries) updateTabStop(entry.target as HTMLElement);
    });
    for (const region of regions) observer.observe(region);
  };
}
