/**
 * Type-ahead (src/sandbox/island/type-ahead.ts): the server-rendered code takes keys while Monaco loads,
 * what is typed there is saved, and the editor takes over the text, the caret and the undo without
 * losing a key. Monaco's first chunk is held back by a route, so "while it loads" lasts as long as the
 * test needs.
 */
import { describe, expect, inject, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, collectPageErrors, browserForFile } from './browser.ts';

const base = inject('baseURL');
let browser: Browser;
browserForFile((launched) => (browser = launched));

const SANDBOX = 'course-sandbox[data-sandbox-id="polling-etag"]';
const MONACO_CORE = /\/_astro\/codeEditorWidget\.[^/]+\.js$/;

/** Opens the polling lesson and waits for the island. */
async function open(page: Page): Promise<void> {
  await page.goto(`${base}/foundations/polling/`);
  await page.waitForFunction((selector) => !document.querySelector(`${selector} button[data-action="run"]`)?.hasAttribute('disabled'), SANDBOX);
}

/** Opens the polling lesson with Monaco's core held back until `release()`. */
async function openHeld(page: Page): Promise<() => void> {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(MONACO_CORE, async (route) => {
    await held;
    await route.continue();
  });
  await open(page);
  return release;
}

/** Opens the polling lesson with Monaco's core failing to load; returns how many times it has been asked for. */
async function openBlocked(page: Page): Promise<() => number> {
  let asked = 0;
  await page.route(MONACO_CORE, (route) => {
    asked += 1;
    return route.abort();
  });
  await open(page);
  return () => asked;
}

/** server.ts as another tab of `context` shows it once it contains `expected`: what was saved. */
async function savedServerTs(context: BrowserContext, expected: string): Promise<string> {
  const other = await context.newPage();
  await openBlocked(other);
  const code = other.locator(`${SANDBOX} [data-static-path="server.ts"] code`);
  await expect.poll(() => code.textContent()).toContain(expected);
  const text = (await code.textContent()) ?? '';
  await other.close();
  return text;
}

/** Page coordinates of the start of the first `text` in the shown server.ts block. */
async function pointAt(page: Page, text: string): Promise<{ x: number; y: number }> {
  const locator = page.locator(`${SANDBOX} [data-static-path="server.ts"] code`);
  // The block scrolls inside itself: show its top, then bring it into the page's view.
  await locator.evaluate((code) => (code.closest('pre')!.scrollTop = 0));
  await page.locator(`${SANDBOX} [data-static-path="server.ts"] pre`).scrollIntoViewIfNeeded();
  return locator.evaluate((code, wanted) => {
    const node = code.firstChild as Text;
    const at = node.data.indexOf(wanted);
    if (at < 0) throw new Error(`"${wanted}" is not in the block`);
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + 1);
    const box = range.getBoundingClientRect();
    return { x: box.left + 1, y: box.top + box.height / 2 };
  }, text);
}

/** The line of the editor's server.ts that contains `marker`, as Monaco shows it. */
function editorLine(page: Page, marker: string): Promise<string | undefined> {
  return page.evaluate(
    ([selector, wanted]) => Array.from(document.querySelectorAll<HTMLElement>(`${selector} [data-editor-host] .view-line`), (line) => line.innerText.replace(/\u00a0/g, ' ')).find((line) => line.includes(wanted)),
    [SANDBOX, marker] as const,
  );
}

const ready = (page: Page) =>
  page.waitForFunction((selector) => document.querySelector(selector)?.getAttribute('data-editor') === 'ready', SANDBOX, { timeout: 60_000 });

