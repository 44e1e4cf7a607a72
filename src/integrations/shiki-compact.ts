/**
 * Fewer elements for the same highlighted code (issue #15: the heaviest lesson carried 5,000–7,800 DOM
 * elements, most of them Shiki's spans). Used for every code block (astro.config.mjs shikiConfig) and
 * the sandbox's static starter code (Sandbox.astro):
 *
 * - adjacent tokens with the same colours in both themes become one span (Shiki's mergeSameStyleTokens,
 *   off by default, switched on here because Astro's shikiConfig has no setting for it);
 * - tokens in the block's default colours (identifiers, punctuation, most operators) become plain text:
 *   they inherit exactly those colours from the <pre>, whose variables global.css applies;
 * - the per-line `<span class="line">` wrappers are dropped: the lines stay separated by their "\n" text
 *   nodes, nothing styles or scripts `.line`, and a code block's text is unchanged.
 */
import type { ShikiTransformer } from 'shiki';
import type { Element, ElementContent, Root } from 'hast';

export const compactHighlighting: ShikiTransformer = {
  name: 'course:compact-highlighting',
  preprocess(_code, options) {
    // Read by codeToHast right after the preprocess hooks run.
    (options as { mergeSameStyleTokens?: boolean }).mergeSameStyleTokens = true;
  },
  root(root) {
    const pre = root.children.find((child): child is Element => child.type === 'element' && child.tagName === 'pre');
    const code = pre?.children.find((child): child is Element => child.type === 'element' && child.tagName === 'code');
    if (!pre || !code) return;
    const defaults = foregroundOf(String(pre.properties.style ?? ''));
    const flat = code.children.flatMap((child): ElementContent[] => (isLine(child) ? child.children : [child]));
    code.children = joinText(flat.flatMap((child): ElementContent[] => (isSpan(child) && inDefaultColours(child, defaults) ? child.children : [child])));
    return root as Root;
  },
};

/** `--shiki-light:#x;--shiki-dark:#y` from a style, lower-cased; undefined when it sets anything else. */
function foregroundOf(style: string): string | undefined {
  const parts = style.toLowerCase().split(';').map((part) => part.trim()).filter(Boolean);
  const colours = parts.filter((part) => /^--shiki-(light|dark):/.test(part)).sort();
  return colours.length === 2 ? colours.join(';') : undefined;
}

/**
 * A token span that looks like the text around it: no attributes at all (plain text), or only the two
 * colours of the block (no italic, bold or background of its own).
 */
function inDefaultColours(span: Element, defaults: string | undefined): boolean {
  if (Object.keys(span.properties).length === 0) return true;
  const style = String(span.properties.style ?? '');
  return Object.keys(span.properties).length === 1 && defaults !== undefined && foregroundOf(style) === defaults && style.split(';').filter((part) => part.trim()).length === 2;
}

function isSpan(node: ElementContent): node is Element {
  return node.type === 'element' && node.tagName === 'span';
}

function isLine(node: ElementContent): node is Element {
  return isSpan(node) && classList(node.properties.className ?? node.properties.class).includes('line');
}

function classList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' ? value.split(/\s+/) : [];
}

/** Adjacent text nodes as one, so the tree stays as small as the HTML it becomes. */
function joinText(nodes: ElementContent[]): ElementContent[] {
  const joined: ElementContent[] = [];
  for (const node of nodes) {
    const last = joined.at(-1);
    if (node.type === 'text' && last?.type === 'text') last.value += node.value;
    else joined.push(node.type === 'text' ? { ...node } : node);
  }
  return joined;
}
