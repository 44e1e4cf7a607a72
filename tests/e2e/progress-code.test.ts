/**
 * Saved sandbox code in progress export, import and reset (#13 item 4b, 4c), in real Chromium on the
 * home page's progress panel.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, inject, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { axeViolations, collectPageErrors, browserForFile } from './browser.ts';

const base = inject('baseURL');
const code = { version: 1, starterHash: '', savedAt: 1_700_000_000_000, files: { 'server.ts': '// my chat server 777\n' }, undo: { starterHash: '', savedAt: 5, files: { 'server.ts': '// before reset 888\n' } } };

let browser: Browser;
browserForFile((launched) => (browser = launched));

describe('saved code in the progress panel', () => {
  test('export includes the code and its undo copy; import in a fresh browser restores them; a bad file is refused', { timeout: 120_000 }, async () => {
    const first = await browser.newContext({ acceptDownloads: true });
    await first.addInitScript((record) => localStorage.setItem('brr:code:ws-chat', record), JSON.stringify(code));
    const page = await first.newPage();
    await page.goto(`${base}/`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export progress' }).click()]);
    const buffer = await readFile(await download.path());
    const exported = JSON.parse(buffer.toString('utf8'));
    expect(exported).toMatchObject({ format: 'beyond-request-response/progress', formatVersion: 2 });
    expect(exported.code['brr:code:ws-chat']).toMatchObject({ files: code.files, undo: { files: code.undo.files } });
    expect(await page.locator('[data-progress-message]').textContent()).toMatch(/saved code for 1 exercises/);
    await first.close();

    const second = await browser.newContext();
    const fresh = await second.newPage();
    const errors = collectPageErrors(fresh);
    await fresh.goto(`${base}/`);
    const input = fresh.locator('[data-progress-import]');
    const damaged = { ...exported, code: { 'brr:code:ws-chat': { version: 1, files: { 'server.ts': 7 } } } };
    await input.setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(damaged)) });
    await expect.poll(() => fresh.locator('[data-progress-message]').textContent()).toMatch(/exercise "ws-chat" .*damaged/);
    expect(await fresh.evaluate(() => localStorage.getItem('brr:code:ws-chat'))).toBeNull();
    await input.setInputFiles({ name: download.suggestedFilename(), mimeType: 'application/json', buffer });
    await expect.poll(() => fresh.locator('[data-progress-message]').textContent()).toMatch(/Saved code restored for 1 exercises/);
    expect(JSON.parse((await fresh.evaluate(() => localStorage.getItem('brr:code:ws-chat')))!)).toMatchObject({ files: code.files, undo: { files: code.undo.files } });
    // The lesson shows the restored code.
    await fresh.goto(`${base}/websocket/chat-server/`);
    await expect.poll(() => fresh.locator('course-sandbox [data-static-path="server.ts"]').textContent(), { timeout: 15_000 }).toContain('my chat server 777');
    // The starter's colour ranges would land on the wrong characters of the learner's code: dropped.
    expect(await fresh.locator('course-sandbox [data-static-path="server.ts"] pre').getAttribute('data-code-colours')).toBeNull();
    expect(errors).toEqual([]);
    await second.close();
  });

  test('Reset progress asks in a dialog whether to delete saved code; it keeps code by default and says what it cleared', { timeout: 120_000 }, async () => {
    const context = await browser.newContext();
    await context.addInitScript((record) => {
      if (sessionStorage.getItem('seeded')) return;
      localStorage.setItem('brr:code:ws-chat', record);
      localStorage.setItem('brr:progress', JSON.stringify({ version: 1, seed: 1, lessons: { polling: { firstVisit: 5, lastVisit: 6, completed: {} } }, quizzes: {} }));
      sessionStorage.setItem('seeded', '1');
    }, JSON.stringify(code));
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${base}/`);
    const reset = page.getByRole('button', { name: 'Reset progress' }).first();
    const dialog = page.getByRole('dialog', { name: 'Reset progress?' });
    const message = page.locator('[data-progress-message]');

    await reset.click();
    await expect.poll(() => dialog.isVisible()).toBe(true);
    const box = dialog.getByRole('checkbox', { name: 'Also delete my saved code for 1 exercises' });
    expect(await box.isChecked()).toBe(false);
    // Focus starts on the harmless choice; Escape cancels.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect.poll(() => message.textContent()).toBe('Nothing was reset.');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Reset progress');

    // Default: progress goes, code stays, and the message says so.
    await reset.click();
    await dialog.getByRole('button', { name: 'Reset progress' }).click();
    await expect.poll(() => message.textContent()).toBe('Progress reset: visits, quiz answers and completed exercises cleared. Your saved code for 1 exercises was kept.');
    expect(await page.evaluate(() => JSON.parse(localStorage.getItem('brr:progress') ?? '{}').lessons)).toEqual({});
    expect(await page.evaluate(() => localStorage.getItem('brr:code:ws-chat'))).not.toBeNull();

    // Ticked: the code goes too.
    await reset.click();
    await box.check();
    await dialog.getByRole('button', { name: 'Reset progress' }).click();
    await expect.poll(() => message.textContent()).toMatch(/and the saved code for 1 exercises deleted\.$/);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('brr:code:')))).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