describe('typing before the editor has loaded', () => {
  test('a click puts the caret where it points, the typing is saved, and the editor takes the text, the caret and the undo', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    const typeScriptFiles = () => requested.filter((path) => /\/_astro\/ts\.worker[.-]/.test(path) || path === '/sandbox-types/types__node.json');
    const release = await openHeld(page);
    const sandbox = page.locator(SANDBOX);
    const code = sandbox.locator('[data-static-path="server.ts"] code');

    const point = await pointAt(page, "http from 'node:http'");
    await page.mouse.click(point.x, point.y);
    // Long enough for a request the click started to be reported: a click is not an edit.
    await page.waitForTimeout(500);
    expect(typeScriptFiles(), 'a click is not an edit').toEqual([]);
    await page.keyboard.type('Q1');
    expect(await code.textContent()).toContain("import Q1http from 'node:http';");
    expect(await sandbox.getAttribute('data-editor'), 'Monaco is held back').toBe('loading');
    // The first key is the first edit: TypeScript's worker and Node's types load beside the editor.
    await expect.poll(() => typeScriptFiles().length).toBe(2);
    expect(await sandbox.getByRole('textbox', { name: 'Code editor for server.ts' }).count()).toBe(1);
    expect(await sandbox.locator('[data-editor-note]').textContent()).toBe('Loading the editor… You can type in the code already.');
    // The colours described the starter's text; typing drops them.
    expect(await sandbox.locator('[data-static-path="server.ts"] pre').getAttribute('data-code-colours')).toBeNull();

    // Saved like any edit: another tab of the same browser shows it, although no editor ever loaded here.
    await expect.poll(() => sandbox.locator('[data-save-status]').textContent()).toBe('Saved');
    // The page's block shows the file without its final line break (Shiki drops it); the file keeps it.
    expect(await savedServerTs(context, 'import Q1http from')).toMatch(/\n\}\n$/);

    // Keys keep coming while the editor takes over: none may be lost or land out of order.
    release();
    const typing = (async () => {
      for (const key of 'abcdefghijklmnop') {
        await page.keyboard.type(key);
        await page.waitForTimeout(30);
      }
    })();
    await ready(page);
    await typing;
    await expect.poll(() => editorLine(page, 'Q1')).toBe("import Q1abcdefghijklmnophttp from 'node:http';");
    expect(await page.evaluate((selector) => document.querySelector(`${selector} [data-editor-host]`)?.contains(document.activeElement), SANDBOX)).toBe(true);
    expect(await code.isVisible()).toBe(false);

    // Undo goes back past what was typed before the editor loaded, to the starter.
    for (let i = 0; i < 6; i++) await page.keyboard.press('ControlOrMeta+z');
    await expect.poll(() => editorLine(page, "from 'node:http'")).toBe("import http from 'node:http';");
    // The worker started ahead is the one the editor uses: a type error is underlined.
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type('\nconst broken: number = "text";\n');
    await sandbox.locator('.squiggly-error').first().waitFor({ timeout: 60_000 });
    expect(typeScriptFiles()).toHaveLength(2);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('from the keyboard the code is one tab stop that starts at the top; a read-only file takes no keys', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = collectPageErrors(page);
    const release = await openHeld(page);
    const sandbox = page.locator(SANDBOX);
    await sandbox.getByRole('tab', { name: 'server.ts' }).focus();
    await page.keyboard.press('Tab');
    const textbox = sandbox.getByRole('textbox', { name: 'Code editor for server.ts' });
    expect(await textbox.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.type('// mine\n');
    expect(await textbox.textContent()).toMatch(/^\/\/ mine\nimport \{ createHash \}/);
    expect(await axeViolations(page, SANDBOX)).toEqual([]);
    // Tab leaves the code: the <pre> around it is no second stop.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('pre'))).toBeNull();

    await sandbox.getByRole('tab', { name: /main\.ts/ }).click();
    const mainCode = sandbox.locator('[data-static-path="main.ts"] code');
    const before = await mainCode.textContent();
    await mainCode.click();
    await page.keyboard.type('nope');
    expect(await mainCode.textContent()).toBe(before);
    expect(await mainCode.getAttribute('contenteditable')).toBeNull();

    release();
    await ready(page);
    await sandbox.getByRole('tab', { name: 'server.ts' }).click();
    await expect.poll(() => editorLine(page, 'mine')).toBe('// mine');
    expect(errors).toEqual([]);
    await page.close();
  });

  test('a Japanese input (IME) composition in progress holds the hand-over until it is committed', async () => {
    // Taking over mid-composition committed the reading typed so far: "にほ" stayed in the file before the "日本" meant.
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = collectPageErrors(page);
    const loaded: string[] = [];
    page.on('requestfinished', (request) => loaded.push(new URL(request.url()).pathname));
    const release = await openHeld(page);
    const sandbox = page.locator(SANDBOX);
    await sandbox.getByRole('tab', { name: 'server.ts' }).focus();
    await page.keyboard.press('Tab');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Input.imeSetComposition', { text: 'にほ', selectionStart: 2, selectionEnd: 2 });
    release();
    // Every editor chunk has arrived, and the editor still waits.
    await expect.poll(() => loaded.filter((path) => /\/_astro\/(codeEditorWidget|editor\.api|monaco-contributions|editor)\.[A-Za-z0-9_-]{8}\.js$/.test(path)).length, { timeout: 20_000 }).toBe(4);
    await page.waitForTimeout(1500);
    expect(await sandbox.getAttribute('data-editor')).toBe('loading');
    await cdp.send('Input.imeSetComposition', { text: 'にほん', selectionStart: 3, selectionEnd: 3 });
    await cdp.send('Input.insertText', { text: '日本' });
    await ready(page);
    await expect.poll(() => editorLine(page, 'createHash }')).toBe("日本import { createHash } from 'node:crypto';");
    expect(errors).toEqual([]);
    await page.close();
  });

  test('if the editor cannot load, the code stays editable and the note says so', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    // A busy page: its first idle moment, when the preload starts, comes after the learner's click has failed.
    await page.addInitScript(() => {
      window.requestIdleCallback = (callback) => window.setTimeout(() => callback({ didTimeout: true, timeRemaining: () => 0 }), 2000);
    });
    const asked = await openBlocked(page);
    const sandbox = page.locator(SANDBOX);
    const point = await pointAt(page, 'import http');
    await page.mouse.click(point.x, point.y);
    await page.waitForFunction((selector) => document.querySelector(selector)?.getAttribute('data-editor') === 'failed', SANDBOX);
    await page.keyboard.type('// still mine\n');
    const code = sandbox.locator('[data-static-path="server.ts"] code');
    expect(await code.textContent()).toContain("// still mine\nimport http from 'node:http';");
    // The preload the scroll asked for does not try again behind the learner's back (saying "Loading" over
    // the failure meanwhile): the core was asked for once per click or focus, not again once idle.
    const askedByLearner = asked();
    await page.waitForTimeout(3000);
    expect(asked()).toBe(askedByLearner);
    expect(await sandbox.getAttribute('data-editor')).toBe('failed');
    expect(await sandbox.locator('[data-editor-note]').textContent()).toMatch(/You can still edit the code here as plain text/);

    // A reset shows the whole starter again, read-only until the next click; typing then starts from it.
    page.once('dialog', (dialog) => void dialog.accept());
    await sandbox.getByRole('button', { name: 'Reset' }).click();
    await expect.poll(() => code.textContent()).not.toContain('// still mine');
    expect(await code.getAttribute('contenteditable')).toBeNull();
    const again = await pointAt(page, 'import http');
    await page.mouse.click(again.x, again.y);
    await page.keyboard.type('// after reset\n');
    // The line says "Saved" from before the reset already (it says so once); its state tells when this typing is stored.
    await expect.poll(() => sandbox.locator('[data-save-status]').getAttribute('data-state')).toBe('saved');
    expect(await sandbox.locator('[data-save-status]').textContent()).toBe('Saved');
    // One final line break, as the starter has: not one from the page's block and one from the file.
    expect(await savedServerTs(context, "// after reset\nimport http from 'node:http';")).toMatch(/\n\}\n$/);
    // The aborted chunk is reported by the browser itself; nothing else may fail.
    expect(errors.filter((error) => !/Failed to load resource|Failed to fetch dynamically imported module/.test(error))).toEqual([]);
    await context.close();
  });
});
