/**
 * The lab view (#13 item 3) in real Chromium at 1280×800: the sandbox full-screen beside the lesson's
 * task, splitters that move with keys and the pointer, a preview wide enough for chat lines, Escape back
 * to the article with the same editor and the program still running, the state restored on reload, the
 * panes stacked on a phone, Compare at the first difference, and axe clean in both themes.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, test } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { axeViolations, browserForFile } from './browser.ts';
import { activate, editorText, lessonEmbedding, openSandboxLesson } from './sandbox-page.ts';

const base = inject('baseURL');
const root = fileURLToPath(new URL('../../', import.meta.url));
/** The chat exercise: its preview is the page whose lines wrapped word by word in the article. */
const chat = lessonEmbedding(root, 'ws-chat');

let browser: Browser;
browserForFile((launched) => (browser = launched));

const box = async (locator: Locator) => {
  const found = await locator.first().boundingBox();
  if (!found) throw new Error(`${locator} is not visible`);
  return found;
};

async function openLab(tab: Page, sandbox: Locator): Promise<void> {
  await sandbox.getByRole('button', { name: 'Open lab view' }).click();
  await expect.poll(() => sandbox.getAttribute('role'), { timeout: 10_000 }).toBe('dialog');
  expect(await tab.evaluate(() => location.hash)).toBe('#lab-ws-chat');
}

