/**
 * How narrow a diagram may get before its labels become unreadable. A Mermaid SVG scales with its
 * container (width="100%" and a viewBox), so on a 390 px phone a 1,800-unit-wide sequence diagram drew its
 * 16-unit labels at about 3 px. The figure instead gets a minimum width at which the smallest label still
 * renders at MIN_LABEL_PX; narrower containers scroll the diagram sideways (and the full-screen viewer
 * zooms it) rather than shrinking the text.
 */
import type { Element, ElementContent } from 'hast';

/** The smallest label size a reader gets without zooming, in CSS pixels (issue #13: 11 px at 390 px). */
export const MIN_LABEL_PX = 11;

/** Mermaid's default when a diagram states no size; a label never inherits the browser's 16 px default. */
const DEFAULT_FONT_PX = 16;

/** Width and height of the viewBox, or undefined when the SVG has none (it then does not scale). */
export function viewBoxSize(svg: Element): { width: number; height: number } | undefined {
  const raw = svg.properties?.viewBox;
  const parts = String(Array.isArray(raw) ? raw.join(' ') : (raw ?? '')).trim().split(/[\s,]+/).map(Number);
  const [, , width, height] = parts;
  if (parts.length !== 4 || !width || !height || !Number.isFinite(width) || !Number.isFinite(height) || width <= 0 || height <= 0) return undefined;
  return { width, height };
}

/**
 * The smallest font size the SVG sets anywhere: in its `<style>` sheet, in `style` attributes and in
 * `font-size` attributes. Only px and unitless values count (Mermaid writes nothing else); the default is
 * Mermaid's 16 px.
 */
export function smallestFontSize(svg: Element): number {
  const sizes: number[] = [];
  const fromCss = (css: string) => {
    for (const match of css.matchAll(/font-size\s*:\s*([\d.]+)(px)?\s*(?:[;}!]|$)/gi)) sizes.push(Number(match[1]));
  };
  const walk = (node: Element | ElementContent) => {
    if (node.type !== 'element') return;
    if (node.tagName === 'style') {
      for (const child of node.children) if (child.type === 'text') fromCss(child.value);
    }
    const style = node.properties?.style;
    if (typeof style === 'string') fromCss(style);
    const attribute = node.properties?.fontSize;
    if (attribute !== undefined && /^[\d.]+(px)?$/.test(String(attribute))) sizes.push(Number.parseFloat(String(attribute)));
    for (const child of node.children) walk(child);
  };
  walk(svg);
  const valid = sizes.filter((size) => Number.isFinite(size) && size > 0);
  return valid.length > 0 ? Math.min(...valid) : DEFAULT_FONT_PX;
}

/**
 * The CSS width (px) below which the SVG's smallest label would render under MIN_LABEL_PX, rounded up;
 * undefined when the SVG has no viewBox.
 */
export function legibleWidth(svg: Element, minLabelPx = MIN_LABEL_PX): number | undefined {
  const box = viewBoxSize(svg);
  if (!box) return undefined;
  return Math.ceil((box.width * minLabelPx) / smallestFontSize(svg));
}
