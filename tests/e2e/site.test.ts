import { describe, expect, inject, test } from 'vitest';
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, collectPageErrors, browserForFile } from './browser.ts';

const base = inject('baseURL');
let browser: Browser;
browserForFile((launched) => (browser = launched));

async function open(path: string, options: { colorScheme?: 'light' | 'dark'; context?: BrowserContext } = {}): Promise<{ page: Page; errors: string[] }> {
  const context = options.context ?? (await browser.newContext({ colorScheme: options.colorScheme ?? 'light' }));
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`${base}${path}`);
  return { page, errors };
}

describe('navigation', () => {
  test('home → first lesson → next lesson, with previous/next links and no page errors', async () => {
    const { page, errors } = await open('/');
    await expect(page.locator('h1').textContent()).resolves.toContain('Beyond Request/Response');
    await page.getByRole('link', { name: /^Start with/ }).click();
    await page.waitForURL('**/foundations/what-real-time-means/');
    await expect(page.locator('h1').textContent()).resolves.toMatch(/real-time/i);
    expect(await page.getByRole('heading', { name: 'Learning goals' }).count()).toBe(1);
    await page.locator('a[rel="next"]').click();
    await page.waitForURL('**/foundations/polling/');
    expect(await page.locator('a[rel="prev"]').getAttribute('href')).toBe('/foundations/what-real-time-means/');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('the phase page lists its five lessons in order', async () => {
    const { page } = await open('/foundations/');
    const titles = await page.locator('.lessons li a').allTextContents();
    expect(titles).toHaveLength(5);
    expect(titles.map((t) => t.replace(/^Lesson [\d.]+: /, ''))[1]).toMatch(/Polling/);
    await page.context().close();
  });

  test('an unknown address gets the 404 page with a way home', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${base}/no-such-lesson/`);
    expect(response?.status()).toBe(404);
    await expect(page.locator('h1').textContent()).resolves.toBe('Page not found');
    await context.close();
  });

  test('the on-page table of contents links to headings that exist', async () => {
    const { page } = await open('/foundations/polling/');
    const hrefs = await page.locator('.toc a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(hrefs.length).toBeGreaterThan(3);
    for (const href of hrefs) expect(await page.locator(href!).count(), href!).toBe(1);
    await page.context().close();
  });
});

describe('theme', () => {
  test('follows the system, and the toggle choice persists across reloads', async () => {
    const { page } = await open('/', { colorScheme: 'dark' });
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    const toggle = page.locator('[data-theme-toggle]');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await toggle.click();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('light');
    await page.reload();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('light');
    expect(await page.locator('[data-theme-toggle]').getAttribute('aria-pressed')).toBe('false');
    await page.context().close();
  });
});

describe('diagrams', () => {
  test('mermaid fences are one SVG with a text alternative, coloured by the theme', async () => {
    const { page } = await open('/foundations/polling/');
    const figure = page.locator('figure.diagram').first();
    expect(await page.locator('figure.diagram').count()).toBeGreaterThan(1);
    expect(await figure.locator('svg').count()).toBe(1);
    const name = await figure.locator('svg').evaluate((svg) => svg.getAttribute('aria-label') ?? svg.querySelector('title')?.textContent ?? '');
    expect(name.length).toBeGreaterThan(5);
    const messageFill = () => figure.locator('.messageText').first().evaluate((text) => getComputedStyle(text).fill);
    const lightFill = await messageFill();
    await page.locator('[data-theme-toggle]').click();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    // The same SVG repainted by the dark theme's --diagram-text, not a second copy.
    expect(await messageFill()).not.toBe(lightFill);
    // Build-time SVG means no Mermaid runtime on the page.
    const scripts = await page.locator('script[src]').evaluateAll((s) => s.map((e) => e.getAttribute('src') ?? ''));
    expect(scripts.some((src) => /mermaid/i.test(src))).toBe(false);
    await page.context().close();
  });
});

describe('search', () => {
  test('Ctrl+K opens the dialog and a query finds the matching lesson', async () => {
    const { page, errors } = await open('/');
    await page.keyboard.press('Control+k');
    // search.ts is imported on the first Ctrl+K; the dialog opens once it is wired up and says so with
    // data-search-ready, so wait for that signal rather than expecting the box at once.
    await page.locator('[data-search-dialog][data-search-ready][open]').waitFor({ timeout: 10_000 });
    const input = page.getByRole('searchbox', { name: 'Search lessons' });
    expect(await input.isVisible()).toBe(true);
    await input.fill('If-None-Match');
    const firstResult = page.locator('[data-search-results] li a').first();
    await firstResult.waitFor();
    // Results link to the matching section with the words to mark (?highlight=…#section), so compare paths.
    expect(await page.locator('[data-search-results] li a').evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname))).toContain('/foundations/polling/');
    expect(await page.locator('[data-search-status]').textContent()).toMatch(/results? for "If-None-Match"/);
    await page.keyboard.press('Escape');
    expect(await input.isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('progress', () => {
  test('a visited lesson shows as visited on home and its phase page after a reload', async () => {
    const context = await browser.newContext();
    const { page } = await open('/', { context });
    expect(await page.locator('li[data-progress-lesson="long-polling"]').getAttribute('data-visited')).toBeNull();
    await page.goto(`${base}/foundations/long-polling/`);
    await page.goto(`${base}/`);
    await page.reload();
    expect(await page.locator('.roadmap li[data-progress-lesson="long-polling"]').getAttribute('data-visited')).toBe('');
    await expect(page.locator('[data-progress-phase]').first().textContent()).resolves.toBe('1 of 5 lessons visited');
    await page.goto(`${base}/foundations/`);
    await expect(page.locator('li[data-progress-lesson="long-polling"] [data-progress-status]').textContent()).resolves.toBe('Visited');
    await context.close();
  });

  test('unreadable stored progress is replaced without breaking the page', async () => {
    const context = await browser.newContext();
    await context.addInitScript(() => localStorage.setItem('brr:progress', '{"version":1,"lessons":{'));
    const { page, errors } = await open('/foundations/polling/', { context });
    expect(errors).toEqual([]);
    expect(await page.locator('.lesson-meta [data-progress-status]').textContent()).toBe('Visited');
    await context.close();
  });

  test('partly corrupt stored progress keeps what is readable; reset asks first and clears it', async () => {
    const context = await browser.newContext();
    await context.addInitScript(() => {
      if (!sessionStorage.getItem('seeded')) {
        localStorage.setItem('brr:progress', '{"version":1,"lessons":{"polling":{"lastVisit":"garbage"},"http-streaming":{"firstVisit":5,"lastVisit":6,"completed":{}},"sse":[1]},"quizzes":7}');
        sessionStorage.setItem('seeded', '1');
      }
    });
    const { page, errors } = await open('/', { context });
    expect(errors).toEqual([]);
    expect(await page.locator('.roadmap li[data-progress-lesson="http-streaming"]').getAttribute('data-visited')).toBe('');
    expect(await page.locator('.roadmap li[data-progress-lesson="polling"]').getAttribute('data-visited')).toBeNull();
    // Reset asks in a dialog (tests/e2e/progress-code.test.ts covers its saved-code choice); Cancel keeps everything.
    await page.getByRole('button', { name: 'Reset progress' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reset progress?' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    // The dialog's `close` event, which would reset, comes as a task after the click: checked once it has run.
    await expect.poll(() => page.locator('[data-progress-message]').textContent()).toBe('Nothing was reset.');
    expect(await page.locator('.roadmap li[data-progress-lesson="http-streaming"]').getAttribute('data-visited')).toBe('');
    await page.getByRole('button', { name: 'Reset progress' }).click();
    await dialog.getByRole('button', { name: 'Reset progress' }).click();
    // The dialog's `close` event, which does the reset, is a task of its own after the click.
    await expect.poll(() => page.locator('[data-progress-message]').textContent()).toMatch(/^Progress reset: /);
    expect(await page.locator('.roadmap li[data-progress-lesson="http-streaming"]').getAttribute('data-visited')).toBeNull();
    await context.close();
  });

  test('export then import in a fresh browser restores progress', async () => {
    const first = await browser.newContext({ acceptDownloads: true });
    const { page } = await open('/foundations/http-streaming/', { context: first });
    await page.goto(`${base}/`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export progress' }).click()]);
    const file = { name: download.suggestedFilename(), mimeType: 'application/json', buffer: await readFile(await download.path()) };
    expect(download.suggestedFilename()).toMatch(/^course-progress-\d{4}-\d{2}-\d{2}\.json$/);
    await first.close();

    const second = await browser.newContext();
    const { page: fresh } = await open('/', { context: second });
    expect(await fresh.locator('.roadmap li[data-progress-lesson="http-streaming"]').getAttribute('data-visited')).toBeNull();
    await fresh.locator('[data-progress-import]').setInputFiles(file);
    await expect.poll(() => fresh.locator('[data-progress-message]').textContent()).toMatch(/imported/);
    expect(await fresh.locator('.roadmap li[data-progress-lesson="http-streaming"]').getAttribute('data-visited')).toBe('');
    await fresh.locator('[data-progress-import]').setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('not json') });
    await expect.poll(() => fresh.locator('[data-progress-message]').textContent()).toMatch(/not JSON/);
    await second.close();
  });
});

describe('accessibility (axe-core, WCAG 2.2 A/AA)', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const path of ['/', '/foundations/', '/foundations/polling/', '/foundations/polling/quiz/', '/choosing-and-operating/choosing-a-technology/']) {
      test(`${path} in ${colorScheme} mode has no violations`, async () => {
        const { page } = await open(path, { colorScheme });
        expect(await axeViolations(page)).toEqual([]);
        await page.context().close();
      });
    }
  }

  // axe's WCAG rules pass the old markup too (only its best-practice empty-table-header objects), so the
  // structure Lighthouse's td-has-header wants is checked directly (rehype-row-headers.ts).
  for (const path of ['/choosing-and-operating/choosing-a-technology/', '/ja/choosing-and-operating/choosing-a-technology/']) {
    test(`${path}: comparison tables head each row with its first cell, and no header cell is empty`, async () => {
      const { page } = await open(path);
      // A comparison table is one whose header row starts with an empty cell (the Markdown `| | A | B |`).
      const tables = await page.locator('main table').evaluateAll((all) => all.map((table) => ({
        comparison: !table.querySelector('thead tr > :first-child')?.textContent?.trim(),
        rows: table.querySelectorAll('tbody tr').length,
        rowHeaders: table.querySelectorAll('tbody tr > th[scope="row"]:first-child').length,
        emptyHeaders: [...table.querySelectorAll('th')].filter((th) => !th.textContent?.trim()).length,
      })));
      expect(tables.filter((table) => table.comparison).length).toBeGreaterThan(0);
      for (const table of tables) {
        expect(table.emptyHeaders).toBe(0);
        if (table.comparison) expect(table.rowHeaders).toBe(table.rows);
      }
      await page.context().close();
    });
  }

  test('the skip link is the first tab stop and moves focus to the main content', async () => {
    const { page } = await open('/foundations/polling/');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent);
    expect(focused).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.context().close();
  });
});