describe('the lab view', () => {
  test('full-screen split with the task, resizable, keyboard reachable, same state back in the article, restored on reload', { timeout: 240_000 }, async () => {
    const { tab, sandbox, errors } = await openSandboxLesson(browser, base, chat, { viewport: { width: 1280, height: 800 } });
    await activate(sandbox);
    await sandbox.locator('[data-editor-host] .view-lines').click();
    await tab.keyboard.press('ControlOrMeta+End');
    await tab.keyboard.type('\n// kept across the lab 5150\n');
    // A mark on the live editor element: if the lab made a second editor, the mark would be gone.
    await sandbox.locator('[data-editor-host] .monaco-editor').evaluate((node) => node.setAttribute('data-test-original', ''));
    const articlePreview = await box(sandbox.locator('.sandbox-preview'));

    await openLab(tab, sandbox);
    // Focus moves into the dialog, to the task's heading; the article behind is inert.
    expect(await tab.evaluate(() => document.activeElement?.classList.contains('lab-task-title'))).toBe(true);
    expect(await tab.locator('.lesson-header').evaluate((node) => node.closest('[inert]') !== null)).toBe(true);
    const task = sandbox.locator('.lab-task');
    expect(await task.textContent()).toContain('Try it');
    expect(await task.locator('.lab-task-lesson [id]').count(), 'the copied lesson text must not duplicate ids').toBe(0);
    const labBox = await box(sandbox);
    expect(labBox).toMatchObject({ x: 0, y: 0, width: 1280, height: 800 });
    const labPreview = await box(sandbox.locator('.sandbox-preview'));
    console.log(`preview pane: article ${Math.round(articlePreview.width)}×${Math.round(articlePreview.height)} px, lab ${Math.round(labPreview.width)}×${Math.round(labPreview.height)} px`);
    expect(labPreview.width, 'chat lines need a preview at least 600 px wide').toBeGreaterThanOrEqual(600);
    expect((await box(sandbox.locator('[data-editor-host]'))).width).toBeGreaterThan(800);
    expect(await sandbox.locator('[data-editor-host] .monaco-editor[data-test-original]').count()).toBe(1);

    // Splitters: focusable separators with values, moved by arrow keys and by dragging.
    const taskSplit = sandbox.getByRole('separator', { name: 'Resize the task and the code' });
    expect(await taskSplit.getAttribute('aria-valuenow')).toBe('25');
    await taskSplit.focus();
    await tab.keyboard.press('ArrowRight');
    await tab.keyboard.press('Shift+ArrowRight');
    expect(await taskSplit.getAttribute('aria-valuenow')).toBe('37');
    await expect.poll(async () => Math.round((await box(task)).width), { timeout: 5000 }).toBe(Math.round(0.37 * 1280));
    await tab.keyboard.press('Shift+ArrowLeft');
    await tab.keyboard.press('ArrowLeft');
    expect(await taskSplit.getAttribute('aria-valuenow')).toBe('25');
    const editorSplit = sandbox.getByRole('separator', { name: 'Resize the editor and the output' });
    expect(await editorSplit.getAttribute('aria-orientation')).toBe('horizontal');
    const split = await box(editorSplit);
    const editorHeight = (await box(sandbox.locator('[data-editor-host]'))).height;
    await tab.mouse.move(split.x + split.width / 2, split.y + split.height / 2);
    await tab.mouse.down();
    await tab.mouse.move(split.x + split.width / 2, split.y - 80, { steps: 5 });
    await tab.mouse.up();
    const editorValue = await editorSplit.getAttribute('aria-valuenow');
    expect(Number(editorValue), 'dragging 80 px up makes the editor share smaller').toBeLessThan(50);
    await expect.poll(async () => (await box(sandbox.locator('[data-editor-host]'))).height, { timeout: 5000 }).toBeLessThan(editorHeight - 60);

    // Run inside the lab; the preview page is the width the pane promised.
    await sandbox.getByRole('button', { name: 'Run' }).click();
    const frame = sandbox.locator('[data-preview-frame]');
    await expect.poll(() => frame.isVisible(), { timeout: 30_000 }).toBe(true);
    const frameBox = await box(frame);
    console.log(`preview frame in the lab: ${Math.round(frameBox.width)}×${Math.round(frameBox.height)} px`);
    expect(frameBox.width).toBeGreaterThanOrEqual(600);

    // Monaco's syntax colours (.mtk* spans) are the editor theme's, outside the lab view; everything else must pass.
    const onlyMonacoTokens = (line: string) => line.startsWith('color-contrast') && line.split(' — ')[1]!.split(', ').every((target) => target.includes('.mtk'));
    const labViolations = async () => (await axeViolations(tab)).filter((line) => !onlyMonacoTokens(line));
    expect(await labViolations()).toEqual([]);

    // Escape (outside the editor) goes back; focus returns to the control that opened the lab.
    await taskSplit.focus();
    await tab.keyboard.press('Escape');
    await expect.poll(() => sandbox.getAttribute('role'), { timeout: 10_000 }).toBeNull();
    expect(await tab.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.action)).toBe('lab');
    expect(await tab.evaluate(() => location.hash)).toBe('');
    expect(await tab.locator('[inert]').count()).toBe(0);
    // Same editor, same code, program still running and its preview still loaded.
    expect(await sandbox.locator('[data-editor-host] .monaco-editor[data-test-original]').count()).toBe(1);
    expect(await editorText(sandbox)).toContain('kept across the lab 5150');
    expect(await sandbox.getByRole('button', { name: 'Stop' }).count()).toBe(1);
    expect(await frame.isVisible()).toBe(true);
    expect(Math.round((await box(sandbox.locator('.sandbox-preview'))).width)).toBe(Math.round(articlePreview.width));

    // The labelled button closes it too.
    await openLab(tab, sandbox);
    await sandbox.getByRole('button', { name: 'Back to the article' }).click();
    await expect.poll(() => sandbox.getAttribute('role'), { timeout: 10_000 }).toBeNull();
    await sandbox.getByRole('button', { name: 'Stop' }).click();

    // Reopened on reload (the hash), with the sizes the learner left.
    await openLab(tab, sandbox);
    await tab.reload();
    await expect.poll(() => sandbox.getAttribute('role'), { timeout: 15_000 }).toBe('dialog');
    expect(await sandbox.getByRole('separator', { name: 'Resize the editor and the output' }).getAttribute('aria-valuenow')).toBe(editorValue);
    expect(await sandbox.getByRole('separator', { name: 'Resize the task and the code' }).getAttribute('aria-valuenow')).toBe('25');
    expect(await editorText(sandbox).catch(() => '')).toBeDefined();

    // Dark mode: the same checks for contrast.
    await tab.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
    expect(await labViolations()).toEqual([]);
    expect(errors).toEqual([]);
    await tab.context().close();
  });

  test('on a narrow screen the panes stack in one scrolling column', { timeout: 120_000 }, async () => {
    const { tab, sandbox, errors } = await openSandboxLesson(browser, base, chat, { viewport: { width: 390, height: 800 } });
    await openLab(tab, sandbox);
    const task = await box(sandbox.locator('.lab-task'));
    const files = await box(sandbox.locator('.sandbox-files'));
    const output = await box(sandbox.locator('.sandbox-output'));
    const preview = await box(sandbox.locator('.sandbox-preview'));
    expect(files.y).toBeGreaterThanOrEqual(task.y + task.height - 1);
    expect(preview.y).toBeGreaterThanOrEqual(output.y + output.height - 1);
    expect(Math.round(preview.x)).toBe(Math.round(output.x));
    expect(await sandbox.locator('[role="separator"]').count()).toBeGreaterThan(0);
    expect(await sandbox.locator('[role="separator"]').first().isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await tab.context().close();
  });

  test('Compare opens at the first difference: one full-width column in the article, two wide sides in the lab', { timeout: 180_000 }, async () => {
    const { tab, sandbox, errors } = await openSandboxLesson(browser, base, chat, { viewport: { width: 1280, height: 800 } });
    await activate(sandbox);
    // Its name changes to "Hide comparison" while it is pressed.
    const compare = sandbox.locator('[data-action="compare"]');
    await compare.click();
    const note = sandbox.locator('[data-editor-note]');
    await expect.poll(() => note.textContent(), { timeout: 20_000 }).toMatch(/first difference, at line (\d+)/);
    const line = Number(/at line (\d+)/.exec((await note.textContent()) ?? '')![1]);
    expect(line).toBeGreaterThan(1);
    const diff = sandbox.locator('[data-diff-host] .monaco-diff-editor');
    // In the ~700 px article column: one column across the whole width, scrolled to that line.
    const modified = diff.locator('.editor.modified');
    expect((await box(modified)).width).toBeGreaterThan(600);
    await expect.poll(() => diff.locator('.editor.modified .line-numbers').allTextContents()).toContain(String(line));
    expect(await note.textContent()).toContain('one column');
    await compare.click();

    await openLab(tab, sandbox);
    await compare.click();
    await expect.poll(() => note.textContent(), { timeout: 20_000 }).toMatch(/first difference/);
    const original = await box(diff.locator('.editor.original'));
    const solution = await box(diff.locator('.editor.modified'));
    console.log(`compare sides in the lab: ${Math.round(original.width)} and ${Math.round(solution.width)} px`);
    expect(original.width).toBeGreaterThan(550);
    expect(solution.width).toBeGreaterThan(550);
    expect(await note.textContent()).toContain('(left)');
    expect(errors).toEqual([]);
    await tab.context().close();
  });
});
