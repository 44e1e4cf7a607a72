/**
 * Syntax colours carried as character ranges instead of elements (issue #15: on the heaviest lesson the
 * highlighted code was 1,100 of its 1,950 DOM elements, one `<span>` per coloured token). The build keeps
 * a code block's text as plain text and writes where each colour goes into one attribute of its `<pre>`;
 * the page paints those ranges with the CSS Custom Highlight API (src/scripts/code-colours.ts), which
 * colours text without adding a node, so style and layout work stay those of plain text.
 *
 * The attribute, `data-code-colours`, is the block's colour pairs, then "|", then its runs in text order:
 *
 *   a0111f-ff9492 032563-addcff|A.6B5.4A11.9
 *
 * A pair is a token's colour in the light and the dark theme, six lower-case hex digits each. A run is a
 * capital letter naming its pair (A = the first listed), the characters (UTF-16 code units, as the DOM
 * counts) between the end of the previous run and its start, left out when none, then "." and its length;
 * numbers in base 36. Runs in order with small gaps and one-letter pairs compress best: on the heaviest
 * lesson this spelling is 0.7 KB (gzip) smaller than runs grouped by colour.
 * Shared by the build (encode) and the page (decode), so both read the format from one place.
 */

export interface ColourRun {
  /** `<light>-<dark>`: six lower-case hex digits each, no `#`. */
  pair: string;
  start: number;
  length: number;
}

const PAIR = /^[0-9a-f]{6}-[0-9a-f]{6}$/;
const SHIKI_COLOURS = /^--shiki-(light|dark):#([0-9a-f]{6})$/;

/**
 * The colour pair of a Shiki token whose style sets exactly its light and dark colour
 * (`--shiki-light:#A0111F;--shiki-dark:#FF9492`), or undefined for anything else: bold, italic,
 * underline or a background cannot be painted as a highlight, so those tokens stay elements.
 */
export function colourPairOf(style: string): string | undefined {
  const parts = style.toLowerCase().split(';').map((part) => part.trim()).filter(Boolean);
  if (parts.length !== 2) return undefined;
  const colours: Record<string, string> = {};
  for (const part of parts) {
    const match = SHIKI_COLOURS.exec(part);
    if (!match) return undefined;
    colours[match[1]!] = match[2]!;
  }
  return colours.light && colours.dark ? `${colours.light}-${colours.dark}` : undefined;
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** Pairs one block can name; a block with more keeps the tokens of the rest as elements (no theme here comes close). */
export const MAX_PAIRS = LETTERS.length;

/**
 * The attribute value for these runs, which must not overlap and use at most MAX_PAIRS pairs; empty runs
 * are dropped.
 */
export function encodeColourRuns(runs: readonly ColourRun[]): string {
  const pairs: string[] = [];
  let end = 0;
  const encoded = [...runs].filter((run) => run.length > 0).sort((a, b) => a.start - b.start).map((run) => {
    if (!PAIR.test(run.pair)) throw new Error(`Not a colour pair: "${run.pair}" (expected six hex digits, "-", six hex digits)`);
    if (run.start < end) throw new Error(`Overlapping colour runs at character ${run.start}`);
    if (!pairs.includes(run.pair)) pairs.push(run.pair);
    const index = pairs.indexOf(run.pair);
    if (index >= MAX_PAIRS) throw new Error(`More than ${MAX_PAIRS} colour pairs in one block`);
    const gap = run.start - end;
    end = run.start + run.length;
    return `${LETTERS[index]}${gap > 0 ? gap.toString(36) : ''}.${run.length.toString(36)}`;
  });
  return `${pairs.join(' ')}|${encoded.join('')}`;
}

/**
 * The runs an attribute describes, in text order. Decoding stops at the first malformed run rather than
 * throwing: on the page a bad attribute must cost colours, never the rest of the script.
 */
export function decodeColourRuns(value: string): ColourRun[] {
  const [list = '', body = ''] = value.split('|');
  const pairs = list.split(' ');
  if (!pairs.every((pair) => PAIR.test(pair))) return [];
  const runs: ColourRun[] = [];
  let end = 0;
  for (const [, letter, gap, length] of body.matchAll(/([A-Z])([0-9a-z]*)\.([0-9a-z]+)|./g)) {
    const pair = letter === undefined ? undefined : pairs[LETTERS.indexOf(letter)];
    if (pair === undefined || length === undefined) break;
    const start = end + (gap ? parseInt(gap, 36) : 0);
    end = start + parseInt(length, 36);
    runs.push({ pair, start, length: end - start });
  }
  return runs;
}
