/** Driving a <course-sandbox> in Chromium the way a learner does; shared by the sandbox e2e suites. */
import { expect } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectPageErrors } from './browser.ts';
import { readLessonBody } from '../../src/content/lesson-body.ts';
import { readCourse, splitFrontmatter } from '../../src/content/read-course.ts';
import { fileURLToPath } from 'node:url';
import { findSandbox, islandDataFor, type ExerciseAssets, type PageIslandData, type SandboxIslandData } from '../../src/sandbox/island-data.ts';
import { loadSandboxes } from '../../src/sandbox/load-sandboxes.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface SandboxPage {
  lessonId: string;
  url: string;
  sandboxId: string;
  /** Order of the lesson's phase (1 for Foundations). */
  phase: number;
}

/** Every <Sandbox id="…" /> in the course, in reading order, found from the content rather than hard-coded. */
export function sandboxPages(root: string): SandboxPage[] {
  const { course } = readCourse({ root });
  return course.phases.flatMap((phase) =>
    phase.lessons.flatMap((lesson) => {
      const source = readFileSync(join(root, lesson.file), 'utf8');
      const split = splitFrontmatter(source);
      const body = split ? source.split('\n').slice(split.bodyLine - 1).join('\n') : source;
      return readLessonBody(body)
        .components.filter((use) => use.name === 'Sandbox' && use.attributes.id)
        .map((use) => ({ lessonId: lesson.id, url: lesson.url, sandboxId: use.attributes.id!, phase: phase.order }));
    }),
  );
}

/** The lesson that embeds `sandboxId`; a clear error when none does. */
export function lessonEmbedding(root: string, sandboxId: string): SandboxPage {
  const page = sandboxPages(root).find((candidate) => candidate.sandboxId === sandboxId);
  if (!page) throw new Error(`No lesson embeds <Sandbox id="${sandboxId}" />.`);
  return page;
}

/** The editable files the solution changes: what a learner has to write. */
export function filesToSolve(data: SandboxIslandData): SandboxIslandData['meta']['files'] {
  return data.meta.files.filter((file) => !file.readOnly && data.solution[file.path] !== data.starter[file.path]);
}

/** Pastes the solution into every file it changes, as a learner would, and waits until autosave has it. */
export async function pasteSolution(tab: Page, sandbox: Locator, data: SandboxIslandData): Promise<void> {
  for (const file of filesToSolve(data)) {
    await selectTab(sandbox, file.path);
    await replaceEditorText(tab, sandbox, data.solution[file.path]!);
    await pasted(tab, data.sandboxId, file.path, data.solution[file.path]!);
  }
  await expect.poll(() => sandbox.locator('[data-save-status]').getAttribute('data-state')).toBe('saved');
}

/** The files autosave has stored for a sandbox (its localStorage record, src/sandbox/autosave.ts). */
function storedFiles(tab: Page, sandboxId: string): Promise<Record<string, string>> {
  return tab.evaluate((key) => (JSON.parse(localStorage.getItem(key) ?? '{}') as { files?: Record<string, string> }).files ?? {}, `brr:code:${sandboxId}`);
}

/**
 * Waits until a paste (replaceEditorText) has reached the file and autosave has stored it. Monaco applies a
 * paste only after it has read the clipboard (an asynchronous call), so it lands after Ctrl+V returns, and a
 * tab switch or a click in the editor before then cancels it.
 */
export async function pasted(tab: Page, sandboxId: string, path: string, text: string, timeout = 10_000): Promise<void> {
  await expect.poll(async () => (await storedFiles(tab, sandboxId))[path], { timeout, message: `${path} stored as pasted` }).toBe(text);
}

export async function openSandboxLesson(
  browser: Browser,
  base: string,
  page: SandboxPage,
  options: { viewport?: { width: number; height: number }; context?: BrowserContext } = {},
): Promise<{ tab: Page; sandbox: Locator; requests: string[]; errors: string[] }> {
  const context = options.context ?? (await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 640 } }));
  // Pasting is how the test puts a whole file into Monaco: typing it would be re-indented as it goes.
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const tab = await context.newPage();
  const requests: string[] = [];
  tab.on('request', (request) => requests.push(new URL(request.url()).pathname));
  const errors = collectPageErrors(tab);
  await tab.goto(`${base}${page.url}?runtime=local`);
  const sandbox = tab.locator(`course-sandbox[data-sandbox-id="${page.sandboxId}"]`);
  // The island enables its buttons once it has read its data: from then on it is live.
  // expect.poll's default 1 s is too short on a loaded 2-core machine; the island reads its data after load.
  await expect.poll(() => sandbox.getByRole('button', { name: 'Run' }).isEnabled(), { timeout: 15_000 }).toBe(true);
  return { tab, sandbox, requests, errors };
}

/**
 * The page's island data with the solution and tests it fetches on demand (src/pages/sandbox-assets/), and
 * the whole starter: the page's JSON leaves out the files it shows as code (src/sandbox/static-starter.ts),
 * so the test reads them from the exercise's folder, not the way the island does.
 */
export async function islandData(sandbox: Locator): Promise<SandboxIslandData> {
  const { starterFromPage: _fromPage, starterUrl: _starterUrl, ...data } = JSON.parse((await sandbox.locator('script[data-sandbox-data]').textContent()) ?? '{}') as PageIslandData;
  // Fetched by the test itself, not the page, so the page's own requests stay what it asked for.
  const assets = (await (await fetch(new URL(data.assetsUrl, sandbox.page().url()))).json()) as ExerciseAssets;
  const starter = islandDataFor(findSandbox(data.sandboxId, loadSandboxes(root)), data.lessonId, { root }).starter;
  return { ...data, starter, ...assets };
}

export async function activate(sandbox: Locator): Promise<void> {
  await sandbox.getByRole('button', { name: 'Edit code' }).click();
  await expect.poll(() => sandbox.getAttribute('data-editor'), { timeout: 30_000 }).toBe('ready');
}

export async function selectTab(sandbox: Locator, path: string): Promise<void> {
  await sandbox.getByRole('tab', { name: new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }).click();
}

/** The text Monaco shows (its rendered lines use no-break spaces). */
export async function editorText(sandbox: Locator): Promise<string> {
  return ((await sandbox.locator('[data-editor-host] .view-lines').textContent()) ?? '').replace(/\u00a0/g, ' ');
}

/** Replaces the whole text of the open file the way a learner pastes it: select all, then Ctrl/⌘+V. */
export async function replaceEditorText(tab: Page, sandbox: Locator, text: string): Promise<void> {
  await tab.evaluate((clip) => navigator.clipboard.writeText(clip), text);
  await sandbox.locator('[data-editor-host] .view-lines').click();
  await tab.keyboard.press('ControlOrMeta+A');
  await tab.keyboard.press('ControlOrMeta+V');
}

/** Runs "Check my work" and returns the summary tone ('ok' or 'bad') once the report is shown. */
export async function check(sandbox: Locator): Promise<string> {
  const summary = sandbox.locator('[data-results-summary]');
  await sandbox.getByRole('button', { name: 'Check my work' }).click();
  await expect.poll(() => summary.getAttribute('data-tone'), { timeout: 60_000 }).not.toBeNull();
  await expect.poll(() => sandbox.getByRole('button', { name: 'Check my work' }).isEnabled(), { timeout: 10_000 }).toBe(true);
  return (await summary.getAttribute('data-tone')) ?? '';
}

