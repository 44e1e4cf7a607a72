/**
 * Tables scroll sideways when they are wider than the column (`table { display: block; overflow-x: auto }`
 * in global.css): wide comparison tables, Japanese pages, narrow screens. A table that overflows becomes a
 * tab stop, one that fits does not (scroll-tab-stops.ts).
 */
import { tabStopsWhileScrolling } from './scroll-tab-stops.ts';

const watchTables = tabStopsWhileScrolling();

export function trackScrollingTables(): void {
  watchTables([...document.querySelectorAll<HTMLElement>('main table')]);
}
