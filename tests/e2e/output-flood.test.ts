/**
 * Output floods in real Chromium on the real local runner (issue #13 item 1): a program printing a
 * million lines and an endless printer must leave the editor responsive, the pane within its size with
 * a marker saying what was removed, and the exit line on screen within a second of the limit.
 *
 * Keypress latency is measured in the page: keydown's timeStamp (when the input event was created)
 * to the frame after it was drawn (requestAnimationFrame, then a task), plus Event Timing entries.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, test } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { browserForFile } from './browser.ts';
import { activate, islandData, openSandboxLesson, replaceEditorText, sandboxPages, selectTab } from './sandbox-page.ts';
import { loadSandboxes } from '../../src/sandbox/load-sandboxes.ts';
import { MAX_LOG_CHARS } from '../../src/sandbox/island/output-pane.ts';

const base = inject('baseURL');
const root = fileURLToPath(new URL('../../', import.meta.url));
const sandboxes = loadSandboxes(root).sandboxes;
/** A sandbox whose program is stopped at runSeconds (no preview server) and whose entry the learner edits. */
const target = sandboxPages(root).find((page) => {
  const config = sandboxes.find((sandbox) => sandbox.id === page.sandboxId)?.config;
  return config && !config.preview;
});

let browser: Browser;
browserForFile((launched) => (browser = launched));

interface Timings {
  latencies: number[];
  eventDurations: number[];
  firstOutputAt?: number;
  exitAt?: number;
}

/** Installs the latency probe and a watcher for the first output and the exit line. */
async function installProbes(tab: Page, sandbox: Locator): Promise<void> {
  await sandbox.locator('[data-output]').evaluate((log) => {
    const timings: Timings = { latencies: [], eventDurations: [] };
    (window as unknown as { __timings: Timings }).__timings = timings;
    document.addEventListener('keydown', (event) => {
      const pressed = event.timeStamp;
      requestAnimationFrame(() => setTimeout(() => timings.latencies.push(performance.now() - pressed), 0));
    }, true);
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (entry.name === 'keydown') timings.eventDurations.push(entry.duration);
    }).observe({ type: 'event', durationThreshold: 16, buffered: false } as PerformanceObserverInit);
    new MutationObserver(() => {
      timings.firstOutputAt ??= log.querySelector('.out-block') ? performance.now() : undefined;
      if (timings.exitAt === undefined && log.querySelector('.out-exit')) timings.exitAt = performance.now();
    }).observe(log, { childList: true, subtree: true });
  });
  void tab;
}

function timings(tab: Page): Promise<Timings> {
  return tab.evaluate(() => (window as unknown as { __timings: Timings }).__timings);
}

/** Types into the editor every ~40 ms until the exit line is on screen; returns how many keys were pressed. */
async function typeUntilExit(tab: Page, sandbox: Locator, maxMs: number): Promise<number> {
  const exitLine = sandbox.locator('[data-output] .out-exit');
  const until = Date.now() + maxMs;
  let pressed = 0;
  while ((await exitLine.count()) === 0) {
    if (Date.now() > until) throw new Error(`No exit line within ${maxMs} ms.`);
    await tab.keyboard.press('x');
    pressed += 1;
    await tab.waitForTimeout(40);
  }
  return pressed;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? NaN;
}

/** CPU seconds used so far by Chromium's renderer processes (all threads): the page's cost, whatever the machine's load. */
async function rendererCpuSeconds(): Promise<number> {
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; cpuTime: number }[] };
  await cdp.detach();
  return processInfo.filter((info) => info.type === 'renderer').reduce((sum, info) => sum + info.cpuTime, 0);
}

