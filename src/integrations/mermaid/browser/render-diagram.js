// @ts-check
/**
 * Turns Mermaid source into a self-contained, accessible SVG string. Runs in a browser only: at build time
 * inside headless Chromium (renderer.ts loads this file next to Mermaid's ESM bundle), and on the reader's
 * page when the build had no browser (render-fallback.js). One code path for both, so a fallback page
 * looks exactly like a prerendered one.
 *
 * Plain JavaScript because the same file is served to readers as-is.
 */

/**
 * Mermaid configuration for each site theme. Text in both meets WCAG 2.2 AA contrast (4.5:1, SC 1.4.3)
 * on the site's backgrounds and on Mermaid's own boxes, except that the dark theme's note text is
 * just under 4.5:1 on its note box, so it gets the site's dark foreground colour instead (about 7.7:1).
 * tests/unit/mermaid-render.test.ts measures these in Chromium.
 */
export const THEMES = /** @type {const} */ ({
  light: { theme: 'default' },
  dark: { theme: 'dark', themeVariables: { noteTextColor: '#e6edf3' } },
});

/**
 * @typedef {{ initialize(config: Record<string, unknown>): void,
 *   parse(text: string): Promise<{ diagramType: string } | false>,
 *   render(id: string, text: string): Promise<{ svg: string, diagramType: string }> }} MermaidApi
 */

/** @typedef {keyof typeof THEMES} Variant */

/**
 * Configuration for every render. `securityLevel: 'strict'` keeps click handlers and raw HTML out of
 * labels; `startOnLoad: false` because we call render ourselves.
 * @param {Variant} variant
 */
function mermaidConfig(variant) {
  return { startOnLoad: false, securityLevel: 'strict', ...THEMES[variant] };
}

/**
 * Asks Mermaid whether the source is a valid diagram.
 * @param {MermaidApi} mermaid
 * @param {string} source
 * @returns {Promise<{ valid: true, diagramType: string } | { valid: false, message: string }>}
 */
