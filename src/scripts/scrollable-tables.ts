/**
 * Tables scroll sideways when they are wider than the column (`table { display: block; overflow-x: auto }`
 * in global.css): wide comparison tables, Japanese pages, narrow screens. A region that scrolls must be
 * reachable from the keyboard (WCAG 2.1.1; axe `scrollable-region-focusable`), so a table that overflows
 * becomes a tab stop, and one that fits does not add a useless one.
 */
export function makeScrollingTablesFocusable(root: ParentNode = document): void {
  for (const table of root.querySelectorAll<HTMLTableElement>('main table')) {
    const scrolls = table.scrollWidth > table.clientWidth + 1;
    if (scrolls && !table.hasAttribute('tabindex')) table.tabIndex = 0;
    else if (!scrolls && table.getAttribute('tabindex') === '0') table.removeAttribute('tabindex');
  }
}
