/**
 * "Check my work" on the WebContainer backend against the contract-keeping fake: vitest (pinned for
 * the container) runs as `node ../node_modules/vitest/vitest.mjs` with the course's config and reporter
 * files in place, results stream per test, a real vitest 5 JSON report (recorded into
 * tests/fixtures/sandbox-runtime/) is mapped, and a run stopped at the limit keeps what finished.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { TestCaseReport } from '../../src/sandbox/runtime.ts';
import { createWebContainerRuntime, type WebContainerRuntimeOptions } from '../../src/sandbox/webcontainer-runtime.ts';
import { RESULT_LINE_PREFIX, STREAM_FILE } from '../../src/sandbox/webcontainer-tests.ts';
import { fakeNpm, manifest } from './sandbox-fake-npm.ts';
import { FakeWebContainer, isCommand, isNodeRunning, type FakeProcessIo, type SpawnCall } from './sandbox-fake-webcontainer.ts';

const recordedReport = readFileSync(new URL('../fixtures/sandbox-runtime/vitest-5-report.json', import.meta.url), 'utf8');
const VITEST = '../node_modules/vitest/vitest.mjs';

function options(container: FakeWebContainer, extra: Partial<WebContainerRuntimeOptions> = {}): WebContainerRuntimeOptions {
  return { boot: async () => container, isolated: true, packages: async () => manifest, ...extra };
}

/** vitest as the fake runs it: checks its layout, streams results through the reporter's channels, writes the report. */
function fakeVitest(behaviour: { results?: object[]; report?: string; exitCode?: number; hang?: boolean }) {
  return async (call: SpawnCall, io: FakeProcessIo): Promise<number> => {
    const fs = io.container.fs;
    const at = (path: string): string => `${call.cwd}/${path}`;
    // What the real command line needs: vitest installed in the root, config and reporter in .brr/.
    await fs.readFile(at(VITEST), 'utf-8');
    await fs.readFile(at('.brr/vitest.config.mjs'), 'utf-8');
    await fs.readFile(at('.brr/stream-reporter.mjs'), 'utf-8');
    io.print('\u001b[1m RUN \u001b[22m v3.2.4\n');
    for (const result of behaviour.results ?? []) {
      const line = JSON.stringify(result);
      const saved = await fs.readFile(at(STREAM_FILE), 'utf-8').catch(() => '');
      await fs.writeFile(at(STREAM_FILE), `${saved}${line}\n`);
      io.print(`${RESULT_LINE_PREFIX}${line}\n`);
    }
    if (behaviour.hang) return new Promise<number>(() => {});
    if (behaviour.report !== undefined) {
      await fs.writeFile(at('.brr/report.json'), behaviour.report.replaceAll('{{root}}', `/home/course/${call.cwd}`));
    }
    return behaviour.exitCode ?? 1;
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('checking', () => {
  test('installs the pinned vitest once, runs it with node directly, and maps the report', async () => {
    const installs: string[][] = [];
    const container = new FakeWebContainer()
      .script(isCommand('npm', 'install'), fakeNpm({ installs }))
      .script(isNodeRunning(VITEST), fakeVitest({ report: recordedReport }));
    const sandbox = await createWebContainerRuntime(options(container));
    await sandbox.mount({ 'math.ts': 'export const add = (a: number, b: number) => a - b;' });
    const report = await sandbox.test({ 'tests/math.test.ts': 'spec', 'tests/broken.test.ts': 'spec' });

    expect(installs).toEqual([['vitest']]);
    expect(manifest.versions.vitest).toBe('3.2.4');
    const vitest = container.spawns.find(isNodeRunning(VITEST))!;
    expect(vitest).toMatchObject({ command: 'node', cwd: 'sandbox-1' });
    expect(vitest.args).toEqual([
      '--disable-warning=ExperimentalWarning',
      '--import=/home/course/.course/stderr-mark.mjs',
      VITEST,
      'run',
      '--root',
      '.',
      '--config',
      '.brr/vitest.config.mjs',
      '--reporter=./.brr/stream-reporter.mjs',
      '--reporter=json',
      '--outputFile.json=.brr/report.json',
    ]);
    expect(vitest.env).toMatchObject({ NO_COLOR: '1', CI: '1' });

    expect(report).toMatchObject({ success: false, passed: 1, failed: 2, total: 5 });
    expect(report.tests.map(({ name, status }) => `${status}: ${name}`)).toEqual([
      'failed: tests/broken.test.ts: (the test file could not be run)',
      'passed: add adds zero',
      'failed: add adds two numbers',
      'skipped: add handles NaN',
      'todo: add handles Infinity',
    ]);
    expect(report.tests[0]?.message).toBe("Cannot find module '../nowhere.ts' imported from /home/course/sandbox-1/tests/broken.test.ts");
    // The specs and the run's files are gone afterwards; the learner's files stay.
    expect([...container.files.keys()].filter((path) => path.startsWith('sandbox-1/'))).toEqual(['sandbox-1/math.ts']);

    await sandbox.test({ 'tests/math.test.ts': 'spec' });
    expect(installs).toHaveLength(1);
  });

  test('each finished test is streamed to onTest as it ends, and kept out of the output text', async () => {
    const results = [
      { name: 'chat > broadcasts', status: 'passed' },
      { name: 'chat > drops the sender', status: 'failed', message: 'AssertionError: expected 2 to be 1' },
    ];
    const container = new FakeWebContainer()
      .script(isCommand('npm', 'install'), fakeNpm())
      .script(isNodeRunning(VITEST), fakeVitest({ results, report: '{"success":false,"numFailedTests":1,"numPassedTests":1,"numTotalTests":2}' }));
    const sandbox = await createWebContainerRuntime(options(container));
    await sandbox.mount({ 'main.ts': '' });
    const streamed: TestCaseReport[] = [];
    const report = await sandbox.test({ 'tests/chat.test.ts': 'spec' }, { onTest: (result) => streamed.push(result) });
    expect(streamed).toEqual([
      { name: 'chat > broadcasts', status: 'passed' },
      { name: 'chat > drops the sender', status: 'failed', message: 'AssertionError: expected 2 to be 1' },
    ]);
    expect(report.output).not.toContain(RESULT_LINE_PREFIX);
  });

  test('a run stopped at the time limit keeps the results of the tests that finished', async () => {
    vi.useFakeTimers();
    const results = [
      { name: 'frames > masks the payload', status: 'passed' },
      { name: 'frames > rejects an unmasked frame', status: 'failed', message: 'expected close code 1002' },
    ];
    const container = new FakeWebContainer()
      .script(isCommand('npm', 'install'), fakeNpm())
      .script(isNodeRunning(VITEST), fakeVitest({ results, hang: true }));
    const sandbox = await createWebContainerRuntime(options(container, { testTimeoutMs: 30_000 }));
    await sandbox.mount({ 'main.ts': '' });
    const reporting = sandbox.test({ 'tests/frames.test.ts': 'spec' });
    await vi.advanceTimersByTimeAsync(30_500);
    const report = await reporting;
    expect(report).toMatchObject({ success: false, passed: 1, failed: 1, total: 2 });
    expect(report.tests.map((t) => `${t.status}: ${t.name}`)).toEqual(['passed: frames > masks the payload', 'failed: frames > rejects an unmasked frame']);
    expect(report.output.split('\n')[0]).toBe(
      'The tests were stopped after 30 s, the time limit for one test run; the 2 tests that finished before that are shown.',
    );
  });

  test('without a report (vitest crashed), the report says so and carries the clean tail of the output', async () => {
    const container = new FakeWebContainer()
      .script(isCommand('npm', 'install'), fakeNpm())
      .script(isNodeRunning(VITEST), async (call, io) => {
        await fakeVitest({})(call, io);
        io.printErr('\u001b[31mSyntaxError\u001b[39m: something went wrong before any test\n');
        return 1;
      });
    const sandbox = await createWebContainerRuntime(options(container));
    await sandbox.mount({ 'math.ts': '' });
    const report = await sandbox.test({ 'tests/math.test.ts': 'spec' });
    expect(report).toMatchObject({ success: false, passed: 0, failed: 0, total: 0, tests: [] });
    expect(report.output).toContain('vitest exited with code 1 without writing a report, so no test results are available.');
    expect(report.output).toContain('SyntaxError: something went wrong before any test');
    expect(report.output).not.toMatch(/\u001b|\r/);
  });

  test('a test file may not shadow a learner file', async () => {
    const sandbox = await createWebContainerRuntime(options(new FakeWebContainer()));
    await sandbox.mount({ 'tests/math.test.ts': 'learner' });
    await expect(sandbox.test({ 'tests/math.test.ts': 'spec' })).rejects.toThrow('has the same name as one of the sandbox files');
  });
});