export async function parseDiagram(mermaid, source) {
  mermaid.initialize(mermaidConfig('light'));
  try {
    const result = await mermaid.parse(source);
    return { valid: true, diagramType: result ? result.diagramType : 'unknown' };
  } catch (error) {
    return { valid: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Renders one theme variant of a diagram.
 *
 * @param {MermaidApi} mermaid
 * @param {{ source: string, variant: Variant, idPrefix: string, title: string }} request
 *   `idPrefix` must be unique on the page: every id in the SVG starts with it, and Mermaid scopes the
 *   SVG's `<style>` block with `#idPrefix`, so two SVGs never share ids or styles.
 * @returns {Promise<string>} the SVG markup
 */
export async function renderDiagram(mermaid, { source, variant, idPrefix, title }) {
  mermaid.initialize(mermaidConfig(variant));
  const { svg } = await mermaid.render(idPrefix, source);
  const template = document.createElement('template');
  template.innerHTML = svg;
  const root = template.content.querySelector('svg');
  if (!root) throw new Error('Mermaid returned no <svg> element.');
  prefixStrayIds(root, idPrefix);
  pruneUnusedDefinitions(root);
  dropUnstyledDataAttributes(root);
  labelAsImage(root, idPrefix, title);
  return root.outerHTML;
}

/**
 * Mermaid prefixes most ids with the render id, but not all: sequence diagrams number their lifelines
 * `actor0`, `root-0` with a counter that lives as long as the page. Those would collide between
 * diagrams (and between the light and dark copy of one diagram) and would differ from build to build.
 * Rename them in document order, and rewrite every reference to them.
 * @param {SVGSVGElement} root
 * @param {string} idPrefix
 */
function prefixStrayIds(root, idPrefix) {
  /** @type {Map<string, string>} */
  const renamed = new Map();
  let counter = 0;
  for (const element of root.querySelectorAll('[id]')) {
    if (element.id.startsWith(idPrefix)) continue;
    const next = `${idPrefix}-n${counter++}`;
    renamed.set(element.id, next);
    element.id = next;
  }
  if (renamed.size === 0) return;
  const rewrite = (/** @type {string} */ value) =>
    value.replace(/#([\w-]+)/g, (match, id) => (renamed.has(id) ? `#${renamed.get(id)}` : match));
  for (const element of root.querySelectorAll('*')) {
    for (const attribute of Array.from(element.attributes)) {
      if (attribute.name === 'id') continue;
      if (attribute.name === 'aria-labelledby' || attribute.name === 'aria-describedby') {
        attribute.value = attribute.value
          .split(/\s+/)
          .map((id) => renamed.get(id) ?? id)
          .join(' ');
      } else if (attribute.value.includes('#')) {
        attribute.value = rewrite(attribute.value);
      }
    }
  }
  for (const style of root.querySelectorAll('style')) style.textContent = rewrite(style.textContent ?? '');
}

/**
 * Mermaid puts every icon and marker a sequence diagram might use into `<defs>` (about 20 kB of
 * database and clock icons per SVG). Keep only what the picture or its stylesheet refers to.
 * @param {SVGSVGElement} root
 */
function pruneUnusedDefinitions(root) {
  const referenced = new Set();
  const collect = (/** @type {string} */ value) => {
    for (const match of value.matchAll(/url\(\s*['"]?#([\w-]+)['"]?\s*\)|^#([\w-]+)$/g)) referenced.add(match[1] ?? match[2]);
  };
  for (const element of root.querySelectorAll('*')) {
    if (element.closest('defs')) continue;
    for (const attribute of Array.from(element.attributes)) collect(attribute.value);
  }
  for (const style of root.querySelectorAll('style')) collect(style.textContent ?? '');
  // A kept definition may itself point at others (a marker using a gradient), so follow those too.
  let grew = true;
  while (grew) {
    const before = referenced.size;
    for (const id of Array.from(referenced)) {
      const element = root.querySelector(`[id="${CSS.escape(id)}"]`);
      if (!element) continue;
      for (const inner of [element, ...element.querySelectorAll('*')]) {
        for (const attribute of Array.from(inner.attributes)) collect(attribute.value);
      }
    }
    grew = referenced.size > before;
  }
  for (const defs of Array.from(root.querySelectorAll('defs'))) {
    for (const definition of Array.from(defs.children)) {
      if (definition.id && !referenced.has(definition.id)) definition.remove();
    }
    if (defs.children.length === 0) defs.remove();
  }
}

/**
 * Mermaid tags shapes with `data-et`, `data-id`, `data-from`… for its interactive tooling. A static
 * picture does not need them, and `data-type` would not survive the trip through hast: in SVG,
 * property-information maps it to RDFa's `datatype`. Attributes the stylesheet selects on (such as
 * `data-look`) stay.
 * @param {SVGSVGElement} root
 */
function dropUnstyledDataAttributes(root) {
  const css = Array.from(root.querySelectorAll('style'), (style) => style.textContent ?? '').join('\n');
  for (const element of [root, ...root.querySelectorAll('*')]) {
    for (const attribute of Array.from(element.attributes)) {
      if (attribute.name.startsWith('data-') && !css.includes(`[${attribute.name}`)) element.removeAttribute(attribute.name);
    }
  }
}

/**
 * One image with one name (WAI-ARIA graphics role mapping, SVG-AAM §5.1): `role="img"` makes assistive
 * technology treat the drawing as a single picture instead of reading hundreds of text fragments, and
 * `aria-labelledby` points at a `<title>` holding the diagram's title. The longer description lives
 * in the figure's `<figcaption>`, so it is read once, not twice; Mermaid's own `<desc>` and role
 * description are dropped for that reason.
 * @param {SVGSVGElement} root
 * @param {string} idPrefix
 * @param {string} title
 */
function labelAsImage(root, idPrefix, title) {
  for (const old of Array.from(root.querySelectorAll(':scope > title, :scope > desc'))) old.remove();
  for (const name of ['aria-roledescription', 'aria-describedby', 'aria-labelledby']) root.removeAttribute(name);
  const titleElement = document.createElementNS('http://www.w3.org/2000/svg', 'title');
  titleElement.id = `${idPrefix}-title`;
  titleElement.textContent = title;
  root.prepend(titleElement);
  root.setAttribute('role', 'img');
  root.setAttribute('aria-labelledby', titleElement.id);
}
