/**
 * The Wire panel in Chromium with recorded traces (issue #16): lazy loading, the drawn sequence,
 * keyboard navigation and details, filter, pause, exports, 100,000 rows staying responsive, and axe
 * in both themes. Traces are opened through the panel's own "Open trace…" input, the way a learner
 * re-opens an exported trace; live capture from the runner is tested in wire-capture.test.ts.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { collectPageErrors, browserForFile } from './browser.ts';
import { exportTrace } from '../../src/wire/view/trace-export.ts';
import type { WireEvent } from '../../src/wire/trace-events.ts';
import { TraceBuilder, sseResumeTrace } from '../fixtures/wire/synth-trace.ts';
import { axeViolationsIn, allWireRowLabels, expectSequence, wireRowLabels, wireTableRows } from './wire-page.ts';

const base = inject('baseURL');
const LESSON = '/server-sent-events/sse-reconnection/';
let browser: Browser;
browserForFile((launched) => (browser = launched));

async function openPanel(tab: Page): Promise<Locator> {
  const sandbox = tab.locator('course-sandbox[data-sandbox-id="sse-resume"]');
  await expect.poll(() => sandbox.getByRole('button', { name: 'Wire' }).isEnabled(), { timeout: 15_000 }).toBe(true);
  await sandbox.getByRole('button', { name: 'Wire' }).click();
  await expect.poll(() => sandbox.getAttribute('data-wire'), { timeout: 15_000 }).toBe('ready');
  return sandbox;
}

async function openTrace(sandbox: Locator, events: WireEvent[]): Promise<void> {
  await sandbox.locator('input[data-wire-file]').setInputFiles({ name: 'trace.json', mimeType: 'application/json', buffer: Buffer.from(exportTrace(events, 'sse-resume')) });
}

/** Processes and one connection, as the capture layer announces them, for the in-page flood. */
function floodHead(): WireEvent[] {
  const trace = new TraceBuilder().processes(0);
  trace.connect(1, 'p');
  return trace.events;
}

