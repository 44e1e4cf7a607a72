/**
 * Page scripts under Astro's ClientRouter (astro:transitions): following a link swaps the page's body
 * instead of loading a new document, so module scripts run once per tab, not once per page. What a
 * script sets up on the page's elements must run again after every swap; `onEveryPage` does that
 * (`astro:page-load` fires after the first load and after each swap). Listeners on `document` or
 * `window` are set up once, outside it. The router is there so one WebContainer boots once per tab
 * and is kept while the learner moves between lessons (see soft-navigation.ts).
 */
export function onEveryPage(setup: () => void): void {
  if (document.querySelector('meta[name="astro-view-transitions-enabled"]')) {
    document.addEventListener('astro:page-load', setup);
  } else {
    setup();
  }
}
