/**
 * The sandbox as a learner uses it, in real Chromium against the built site, with code running on the
 * real local runner (`?runtime=local`). Assumes the e2e server hosts the runner at /__runner and puts
 * `<meta name="course-runner">` into every page, as `npm start` does.
 *
 * The lessons under test are found from the content, not hard-coded: the first Phase 1 lesson that
 * embeds a <Sandbox>, and the first Phase 1 lesson whose sandbox has a preview server.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, test } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { axeViolations, browserForFile } from './browser.ts';
import { activate, check, editorText, filesToSolve, islandData, openSandboxLesson, pasted, replaceEditorText, sandboxPages, selectTab, type SandboxPage } from './sandbox-page.ts';
import { loadSandboxes } from '../../src/sandbox/load-sandboxes.ts';

const base = inject('baseURL');
const root = fileURLToPath(new URL('../../', import.meta.url));


const sandboxes = loadSandboxes(root).sandboxes;
// Graded exercises only: a run-only demo (graded: false) has no Check my work and no solution to compare.
const pages = sandboxPages(root).filter((page) => page.phase === 1 && sandboxes.find((sandbox) => sandbox.id === page.sandboxId)?.config.graded !== false);
const withPreview = pages.find((page) => sandboxes.find((sandbox) => sandbox.id === page.sandboxId)?.config.preview);

/** Files of the editor chunk, its workers, its CSS font and the declaration bundles. */
const EDITOR_ASSET = /\/_astro\/(editor|editor\.api|codeEditorWidget|monaco-contributions|tsMode|ts\.worker|editor\.worker|codicon)[.-]|\/sandbox-types\//;

let browser: Browser;
browserForFile((launched) => (browser = launched));

function openLesson(page: SandboxPage, options: { viewport?: { width: number; height: number }; context?: BrowserContext } = {}) {
  return openSandboxLesson(browser, base, page, options);
}

function firstPage(): SandboxPage {
  const page = pages[0];
  if (!page) throw new Error('No Phase 1 lesson embeds a <Sandbox id="…" />, so there is nothing to test. Add one to a lesson in lessons/01-*/.');
  return page;
}

