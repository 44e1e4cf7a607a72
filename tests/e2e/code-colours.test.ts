/**
 * Syntax colours painted from data-code-colours with the CSS Custom Highlight API
 * (src/lib/code-colour-runs.ts, src/scripts/code-colours.ts), in real Chromium on the built site: every
 * range covers exactly the characters the build coloured, in both themes, and stays right when the copy
 * button moves a block, when search marks split its text, and after a soft navigation.
 */
import { describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { browserForFile, collectPageErrors } from './browser.ts';

const base = inject('baseURL');
const lesson = '/websocket/chat-server/';

let browser: Browser;
browserForFile((launched) => (browser = launched));

interface BlockPaint {
  /** How many of the block's runs (from its attribute) have a range with exactly their text and pair. */
  painted: number;
  runs: number;
  /** Painted ranges that fall inside search marks. */
  inMarks: number;
}

interface Painted {
  /** Ranges whose text is not the block's characters the attribute names, or whose node left the page. */
  wrong: string[];
  /** One entry per block matching the selector, in document order. */
  blocks: BlockPaint[];
}

/** Compares every code-* highlight with the data-code-colours of the blocks under `selector`. */
function paintedRanges(page: Page, selector: string): Promise<Painted> {
  return page.evaluate((selector) => {
    const blocks = [...document.querySelectorAll<HTMLElement>(selector)].filter((pre) => pre.dataset.codeColours);
    const expected = new Set<string>();
    const perBlock = blocks.map(() => ({ painted: 0, runs: 0, inMarks: 0 }));
    for (const [index, pre] of blocks.entries()) {
      const [list = '', body = ''] = pre.dataset.codeColours!.split('|');
      const pairs = list.split(' ');
      const text = pre.querySelector('code')!.textContent!;
      let end = 0;
      for (const [, letter, gap, length] of body.matchAll(/([A-Z])([0-9a-z]*)\.([0-9a-z]+)/g)) {
        const start = end + (gap ? parseInt(gap, 36) : 0);
        end = start + parseInt(length!, 36);
        expected.add(`${index}|${pairs[letter!.charCodeAt(0) - 65]}|${start}|${text.slice(start, end)}`);
        perBlock[index]!.runs += 1;
      }
    }
    const wrong: string[] = [];
    for (const [name, highlight] of CSS.highlights) {
      if (!name.startsWith('code-')) continue;
      for (const range of highlight) {
        const live = document.createRange();
        live.setStart(range.startContainer, range.startOffset);
        live.setEnd(range.endContainer, range.endOffset);
        const pre = range.startContainer.parentElement?.closest('pre');
        const index = pre ? blocks.indexOf(pre as HTMLElement) : -1;
        if (!range.startContainer.isConnected || index < 0) {
          if (document.contains(range.startContainer) || index >= 0) wrong.push(`${name}: "${live.toString()}" outside its block`);
          else wrong.push(`${name}: "${live.toString()}" on a node no longer in the page`);
          continue;
        }
        const before = document.createRange();
        before.setStart(pre!.querySelector('code')!, 0);
        before.setEnd(range.startContainer, range.startOffset);
        const key = `${index}|${name.slice('code-'.length)}|${before.toString().length}|${live.toString()}`;
        if (expected.has(key)) perBlock[index]!.painted += 1;
        else wrong.push(key);
        if (range.startContainer.parentElement?.closest('mark.search-hit')) perBlock[index]!.inMarks += 1;
      }
    }
    return { wrong, blocks: perBlock };
  }, selector);
}

/**
 * Only blocks near the viewport carry ranges (code-colours.ts), so each visible block is scrolled into
 * view in turn and must then be painted in full; no range anywhere may be wrong at any point.
 * Returns the totals over those blocks.
 */
async function paintedThroughPage(page: Page, selector: string): Promise<BlockPaint & { wrong: string[] }> {
  const total = { painted: 0, runs: 0, inMarks: 0, wrong: [] as string[] };
  // The same blocks, in the same order, as paintedRanges counts: those with colours.
  const visible = await page.evaluate((selector) => [...document.querySelectorAll<HTMLElement>(selector)].filter((pre) => pre.dataset.codeColours).map((pre) => pre.checkVisibility()), selector);
  for (const [index, shown] of visible.entries()) {
    if (!shown) continue;
    await page.evaluate(({ selector, index }) => [...document.querySelectorAll<HTMLElement>(selector)].filter((pre) => pre.dataset.codeColours)[index]!.scrollIntoView({ block: 'center' }), { selector, index });
    const runs = (await paintedRanges(page, selector)).blocks[index]!.runs;
    await expect.poll(async () => (await paintedRanges(page, selector)).blocks[index]!.painted, { message: `block ${index} of ${selector}, scrolled into view` }).toBe(runs);
    const { wrong, blocks } = await paintedRanges(page, selector);
    total.wrong.push(...wrong);
    total.painted += blocks[index]!.painted;
    total.runs += runs;
    total.inMarks += blocks[index]!.inMarks;
  }
  return total;
}

/**
 * The reader asked to save data, so a sandbox scrolled into view keeps its static code instead of
 * loading the editor over it (island.ts), and its blocks can be checked.
 */
async function withSaveData(page: Page): Promise<void> {
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'connection', { get: () => ({ saveData: true }), configurable: true }));
}

