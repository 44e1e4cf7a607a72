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
 *   nodes, nothing styles or scripts `.line`, and a code block's text is unchanged;
 * - every token that only has a colour becomes plain text too, its colour written as a character range in
 *   the `<pre>`'s data-code-colours (src/lib/code-colour-runs.ts) and painted by the page with the CSS
 *   Custom Highlight API (src/scripts/code-colours.ts). Only tokens with a weight or style of their own
 *   (bold Markdown, say) stay spans. Without JavaScript, or in a browser without the API (before
 *   Chromium 105, Safari 17.2, Firefox 140), the code reads the same in the block's default colours.
 */
import type { ShikiTransformer } from 'shiki';
import type { Element, ElementContent, Root } from 'hast';
import { colourPairOf, encodeColourRuns, MAX_PAIRS, type ColourRun } from '../lib/code-colour-runs.ts';

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
    // The block's own colours, as a pair: tokens in them look like the text around them.
    const ownColours = String(pre.properties.style ?? '').split(';').filter((part) => /^\s*--shiki-(light|dark):/i.test(part));
    const flat = code.children.flatMap((child): ElementContent[] => (isLine(child) ? child.children : [child]));
    const { children, runs } = coloursAsRuns(flat, colourPairOf(ownColours.join(';')));
    code.children = children;
    if (runs.length > 0) pre.properties.dataCodeColours = encodeColourRuns(runs);
    return root as Root;
  },
};

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

/**
 * Token spans whose only style is a colour pair become text: in the block's own colours they need
 * nothing more, in any other they become a run over the block's text. Offsets count every character in
 * order, including the text of the spans that stay (bold, italic, underline: not paintable as highlights).
 */
function coloursAsRuns(nodes: ElementContent[], ownColours: string | undefined): { children: ElementContent[]; runs: ColourRun[] } {
  const runs: ColourRun[] = [];
  const pairs = new Set<string>();
  const children: ElementContent[] = [];
  let offset = 0;
  for (const node of nodes) {
    const text = plainText(node);
    const token = isSpan(node) && node.children.every((child) => child.type === 'text') ? node : undefined;
    const attributes = token ? Object.keys(token.properties).length : -1;
    const pair = token && attributes === 1 ? colourPairOf(String(token.properties.style ?? '')) : undefined;
    if (attributes === 0 || (pair !== undefined && pair === ownColours)) {
      children.push({ type: 'text', value: text });
    } else if (pair !== undefined && (pairs.has(pair) || pairs.size < MAX_PAIRS)) {
      pairs.add(pair);
      runs.push({ pair, start: offset, length: text.length });
      children.push({ type: 'text', value: text });
    } else {
      children.push(node);
    }
    offset += text.length;
  }
  return { children: joinText(children), runs };
}

function plainText(node: ElementContent): string {
  if (node.type === 'text') return node.value;
  return 'children' in node ? node.children.map(plainText).join('') : '';
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
