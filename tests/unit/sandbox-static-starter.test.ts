/**
 * The page carries each shown starter file once, as its highlighted code block, and the island reads the
 * text back (static-starter.ts, island/page-data.ts). These tests prove the read-back is exact for every
 * real sandbox, in a real browser's HTML parser, and that files which would not round-trip stay in the JSON.
 */
import { readFileSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { islandDataFor, pageIslandData, serializeForScript, type PageIslandData } from '../../src/sandbox/island-data.ts';
import { loadSandboxes } from '../../src/sandbox/load-sandboxes.ts';
import { codeTextOf, deferredStarterFiles, staticStarter, type StaticStarter } from '../../src/sandbox/static-starter.ts';
import { launchBrowser } from '../e2e/browser.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const sandboxes = loadSandboxes(root).sandboxes;

/** The sandbox's markup as Sandbox.astro renders the parts the island reads. */
function pageHtml(shown: StaticStarter, page: PageIslandData): string {
  const blocks = shown.blocks.map((block, index) => `<div class="sandbox-static" data-static-path="${block.path}"${index ? ' hidden' : ''}><h4>${block.path}</h4>${block.html}</div>`);
  return `<!doctype html><course-sandbox>${blocks.join('')}<script type="application/json" data-sandbox-data>${serializeForScript(page)}</script></course-sandbox>`;
}

/** island/page-data.ts as the browser runs it (it has type imports only). */
const readPageDataSource = stripTypeScriptTypes(readFileSync(new URL('../../src/sandbox/island/page-data.ts', import.meta.url), 'utf8'))
  .replace(/^import .*$/m, '')
  .replace('export function', 'window.readPageData = function');

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('starter files read back from the page', () => {
  test('finds the real sandboxes', () => expect(sandboxes.length).toBeGreaterThanOrEqual(20));

  test('every real sandbox: every shown file comes back exactly from its block in Chromium, the rest from the JSON', { timeout: 120_000 }, async () => {
    const page = await browser.newPage();
    try {
      for (const sandbox of sandboxes) {
        const data = islandDataFor(sandbox, 'lesson', { root });
        const shown = await staticStarter(data.starter, data.meta.files);
        // The first tab of every real sandbox round-trips, so its text is carried once; the other tabs are left out.
        const tabs = data.meta.files.map((file) => file.path).filter((path) => path in data.starter);
        expect([Object.keys(shown.fromPage), shown.blocks.map((block) => block.path)], sandbox.id).toEqual([tabs.slice(0, 1), tabs.slice(0, 1)]);
        expect(shown.deferred, sandbox.id).toEqual(tabs.slice(1));
        const carried = pageIslandData(data, '/', shown.fromPage, shown.deferred);
        for (const path of tabs) expect(carried.starter, `${sandbox.id}: ${path} is not also in the JSON`).not.toHaveProperty(path);
        expect(carried.starterUrl, sandbox.id).toBe(tabs.length > 1 ? `/sandbox-starter/${sandbox.id}.json` : undefined);
        await page.setContent(pageHtml(shown, carried));
        await page.addScriptTag({ content: readPageDataSource });
        const read = await page.evaluate(() => (window as unknown as { readPageData: (root: ParentNode) => PageIslandData }).readPageData(document.querySelector('course-sandbox')!));
        // What the island has after boot: the page's files plus /sandbox-starter/<id>.json's.
        expect({ ...read.starter, ...deferredStarterFiles(data.starter, data.meta.files) }, sandbox.id).toEqual(data.starter);
      }
    } finally {
      await page.close();
    }
  });

  test('a shown file whose text the HTML would change, or that has no tab, stays in the JSON; the other tabs are deferred', async () => {
    const starter = {
      'crlf.ts': 'const a = 1;\r\nconst b = 2;\r\n',
      'lone-cr.txt': 'one\rtwo\n',
      'nul.txt': 'a\u0000b\n',
      'plain.ts': 'export const x = "</code></pre>";\n\n',
      'hidden.ts': 'export const y = 1;\n',
    };
    const tabs = [{ path: 'plain.ts' }, { path: 'crlf.ts' }, { path: 'lone-cr.txt' }, { path: 'nul.txt' }];
    const shown = await staticStarter(starter, tabs);
    expect(shown.fromPage).toEqual({ 'plain.ts': '\n' });
    expect(codeTextOf(shown.blocks[0]!.html)).toBe('export const x = "</code></pre>";\n');
    expect([shown.blocks.map((block) => block.path), shown.deferred, Object.keys(shown.inline)]).toEqual([['plain.ts'], ['crlf.ts', 'lone-cr.txt', 'nul.txt'], ['hidden.ts']]);
    expect(deferredStarterFiles(starter, tabs)).toEqual({ 'crlf.ts': starter['crlf.ts'], 'lone-cr.txt': starter['lone-cr.txt'], 'nul.txt': starter['nul.txt'] });
    for (const first of ['crlf.ts', 'lone-cr.txt', 'nul.txt']) {
      const again = await staticStarter(starter, [{ path: first }, { path: 'plain.ts' }]);
      // Shown first, a file the HTML parser would change is carried in the JSON instead of read back.
      expect([again.fromPage, again.inline[first], again.deferred], first).toEqual([{}, starter[first as keyof typeof starter], ['plain.ts']]);
    }
  });
});
