/**
 * One cached stylesheet for every build-time diagram instead of Mermaid's `<style>` inside each SVG
 * (issue #15, page weight: ~5 KB raw, 1–3 KB gzip per lesson page).
 *
 * Mermaid writes the same stylesheet into every SVG of a diagram type, each selector prefixed with that
 * SVG's id (`#diagram-ab12cd-1 .actor{…}`); its colours are already `var(--diagram-…)` (render-diagram.js),
 * so it is the same in every theme. We never copy that CSS by hand: at build time (and in dev) the same
 * shared renderer draws one tiny sample diagram per type in STYLE_SAMPLES, and its `<style>`, with the id
 * selector swapped for a class scope, becomes the virtual stylesheet the layout imports (integration.ts).
 * A Mermaid upgrade changes the samples' output and the stylesheet with it.
 *
 * The rehype plugin removes an SVG's `<style>` only when its text, with the SVG's id normalised, equals a
 * sample's exactly; the SVG then gets that sample's class. Anything else (a type without a sample, a
 * diagram whose stylesheet depends on its content, such as flowchart classDefs) keeps its own `<style>`,
 * so no diagram can end up unstyled.
 */
import type { Element, ElementContent } from 'hast';
import { parseSvg } from './svg-markup.ts';
import { ID_PLACEHOLDER, type MermaidRenderer, type Warner } from './renderer.ts';

/**
 * The diagram types whose stylesheet is shared, each with the smallest diagram that draws it. A type left
 * out still works (its SVGs keep their `<style>`); add one here when the course starts using it a lot.
 */
export const STYLE_SAMPLES: Readonly<Record<string, string>> = {
  sequenceDiagram: 'sequenceDiagram\n  A->>B: hi',
};

/** The import specifier of the shared stylesheet (src/layouts/Base.astro imports it). */
export const SHARED_STYLES_MODULE = 'virtual:course-mermaid/shared-styles.css';

export interface SharedStyles {
  /** The stylesheet: every sample's rules, scoped by its class. */
  css: string;
  /** A sample's normalised `<style>` text → the class that selects its shared rules. */
  classByStyle: ReadonlyMap<string, string>;
}

export const NO_SHARED_STYLES: SharedStyles = { css: '', classByStyle: new Map() };

/** The class an SVG gets when its `<style>` was replaced by the shared rules for `diagramType`. */
export function sharedStyleClass(diagramType: string): string {
  return `diagram-style-${diagramType.replace(/[^A-Za-z0-9-]/g, '-')}`;
}

/**
 * The selector that replaces `#<svg id>` in the shared rules. Mermaid scoped them by id, specificity
 * (1,0,0), and global rules must keep losing to them as before; `:is()` counts as its most specific
 * argument, so an id no element has lifts the class selector to exactly that specificity.
 */
export function sharedScope(className: string): string {
  return `:is(.${className},#${SPECIFICITY_ONLY_ID})`;
}

/** Never given to an element: it only weighs in the specificity of sharedScope. */
const SPECIFICITY_ONLY_ID = 'diagram-style-specificity';

/** The `<style>` elements directly inside the SVG (Mermaid writes exactly one). */
function styleElements(svg: Element): Element[] {
  return svg.children.filter((child): child is Element => child.type === 'element' && child.tagName === 'style');
}

function textOf(node: ElementContent): string {
  if (node.type === 'text') return node.value;
  return node.type === 'element' ? node.children.map(textOf).join('') : '';
}

/**
 * The SVG's one `<style>` text with its own id (as `#id` or the start of `#id-…`) replaced by
 * ID_PLACEHOLDER, so diagrams with different ids compare equal; undefined when it has no id or not
 * exactly one `<style>`.
 */
export function normalisedStyle(svg: Element): string | undefined {
  const id = svg.properties.id;
  const styles = styleElements(svg);
  if (typeof id !== 'string' || id === '' || styles.length !== 1) return undefined;
  const ownId = new RegExp(`#${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\w)`, 'g');
  return styles[0]!.children.map(textOf).join('').replace(ownId, `#${ID_PLACEHOLDER}`);
}

