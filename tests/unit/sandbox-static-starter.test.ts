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
import { codeTextOf, staticStarter, type StaticStarter } from '../../src/sandbox/static-starter.ts';
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
        // Every tab of every real sandbox round-trips, so none of their text is carried twice.
        expect(Object.keys(shown.fromPage).sort(), sandbox.id).toEqual(data.meta.files.map((file) => file.path).filter((path) => path in data.starter).sort());
        const carried = pageIslandData(data, '/', shown.fromPage);
        for (const path of Object.keys(shown.fromPage)) expect(carried.starter, `${sandbox.id}: ${path} is not also in the JSON`).not.toHaveProperty(path);
        await page.setContent(pageHtml(shown, carried));
        await page.addScriptTag({ content: readPageDataSource });
        const read = await page.evaluate(() => (window as unknown as { readPageData: (root: ParentNode) => PageIslandData }).readPageData(document.querySelector('course-sandbox')!));
        expect(read.starter, sandbox.id).toEqual(data.starter);
      }
    } finally {
      await page.close();
    }
  });

  test('a file whose text the HTML would change, or that has no tab, stays in the JSON', async () => {
    const starter = {
      'crlf.ts': 'const a = 1;\r\nconst b = 2;\r\n',
      'lone-cr.txt': 'one\rtwo\n',
      'nul.txt': 'a\u0000b\n',
      'plain.ts': 'export const x = "</code></pre>";\n\n',
      'hidden.ts': 'export const y = 1;\n',
    };
    const shown = await staticStarter(starter, [{ path: 'plain.ts' }, { path: 'crlf.ts' }, { path: 'lone-cr.txt' }, { path: 'nul.txt' }]);
    expect(shown.fromPage).toEqual({ 'plain.ts': '\n' });
    expect(codeTextOf(shown.blocks[0]!.html)).toBe('export const x = "</code></pre>";\n');
    expect(Object.keys(shown.inline).sort()).toEqual(['crlf.ts', 'hidden.ts', 'lone-cr.txt', 'nul.txt']);
    expect(shown.blocks.map((block) => block.path)).toEqual(['plain.ts', 'crlf.ts', 'lone-cr.txt', 'nul.txt']);
  });
});
