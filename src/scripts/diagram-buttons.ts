/**
 * The "Open full screen" button on every build-time diagram, and keyboard access to diagrams that
 * scroll sideways. The viewer itself (diagram-viewer.ts, with its pan and zoom) is most of the code and
 * few readers open it, so it loads when a reader points at or focuses a button, and is ready by the
 * click (issue #15: a lesson without a sandbox stays within its 15 KB of JavaScript).
 */
import { viewerText } from '../diagrams/viewer-strings.ts';
import { loadPageStrings } from '../i18n/page-strings.ts';
import { tabStopsWhileScrolling } from './scroll-tab-stops.ts';

const loadViewer = () => import('./diagram-viewer.ts');
/** Diagram scrollers are built with a tab stop (figure.ts); it goes where nothing overflows (scroll-tab-stops.ts). */
const watchScrollers = tabStopsWhileScrolling();

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
  watchScrollers([...document.querySelectorAll<HTMLElement>('.diagram-scroll')]);
}