async function heapAndNodes(tab: Page): Promise<{ heapMiB: number; nodes: number }> {
  const cdp = await tab.context().newCDPSession(tab);
  await cdp.send('Performance.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  const metric = (name: string) => metrics.find((entry) => entry.name === name)?.value ?? NaN;
  return { heapMiB: Math.round((metric('JSHeapUsedSize') / 1024 / 1024) * 10) / 10, nodes: metric('Nodes') };
}

/**
 * Speed targets (a keypress painted within 100 ms during a flood, the exit line within 1 s of the limit)
 * are measured and printed here, not asserted: they depend on the machine's load, and the project checks
 * speed goals by printed numbers. What is asserted is the defect itself: before the fix one keystroke took
 * 18.5 s during a 30,000-line flood and the exit line came 75 s late, so bounds of 5 s and 10 s fail on that
 * behaviour on any machine and never on a loaded one that works.
 */
function expectResponsive(latencies: number[]): void {
  expect(latencies.length).toBeGreaterThan(0);
  expect(Math.max(...latencies)).toBeLessThan(5000);
}

/** Opens the sandbox, puts `program` into its entry (ending on a comment line to type into) and runs it with Ctrl/⌘+Enter. */
async function runProgram(program: string) {
  if (!target) throw new Error('No lesson embeds a sandbox without a preview server; the flood tests need one.');
  const { tab, sandbox, errors } = await openSandboxLesson(browser, base, target);
  const data = await islandData(sandbox);
  await activate(sandbox);
  await selectTab(sandbox, data.meta.entry);
  await replaceEditorText(tab, sandbox, `${program}\n// typed while it runs: `);
  await expect.poll(() => sandbox.locator('[data-save-status]').getAttribute('data-state'), { timeout: 10_000 }).toBe('saved');
  await tab.keyboard.press('ControlOrMeta+End');
  await installProbes(tab, sandbox);
  // Baseline: the same typing with nothing running (this also lets the editor's language worker settle).
  const idleCpuFrom = await rendererCpuSeconds();
  const idleFrom = Date.now();
  for (let n = 0; n < 40; n += 1) {
    await tab.keyboard.press('y');
    await tab.waitForTimeout(40);
  }
  const idleCpu = { cpuMs: (await rendererCpuSeconds() - idleCpuFrom) * 1000, wallMs: Date.now() - idleFrom };
  const idle = (await timings(tab)).latencies.splice(0);
  await tab.evaluate(() => (window as unknown as { __timings: Timings }).__timings.latencies.splice(0));
  console.log(`[idle typing] latency p50 ${percentile(idle, 0.5).toFixed(1)} ms, max ${Math.max(...idle).toFixed(1)} ms`);
  const before = await heapAndNodes(tab);
  const cpuFrom = await rendererCpuSeconds();
  const wallFrom = Date.now();
  await tab.keyboard.press('ControlOrMeta+Enter');
  /** Renderer CPU while the program ran, next to the same for idle typing. */
  const cpu = async () => ({ cpuMs: (await rendererCpuSeconds() - cpuFrom) * 1000, wallMs: Date.now() - wallFrom, idle: idleCpu });
  return { tab, sandbox, errors, data, before, idle, cpu };
}

describe('output floods (issue #13 item 1)', () => {
  test('a million lines: the editor stays responsive, the pane keeps its size and says what it dropped', { timeout: 180_000 }, async () => {
    const { tab, sandbox, errors, before, idle, cpu } = await runProgram(
      "for (let i = 0; i < 1_000_000; i++) console.log(`line ${i} of a program that prints far too much`);",
    );
    const cdp = process.env.FLOOD_PROFILE ? await tab.context().newCDPSession(tab) : undefined;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    const pressed = await typeUntilExit(tab, sandbox, 60_000);
    const used = await cpu();
    if (cdp) {
      const { profile } = await cdp.send('Profiler.stop');
      const self = new Map<string, number>();
      const dt = profile.timeDeltas ?? [];
      const byId = new Map(profile.nodes.map((node) => [node.id, node]));
      (profile.samples ?? []).forEach((id, index) => {
        const frame = byId.get(id)!.callFrame;
        const key = `${frame.functionName || '(anon)'} ${frame.url.split('/').pop()}:${frame.lineNumber}`;
        self.set(key, (self.get(key) ?? 0) + (dt[index] ?? 0) / 1000);
      });
      console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([key, ms]) => `${ms.toFixed(0)} ms ${key}`).join('\n'));
    }
    const { latencies, eventDurations } = await timings(tab);
    console.log(latencies.map((value) => value.toFixed(0)).join(' '));
    const log = sandbox.locator('[data-output]');
    const text = (await log.textContent()) ?? '';
    const marker = log.locator('[data-truncated]');
    const after = await heapAndNodes(tab);
    const slowDraws = await tab.evaluate(() => performance.getEntriesByName('sandbox-output-draw').map((entry) => entry.duration));
    console.log(`[flood 1e6 lines] renderer CPU ${used.cpuMs.toFixed(0)} ms over ${used.wallMs} ms (idle typing: ${used.idle.cpuMs.toFixed(0)} ms over ${used.idle.wallMs} ms)`);
    console.log(`[flood 1e6 lines] pane draws over 4 ms: ${slowDraws.length}, longest ${slowDraws.length ? Math.max(...slowDraws).toFixed(1) : '-'} ms`);
    console.log(
      `[flood 1e6 lines] keys ${pressed}, latency p50 ${percentile(latencies, 0.5).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms; ` +
        `event timing max ${eventDurations.length ? Math.max(...eventDurations) : '<16'} ms; pane ${text.length} chars; ` +
        `heap ${before.heapMiB} → ${after.heapMiB} MiB, DOM nodes ${before.nodes} → ${after.nodes}`,
    );
    if (text.length < 1000) console.log(text);
    // The runner's own limit ends the run, and the learner reads why.
    expect(await log.locator('.out-exit').textContent()).toBe('Stopped: the program printed more output than the sandbox allows');
    expect(text).toMatch(/The output was cut off after 1 MiB/);
    // The pane's program text stays within its stated size; the marker says how much went before it.
    const programText = (await log.locator('.out-block').allTextContents()).join('');
    expect(programText.length).toBeLessThanOrEqual(MAX_LOG_CHARS);
    expect(await marker.count()).toBe(1);
    expect(await marker.textContent()).toMatch(/^… [\d,]+ characters \([\d,]+ lines\) of earlier output removed/);
    expect(Number(await marker.getAttribute('data-dropped-chars'))).toBeGreaterThan(500_000);
    // The last line shown is whole and is the last one the runner passed on.
    expect(programText).toMatch(/line \d+ of a program that prints far too much\n/);
    expect(after.heapMiB).toBeLessThan(before.heapMiB + 30);
    expect(errors).toEqual([]);
    expectResponsive(latencies);
    await tab.context().close();
  });

  test('an endless printer is stopped at the time limit and the exit line follows promptly', { timeout: 180_000 }, async () => {
    const { tab, sandbox, errors, data, before, idle, cpu } = await runProgram(
      "let n = 0;\nsetInterval(() => { for (let i = 0; i < 20; i++) console.log(`tick ${n++}`); }, 5);",
    );
    const runSeconds = data.meta.limits.runSeconds;
    const pressed = await typeUntilExit(tab, sandbox, runSeconds * 1000 + 30_000);
    const used = await cpu();
    console.log(`[endless printer] renderer CPU ${used.cpuMs.toFixed(0)} ms over ${used.wallMs} ms (idle typing: ${used.idle.cpuMs.toFixed(0)} ms over ${used.idle.wallMs} ms)`);
    const { latencies, firstOutputAt, exitAt } = await timings(tab);
    console.log(latencies.map((value) => value.toFixed(0)).join(' '));
    const after = await heapAndNodes(tab);
    // First output comes just after the program started, and the page's timer started when it did.
    const late = exitAt! - firstOutputAt! - runSeconds * 1000;
    console.log(
      `[endless printer] keys ${pressed}, latency p50 ${percentile(latencies, 0.5).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms; ` +
        `exit line ${late.toFixed(0)} ms after the ${runSeconds} s limit; heap ${before.heapMiB} → ${after.heapMiB} MiB, DOM nodes ${before.nodes} → ${after.nodes}`,
    );
    expect(await sandbox.locator('[data-output] .out-exit').textContent()).toBe(`Stopped: time limit of ${runSeconds} s reached`);
    expect(late).toBeLessThan(10_000);
    expectResponsive(latencies);
    expect(errors).toEqual([]);
    await tab.context().close();
  });
});
