/** Mermaid's SVG markup as hast, ready to place in a page. */
import type { Element, ElementContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';

/** Parses SVG markup into a hast element, or throws when the markup holds no `<svg>`. */
export function parseSvg(markup: string): Element {
  const fragment = fromHtml(markup, { fragment: true });
  const svg = fragment.children.find((node): node is Element => node.type === 'element' && node.tagName === 'svg');
  if (!svg) throw new Error(`Expected SVG markup from Mermaid, got: ${markup.slice(0, 80)}…`);
  stripPositions(svg);
  return svg;
}

/**
 * Positions from parsing the SVG string would point into that string, not the MDX file, and MDX turns
 * positions into source-map entries.
 */
function stripPositions(node: Element | ElementContent): void {
  delete node.position;
  if ('children' in node) for (const child of node.children) stripPositions(child);
}
