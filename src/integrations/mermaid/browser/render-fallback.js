// @ts-check
/**
 * Client-side fallback for builds that had no Chromium: draws every `<pre data-mermaid>` on the page
 * with the same code the build uses, then swaps the source for the (CSS-themed) SVG.
 *
 * Served from the same folder as Mermaid's ESM bundle (see vendor-files.ts) and only referenced by pages
 * that contain such a diagram, so pages whose diagrams were drawn at build time load none of this.
 */
import { renderDiagram } from './render-diagram.js';

const pending = Array.from(document.querySelectorAll('pre[data-mermaid]'));

if (pending.length > 0) {
  // Imported lazily: Mermaid is about 3 MB of JavaScript we only want to fetch when a diagram needs it.
  // Resolved at run time because the bundle sits next to this file in the build output, not in src/.
  const bundleUrl = new URL('./mermaid.esm.min.mjs', import.meta.url).href;
  /** @type {{ default: import('./render-diagram.js').MermaidApi }} */
  const { default: mermaid } = await import(bundleUrl);
  for (const pre of pending) {
    if (!(pre instanceof HTMLElement)) continue;
    const source = pre.textContent ?? '';
    const idPrefix = pre.dataset.idPrefix ?? `mermaid-${Math.random().toString(36).slice(2)}`;
    const title = pre.dataset.title ?? 'Diagram';
    try {
      const template = document.createElement('template');
      template.innerHTML = await renderDiagram(mermaid, { source, idPrefix, title });
      pre.replaceWith(template.content);
    } catch (error) {
      // Leave the source on the page: readable text beats an empty box.
      pre.dataset.mermaidError = error instanceof Error ? error.message : String(error);
      console.error(`Mermaid could not draw the diagram "${title}".`, error);
    }
  }
}
