/**
 * The editor's page-weight budget (issue #15): activating a sandbox loads Monaco, but not the TypeScript
 * worker (1.4 MB gzipped) nor the declaration bundles; those wait for the learner's first hover, key or
 * edit, and diagnostics still appear after that first edit.
 */
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
