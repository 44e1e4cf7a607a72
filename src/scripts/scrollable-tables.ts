/**
 * Tables scroll sideways when they are wider than the column (`table { display: block; overflow-x: auto }`
 * in global.css): wide comparison tables, Japanese pages, narrow screens. A region that scrolls must be
 * reachable from the keyboard (WCAG 2.1.1; axe `scrollable-region-focusable`), so a table that overflows
 * becomes a tab stop, and one that fits does not add a useless one.
 */
let tables: HTMLTableElement[] = [];
let observer: ResizeObserver | undefined;

function updateTabStops(): void {
  for (const table of tables) {
    const scrolls = table.scrollWidth > table.clientWidth + 1;
    if (scrolls && !table.hasAttribute('tabindex')) table.tabIndex = 0;
    else if (!scrolls && table.getAttribute('tabindex') === '0') table.removeAttribute('tabindex');
  }
}

/**
 * Watches the page's tables with one observer for the tab (a soft navigation hands it the new page's).
 * Sizes are read only when the observer reports, after a layout: reading them while the page scripts
 * are still changing the page would force a layout of the whole page.
 */
export function trackScrollingTables(): void {
  tables = [...document.querySelectorAll<HTMLTableElement>('main table')];
  observer?.disconnect();
  if (tables.length === 0) return;
  observer = new ResizeObserver(updateTabStops);
  for (const table of tables) observer.observe(table);
}