/** Which blocks under `selector` carry any range now. */
async function blocksWithRanges(page: Page, selector: string): Promise<boolean[]> {
  return (await paintedRanges(page, selector)).blocks.map((block) => block.painted > 0);
}

/** The colour Chromium paints a pair's highlight with inside the first block that uses it. */
function highlightColour(page: Page, pair: string): Promise<string> {
  return page.evaluate((pair) => getComputedStyle(document.querySelector('main pre[data-code-colours] code')!, `::highlight(code-${pair})`).color, pair);
}

describe('syntax colours as highlights', () => {
  test('every coloured token of a lesson is painted, in the light and the dark theme, with no element per token', { timeout: 60_000 }, async () => {
    const page = await browser.newPage();
    await withSaveData(page);
    const errors = collectPageErrors(page);
    await page.goto(`${base}${lesson}`);
    // The copy buttons have moved every block into a wrapper by now: the ranges must have survived it.
    await expect.poll(() => page.locator('main .code-block pre').count()).toBeGreaterThan(3);
    const result = await paintedThroughPage(page, 'main pre.astro-code');
    expect(result.wrong).toEqual([]);
    expect(result.runs).toBeGreaterThan(500);
    expect(result.painted).toBe(result.runs);
    expect(await page.locator('main pre.astro-code span').count(), 'only tokens with a weight or decoration of their own stay elements').toBe(0);
    // The right characters: keywords in the keyword colour, comments in the comment colour.
    const texts = (pair: string) => page.evaluate((name) => [...(CSS.highlights.get(name) ?? [])].map((range) => {
      const live = document.createRange();
      live.setStart(range.startContainer, range.startOffset);
      live.setEnd(range.endContainer, range.endOffset);
      return live.toString().trim();
    }), `code-${pair}`);
    expect(await texts('a0111f-ff9492')).toEqual(expect.arrayContaining(['import', 'const', 'return']));
    expect((await texts('66707b-bdc4cc')).filter((comment) => !/^(\/\/|\/?\*)/.test(comment))).toEqual([]);
    // Keywords in github-light/dark-high-contrast: #a0111f and #ff9492.
    await page.evaluate(() => (document.documentElement.dataset.theme = 'light'));
    expect(await highlightColour(page, 'a0111f-ff9492')).toBe('rgb(160, 17, 31)');
    await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
    expect(await highlightColour(page, 'a0111f-ff9492')).toBe('rgb(255, 148, 146)');
    // Forced colours: the system's text colour, not the theme's (Chromium forces it over our rules).
    await page.emulateMedia({ forcedColors: 'active' });
    expect(await highlightColour(page, 'a0111f-ff9492')).not.toMatch(/^rgb\((255, 148, 146|160, 17, 31)\)$/);
    await page.emulateMedia({ forcedColors: 'none' });
    // The sandbox's starter code is painted the same way.
    expect((await paintedThroughPage(page, 'course-sandbox pre.astro-code')).painted).toBeGreaterThan(50);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('words marked by a search result keep their colours', { timeout: 60_000 }, async () => {
    const page = await browser.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${base}${lesson}?highlight=import`);
    await expect.poll(() => page.locator('main pre mark.search-hit').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const result = await paintedThroughPage(page, 'main pre.astro-code');
    expect(result.inMarks).toBeGreaterThan(0);
    expect(result.wrong).toEqual([]);
    expect(result.painted).toBe(result.runs);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('a soft navigation paints the new page and lets go of the last one', { timeout: 60_000 }, async () => {
    const page = await browser.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${base}/foundations/polling/`);
    await expect.poll(async () => (await blocksWithRanges(page, 'main pre.astro-code')).some(Boolean)).toBe(true);
    await page.evaluate(() => ((window as unknown as { documentMarker: number }).documentMarker = 1));
    const next = page.locator('a[rel="next"]').first();
    const href = await next.getAttribute('href');
    await next.click();
    await page.waitForURL(`${base}${href}`);
    expect(await page.evaluate(() => (window as unknown as { documentMarker?: number }).documentMarker), 'no page load').toBe(1);
    await expect.poll(async () => (await paintedRanges(page, 'main pre.astro-code')).wrong).toEqual([]);
    const after = await paintedThroughPage(page, 'main pre.astro-code');
    expect(after.runs).toBeGreaterThan(0);
    expect(after.painted).toBe(after.runs);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('only blocks near the viewport carry ranges, so typing elsewhere does not repaint every token', { timeout: 60_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 700 } });
    await withSaveData(page);
    const errors = collectPageErrors(page);
    await page.goto(`${base}${lesson}`);
    const selector = 'main pre.astro-code';
    await page.locator(selector).first().scrollIntoViewIfNeeded();
    await expect.poll(async () => (await blocksWithRanges(page, selector))[0]).toBe(true);
    expect((await blocksWithRanges(page, selector)).at(-1), 'the last block, far below').toBe(false);
    await page.locator(selector).last().scrollIntoViewIfNeeded();
    await expect.poll(async () => (await blocksWithRanges(page, selector)).at(-1)).toBe(true);
    await expect.poll(async () => (await blocksWithRanges(page, selector))[0], { message: 'a block scrolled far away lets go of its ranges' }).toBe(false);
    // Printing shows every block: all are painted while the page prints (Chromium fires beforeprint and
    // afterprint around page.pdf() too), and the far ones let go again afterwards.
    await page.evaluate(() => {
      const count = () => [...CSS.highlights].filter(([name]) => name.startsWith('code-')).reduce((total, [, highlight]) => total + highlight.size, 0);
      window.addEventListener('beforeprint', () => ((window as unknown as { rangesWhilePrinting: number }).rangesWhilePrinting = count()), { once: true });
    });
    const allRuns = (await paintedRanges(page, selector)).blocks.reduce((total, block) => total + block.runs, 0);
    await page.pdf();
    expect(await page.evaluate(() => (window as unknown as { rangesWhilePrinting?: number }).rangesWhilePrinting), 'every run of every block, for printing').toBe(allRuns);
    await expect.poll(async () => (await blocksWithRanges(page, selector))[0], { message: 'after printing' }).toBe(false);
    expect((await blocksWithRanges(page, selector)).at(-1)).toBe(true);
    // A hidden block (the sandbox's first file, while another tab is open) lets go of its ranges too.
    const sandboxBlocks = 'course-sandbox pre.astro-code';
    const sandbox = page.locator('course-sandbox').first();
    const tabs = sandbox.locator('[role="tab"]');
    expect(await tabs.count()).toBeGreaterThan(1);
    await sandbox.scrollIntoViewIfNeeded();
    await expect.poll(async () => (await blocksWithRanges(page, sandboxBlocks))[0]).toBe(true);
    await tabs.nth(1).click();
    await expect.poll(async () => (await blocksWithRanges(page, sandboxBlocks))[0], { message: 'hidden behind the second tab' }).toBe(false);
    await tabs.nth(0).click();
    await expect.poll(async () => (await blocksWithRanges(page, sandboxBlocks))[0], { message: 'shown again' }).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});
