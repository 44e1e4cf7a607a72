/**
 * The same exercise in two tabs (#13 item 4a), in real Chromium: two pages of one browser context share
 * localStorage and get each other's `storage` events, as two tabs do. The tab that falls behind is told,
 * saves nothing over the newer code, and offers "Load the newer version" and "Keep mine".
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, test } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { browserForFile } from './browser.ts';
import { activate, editorText, openSandboxLesson, sandboxPages } from './sandbox-page.ts';

const base = inject('baseURL');
const root = fileURLToPath(new URL('../../', import.meta.url));
const target = sandboxPages(root)[0]!;

let browser: Browser;
browserForFile((launched) => (browser = launched));

async function typeAtEnd(tab: Page, sandbox: Locator, text: string): Promise<void> {
  await sandbox.locator('[data-editor-host] .view-lines').click();
  await tab.keyboard.press('ControlOrMeta+End');
  await tab.keyboard.type(text);
}

const storedCode = (tab: Page) => tab.evaluate((key) => localStorage.getItem(key) ?? '', `brr:code:${target.sandboxId}`);

describe('the same exercise open in two tabs', () => {
  test('the other tab is told, never overwrites the newer save, and can load it or keep its own', { timeout: 180_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const a = await openSandboxLesson(browser, base, target, { context });
    const b = await openSandboxLesson(browser, base, target, { context });
    await activate(a.sandbox);
    await activate(b.sandbox);

    await typeAtEnd(a.tab, a.sandbox, '\n// from tab A 111\n');
    await expect.poll(() => a.sandbox.locator('[data-save-status]').textContent(), { timeout: 10_000 }).toBe('Saved');
    // Tab B hears of it at once, visibly and through an alert.
    const notice = b.sandbox.locator('[data-sync-notice]');
    await expect.poll(() => notice.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await notice.getByRole('alert').textContent()).toContain('Another tab saved newer code');

    // B's own typing is held, not written over A's save.
    await typeAtEnd(b.tab, b.sandbox, '\n// from tab B 222\n');
    await expect.poll(() => b.sandbox.locator('[data-save-status]').textContent(), { timeout: 10_000 }).toBe('Not saved: another tab has newer code');
    await b.tab.waitForTimeout(1000);
    expect(await storedCode(b.tab)).toContain('from tab A 111');
    expect(await storedCode(b.tab)).not.toContain('from tab B 222');

    // "Load the newer version": B shows A's code; its own unsaved line is dropped, as chosen.
    await notice.getByRole('button', { name: 'Load the newer version' }).click();
    await expect.poll(() => editorText(b.sandbox)).toContain('from tab A 111');
    expect(await editorText(b.sandbox)).not.toContain('from tab B 222');
    expect(await notice.count()).toBe(0);
    expect(await b.sandbox.locator('[data-editor-note]').textContent()).toContain('Loaded the newer code');

    // Now A falls behind when B saves; A chooses "Keep mine" and its code is stored over B's.
    await typeAtEnd(b.tab, b.sandbox, '// from tab B 333\n');
    await expect.poll(() => b.sandbox.locator('[data-save-status]').textContent(), { timeout: 10_000 }).toBe('Saved');
    const noticeA = a.sandbox.locator('[data-sync-notice]');
    await expect.poll(() => noticeA.isVisible(), { timeout: 10_000 }).toBe(true);
    await typeAtEnd(a.tab, a.sandbox, '// from tab A 444\n');
    await a.tab.waitForTimeout(800);
    expect(await storedCode(a.tab)).not.toContain('from tab A 444');
    await noticeA.getByRole('button', { name: 'Keep mine' }).click();
    await expect.poll(() => storedCode(a.tab)).toContain('from tab A 444');
    expect(await storedCode(a.tab)).not.toContain('from tab B 333');
    // …and B is asked in turn, so B's line is not lost silently either.
    await expect.poll(() => notice.isVisible(), { timeout: 10_000 }).toBe(true);
    expect([...a.errors, ...b.errors]).toEqual([]);
    await context.close();
  });
});
