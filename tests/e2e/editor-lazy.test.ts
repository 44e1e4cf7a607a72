/**
 * The editor's page-weight budget (issue #15): activating a sandbox loads Monaco, but not the TypeScript
 * worker (1.4 MB gzipped) nor the declaration bundles; those wait for the learner's first hover, key or
 * edit, and diagnostics still appear after that first edit.
 */
import * as hb from 'harfbuzzjs';
import { describe, expect, inject, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { collectPageErrors, browserForFile } from './browser.ts';

const base = inject('baseURL');
let browser: Browser;
browserForFile((launched) => (browser = launched));

const TYPESCRIPT_WORKER = /\/_astro\/ts\.worker[.-]/;
const TYPE_BUNDLE = /^\/sandbox-types\//;

describe('editor activation', () => {
  test('loads no TypeScript worker or type bundle until the learner uses the editor, then reports a type error', async () => {
    // No runner needed: only the editor is under test, so the page is opened as a reader opens it.
    const tab = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const requests: string[] = [];
    tab.on('request', (request) => requests.push(new URL(request.url()).pathname));
    const errors = collectPageErrors(tab);
    await tab.goto(`${base}/foundations/polling/`);
    const sandbox = tab.locator('course-sandbox[data-sandbox-id="polling-etag"]');
    await sandbox.getByRole('button', { name: 'Edit code' }).click();
    await tab.waitForFunction(() => document.querySelector('course-sandbox[data-sandbox-id="polling-etag"]')?.getAttribute('data-editor') === 'ready', undefined, { timeout: 60_000 });
    // Not waitForLoadState('networkidle'): the page reached that before activation, so it returns at once.
    // An eager editor asks for its worker and bundles within a second of being ready (it did before #15).
    await tab.waitForTimeout(3000);
    expect(requests.filter((path) => TYPESCRIPT_WORKER.test(path) || TYPE_BUNDLE.test(path))).toEqual([]);

    // Hovering the code is the first sign of use: clicking moves the mouse there, then the learner types.
    await sandbox.locator('[data-editor-host] .view-lines').click();
    await tab.keyboard.press('ControlOrMeta+End');
    await tab.keyboard.type('\nconst broken: number = "text";\n');
    await sandbox.locator('.squiggly-error').first().waitFor({ timeout: 60_000 });
    expect(requests.some((path) => TYPESCRIPT_WORKER.test(path))).toBe(true);
    expect(requests).toContain('/sandbox-types/types__node.json');
    // The only error is on the line typed: Node's types arrived before the first check, so the starter's
    // `node:` imports raise no "Cannot find module" (which would be squiggles on other lines).
    const squiggleLines = await tab.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('course-sandbox .squiggly-error'), (squiggle) => squiggle.parentElement?.style.top ?? ''),
    );
    expect(new Set(squiggleLines).size).toBe(1);

    // Only the file on screen is checked (editor.ts), and a file's marks go when it is hidden: each file
    // is checked again when it is shown, the others' edits included.
    await sandbox.getByRole('tab', { name: 'poller.ts' }).click();
    await sandbox.locator('[data-editor-host] .view-lines').click();
    await tab.keyboard.press('ControlOrMeta+End');
    await tab.keyboard.type('\nconst alsoBroken: string = 42;\n');
    await expect.poll(() => sandbox.locator('.squiggly-error').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await sandbox.getByRole('tab', { name: 'server.ts' }).click();
    // The editor shows a file from its top: go to the typed line, where the mark is drawn.
    await sandbox.locator('[data-editor-host] .view-lines').click();
    await tab.keyboard.press('ControlOrMeta+End');
    await expect.poll(() => sandbox.locator('.view-lines').textContent(), { timeout: 10_000 }).toMatch(/const\sbroken:\snumber/); // Monaco draws spaces as U+00A0, which \s matches
    await expect.poll(() => sandbox.locator('.squiggly-error').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await tab.close();
  });
});

describe('editor loading in steps', () => {
  /** The chunks of the steps after the first: Monaco's API, the editor contributions, our editor module. */
  const LATER_CHUNK = /\/_astro\/(editor\.api|monaco-contributions|editor)\.[A-Za-z0-9_-]{8}\.js$/;

  test("asks for every editor chunk while the first one is still downloading, then becomes ready", async () => {
    // Steps that each requested their chunk only after the one before had run cost 0.37 s on a slow
    // network (editor-loader.ts). Holding the first step's chunk (Monaco's editor widget and what it
    // needs) back proves the later chunks do not wait for it.
    const tab = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = collectPageErrors(tab);
    const requested: string[] = [];
    tab.on('request', (request) => requested.push(new URL(request.url()).pathname));
    let releaseCore: () => void = () => undefined;
    const coreHeld = new Promise<void>((resolve) => (releaseCore = resolve));
    await tab.route(/\/_astro\/codeEditorWidget\.[^/]+\.js$/, async (route) => {
      await coreHeld;
      await route.continue();
    });
    await tab.goto(`${base}/foundations/polling/`);
    const sandbox = tab.locator('course-sandbox[data-sandbox-id="polling-etag"]');
    await sandbox.getByRole('button', { name: 'Edit code' }).click();
    await expect.poll(() => requested.filter((path) => LATER_CHUNK.test(path)).length, { timeout: 10_000 }).toBe(3);
    expect(await sandbox.getAttribute('data-editor'), 'not ready while the core is held').toBe('loading');
    releaseCore();
    await tab.waitForFunction(() => document.querySelector('course-sandbox[data-sandbox-id="polling-etag"]')?.getAttribute('data-editor') === 'ready', undefined, { timeout: 60_000 });
    // Each chunk was downloaded once: the steps' imports found the preloaded modules.
    for (const chunk of [/\/editor\.api\.[A-Za-z0-9_-]{8}\.js$/, /\/monaco-contributions\.[A-Za-z0-9_-]{8}\.js$/, /\/editor\.[A-Za-z0-9_-]{8}\.js$/]) {
      expect(requested.filter((path) => chunk.test(path)), String(chunk)).toHaveLength(1);
    }
    expect(errors).toEqual([]);
    await tab.close();
  });
});

describe("the editor's icons", () => {
  test('every icon the suggestions, the find widget, a problem and the folding controls draw has a glyph in the served font', async () => {
    // The font is cut down to the icons Monaco's code names (src/integrations/codicon-subset.ts); an icon
    // missing from it would draw as an empty box. The widgets below draw 14 different ones (monaco-editor 0.57).
    const tab = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = collectPageErrors(tab);
    const fonts: string[] = [];
    tab.on('request', (request) => {
      if (/\/_astro\/codicon\.[\w-]+\.ttf$/.test(request.url())) fonts.push(request.url());
    });
    await tab.goto(`${base}/foundations/polling/`);
    const sandbox = tab.locator('course-sandbox[data-sandbox-id="polling-etag"]');
    await sandbox.getByRole('button', { name: 'Edit code' }).click();
    await tab.waitForFunction(() => document.querySelector('course-sandbox[data-sandbox-id="polling-etag"]')?.getAttribute('data-editor') === 'ready', undefined, { timeout: 60_000 });
    const drawn = new Set<number>();
    const collect = async (): Promise<void> => {
      const codePoints = await tab.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLElement>('[class*="codicon-"]'), (icon) => {
          const content = getComputedStyle(icon, '::before').content;
          return content.startsWith('"') ? (JSON.parse(content) as string).codePointAt(0) ?? 0 : 0;
        }).filter((codePoint) => codePoint >= 0xe000),
      );
      for (const codePoint of codePoints) drawn.add(codePoint);
    };

    await sandbox.locator('[data-editor-host] .view-lines').click();
    await tab.keyboard.press('ControlOrMeta+End');
    await tab.keyboard.type('\nconst broken: number = "text";\nbroken.toF');
    await sandbox.locator('.squiggly-error').first().waitFor({ timeout: 60_000 });
    // Suggestions, with their kinds' icons.
    await tab.keyboard.press('Control+Space');
    await sandbox.locator('.suggest-widget .monaco-list-row').first().waitFor({ timeout: 30_000 });
    await collect();
    await tab.keyboard.press('Escape');
    // The find widget with its replace part: case, word, regex, arrows, close, replace, preserve case.
    await tab.keyboard.press('ControlOrMeta+H');
    await sandbox.locator('.find-widget.visible').waitFor();
    await collect();
    await tab.keyboard.press('Escape');
    // A problem, as "Go to next problem" (F8) shows it: its severity, arrows and close.
    await tab.keyboard.press('F8');
    await sandbox.locator('.marker-widget').waitFor({ timeout: 30_000 });
    await collect();
    await tab.keyboard.press('Escape');
    // The folding controls, drawn while the pointer is over the gutter.
    const gutter = (await sandbox.locator('.margin-view-overlays').boundingBox())!;
    await tab.mouse.move(gutter.x + gutter.width - 6, gutter.y + 12);
    await sandbox.locator('.margin-view-overlays [class*="codicon-folding"]').first().waitFor({ state: 'attached' });
    await collect();

    expect(fonts, 'the icon font was requested once').toHaveLength(1);
    const font = new Uint8Array(await (await fetch(fonts[0]!)).arrayBuffer());
    const glyphs = new Set(new hb.Face(new hb.Blob(font)).collectUnicodes());
    expect(drawn.size, 'enough different icons were drawn to make the check mean something').toBeGreaterThanOrEqual(10);
    expect([...drawn].filter((codePoint) => !glyphs.has(codePoint)).map((codePoint) => codePoint.toString(16))).toEqual([]);
    expect(errors).toEqual([]);
    await tab.close();
  });
});
