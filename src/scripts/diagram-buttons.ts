/**
 * The "Open full screen" button on every build-time diagram, and keyboard access to diagrams that
 * scroll sideways. The viewer itself (diagram-viewer.ts, with its pan and zoom) is most of the code and
 * few readers open it, so it loads when a reader points at or focuses a button, and is ready by the
 * click (issue #15: a lesson without a sandbox stays within its 15 KB of JavaScript).
 */
import { viewerText } from '../diagrams/viewer-strings.ts';
import { loadPageStrings } from '../i18n/page-strings.ts';

const loadViewer = () => import('./diagram-viewer.ts');

export async function setupDiagramButtons(): Promise<void> {
  await loadPageStrings();
  for (const figure of document.querySelectorAll<HTMLElement>('figure.diagram')) {
    const svg = figure.querySelector<SVGSVGElement>('svg');
    if (!svg || figure.querySelector('[data-diagram-open]')) continue;
    const title = svg.querySelector('title')?.textContent?.trim() || 'diagram';
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'button diagram-open';
    button.textContent = viewerText('open');
    button.dataset.diagramOpen = '';
    button.setAttribute('aria-label', viewerText('openLabel', { title }));
    button.setAttribute('aria-haspopup', 'dialog');
    for (const early of ['pointerenter', 'focus']) button.addEventListener(early, () => void loadViewer(), { once: true });
    button.addEventListener('click', async () => {
      const { openDiagram } = await loadViewer();
      // The SVG may be in the viewer already (a second click while it opens), so it is looked up now.
      const current = figure.querySelector<SVGSVGElement>('svg');
      if (current) openDiagram(current, button);
    });
    figure.prepend(button);
  }
  trackScrollers();
}

let scrollers: HTMLElement[] = [];
let observer: ResizeObserver | undefined;

function updateTabStops(): void {
  for (const scroller of scrollers) {
    if (scroller.scrollWidth > scroller.clientWidth + 1) scroller.tabIndex = 0;
    else scroller.removeAttribute('tabindex');
  }
}

/**
 * Drops the tab stop from diagram scrollers that have nothing to scroll at the current width. One
 * observer for the tab, given each new page's scrollers: a soft navigation must not leave the last
 * page's observer behind.
 */
function trackScrollers(): void {
  scrollers = [...document.querySelectorAll<HTMLElement>('.diagram-scroll')];
  observer?.disconnect();
  // No first call here: reading sizes right after the buttons went in would force a layout of the whole
  // page. A ResizeObserver reports once when it starts observing, after the next layout, and on every
  // resize after that.
  observer = new ResizeObserver(updateTabStops);
  observer.observe(document.documentElement);
}