describe('a Phase 1 sandbox, end to end on the local runner', () => {
  test('loads no editor code before activation; edit, run, check, compare, solve, persist, reset and undo', { timeout: 300_000 }, async () => {
    const target = firstPage();
    const { tab, sandbox, requests, errors } = await openLesson(target);
    const data = await islandData(sandbox);
    const firstTab = data.meta.files[0]!.path;

    // First paint: the starter as highlighted static code, and no editor code requested yet.
    await tab.waitForTimeout(1500);
    const box = await sandbox.boundingBox();
    expect(box!.y, 'The sandbox must start below the fold here, or the idle preload would rightly load the editor.').toBeGreaterThan(640);
    expect(requests.filter((path) => EDITOR_ASSET.test(path))).toEqual([]);
    // Monaco's CSS comes with the editor chunk, not inlined into the page (src/integrations/monaco-styles.ts).
    // The icon font's sheets included: monaco-contributions.js imports them itself.
    expect(await tab.evaluate(() => document.documentElement.outerHTML.includes('.monaco-editor'))).toBe(false);
    expect(await tab.evaluate(() => document.documentElement.outerHTML.includes('codicon'))).toBe(false);
    const staticCode = sandbox.locator(`[data-static-path="${firstTab}"] pre.astro-code`);
    expect((await staticCode.textContent())?.trim()).toBe(data.starter[firstTab]!.trim());
    expect(await staticCode.getAttribute('style'), 'dual-theme Shiki colours').toContain('--shiki-dark');

    // Activation loads the editor; its TypeScript worker and the declaration bundles wait for the first
    // hover, key or edit (tests/e2e/editor-lazy.test.ts), so they are checked after typing below.
    await activate(sandbox);
    await expect.poll(() => requests.filter((path) => EDITOR_ASSET.test(path)).length).toBeGreaterThan(1);
    expect(await tab.locator('style[data-monaco-style]').count()).toBeGreaterThan(10);

    // Typing in Monaco autosaves and says so.
    await sandbox.locator('[data-editor-host] .view-lines').click();
    await tab.keyboard.press('ControlOrMeta+End');
    await tab.keyboard.type('\n// learner note 4242\n');
    await expect.poll(() => editorText(sandbox)).toContain('learner note 4242');
    await expect.poll(() => sandbox.locator('[data-save-status]').textContent()).toBe('Saved');
    await expect.poll(() => requests.some((path) => path.startsWith('/sandbox-types/types__node'))).toBe(true);

    // Ctrl/⌘+Enter in the editor runs the entry; output streams into the log and the exit is reported.
    await tab.keyboard.press('ControlOrMeta+Enter');
    await expect.poll(() => sandbox.getByRole('button', { name: 'Stop' }).count()).toBe(1);
    await expect.poll(() => sandbox.locator('[data-output] .out-stdout').textContent(), { timeout: 20_000 }).toMatch(/\S/);
    const exitLine = sandbox.locator('[data-output] .out-exit');
    if (data.meta.preview) {
      // A sandbox with a preview keeps its server running until the learner stops it.
      await expect.poll(() => sandbox.locator('iframe[data-preview-frame]').isVisible(), { timeout: 20_000 }).toBe(true);
      // Stop only once the preview page has loaded: stopping the server mid-request makes the proxy answer 502.
      const previewFrame = await (await sandbox.locator('iframe[data-preview-frame]').elementHandle())?.contentFrame();
      await previewFrame?.waitForLoadState('load', { timeout: 20_000 });
      await tab.keyboard.press('ControlOrMeta+Enter');
      await expect.poll(() => exitLine.textContent(), { timeout: 15_000 }).toMatch(/^Stopped after /);
    } else {
      await expect.poll(() => exitLine.count(), { timeout: 40_000 }).toBe(1);
      expect(await exitLine.textContent()).toMatch(/^(Exited with code \d+ in [\d.]+ m?s|Stopped: time limit of \d+ s reached)$/);
    }
    expect(await sandbox.getByRole('button', { name: 'Run' }).isVisible()).toBe(true);
    expect(await sandbox.locator('[data-runtime-status]').textContent()).toMatch(/^Runs on: Local runner/);

    // The starter fails at least one test, with a message for the learner.
    expect(await check(sandbox)).toBe('bad');
    expect(await sandbox.locator('[data-results-list] li[data-status="failed"]').count()).toBeGreaterThan(0);
    expect(await sandbox.locator('[data-results-list] li[data-status="failed"] pre').first().textContent()).toMatch(/\S/);
    expect(await sandbox.locator('[data-complete]').isVisible()).toBe(false);

    // Compare shows the solution next to the learner's code for a file the solution changes.
    const solved = filesToSolve(data);
    expect(solved.length, 'the solution changes at least one editable file').toBeGreaterThan(0);
    await selectTab(sandbox, solved[0]!.path);
    const compare = sandbox.getByRole('button', { name: 'Compare with solution' });
    await compare.click();
    const diff = sandbox.locator('[data-diff-host] .monaco-diff-editor');
    await expect.poll(() => diff.isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => diff.locator('.line-insert, .line-delete, .char-insert, .char-delete').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await sandbox.getByRole('button', { name: 'Hide comparison' }).click();
    await expect.poll(() => sandbox.locator('[data-editor-host]').isVisible()).toBe(true);

    // Paste the solution into every file it changes; now every test passes and progress records it.
    for (const file of solved) {
      await selectTab(sandbox, file.path);
      await replaceEditorText(tab, sandbox, data.solution[file.path]!);
      // A paste lands a moment after Ctrl+V (Monaco reads the clipboard first); until then the state still
      // says "saved" from the typing above, and the next tab switch would cancel it.
      await pasted(tab, data.sandboxId, file.path, data.solution[file.path]!);
    }
    await expect.poll(() => sandbox.locator('[data-save-status]').getAttribute('data-state')).toBe('saved');
    expect(await check(sandbox)).toBe('ok');
    expect(await sandbox.locator('[data-results-summary]').textContent()).toMatch(/^(All \d+ tests passed\.|The test passed\.)/);
    expect(await sandbox.locator('[data-results-list] li[data-status="failed"]').count()).toBe(0);
    expect(await sandbox.locator('[data-complete]').isVisible()).toBe(true);

    await tab.goto(`${base}/`);
    const card = tab.locator(`[data-progress-lesson="${target.lessonId}"]`).first();
    await expect.poll(() => card.getAttribute('data-exercise-done')).not.toBeNull();

    // Back on the lesson, before any editor loads, the static view already shows the saved code.
    await tab.goto(`${base}${target.url}?runtime=local`);
    await expect.poll(() => sandbox.getByRole('button', { name: 'Run' }).isEnabled(), { timeout: 15_000 }).toBe(true);
    for (const file of solved) {
      expect(await sandbox.locator(`[data-static-path="${file.path}"] pre`).textContent()).toBe(data.solution[file.path]);
    }
    expect(await sandbox.locator('[data-editor-note]').textContent()).toMatch(/saved edits/);
    expect(await sandbox.locator('[data-complete]').isVisible(), 'completion is remembered').toBe(true);

    // Reset needs confirmation: dismissing changes nothing.
    await activate(sandbox);
    tab.once('dialog', (dialog) => void dialog.dismiss());
    await sandbox.getByRole('button', { name: 'Reset' }).click();
    expect(await sandbox.getByRole('button', { name: 'Undo reset' }).isVisible()).toBe(false);

    // Confirmed, the starter is back (the tests fail again); Undo reset brings the solution back.
    tab.once('dialog', (dialog) => void dialog.accept());
    await sandbox.getByRole('button', { name: 'Reset' }).click();
    const undo = sandbox.getByRole('button', { name: 'Undo reset' });
    await expect.poll(() => undo.isVisible()).toBe(true);
    expect(await undo.evaluate((button) => button === document.activeElement), 'focus moves to Undo reset').toBe(true);
    expect(await check(sandbox)).toBe('bad');
    await undo.click();
    expect(await undo.isVisible()).toBe(false);
    expect(await check(sandbox)).toBe('ok');

    // …and both survive a reload: the static view shows the solution again.
    await tab.reload();
    await expect.poll(() => sandbox.getByRole('button', { name: 'Run' }).isEnabled(), { timeout: 15_000 }).toBe(true);
    for (const file of solved) {
      expect(await sandbox.locator(`[data-static-path="${file.path}"] pre`).textContent()).toBe(data.solution[file.path]);
    }
    expect(errors).toEqual([]);
    await tab.context().close();
  });

  test('scrolling the sandbox into view loads the editor once the browser is idle', { timeout: 60_000 }, async () => {
    const { tab, sandbox, requests } = await openLesson(firstPage());
    expect(requests.filter((path) => EDITOR_ASSET.test(path))).toEqual([]);
    await sandbox.scrollIntoViewIfNeeded();
    await expect.poll(() => sandbox.getAttribute('data-editor'), { timeout: 30_000 }).toBe('ready');
    // Preloading must not steal focus from the page.
    expect(await tab.evaluate(() => document.activeElement?.closest('course-sandbox') ?? null)).toBeNull();
    // The editor follows the site's theme toggle.
    const editor = sandbox.locator('[data-editor-host] .monaco-editor').first();
    const dark = async () => /\bvs-dark\b/.test((await editor.getAttribute('class')) ?? '');
    const startsDark = (await tab.locator('html').getAttribute('data-theme')) === 'dark';
    expect(await dark()).toBe(startsDark);
    await tab.locator('[data-theme-toggle]').first().click();
    await expect.poll(dark).toBe(!startsDark);
    await tab.context().close();
  });

  test('file tabs are a tablist: arrow keys, Home and End move the selection and the shown file', { timeout: 60_000 }, async () => {
    const { tab, sandbox } = await openLesson(firstPage());
    const data = await islandData(sandbox);
    const paths = data.meta.files.map((file) => file.path);
    const tabs = sandbox.getByRole('tab');
    expect(await tabs.count()).toBe(paths.length);
    // The panel names the file it shows, whether as static code or, once preloaded, in the editor.
    const shown = () => sandbox.getByRole('tabpanel').getAttribute('data-active-path');
    await tabs.first().focus();
    await tab.keyboard.press('ArrowRight');
    expect(await tabs.nth(1).getAttribute('aria-selected')).toBe('true');
    expect(await tabs.nth(1).evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await shown()).toBe(paths[1]);
    expect(await sandbox.getByRole('tabpanel').getAttribute('aria-labelledby')).toBe(await tabs.nth(1).getAttribute('id'));
    await tab.keyboard.press('End');
    expect(await shown()).toBe(paths.at(-1));
    await tab.keyboard.press('ArrowRight');
    expect(await shown(), 'wraps around').toBe(paths[0]);
    await tab.keyboard.press('ArrowLeft');
    expect(await shown()).toBe(paths.at(-1));
    await tab.keyboard.press('Home');
    expect(await shown()).toBe(paths[0]);
    // Read-only files say so in their tab's name.
    for (const [index, file] of data.meta.files.entries()) {
      expect(await tabs.nth(index).textContent()).toContain(file.readOnly ? 'read-only' : file.path);
      if (!file.readOnly) expect(await tabs.nth(index).textContent()).not.toContain('read-only');
    }
    await tab.context().close();
  });

  test('at 320 px nothing overflows sideways, and axe finds no WCAG A/AA problem in the sandbox', { timeout: 60_000 }, async () => {
    const { tab, sandbox } = await openLesson(firstPage(), { viewport: { width: 320, height: 640 } });
    await sandbox.scrollIntoViewIfNeeded();
    const overflow = await sandbox.evaluate((el) => {
      const frame = el.querySelector<HTMLElement>('.sandbox-frame')!;
      return { scroll: frame.scrollWidth, client: frame.clientWidth, right: frame.getBoundingClientRect().right };
    });
    expect(overflow.scroll).toBeLessThanOrEqual(overflow.client + 1);
    expect(overflow.right).toBeLessThanOrEqual(320);
    const violations = (await axeViolations(tab)).filter((line) => /sandbox/.test(line));
    expect(violations).toEqual([]);
    await tab.context().close();
  });
});

describe('the preview pane', () => {
  test('shows the sandbox server in a titled iframe while the program runs', { timeout: 90_000 }, async () => {
    if (!withPreview) {
      throw new Error('No Phase 1 lesson embeds a sandbox with `preview:` in its sandbox.yaml, so the preview pane cannot be tested. Give one Phase 1 sandbox a preview server.');
    }
    const { tab, sandbox } = await openLesson(withPreview);
    const data = await islandData(sandbox);
    await sandbox.getByRole('button', { name: 'Run' }).click();
    const frame = sandbox.locator('iframe[data-preview-frame]');
    await expect.poll(() => frame.isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await frame.getAttribute('title')).toBe(`Preview of the sandbox server on port ${data.meta.preview!.port}`);
    // Its own origin, sandboxed: nothing the course page stores is reachable from it (preview-isolation.test.ts).
    expect(await frame.getAttribute('sandbox')).toBe('allow-scripts allow-same-origin allow-forms');
    expect(new URL((await frame.getAttribute('src'))!).origin).not.toBe(new URL(base).origin);
    const body = tab.frameLocator(`course-sandbox[data-sandbox-id="${withPreview.sandboxId}"] iframe[data-preview-frame]`).locator('body');
    await expect.poll(() => body.textContent(), { timeout: 15_000 }).toMatch(/\S/);
    await sandbox.getByRole('button', { name: 'Stop' }).click();
    const exitLine = sandbox.locator('[data-output] .out-exit');
    await expect.poll(() => exitLine.textContent(), { timeout: 15_000 }).toMatch(/^Stopped after /);
    expect(await frame.isVisible(), 'the preview goes away with the server').toBe(false);
    await tab.context().close();
  });
});