describe('the Wire panel with a recorded trace', () => {
  let tab: Page;
  let sandbox: Locator;
  let errors: string[];
  const requests: string[] = [];

  beforeAll(async () => {
    tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    tab.on('request', (request) => requests.push(new URL(request.url()).pathname));
    errors = collectPageErrors(tab);
    await tab.goto(`${base}${LESSON}`);
    await tab.waitForLoadState('networkidle');
  });
  afterAll(async () => {
    await tab?.close();
  });

  test('loads no wire-view code until the panel opens', async () => {
    const before = requests.filter((path) => /wire-view/.test(path));
    expect(before).toEqual([]);
    sandbox = await openPanel(tab);
    expect(requests.some((path) => /wire-view/.test(path))).toBe(true);
    await expect.poll(() => sandbox.getByRole('button', { name: 'Wire' }).getAttribute('aria-expanded')).toBe('true');
  });

  test('draws the SSE resume trace in order: stream, ids, drop, resume with Last-Event-ID', async () => {
    await openTrace(sandbox, sseResumeTrace());
    await expect.poll(() => sandbox.locator('tbody[data-wire-log] tr').count()).toBe(19);
    const labels = await allWireRowLabels(sandbox);
    expect(labels).toHaveLength(19);
    expectSequence(labels, [
      /GET \/events, client\.ts to server\.ts :3000$/,
      /200 text\/event-stream, server\.ts :3000 to client\.ts$/,
      ...[1, 2, 3, 4, 5, 6, 7].map((id) => new RegExp(`event id=${id} tick`)),
      /dropped \(note over client\.ts and server\.ts :3000\)/,
      /TCP reset .*, connection cut$/,
      /… 2\.1 s idle …/,
      /GET \/events \(Last-Event-ID: 7\), client\.ts to server\.ts :3000$/,
      /event id=8 tick/,
    ]);
    // The accessible table holds the same rows.
    const table = await wireTableRows(sandbox);
    expect(table).toHaveLength(19);
    expect(table[16]).toEqual(['5.601 s', 'client.ts', 'server.ts :3000', 'GET /events (Last-Event-ID: 7)']);
    await expect.poll(() => sandbox.locator('[data-wire-status]').textContent()).toBe('20 events · 19 rows · 2 connections');
  });

  test('moves between arrows with the keyboard and shows details on Enter', async () => {
    await sandbox.locator('.wire-window [tabindex="0"]').focus();
    await tab.keyboard.press('Home');
    await tab.keyboard.press('ArrowDown');
    await tab.keyboard.press('ArrowDown');
    await tab.keyboard.press('ArrowDown');
    const focused = await tab.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    expect(focused).toBe('0.041 s GET /events, client.ts to server.ts :3000');
    await tab.keyboard.press('Enter');
    const details = sandbox.locator('[data-wire-details]');
    await expect.poll(() => details.isVisible()).toBe(true);
    expect(await details.locator('h5').textContent()).toBe('client.ts → server.ts :3000: GET /events');
    expect(await details.locator('dt').allTextContents()).toEqual(expect.arrayContaining(['method', 'path', 'Host', 'Accept']));
    await details.getByRole('button', { name: 'Close details' }).focus();
    await tab.keyboard.press('Escape');
    expect(await details.isVisible()).toBe(false);
  });

  test('filters by connection and exports Mermaid that names the resume', async () => {
    const filter = sandbox.locator('select[data-wire-filter]');
    const options = await filter.locator('option').allTextContents();
    expect(options).toEqual(['All connections', '#1 client.ts → server.ts :3000 (closed)', '#2 client.ts → server.ts :3000']);
    await filter.selectOption({ index: 2 });
    await expect.poll(async () => (await wireRowLabels(sandbox)).some((label) => label.includes('id=1 '))).toBe(false);
    expect((await wireRowLabels(sandbox)).some((label) => label.includes('Last-Event-ID: 7'))).toBe(true);
    await filter.selectOption({ index: 0 });
    const [download] = await Promise.all([tab.waitForEvent('download'), sandbox.getByRole('button', { name: 'Export Mermaid' }).click()]);
    const stream = await download.createReadStream();
    let text = '';
    for await (const chunk of stream) text += String(chunk);
    expect(text.split('\n').slice(0, 2)).toEqual(['sequenceDiagram', '  accTitle: Wire trace of Resuming an event stream without loss or duplicates']);
    expect(text).toContain('  P1->>P2: GET /events (Last-Event-ID: 7)');
  });

  test('pause holds the picture; resume catches up', async () => {
    const pause = sandbox.locator('[data-wire-action="pause"]');
    await pause.click();
    expect(await pause.getAttribute('aria-pressed')).toBe('true');
    await pause.click();
    expect(await pause.textContent()).toBe('Pause');
  });

  test('has no axe violations in the light and dark themes', async () => {
    // Everything the panel can show at once: the conditions form, a row's details, the table.
    await sandbox.locator('.wire-conditions summary').click();
    await sandbox.locator('[data-wire-condition="latencyMs"]').fill('300');
    expect(await sandbox.locator('[data-wire-conditions-summary]').textContent()).toBe('(+300 ms latency)');
    await sandbox.locator('.wire-window [tabindex="0"]').focus();
    await tab.keyboard.press('Enter');
    await expect.poll(() => sandbox.locator('[data-wire-details]').isVisible()).toBe(true);
    for (const theme of ['light', 'dark']) {
      await tab.evaluate((value) => (document.documentElement.dataset.theme = value), theme);
      await sandbox.locator('.wire-table summary').click();
      const violations = await axeViolationsIn(tab, '[data-wire-panel]');
      expect(violations, theme).toEqual([]);
      await sandbox.locator('.wire-table summary').click();
    }
    expect(errors).toEqual([]);
  });

  test('keeps 100,000 rows responsive by drawing only the visible window', async () => {
    // Alternating directions defeat folding: the worst case for the diagram is one row per frame. The
    // trace is built in the page (25 MB of JSON is too much to send through the test protocol) and
    // opened through the same file input.
    const started = Date.now();
    await sandbox.locator('input[data-wire-file]').evaluate((input: HTMLInputElement, trace) => {
      const events: unknown[] = [...trace];
      for (let index = 0; index < 100_000; index++) {
        const out = index % 2 === 0;
        events.push({ kind: 'ws-frame', t: 10 + index * 0.5, pid: 101, seq: 10 + index, conn: 'p1', dir: out ? 'out' : 'in', opcode: out ? 9 : 10, opcodeName: out ? 'ping' : 'pong', fin: true, masked: out, length: 4, preview: out ? 'ping' : 'pong' });
      }
      const file = new File([JSON.stringify({ format: 'course-wire-trace', version: 1, sandbox: 'flood', exportedAt: '', forgotten: 0, events })], 'flood.json');
      const transfer = new DataTransfer();
      transfer.items.add(file);
      input.files = transfer.files;
      input.dispatchEvent(new Event('change'));
    }, floodHead());
    await expect.poll(() => sandbox.locator('[data-wire-status]').textContent(), { timeout: 30_000 }).toMatch(/^100004 events · 100003 rows/);
    const loadMs = Date.now() - started;
    // The window is redrawn on an animation frame after the status changes; until then the last trace's
    // 19 rows would pass the count below whatever the drawing does.
    await sandbox.locator('[data-wire-viewport]').evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const drawn = await sandbox.locator('.wire-window [data-row-id]').count();
    expect(drawn).toBeLessThan(60);
    // A key press answers within a frame or two even with 100,000 rows behind it.
    await sandbox.locator('.wire-window [tabindex="0"]').focus();
    const keyMs = await tab.evaluate(async () => {
      const start = performance.now();
      document.activeElement?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', bubbles: true }));
      await new Promise(requestAnimationFrame);
      return performance.now() - start;
    });
    expect(keyMs).toBeLessThan(250);
    expect(await tab.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/^0\.000 s .* started \(note over/);
    console.log(`wire view: 100,000 frames opened in ${loadMs} ms; Home answered in ${keyMs.toFixed(0)} ms; ${drawn} rows in the DOM`);
  });
});
