/**
 * Paints the syntax colours the build wrote into each code block's data-code-colours
 * (src/lib/code-colour-runs.ts) with the CSS Custom Highlight API: one `Highlight` per colour pair for the
 * whole page, so the code stays one text node per block and costs no element per token.
 *
 * Only blocks within a screen's height of the viewport have their ranges in a Highlight. Chromium 156
 * revalidates every highlighted range in each frame that changed the DOM: with the ~1,100 ranges of the
 * heaviest lesson, typing in the sandbox's editor spent twice as long in paint (PrePaint 440 → 110 ms for
 * 100 keys) as with none. A block gets its ranges before it scrolls into view, and loses them when it is
 * hidden or far away. Printing paints every block (beforeprint), then goes back to the near ones.
 *
 * Ranges are StaticRanges: a live Range collapses when its node leaves the document, and the copy button
 * (copy-code.ts) moves every block into a wrapper. What replaces a block's text nodes (search-hit marks)
 * must call paintCodeColours() again; it rebuilds every range from the attribute each time.
 */
import { decodeColourRuns } from '../lib/code-colour-runs.ts';

const PREFIX = 'code-';
// One screen above and below: a block is painted before it scrolls into view, even at a fast scroll.
const NEAR = '100% 0px';
let sheet: CSSStyleSheet | undefined;
const ruled = new Set<string>();
const highlights = new Map<string, Highlight>();
let blockRanges = new WeakMap<Element, Map<string, StaticRange[]>>();
let observer: IntersectionObserver | undefined;

export function paintCodeColours(): void {
  // Checked on Chromium 156; the API also exists from Safari 17.2 and Firefox 140. Elsewhere the code
  // keeps the block's default colours.
  if (typeof Highlight === 'undefined' || !('highlights' in CSS)) return;
  observer?.disconnect();
  // A soft navigation leaves the last page's ranges behind; they would keep its text nodes alive.
  for (const name of [...CSS.highlights.keys()]) if (name.startsWith(PREFIX)) CSS.highlights.delete(name);
  highlights.clear();
  blockRanges = new WeakMap();
  observer = new IntersectionObserver(showNearBlocks, { rootMargin: NEAR });
  for (const pre of colouredBlocks()) observer.observe(pre);
  followPrinting();
  followEdits();
}

function colouredBlocks(): NodeListOf<HTMLElement> {
  return document.querySelectorAll<HTMLElement>('pre[data-code-colours]');
}

let printingFollowed = false;
/** A printout shows every block at once, far ones included. */
function followPrinting(): void {
  if (printingFollowed) return;
  printingFollowed = true;
  window.addEventListener('beforeprint', () => {
    for (const pre of colouredBlocks()) setPainted(pre, true);
  });
  // Observing again reports every block's current state, which drops the far ones.
  window.addEventListener('afterprint', () => {
    if (!observer) return;
    observer.disconnect();
    for (const pre of colouredBlocks()) observer.observe(pre);
  });
}

let editsFollowed = false;
/**
 * A block the learner types into (a sandbox's code before its editor loads, src/sandbox/island/type-ahead.ts)
 * loses its colours with the first input: its ranges count characters of the text it had. `input` comes
 * before the frame is painted, so no wrong colour is ever shown.
 */
function followEdits(): void {
  if (editsFollowed) return;
  editsFollowed = true;
  document.addEventListener('input', (event) => {
    const pre = event.target instanceof Element ? event.target.closest<HTMLElement>('pre[data-code-colours]') : null;
    if (!pre) return;
    if (blockRanges.has(pre)) setPainted(pre, false);
    observer?.unobserve(pre);
    blockRanges.delete(pre);
    pre.removeAttribute('data-code-colours');
  }, true);
}

function showNearBlocks(entries: IntersectionObserverEntry[]): void {
  for (const entry of entries) setPainted(entry.target as HTMLElement, entry.isIntersecting);
}

function setPainted(pre: HTMLElement, painted: boolean): void {
  for (const [pair, ranges] of rangesOf(pre)) {
    let highlight = highlights.get(pair);
    if (!highlight) {
      highlight = new Highlight();
      highlights.set(pair, highlight);
      CSS.highlights.set(PREFIX + pair, highlight);
      addRule(pair);
    }
    for (const range of ranges) {
      if (painted) highlight.add(range);
      else highlight.delete(range);
    }
  }
}

/** A block's ranges by colour pair, made from its attribute the first time it comes near. */
function rangesOf(pre: HTMLElement): Map<string, StaticRange[]> {
  const known = blockRanges.get(pre);
  if (known) return known;
  const byPair = new Map<string, StaticRange[]>();
  blockRanges.set(pre, byPair);
  const walker = document.createTreeWalker(pre.querySelector('code') ?? pre, NodeFilter.SHOW_TEXT);
  let node = walker.nextNode() as Text | null;
  let nodeStart = 0;
  // Runs come in text order, so one walk over the text nodes finds every boundary. A run's start on a
  // node boundary belongs to the next node (`past` 1), its end to the node it ends (`past` 0).
  const reach = (offset: number, past: number) => {
    while (node && nodeStart + node.length < offset + past) {
      nodeStart += node.length;
      node = walker.nextNode() as Text | null;
    }
    return node ? { node, offset: offset - nodeStart } : undefined;
  };
  for (const run of decodeColourRuns(pre.dataset.codeColours ?? '')) {
    const start = reach(run.start, 1);
    const end = reach(run.start + run.length, 0);
    if (!start || !end) break;
    const ranges = byPair.get(run.pair) ?? [];
    ranges.push(new StaticRange({ startContainer: start.node, startOffset: start.offset, endContainer: end.node, endOffset: end.offset }));
    byPair.set(run.pair, ranges);
  }
  return byPair;
}

/**
 * The colours come from the pair's name, so no stylesheet has to list every pair in advance. The dark
 * theme follows the site's toggle as the `.astro-code` rules in global.css do. Forced colours need no
 * rule: Chromium 156 forces highlight colours to the system's text colour (tests/e2e/code-colours.test.ts).
 */
function addRule(pair: string): void {
  if (ruled.has(pair)) return;
  ruled.add(pair);
  if (!sheet) {
    sheet = new CSSStyleSheet();
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  }
  const [light, dark] = pair.split('-');
  const name = PREFIX + pair;
  sheet.insertRule(`::highlight(${name}){color:#${light}}`);
  sheet.insertRule(`:root[data-theme=dark] ::highlight(${name}){color:#${dark}}`);
}
