/**
 * The Check panel in another language, in real Chromium on the local runner: on a page whose
 * `<html lang>` is Japanese it fetches the sandbox's message table and shows the test names and failure
 * messages in Japanese (vitest's "expected …" kept), leaving untranslated ones in English; an English
 * page fetches no table. The table is served by intercepting its URL, so the test does not depend on which
 * translations exist yet; the page is the English lesson with its `lang` switched, which is exactly what a
 * Japanese page's island sees.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, inject, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { browserForFile } from './browser.ts';
import { check, lessonEmbedding, openSandboxLesson } from './sandbox-page.ts';

const base = inject('baseURL');
const root = fileURLToPath(new URL('../../', import.meta.url));

const TABLE = {
  'the server answers conditional GETs': 'サーバーは条件付き GET に答える',
  'answers 304 with no body when If-None-Match holds the current ETag, and repeats the ETag': '現在の ETag が If-None-Match にあれば本文なしの 304 で答え、ETag を繰り返す',
  'If-None-Match: {etag} names the representation the client already has, so the answer is 304 Not Modified.': 'If-None-Match: {etag} はクライアントが既に持つ表現を指すので、答えは 304 Not Modified。',
};

let browser: Browser;
browserForFile((launched) => (browser = launched));

test('a Japanese page shows test names and messages from the sandbox table; an English page fetches none', { timeout: 180_000 }, async () => {
  const { tab, sandbox, requests } = await openSandboxLesson(browser, base, lessonEmbedding(root, 'polling-etag'));
  const names = sandbox.locator('[data-results-list] .result-name');

  expect(await check(sandbox)).toBe('bad'); // the starter fails
  const english = await names.allTextContents();
  expect(english.some((name) => name.includes('answers 304 with no body when If-None-Match holds the current ETag'))).toBe(true);
  expect(requests.filter((path) => path.includes('/sandbox-messages/'))).toEqual([]);

  let served = 0;
  await tab.route('**/sandbox-messages/ja/polling-etag.json', (route) => {
    served += 1;
    return route.fulfill({ json: TABLE });
  });
  await tab.evaluate(() => {
    document.documentElement.lang = 'ja';
  });
  expect(await check(sandbox)).toBe('bad');
  expect(served).toBe(1);

  const japanese = await names.allTextContents();
  const translated = japanese.find((name) => name.includes('現在の ETag が If-None-Match にあれば'));
  expect(translated, `names shown: ${japanese.join(' | ')}`).toMatch(/^サーバーは条件付き GET に答える( > | )現在の ETag/);
  // Tests without a translation keep their English names.
  expect(japanese.filter((name) => /[a-z]{3}/.test(name) && !/[\u3040-\u30ff]/.test(name)).length).toBeGreaterThan(0);

  const row = sandbox.locator('[data-results-list] li', { hasText: '現在の ETag が If-None-Match にあれば' });
  const message = (await row.locator('pre').textContent()) ?? '';
  expect(message).toMatch(/If-None-Match: "[^"]*" はクライアントが既に持つ表現を指すので、答えは 304 Not Modified。: expected 200 to be 304/);
  await tab.context().close();
});

// Once the Japanese polling lesson and its sandbox translation exist, the real /ja/ page is checked too.
const translated = existsSync(`${root}lessons/ja/01-foundations/02-polling.mdx`) && existsSync(`${root}sandboxes/polling-etag/i18n/ja.yaml`);
test.runIf(translated)('the real Japanese lesson page shows the translated names and messages from its table', { timeout: 180_000 }, async () => {
  const tab = await browser.newPage();
  const requests: string[] = [];
  tab.on('request', (request) => requests.push(new URL(request.url()).pathname));
  await tab.goto(`${base}/ja${lessonEmbedding(root, 'polling-etag').url}?runtime=local`);
  const sandbox = tab.locator('course-sandbox[data-sandbox-id="polling-etag"]');
  // Buttons are labelled in Japanese here, so they are found by their role in the island, not their words.
  await expect.poll(() => sandbox.locator('[data-action="run"]').isEnabled(), { timeout: 15_000 }).toBe(true);
  expect(await tab.evaluate(() => document.documentElement.lang)).toBe('ja');
  const summary = sandbox.locator('[data-results-summary]');
  await sandbox.locator('[data-action="check"]').click();
  await expect.poll(() => summary.getAttribute('data-tone'), { timeout: 60_000 }).toBe('bad');
  expect(requests).toContain('/sandbox-messages/ja/polling-etag.json');
  const failed = sandbox.locator('[data-results-list] li[data-status="failed"]');
  const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;
  expect(await failed.locator('.result-name').first().textContent()).toMatch(japanese);
  expect(await failed.locator('pre').first().textContent()).toMatch(japanese);
  await tab.context().close();
});
