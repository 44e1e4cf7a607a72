/**
 * Search splits each language's words its own way: Pagefind (1.6) indexes pages by their `<html lang>`,
 * and for Japanese, which has no spaces, it segments the text itself, so a word in the middle of a
 * sentence is found. Proven on a two-page fixture site (not the course) indexed with the project's
 * Pagefind and searched with its own search script in real Chromium.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import * as pagefind from 'pagefind';
import { launchBrowser } from './browser.ts';

let site: string;
let server: Server;
let browser: Browser;
let origin: string;

const page = (lang: string, title: string, text: string) =>
  `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${title}</title></head><body><main data-pagefind-body><h1>${title}</h1><p>${text}</p></main></body></html>`;

beforeAll(async () => {
  site = mkdtempSync(join(tmpdir(), 'search-languages-'));
  mkdirSync(join(site, 'en'));
  mkdirSync(join(site, 'ja'));
  writeFileSync(join(site, 'en/index.html'), page('en', 'Server-Sent Events', 'The browser reconnects on its own after the connection drops.'));
  writeFileSync(join(site, 'ja/index.html'), page('ja', 'サーバー送信イベント', 'ブラウザは接続が切れた後に自動的に再接続します。'));
  writeFileSync(join(site, 'index.html'), '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>search</title></head><body></body></html>');
  const { index } = await pagefind.createIndex({});
  await index!.addDirectory({ path: site });
  await index!.writeFiles({ outputPath: join(site, 'pagefind') });
  await pagefind.close();
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm' };
  server = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).replace(/^\/+/, '');
    const file = path.endsWith('/') || path === '' ? `${path}index.html` : path;
    try {
      const body = await readFile(join(site, file));
      response.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  rmSync(site, { recursive: true, force: true });
});

async function search(lang: string, term: string): Promise<string[]> {
  const tab = await browser.newPage();
  try {
    // Pagefind loads the index of the page's language, as the course's search dialog does.
    await tab.goto(`${origin}/${lang}/`);
    // A string, so vitest's transform leaves the page's dynamic import alone.
    return (await tab.evaluate(`(async () => {
      const pf = await import('/pagefind/pagefind.js');
      const { results } = await pf.search(${JSON.stringify(term)});
      return Promise.all(results.map(async (r) => (await r.data()).url));
    })()`)) as string[];
  } finally {
    await tab.close();
  }
}

test('a Japanese word in the middle of a sentence is found on a lang="ja" page', async () => {
  expect(await search('ja', '再接続')).toEqual(['/ja/']);
  expect(await search('ja', '自動的')).toEqual(['/ja/']);
}, 60_000);

test('English keeps its word splitting, in its own index', async () => {
  expect(await search('en', 'reconnects')).toEqual(['/en/']);
  expect(await search('en', '再接続')).toEqual([]);
}, 60_000);
