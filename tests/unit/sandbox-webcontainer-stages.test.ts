/**
 * The stages a learner waits on, on the WebContainer backend against the contract-keeping fake
 * (sandbox-fake-webcontainer.ts): each reported with a Cancel that really cancels (npm killed, vitest
 * killed, the wait for a boot that never settles ended while the boot goes on for an instant retry),
 * and one container kept for the whole tab, so a second lesson neither boots nor installs again.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { readAllOutput } from '../../src/sandbox/process-channel.ts';
import type { StageEvent } from '../../src/sandbox/runtime.ts';
import { createWebContainerRuntime, WebContainerStartError, type WebContainerRuntimeOptions } from '../../src/sandbox/webcontainer-runtime.ts';
import { RESULT_LINE_PREFIX, STREAM_FILE } from '../../src/sandbox/webcontainer-tests.ts';
import { fakeNpm, manifest } from './sandbox-fake-npm.ts';
import { FakeWebContainer, isCommand, isNodeRunning, type FakeProcessIo, type SpawnCall } from './sandbox-fake-webcontainer.ts';

const VITEST = '../node_modules/vitest/vitest.mjs';

afterEach(() => {
  vi.useRealTimers();
});

function options(container: FakeWebContainer, extra: Partial<WebContainerRuntimeOptions> = {}): WebContainerRuntimeOptions {
  return { boot: async () => container, isolated: true, packages: async () => manifest, ...extra };
}

/** Collects stage events; `started(stage)` is the last 'started' event of that stage. */
function stageLog() {
  const events: StageEvent[] = [];
  return {
    events,
    listener: (event: StageEvent) => events.push(event),
    started: (stage: StageEvent['stage']) => events.filter((event) => event.stage === stage && event.state === 'started').at(-1),
    states: () => events.map((event) => `${event.stage}:${event.state}`),
  };
}

/** npm processes the fake started, with whether each was killed. */
function npmKills(container: FakeWebContainer): { killed: boolean[] } {
  const record = { killed: [] as boolean[] };
  container.script(isCommand('npm', 'install'), async (call, io) => {
    const index = record.killed.push(false) - 1;
    void io.killed.then(() => (record.killed[index] = true));
    return fakeNpm({ latencyMs: 15_000 })(call, io);
  });
  return record;
}

describe('install stage', () => {
  test('is reported with the locked package count; its Cancel kills npm, ends the run as stopped, and installs nothing', async () => {
    vi.useFakeTimers();
    const container = new FakeWebContainer();
    const npm = npmKills(container);
    const sandbox = await createWebContainerRuntime(options(container, { dependencies: ['ws'] }));
    await sandbox.mount({ 'main.ts': '' });
    const log = stageLog();
    const run = await sandbox.run('main.ts', { onStage: log.listener });
    await vi.advanceTimersByTimeAsync(1000);
    const install = log.started('install')!;
    expect(install.detail).toMatch(/^ws \d+\.\d+\.\d+$/);
    expect(install.count).toBe(1);
    install.cancel!();
    await vi.advanceTimersByTimeAsync(0);
    expect(npm.killed).toEqual([true]);
    expect(await run.exit).toMatchObject({ reason: 'stopped', code: null });
    await vi.advanceTimersByTimeAsync(20_000);
    expect(log.states()).toEqual(['install:started', 'install:cancelled']);
    expect(container.spawns.some(isNodeRunning('main.ts'))).toBe(false);
    expect(container.files.has('node_modules/ws/package.json')).toBe(false);
  });

  test('Cancel of a Check during its install kills npm; the next Check installs again', async () => {
    vi.useFakeTimers();
    const container = new FakeWebContainer();
    const npm = npmKills(container);
    const sandbox = await createWebContainerRuntime(options(container));
    await sandbox.mount({ 'main.ts': '' });
    const cancel = new AbortController();
    const log = stageLog();
    const checking = sandbox.test({ 'main.test.ts': 'spec' }, { signal: cancel.signal, onStage: log.listener }).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(1000);
    expect(log.started('install')?.detail).toMatch(/^vitest 3\.2\.4$/);
    cancel.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(npm.killed).toEqual([true]);
    expect(String(await checking)).toMatch(/The install was cancelled/);
    expect(log.states()).toEqual(['install:started', 'install:cancelled']);
    expect(container.spawns.some(isNodeRunning(VITEST))).toBe(false);

    const again = sandbox.test({ 'main.test.ts': 'spec' }).catch(() => undefined);
    await vi.advanceTimersByTimeAsync(16_000);
    await again;
    expect(npm.killed).toEqual([true, false]);
    expect(container.files.has('node_modules/vitest/vitest.mjs')).toBe(true);
  });
});

