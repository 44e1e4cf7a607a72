/**
 * Errors point at the learner's line (issue #13 item 5), in real Chromium on the real local runner:
 * a syntax error gets a plain sentence and a link to its line, a thrown error's trace shows the
 * learner's frames without runner paths or Node internals, the full trace stays one toggle away, and
 * pressing a location puts the editor's cursor on that line.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { browserForFile } from './browser.ts';
import { activate, editorText, islandData, openSandboxLesson, pasted, replaceEditorText, sandboxPages, selectTab } from './sandbox-page.ts';
import { loadSandboxes } from '../../src/sandbox/load-sandboxes.ts';

const base = inject('baseURL');
const root = fileURLToPath(new URL('../../', import.meta.url));
const sandboxes = loadSandboxes(root).sandboxes;
const target = sandboxPages(root).find((page) => !sandboxes.find((sandbox) => sandbox.id === page.sandboxId)?.config.preview);

let browser: Browser;
browserForFile((launched) => (browser = launched));

describe('errors in Run output (issue #13 item 5)', () => {
  test('a syntax error is explained and its location opens the editor at that line; a thrown error shows only the learner frames', { timeout: 180_000 }, async () => {
    if (!target) throw new Error('No lesson embeds a sandbox without a preview server.');
    const { tab, sandbox, errors } = await openSandboxLesson(browser, base, target);
    const data = await islandData(sandbox);
    const entry = data.meta.entry;
    await activate(sandbox);
    await selectTab(sandbox, entry);
    await replaceEditorText(tab, sandbox, 'const a = 1;\nconst b = ;\nconsole.log(a, b);\n');
    await expect.poll(() => sandbox.locator('[data-save-status]').getAttribute('data-state'), { timeout: 10_000 }).toBe('saved');
    const log = sandbox.locator('[data-output]');
    await sandbox.getByRole('button', { name: 'Run' }).click();
    await expect.poll(() => log.locator('.out-exit').count(), { timeout: 30_000 }).toBe(1);

    const explain = log.locator('.out-explain');
    expect(await explain.textContent()).toMatch(new RegExp(`^Syntax error in ${entry.replace('.', '\\.')} on line 2: Expression expected\\. Nothing ran`));
    const shown = (await log.locator('.out-trace > .out-stderr').textContent()) ?? '';
    expect(shown).not.toMatch(/brr-run|brr-runner|node:internal|Node\.js v\d/);
    const full = log.locator('details.out-full-trace');
    expect(await full.locator('summary').textContent()).toMatch(/^Show full trace/);
    expect(await full.getAttribute('open')).toBeNull();
    await full.locator('summary').click();
    expect(await full.locator('pre').textContent()).toMatch(/node:internal/);

    // The location is a real button with a label; pressing it puts the cursor on line 2 of the entry.
    const link = explain.getByRole('button', { name: `Open ${entry} at line 2 in the editor` });
    await link.focus();
    await tab.keyboard.press('Enter');
    await tab.keyboard.press('End');
    await tab.keyboard.type('zzmark');
    await expect.poll(() => editorText(sandbox)).toContain('const b = ;zzmark');

    // A thrown error: the learner's frame is a link, Node's frames are behind the toggle.
    const thrower = "function explode(): never {\n  throw new Error('boom');\n}\nexplode();\n";
    await replaceEditorText(tab, sandbox, thrower);
    // A paste lands a moment after Ctrl+V (Monaco reads the clipboard first); until then the state still says
    // "saved" from the typing above, and Run would take the old code.
    await pasted(tab, data.sandboxId, entry, thrower);
    await expect.poll(() => sandbox.locator('[data-save-status]').getAttribute('data-state'), { timeout: 10_000 }).toBe('saved');
    await sandbox.getByRole('button', { name: 'Run' }).click();
    await expect.poll(() => log.locator('.out-exit').count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => log.locator('.out-trace').count(), { timeout: 5000 }).toBe(1);
    const trace = (await log.locator('.out-trace > .out-stderr').textContent()) ?? '';
    expect(trace).toContain('Error: boom');
    expect(trace).toContain(`at explode (${entry}:2:9)`);
    expect(trace).not.toMatch(/brr-run|node:internal/);
    expect(await log.locator('.out-trace .out-location').first().getAttribute('aria-label')).toBe(`Open ${entry} at line 2 in the editor`);
    expect(errors).toEqual([]);
    await tab.context().close();
  });
});