/** `#ID_PLACEHOLDER` as a whole selector token, not the start of a longer id such as `…-arrowhead`. */
const PLACEHOLDER_SELECTOR = new RegExp(`#${ID_PLACEHOLDER}(?![\\w-])`, 'g');

/**
 * A sample's normalised style as shared CSS under `className`, or undefined when the id appears in it
 * other than as the scope selector (e.g. `url(#…-gradient)`): such rules cannot be shared.
 */
export function scopedCss(normalised: string, className: string): string | undefined {
  const css = normalised.replace(PLACEHOLDER_SELECTOR, sharedScope(className));
  return css.includes(ID_PLACEHOLDER) || css === normalised ? undefined : css;
}

/**
 * Removes the SVG's `<style>` and adds the shared class when the style equals a shared one exactly;
 * otherwise leaves the SVG untouched. Returns whether it was shared.
 */
export function adoptSharedStyle(svg: Element, styles: SharedStyles): boolean {
  const normalised = normalisedStyle(svg);
  const className = normalised === undefined ? undefined : styles.classByStyle.get(normalised);
  if (!className) return false;
  svg.children = svg.children.filter((child) => !(child.type === 'element' && child.tagName === 'style'));
  const existing = svg.properties.className;
  svg.properties.className = [...(Array.isArray(existing) ? existing.map(String) : []), className];
  return true;
}

/** Draws every sample with `renderer` and collects the stylesheets that can be shared. */
export async function collectSharedStyles(renderer: MermaidRenderer, logger?: Warner): Promise<SharedStyles> {
  const classByStyle = new Map<string, string>();
  const sheets: string[] = [];
  for (const [diagramType, source] of Object.entries(STYLE_SAMPLES)) {
    try {
      const outcome = await renderer.render(source, `${diagramType} style sample`);
      // No browser and nothing cached: the diagrams themselves fall back to the reader's browser anyway.
      if (outcome.kind !== 'rendered') continue;
      const normalised = normalisedStyle(parseSvg(outcome.svg));
      const className = sharedStyleClass(diagramType);
      const css = normalised === undefined ? undefined : scopedCss(normalised, className);
      if (normalised === undefined || css === undefined) continue;
      classByStyle.set(normalised, className);
      sheets.push(`/* ${diagramType} */\n${css}`);
    } catch (error) {
      // Without the shared rules every SVG simply keeps its own <style>: heavier pages, same pictures.
      (logger ?? console).warn(
        `[mermaid] The shared ${diagramType} stylesheet could not be drawn, so those diagrams keep their own ` +
          `<style>: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  const header =
    '/* Mermaid diagram styles shared by every build-time SVG (src/integrations/mermaid/shared-styles.ts). */\n';
  return { css: header + sheets.join('\n'), classByStyle };
}

/**
 * The build's shared styles, drawn once by whichever asks first (the stylesheet module or the first page
 * with a diagram) and then the same answer for both: a page may only lose a `<style>` that the stylesheet
 * really holds. Kept on globalThis, like the renderer's shared state, because Astro may load this module twice.
 */
export function sharedStyles(renderer: MermaidRenderer, logger?: Warner): Promise<SharedStyles> {
  const holder = globalThis as unknown as Record<symbol, Promise<SharedStyles> | undefined>;
  holder[MEMO_KEY] ??= collectSharedStyles(renderer, logger);
  return holder[MEMO_KEY];
}

/** Forgets the build's shared styles (a new build or a restarted dev server draws them again). */
export function resetSharedStyles(): void {
  const holder = globalThis as unknown as Record<symbol, Promise<SharedStyles> | undefined>;
  delete holder[MEMO_KEY];
}

const MEMO_KEY = Symbol.for('course.mermaid.shared-styles');