describe('tests stage', () => {
  test('Cancel while vitest runs kills it and keeps the tests that had finished', async () => {
    const container = new FakeWebContainer()
      .script(isCommand('npm', 'install'), fakeNpm())
      .script(isNodeRunning(VITEST), async (call: SpawnCall, io: FakeProcessIo) => {
        const line = JSON.stringify({ name: 'adds two numbers', status: 'passed' });
        await io.container.fs.writeFile(`${call.cwd}/${STREAM_FILE}`, `${line}\n`);
        io.print(`${RESULT_LINE_PREFIX}${line}\n`);
        return new Promise<number>(() => {}); // a hung test: only a kill ends it
      });
    const sandbox = await createWebContainerRuntime(options(container));
    await sandbox.mount({ 'math.ts': '' });
    const cancel = new AbortController();
    const streamed: string[] = [];
    const checking = sandbox.test({ 'math.test.ts': 'spec' }, {
      signal: cancel.signal,
      onTest: (result) => {
        streamed.push(result.name);
        cancel.abort();
      },
    });
    const report = await checking;
    expect(streamed).toEqual(['adds two numbers']);
    expect(report).toMatchObject({ success: false, passed: 1, total: 1 });
    expect(report.output).toMatch(/You cancelled the tests; the 1 tests that finished before that are shown\./);
  });
});

describe('boot stage', () => {
  test('Cancel ends the wait for a boot that never settles at once; the boot goes on and a retry gets it without booting again', async () => {
    let finishBoot!: (container: FakeWebContainer) => void;
    const boot = vi.fn(() => new Promise<FakeWebContainer>((resolve) => (finishBoot = resolve)));
    const cancel = new AbortController();
    const attempt = createWebContainerRuntime({ boot, isolated: true, signal: cancel.signal }).catch((error: unknown) => error);
    cancel.abort();
    const error = await attempt;
    expect(error).toBeInstanceOf(WebContainerStartError);
    expect((error as WebContainerStartError).failure).toBe('cancelled');
    expect((error as Error).message).toMatch(/^You cancelled the start of WebContainers\. It goes on in the background/);

    const retry = createWebContainerRuntime({ boot, isolated: true });
    finishBoot(new FakeWebContainer());
    await expect(retry).resolves.toMatchObject({ kind: 'webcontainer' });
    // Instant now that it has arrived, still one boot.
    await expect(createWebContainerRuntime({ boot, isolated: true })).resolves.toMatchObject({ kind: 'webcontainer' });
    expect(boot).toHaveBeenCalledTimes(1);
  });
});

describe('one container per tab', () => {
  test('a second lesson after the first is torn down reuses the container: no boot, no install, its own folder', async () => {
    const container = new FakeWebContainer().script(isCommand('npm', 'install'), fakeNpm());
    container.script(isNodeRunning('main.ts'), (call, io) => {
      io.print(`hello from ${call.cwd}\n`);
      return 0;
    });
    // One boot function for the page's module instance, as bootWebContainer is.
    const boot = vi.fn(async () => container);
    const lesson = { boot, isolated: true, packages: async () => manifest, dependencies: ['ws'] };

    const first = await createWebContainerRuntime(lesson);
    await first.mount({ 'main.ts': 'one' });
    const firstLog = stageLog();
    const firstRun = await first.run('main.ts', { onStage: firstLog.listener });
    const firstOutput = (await readAllOutput(firstRun.output)).map((chunk) => chunk.data).join('');
    expect(firstOutput).toMatch(/hello from sandbox-\d+/);
    expect(firstLog.states()).toEqual(['install:started', 'install:done']);
    const firstFolder = /hello from (sandbox-\d+)/.exec(firstOutput)![1]!;
    await first.teardown(); // the learner follows a link: the element leaves the page

    const second = await createWebContainerRuntime(lesson);
    await second.mount({ 'main.ts': 'two' });
    const secondLog = stageLog();
    const secondRun = await second.run('main.ts', { onStage: secondLog.listener });
    const secondOutput = (await readAllOutput(secondRun.output)).map((chunk) => chunk.data).join('');
    const secondFolder = /hello from (sandbox-\d+)/.exec(secondOutput)![1]!;

    expect(boot).toHaveBeenCalledTimes(1);
    expect(container.spawns.filter(isCommand('npm'))).toHaveLength(1);
    expect(secondLog.states()).toEqual([]); // install skipped: ws is there
    expect(secondFolder).not.toBe(firstFolder);
    expect([...container.files.keys()].some((path) => path.startsWith(`${firstFolder}/`))).toBe(false);
    expect(container.files.get(`${secondFolder}/main.ts`)).toBe('two');
  });
});
