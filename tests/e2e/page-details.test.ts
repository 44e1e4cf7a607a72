/**
 * The smaller learner-facing fixes of issue #13, item 9, in real Chromium: search lands at the matching
 * section with the words marked; without JavaScript a sandbox shows its first file and links the others; quiz match drop-downs show
 * long choices whole at 390 px. ("Start over" asking first is covered in tests/unit/quiz-island.test.ts.)
 */
import { describe, expect, inject, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { axeViolations, collectPageErrors, browserForFile } from './browser.ts';
import { findSandbox, islandDataFor } from '../../src/sandbox/island-data.ts';
import { loadSandboxes } from '../../src/sandbox/load-sandboxes.ts';

const base = inject('baseURL');
const root = fileURLToPath(new URL('../../', import.meta.url));
let browser: Browser;
browserForFile((launched) => (browser = launched));

describe('search', () => {
  test('a result opens the lesson at the matching section with the searched words marked', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${base}/`);
    await page.keyboard.press('Control+k');
    await page.locator('[data-search-dialog][data-search-ready][open]').waitFor({ timeout: 15_000 });
    await page.getByRole('searchbox', { name: 'Search lessons' }).fill('If-None-Match');
    const result = page.locator('[data-search-results] li a[href^="/foundations/polling/"]').first();
    await result.waitFor({ timeout: 15_000 });
    const href = (await result.getAttribute('href'))!;
    // The section anchor and the words to mark travel in the URL.
    expect(href).toMatch(/^\/foundations\/polling\/\?highlight=If-None-Match#[a-z0-9-]+$/);
    expect(await result.textContent()).toMatch(/^Polling › /);
    const anchor = href.split('#')[1]!;
    await result.click();
    await page.waitForURL(`**/foundations/polling/?highlight=If-None-Match#${anchor}`);
    const marks = page.locator('main mark.search-hit');
    await marks.first().waitFor({ timeout: 15_000 });
    expect(await marks.count()).toBeGreaterThan(0);
    for (const text of await marks.allTextContents()) expect(text.toLowerCase()).toBe('if-none-match');
    // The first hit in the target section is marked as such and is on screen.
    const first = page.locator('mark.search-hit[data-search-first]');
    expect(await first.count()).toBe(1);
    expect(await page.locator(`[id="${anchor}"]`).evaluate((heading, mark) => Boolean(heading.compareDocumentPosition(mark!) & Node.DOCUMENT_POSITION_FOLLOWING), await first.elementHandle())).toBe(true);
    await expect.poll(() => first.evaluate((m) => { const r = m.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }), { timeout: 15_000 }).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('sandbox without JavaScript', () => {
  test('shows the first starter file under its name, links every other one as plain text, and says what needs JavaScript, with no "press Run"', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/websocket/chat-server/`);
    const sandbox = page.locator('course-sandbox').first();
    const files = await sandbox.locator('[role="tab"]').evaluateAll((tabs) => tabs.map((tab) => (tab as HTMLElement).dataset.path!));
    expect(files.length).toBeGreaterThan(1);
    const headings = sandbox.getByRole('heading', { level: 4 });
    const visible = await headings.evaluateAll((hs) => hs.filter((h) => (h as HTMLElement).checkVisibility()).map((h) => h.textContent));
    expect(visible).toEqual(files.slice(0, 1));
    expect(await sandbox.locator(`[data-static-path="${files[0]}"] pre`).isVisible()).toBe(true);
    // The page leaves the other files out (issue #15); each link opens the exact starter file as text.
    const links = sandbox.locator('.sandbox-other-files a');
    expect(await links.allTextContents()).toEqual(files.slice(1));
    const starter = islandDataFor(findSandbox('ws-chat', loadSandboxes(root)), 'chat-server', { root }).starter;
    for (const link of await links.all()) {
      const response = await page.request.get(new URL((await link.getAttribute('href'))!, page.url()).href);
      expect([response.status(), response.headers()['content-type'], await response.text()]).toEqual([200, 'text/plain; charset=utf-8', starter[(await link.textContent())!]]);
    }
    expect(await sandbox.locator('.sandbox-noscript').isVisible()).toBe(true);
    expect(await sandbox.locator('.sandbox-noscript').textContent()).toMatch(/need JavaScript/);
    expect(await sandbox.innerText()).not.toMatch(/press Run/i);
    expect(await sandbox.locator('button:visible').count()).toBe(0);
    // axe cannot run in a page without JavaScript; check by hand what it would: the file headings sit
    // under the sandbox's h3 and no tab widget without working tabs is exposed.
    expect(await sandbox.getByRole('heading', { level: 3 }).count()).toBe(1);
    expect(await sandbox.getByRole('tablist').count()).toBe(0);
    await context.close();
  });

  test('with JavaScript the tabs show one file at a time and the file headings stay hidden', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/websocket/chat-server/`);
    const sandbox = page.locator('course-sandbox').first();
    expect(await sandbox.locator('.sandbox-static:visible').count()).toBe(1);
    expect(await sandbox.locator('.sandbox-static-name:visible').count()).toBe(0);
    expect(await sandbox.locator('.sandbox-noscript').count()).toBe(0);
    expect(await sandbox.locator('.sandbox-other-files').isVisible()).toBe(false);
    await context.close();
  });

  test('with JavaScript, choosing the tab of a file the page left out shows it exactly, from the fetched starter', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${base}/websocket/chat-server/`);
    const sandbox = page.locator('course-sandbox').first();
    await expect.poll(() => sandbox.locator('[data-action="run"]').isEnabled(), { timeout: 15_000 }).toBe(true);
    const starter = islandDataFor(findSandbox('ws-chat', loadSandboxes(root)), 'chat-server', { root }).starter;
    const files = await sandbox.locator('[role="tab"]').evaluateAll((tabs) => tabs.map((tab) => (tab as HTMLElement).dataset.path!));
    // A click without scrolling: the sandbox stays off screen, so the editor does not replace the code blocks meanwhile.
    for (const path of files.slice(1, 3)) {
      await sandbox.locator(`[role="tab"][data-path="${path}"]`).evaluate((tab) => (tab as HTMLElement).click());
      expect(await sandbox.locator('.sandbox-static:visible').evaluateAll((blocks) => blocks.map((block) => [(block as HTMLElement).dataset.staticPath, block.querySelector('code')?.textContent])), path).toEqual([[path, starter[path]]]);
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  test('when the files the page left out cannot be fetched, the sandbox says so and stays disabled; the first file stays readable', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.route('**/sandbox-starter/ws-chat.json', (route) => route.fulfill({ status: 503, body: 'down' }));
    await page.goto(`${base}/websocket/chat-server/`);
    const sandbox = page.locator('course-sandbox').first();
    await expect.poll(() => sandbox.locator('[data-editor-note]').textContent(), { timeout: 15_000 }).toBe(
      "The exercise's other files could not be loaded (/sandbox-starter/ws-chat.json: HTTP 503), so it cannot run yet. Check your connection and reload the page; your saved code is kept.",
    );
    await expect.poll(() => sandbox.locator('[data-announce]').textContent()).toMatch(/could not be loaded/); // set 50 ms later (dom.ts)
    for (const action of ['run', 'check', 'reset']) expect(await sandbox.locator(`[data-action="${action}"]`).isDisabled(), action).toBe(true);
    expect(await sandbox.locator('.sandbox-static:visible pre').count()).toBe(1);
    await context.close();
  });
});

describe('quiz match drop-downs', () => {
  test('at 390 px a long choice wraps inside its drop-down instead of being cut off', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${base}/foundations/http-streaming/`);
    // The quiz island loads as the reader nears the quiz (src/quiz/lazy-island.ts).
    await page.locator('course-quiz').first().scrollIntoViewIfNeeded();
    await page.locator('course-quiz[data-enhanced]').waitFor({ timeout: 15_000 });
    const select = page.locator('course-quiz select[data-left]').first();
    const longest = await select.evaluate((s) => {
      const options = [...(s as HTMLSelectElement).options].filter((o) => o.value);
      return options.sort((a, b) => b.text.length - a.text.length)[0]!.value;
    });
    const oneLine = (await select.boundingBox())!.height;
    await select.selectOption(longest);
    const size = await select.evaluate((s) => ({ appearance: getComputedStyle(s).appearance, sw: s.scrollWidth, cw: s.clientWidth, sh: s.scrollHeight, ch: s.clientHeight, right: s.getBoundingClientRect().right }));
    expect(size.appearance).toBe('base-select');
    expect(size.sw).toBeLessThanOrEqual(size.cw);
    expect(size.sh).toBeLessThanOrEqual(size.ch);
    expect(size.right).toBeLessThanOrEqual(390);
    // The whole text is there on more than one line.
    expect((await select.boundingBox())!.height).toBeGreaterThan(oneLine * 1.5);
    // The open list wraps too and stays inside the screen; keyboard picks an option.
    await select.focus();
    await page.keyboard.press('Enter');
    const option = select.locator(`option[value="${longest}"]`);
    await expect.poll(() => option.isVisible(), { timeout: 15_000 }).toBe(true);
    const box = (await option.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.keyboard.press('Escape');
    // The quiz only: this lesson's wide tables are a separate, known 390 px finding.
    expect(await axeViolations(page, 'course-quiz')).toEqual([]);
    await context.close();
  });
});

describe('wide tables', () => {
  test('a table is a tab stop only while it scrolls sideways, following the width, also after a soft navigation', async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 700 } });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    const stops = () =>
      page.locator('main table').evaluateAll((tables) =>
        tables.filter((table) => table.clientWidth > 0).map((table) => ({ scrolls: table.scrollWidth > table.clientWidth + 1, stop: table.getAttribute('tabindex') === '0' })),
      );
    const consistent = async () => (await stops()).every(({ scrolls, stop }) => scrolls === stop);
    // This lesson's tables scroll at 320 px and fit the column at 1280 px.
    await page.goto(`${base}/foundations/what-real-time-means/`);
    await expect.poll(consistent).toBe(true);
    expect((await stops()).filter(({ stop }) => stop).length, 'tables that scroll at 320 px').toBeGreaterThan(1);
    await page.setViewportSize({ width: 1280, height: 700 });
    await expect.poll(async () => (await stops()).some(({ stop }) => stop)).toBe(false);
    expect(await consistent()).toBe(true);
    // There and back by soft navigations: the lesson's tables are new elements, and they are watched.
    await page.evaluate(() => ((window as unknown as { documentMarker: number }).documentMarker = 1));
    await page.locator('a[rel="next"]').first().click();
    await page.waitForURL(`${base}/foundations/polling/`);
    await page.locator('a[rel="prev"]').first().click();
    await page.waitForURL(`${base}/foundations/what-real-time-means/`);
    expect(await page.evaluate(() => (window as unknown as { documentMarker?: number }).documentMarker), 'no page load').toBe(1);
    await page.setViewportSize({ width: 320, height: 700 });
    await expect.poll(async () => (await stops()).filter(({ stop }) => stop).length).toBeGreaterThan(1);
    expect(await consistent()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
