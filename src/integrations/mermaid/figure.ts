/**
 * The markup a diagram becomes, as hast (so it flows through both the Markdown and the MDX pipeline):
 *
 *   <figure class="diagram" data-diagram-type="sequence">
 *     <div class="diagram-scroll" tabindex="0" role="group" aria-label="Diagram: …" style="--diagram-legible-width:1293px">
 *       <svg class="diagram-style-sequenceDiagram" role="img" aria-labelledby="…-title">…</svg>
 *     </div>
 *     <figcaption class="sr-only">Sequence diagram between Client and Server: 1. …</figcaption>
 *   </figure>
 *
 * One SVG for every theme: its colours are `var(--diagram-…)` custom properties that global.css sets for
 * light, dark and forced colours (browser/render-diagram.js), so a page carries each diagram once.
 * Mermaid's own `<style>`, the same in every diagram of a type, lives in one cached stylesheet instead
 * (shared-styles.ts); the class names which rules apply.
 * Without a build-time browser the SVG is replaced by `<pre class="mermaid" data-mermaid>` holding the
 * source, which browser/render-fallback.js turns into the same SVG on the reader's page.
 */
import type { Element, ElementContent } from 'hast';
import type { TextAlternative } from './text-alternative.ts';
import { legibleWidth } from './legible-width.ts';
import { NO_SHARED_STYLES, adoptSharedStyle, type SharedStyles } from './shared-styles.ts';
import { parseSvg } from './svg-markup.ts';

export interface FigureDetails {
  /** Unique on the page; every id in the SVG starts with it. */
  idPrefix: string;
  alternative: TextAlternative;
  /** Mermaid's keyword for the diagram (`sequenceDiagram`), kept as a styling hook. */
  diagramType: string | undefined;
}

/**
 * A figure holding the SVG rendered at build time. When the SVG's `<style>` is one of `sharedStyles`, it
 * is dropped for the site's shared stylesheet (shared-styles.ts).
 */
export function renderedFigure(svg: string, details: FigureDetails, sharedStyles: SharedStyles = NO_SHARED_STYLES): Element {
  const element = parseSvg(svg);
  // Measured first: the smallest font size is read from the SVG's own <style>.
  const width = legibleWidth(element);
  adoptSharedStyle(element, sharedStyles);
  // The SVG never gets narrower than the width at which its labels stay legible (legible-width.ts); a
  // narrower column scrolls it sideways, so the scroller is focusable for keyboard readers
  // (diagram-buttons.ts and scroll-tab-stops.ts drop the tab stop again where nothing overflows).
  const scroller: Element = {
    type: 'element',
    tagName: 'div',
    properties: {
      className: ['diagram-scroll'],
      tabIndex: 0,
      role: 'group',
      ariaLabel: `Diagram: ${details.alternative.title}`,
      ...(width ? { style: `--diagram-legible-width:${width}px` } : {}),
    },
    children: [element],
  };
  return figure(details, [scroller]);
}

/** A figure holding the diagram source, for the reader's browser to draw. */
export function fallbackFigure(source: string, details: FigureDetails): Element {
  const pre: Element = {
    type: 'element',
    tagName: 'pre',
    properties: {
      className: ['mermaid'],
      dataMermaid: '',
      dataIdPrefix: details.idPrefix,
      dataTitle: details.alternative.title,
    },
    children: [{ type: 'text', value: source }],
  };
  return figure(details, [pre]);
}

/**
 * The module script that draws fallback diagrams. Browsers run a module URL once per page however
 * many times it appears (HTML §8.1.5.5 module map), so one per file is enough and duplicates are harmless.
 */
export function fallbackLoader(scriptUrl: string): Element {
  return { type: 'element', tagName: 'script', properties: { type: 'module', src: scriptUrl }, children: [] };
}

function figure(details: FigureDetails, body: ElementContent[]): Element {
  const children: ElementContent[] = [...body];
  const { description } = details.alternative;
  if (description) {
    children.push({
      type: 'element',
      tagName: 'figcaption',
      properties: { className: ['sr-only'] },
      children: [{ type: 'text', value: description }],
    });
  }
  const properties: Element['properties'] = { className: ['diagram'] };
  if (details.diagramType) properties.dataDiagramType = details.diagramType;
  return { type: 'element', tagName: 'figure', properties, children };
}
