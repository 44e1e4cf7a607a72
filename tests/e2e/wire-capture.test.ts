/**
 * Live capture end to end (issue #16): real solutions run on the local runner with the Wire panel
 * open, and the arrows drawn in Chromium are checked against the conversation each protocol must have.
 * Needs the `wire` branch's capture preload and runner channel (RunOptions.wire / onWire).
 */
import { describe, expect, inject, test } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { browserForFile } from './browser.ts';
import { activate, filesToSolve, islandData, lessonEmbedding, openSandboxLesson, pasted, replaceEditorText, selectTab } from './sandbox-page.ts';
import { allWireRowLabels, expectSequence } from './wire-page.ts';

const base = inject('baseURL');
const root = fileURLToPath(new URL('../../', import.meta.url));
/** The runner side of capture; until `wire` lands it there is nothing to draw, so the suite waits for it. */
const captureReady = existsSync(`${root}src/wire/capture`) && readFileSync(`${root}src/sandbox/runtime.ts`, 'utf8').includes('onWire');
let browser: Browser;
browserForFile((launched) => (browser = launched));

async function runWithWire(sandboxId: string, conditions: Record<string, string> = {}): Promise<{ tab: Page; sandbox: Locator; errors: string[] }> {
  const opened = await openSandboxLesson(browser, base, lessonEmbedding(root, sandboxId), { viewport: { width: 1280, height: 900 } });
  const { tab, sandbox } = opened;
  await activate(sandbox);
  // pasteSolution's steps, with a longer wait for autosave: Run takes the files as they are saved.
  const data = await islandData(sandbox);
  for (const file of filesToSolve(data)) {
    await selectTab(sandbox, file.path);
    await replaceEditorText(tab, sandbox, data.solution[file.path]!);
    // The paste lands a moment after Ctrl+V; the next tab switch would cancel it before then.
    await pasted(tab, data.sandboxId, file.path, data.solution[file.path]!, 15_000);
  }
  await expect.poll(() => sandbox.locator('[data-save-status]').getAttribute('data-state'), { timeout: 15_000 }).toBe('saved');
  await sandbox.getByRole('button', { name: 'Wire' }).click();
  await expect.poll(() => sandbox.getAttribute('data-wire'), { timeout: 15_000 }).toBe('ready');
  if (Object.keys(conditions).length > 0) await sandbox.locator('.wire-conditions summary').click();
  for (const [name, value] of Object.entries(conditions)) await sandbox.locator(`[data-wire-condition="${name}"]`).fill(value);
  await sandbox.getByRole('button', { name: 'Run' }).click();
  return opened;
}

async function waitForExit(sandbox: Locator): Promise<void> {
  await expect.poll(() => sandbox.locator('.out-exit').count(), { timeout: 30_000 }).toBeGreaterThan(0);
}

describe.skipIf(!captureReady)('live wire capture of real solutions', () => {
  test('SSE resume: stream, ids, a cut, then GET with Last-Event-ID of the last id received', { timeout: 120_000 }, async () => {
    const { tab, sandbox, errors } = await runWithWire('sse-resume');
    await waitForExit(sandbox);
    const labels = await allWireRowLabels(sandbox);
    expectSequence(labels, [/GET \/events,/, /200 text\/event-stream,/, /event id=\d+ /, /TCP (reset|close)|FIN/, /GET \/events \(Last-Event-ID: \d+\),/]);
    // The resume names exactly the last id that arrived before the first cut.
    const firstCut = labels.findIndex((label) => /TCP (reset|close)|FIN/.test(label) && labels.slice(0, labels.indexOf(label)).some((before) => /event id=/.test(before)));
    const lastId = labels.slice(0, firstCut).reverse().map((label) => /event id=(\d+) /.exec(label)?.[1]).find(Boolean);
    const resume = labels.slice(firstCut).find((label) => /Last-Event-ID/.test(label));
    expect(resume, labels.join('\n')).toContain(`(Last-Event-ID: ${lastId})`);
    expect(errors).toEqual([]);
    await tab.context().close();
  });

  test('long polling under 300 ms latency: held polls, cursors, and the latency marker', { timeout: 120_000 }, async () => {
    const { tab, sandbox } = await runWithWire('long-polling-cursor', { latencyMs: '300' });
    await waitForExit(sandbox);
    const labels = await allWireRowLabels(sandbox);
    expectSequence(labels, [/GET \/messages\?after=0,/, /200 /, /GET \/messages\?after=[1-9]\d*,/]);
    expect(labels.some((label) => /\+300 ms latency/.test(label)), labels.join('\n')).toBe(true);
    await tab.context().close();
  });

  test('WebSocket chat: upgrade, a masked text frame to the server, frames back to the room', { timeout: 240_000 }, async () => {
    const { tab, sandbox } = await runWithWire('ws-chat');
    // The preview page is Chromium's own WebSocket client, reaching the server through the course's proxy.
    const frame = tab.frameLocator('course-sandbox[data-sandbox-id="ws-chat"] iframe[data-preview-frame]');
    await expect.poll(() => frame.locator('#status').textContent().catch(() => ''), { timeout: 30_000 }).toMatch(/Connected/);
    await frame.locator('#join button, #join [type="submit"]').first().click();
    await frame.locator('#text').fill('hello wire');
    await frame.locator('#text').press('Enter');
    await expect.poll(() => frame.locator('#messages').textContent(), { timeout: 15_000 }).toContain('hello wire');
    // Frame labels show only the start of a JSON message: the payload is read in each frame's details.
    const payloadOf = async (row: Locator): Promise<string> => {
      await row.click();
      return (await sandbox.locator('[data-wire-details] pre').first().textContent()) ?? '';
    };
    const masked = sandbox.locator('.wire-window [data-row-id][aria-label*="WS text"][aria-label*="masked"]');
    await expect.poll(() => masked.count(), { timeout: 15_000, message: (await allWireRowLabels(sandbox)).join('\n') }).toBeGreaterThanOrEqual(2);
    const labels = await allWireRowLabels(sandbox);
    expectSequence(labels, [/GET \/chat \(Upgrade: websocket\),/, /101 Upgrade: websocket,/, /WS text .*masked\),/, /WS text .*\(\d+ B\), main\.ts :3000 to /]);
    expect(await payloadOf(masked.last())).toContain('"text":"hello wire"');
    const fromServer = sandbox.locator('.wire-window [data-row-id][aria-label*="WS text"]:not([aria-label*="masked"])');
    // The broadcast carries ids and the sender before the text, past the capture's 120-character preview.
    expect(await payloadOf(fromServer.last())).toMatch(/^\{"type":"message","id":/);
    await sandbox.getByRole('button', { name: 'Stop' }).click();
    await tab.context().close();
  });
});
