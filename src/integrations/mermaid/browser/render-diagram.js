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
 * One SVG serves every site theme: Mermaid draws with its 'base' theme, whose colours are all set here to
 * placeholders, one per colour role; themeColours() then swaps each placeholder for
 * `var(--diagram-<role>)`. src/styles/global.css gives the roles their light, dark and forced-colours
 * values, so a theme switch is a CSS change, and a page carries each diagram once instead of twice.
 * Every Mermaid variable a sequence diagram's stylesheet reads is set explicitly: a variable left out
 * would be derived from the placeholders (darkened, inverted) and come out as an untheme-able colour.
 * tests/unit/mermaid-render.test.ts measures the contrast of the result in Chromium in both themes.
 */
export const COLOUR_ROLES = /** @type {const} */ ({
  text: ['textColor', 'titleColor', 'actorTextColor', 'signalTextColor', 'labelTextColor', 'loopTextColor', 'noteTextColor'],
  line: ['lineColor', 'signalColor', 'arrowheadColor', 'defaultLinkColor'],
  border: ['primaryBorderColor', 'nodeBorder', 'actorBorder', 'actorLineColor', 'labelBoxBorderColor', 'clusterBorder'],
  'actor-bg': ['primaryColor', 'mainBkg', 'actorBkg', 'labelBoxBkgColor', 'secondaryColor', 'tertiaryColor'],
  'note-bg': ['noteBkgColor'],
  'note-border': ['noteBorderColor'],
  'activation-bg': ['activationBkgColor'],
  'activation-border': ['activationBorderColor'],
  // The sequence number is written on a disc of the line colour.
  'on-line': ['sequenceNumberColor', 'primaryTextColor'],
  bg: ['background', 'edgeLabelBackground', 'clusterBkg'],
  error: ['errorBkgColor', 'errorTextColor'],
});

/** @typedef {keyof typeof COLOUR_ROLES} ColourRole */

/** A valid, unlikely colour per role (#c0de01, #c0de02, …); Mermaid copies explicitly set colours verbatim. */
const PLACEHOLDERS = /** @type {[ColourRole, string][]} */ (
  Object.keys(COLOUR_ROLES).map((role, index) => [role, `#c0de${(index + 1).toString(16).padStart(2, '0')}`])
);

function themeVariables() {
  /** @type {Record<string, string>} */
  const variables = {};
  for (const [role, placeholder] of PLACEHOLDERS) for (const name of COLOUR_ROLES[role]) variables[name] = placeholder;
  return variables;
}

/**
 * @typedef {{ initialize(config: Record<string, unknown>): void,
 *   parse(text: string): Promise<{ diagramType: string } | false>,
 *   render(id: string, text: string): Promise<{ svg: string, diagramType: string }> }} MermaidApi
 */

/**
 * Configuration for every render. `securityLevel: 'strict'` keeps click handlers and raw HTML out of
 * labels; `startOnLoad: false` because we call render ourselves.
 */
function mermaidConfig() {
  return { startOnLoad: false, securityLevel: 'strict', theme: 'base', darkMode: false, themeVariables: themeVariables() };
}

/**
 * Asks Mermaid whether the source is a valid diagram.
 * @param {MermaidApi} mermaid
 * @param {string} source
 * @returns {Promise<{ valid: true, diagramType: string } | { valid: false, message: string }>}
 */
export async function parseDiagram(mermaid, source) {
  mermaid.initialize(mermaidConfig());
  try {
    const result = await mermaid.parse(source);
    return { valid: true, diagramType: result ? result.diagramType : 'unknown' };
  } catch (error) {
    return { valid: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Renders a diagram once, coloured by CSS custom properties (see COLOUR_ROLES).
 *
 * @param {MermaidApi} mermaid
 * @param {{ source: string, idPrefix: string, title: string }} request
 *   `idPrefix` must be unique on the page: every id in the SVG starts with it, and Mermaid scopes the
 *   SVG's `<style>` block with `#idPrefix`, so two SVGs never share ids or styles.
 * @returns {Promise<string>} the SVG markup
 */
export async function renderDiagram(mermaid, { source, idPrefix, title }) {
  mermaid.initialize(mermaidConfig());
  const { svg } = await mermaid.render(idPrefix, source);
  const template = document.createElement('template');
  template.innerHTML = svg;
  const root = template.content.querySelector('svg');
  if (!root) throw new Error('Mermaid returned no <svg> element.');
  prefixStrayIds(root, idPrefix);
  pruneUnusedDefinitions(root);
  dropUnstyledDataAttributes(root);
  labelAsImage(root, idPrefix, title);
  return themeColours(root.outerHTML);
}

/**
 * Swaps each placeholder colour for its role's custom property, and refuses an SVG that still holds a
 * colour derived from a placeholder: that colour would look the same in every theme, and in forced
 * colours mode, where it might be unreadable.
 * @param {string} markup
 */
function themeColours(markup) {
  let themed = markup;
  for (const [role, placeholder] of PLACEHOLDERS) themed = themed.replace(new RegExp(placeholder, 'gi'), `var(--diagram-${role})`);
  const stray = /#c0de[0-9a-f]{2}\b/i.exec(themed);
  if (stray) throw new Error(`Mermaid drew with a colour the site's themes do not define (${stray[0]}); add its theme variable to COLOUR_ROLES.`);
  return themed;
}

/**
 * Mermaid prefixes most ids with the render id, but not all: sequence diagrams number their lifelines
 * `actor0`, `root-0` with a counter that lives as long as the page. Those would collide between
 * diagrams and would differ from build to build.
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
