/**
 * Recovery after the course server restarts (issue #13 item 6): the open page holds the old runner
 * token, which the new server refuses; the next Run must fetch the new one and work, with no message
 * saying the server is unreachable. Uses a course server of its own, started as tests/e2e/global-setup.ts
 * starts the shared one, so it can be restarted on the same port.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { activate, islandData, openSandboxLesson, replaceEditorText, sandboxPages, selectTab } from './sandbox-page.ts';
import { createCourseRunner, type CourseRunner } from '../../src/server/course-runner.ts';
import { createStaticServer } from '../../src/server/static-server.ts';
import { loadSandboxes } from '../../src/sandbox/load-sandboxes.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const sandboxes = loadSandboxes(root).sandboxes;
const target = sandboxPages(root).find((page) => !sandboxes.find((sandbox) => sandbox.id === page.sandboxId)?.config.preview);

interface CourseServer {
  server: Server;
  runner: CourseRunner;
}

async function startCourseServer(port: number): Promise<CourseServer> {
  const runner = createCourseRunner(() => (server.address() as AddressInfo).port);
  const server = createStaticServer({ root: `${root}dist`, handlers: [runner.handleRequest], upgrades: [runner.handleUpgrade] });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  await runner.previewReady;
  return { server, runner };
}

async function stopCourseServer({ server, runner }: CourseServer): Promise<void> {
  await runner.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

let browser: Browser;
let current: CourseServer | undefined;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  if (current) await stopCourseServer(current);
});

describe('after the course server restarts (issue #13 item 6)', () => {
  test('the next Run fetches a fresh token and works, with no wrong message', { timeout: 180_000 }, async () => {
    if (!target) throw new Error('No lesson embeds a sandbox without a preview server.');
    current = await startCourseServer(0);
    const port = (current.server.address() as AddressInfo).port;
    const oldToken = current.runner.runner.token;
    const { tab, sandbox, errors } = await openSandboxLesson(browser, `http://127.0.0.1:${port}`, target);
    const data = await islandData(sandbox);
    await activate(sandbox);
    await selectTab(sandbox, data.meta.entry);
    await replaceEditorText(tab, sandbox, "console.log('hello from run ' + Date.now());\n");
    await expect.poll(() => sandbox.locator('[data-save-status]').getAttribute('data-state'), { timeout: 10_000 }).toBe('saved');
    const log = sandbox.locator('[data-output]');
    const exitLine = log.locator('.out-exit');
    const run = sandbox.getByRole('button', { name: 'Run' });

    await run.click();
    await expect.poll(() => exitLine.textContent(), { timeout: 30_000 }).toMatch(/^Exited with code 0/);

    // Restart: a new process would have a new token; a new runner here has one too.
    await stopCourseServer(current);
    current = undefined;
    current = await startCourseServer(port);
    expect(current.runner.runner.token).not.toBe(oldToken);

    await expect.poll(() => run.isEnabled()).toBe(true);
    await run.click();
    await expect.poll(() => exitLine.textContent(), { timeout: 30_000 }).toMatch(/^Exited with code 0/);
    expect(await log.textContent()).toMatch(/hello from run \d+/);
    expect(await log.textContent()).not.toMatch(/not reachable|could not start/i);
    expect(await sandbox.locator('[data-runtime-status]').getAttribute('data-state')).not.toBe('failed');
    // A WebSocket handshake the new server refused is logged by Chromium as a console error; nothing else may be.
    expect(errors.filter((error) => !/WebSocket connection to .* failed/.test(error))).toEqual([]);
    await tab.context().close();
  });
});
