/**
 * "Check my work" on the local runtime against the REAL runner on port 0: real vitest, real files.
 */
import { describe, expect, test } from 'vitest';
import { startRunnerServer } from '../../src/runner/index.ts';
import { PAGE_ORIGIN, useRunner } from './local-runtime-harness.ts';

const { runtime } = useRunner();

describe('tests', () => {
  const poller = {
    'math.ts': 'export function add(a: number, b: number): number {\n  return a - b; // TODO: add\n}\n',
  };

  test('runs vitest specs against the files and maps passes and failures, with trimmed messages', async () => {
    const sandbox = runtime();
    await sandbox.mount(poller);
    const report = await sandbox.test({
      'tests/math.test.ts':
        "import { expect, test } from 'vitest';\n" +
        "import { add } from '../math.ts';\n" +
        "test('adds zero', () => { expect(add(2, 0)).toBe(2); });\n" +
        "test('adds two numbers', () => { expect(add(2, 3), 'add(2, 3) should be the sum. ' + 'Remember to add, not subtract. '.repeat(40)).toBe(5); });\n" +
        "test.skip('later', () => {});\n",
    });
    expect(report).toMatchObject({ success: false, passed: 1, failed: 1, total: 3, output: '' });
    expect(report.tests.map(({ name, status }) => ({ name, status }))).toEqual([
      { name: 'adds zero', status: 'passed' },
      { name: 'adds two numbers', status: 'failed' },
      { name: 'later', status: 'skipped' },
    ]);
    const message = report.tests[1]?.message ?? '';
    expect(message).toMatch(/^AssertionError: add\(2, 3\) should be the sum\./);
    expect(message.length).toBeLessThanOrEqual(601);
    expect(message.endsWith('…')).toBe(true);
    expect(report.durationMs).toBeGreaterThan(0);
  });

  test('streams each test as it ends, before the report; Cancel stops the test tool and keeps what finished', async () => {
    const sandbox = runtime();
    await sandbox.mount(poller);
    const arrived: { name: string; at: number }[] = [];
    const cancel = new AbortController();
    const startedAt = Date.now();
    const report = await sandbox.test(
      {
        'tests/math.test.ts':
          "import { expect, test } from 'vitest';\n" +
          "test('quick', () => { expect(1).toBe(1); });\n" +
          "test('slow', async () => { await new Promise((done) => setTimeout(done, 1500)); });\n" +
          "test('hangs', async () => { await new Promise(() => {}); }, 60_000);\n",
      },
      {
        signal: cancel.signal,
        onTest: (test) => {
          arrived.push({ name: test.name, at: Date.now() });
          if (test.name === 'slow') cancel.abort();
        },
      },
    );
    const endedAt = Date.now();
    expect(arrived.map((test) => test.name)).toEqual(['quick', 'slow']);
    // 'quick' reached the page well before 'slow' ended, not with the report.
    expect(arrived[1]!.at - arrived[0]!.at).toBeGreaterThan(1000);
    // Cancel ended the hung test at once instead of its 60 s timeout.
    expect(endedAt - startedAt).toBeLessThan(30_000);
    expect(report.success).toBe(false);
    expect(report.output).not.toContain('@@brr-test');
  });

  test('a fixed solution passes', async () => {
    const sandbox = runtime();
    await sandbox.mount({ 'math.ts': 'export const add = (a: number, b: number): number => a + b;\n' });
    const report = await sandbox.test({
      'tests/math.test.ts':
        "import { expect, test } from 'vitest';\nimport { add } from '../math.ts';\ntest('adds', () => { expect(add(2, 3)).toBe(5); });\n",
    });
    expect(report).toMatchObject({ success: true, passed: 1, failed: 0, total: 1, output: '' });
  });

  test('a spec that cannot load reports the file as failed and keeps vitest\'s explanation', async () => {
    const sandbox = runtime();
    await sandbox.mount(poller);
    const report = await sandbox.test({
      'tests/math.test.ts': "import { expect, test } from 'vitest';\nimport { missing } from '../nowhere.ts';\ntest('x', () => expect(missing).toBe(1));\n",
    });
    expect(report.success).toBe(false);
    expect(report.tests).toHaveLength(1);
    expect(report.tests[0]).toMatchObject({ name: 'tests/math.test.ts: (the test file could not be run)', status: 'failed' });
    expect(report.tests[0]?.message).toMatch(/nowhere\.ts/);
  });

  test('a spec file without tests counts as a failed file, with vitest\'s reason', async () => {
    const sandbox = runtime();
    await sandbox.mount(poller);
    const report = await sandbox.test({ 'tests/empty.test.ts': "import { describe } from 'vitest';\ndescribe('nothing yet', () => {});\n" });
    expect(report).toMatchObject({ success: false, passed: 0, failed: 1 });
    expect(report.tests[0]?.message).toMatch(/No test found/);
  });

  test('when the runner stops a hung check, the report names the hung test and counts the tests that passed before it', { timeout: 60_000 }, async () => {
    const quick = await startRunnerServer({ allowedOrigins: [PAGE_ORIGIN], limits: { testWallTimeMs: 15_000 }, log: () => {} });
    try {
      const sandbox = runtime({ url: quick.url, token: quick.runner.token });
      await sandbox.mount(poller);
      const report = await sandbox.test({
        'tests/hang.test.ts': [
          "import { test, expect } from 'vitest';",
          "console.log('spec loaded');",
          ...[1, 2, 3].map((n) => `test('quick ${n}', () => expect(${n}).toBe(${n}));`),
          "test('waits forever', { timeout: 120_000 }, () => new Promise(() => {}));",
          "test('never reached', () => {});",
          '',
        ].join('\n'),
      });
      expect(report).toMatchObject({ success: false, passed: 3, failed: 1, total: 4 });
      const hung = report.tests.find((test) => test.status === 'failed');
      expect(hung?.name).toBe('waits forever');
      expect(hung?.message).toMatch(/^This test hung: "waits forever" in tests\/hang\.test\.ts was still running when the check was stopped after 15 s \(3 tests passed before it\)/);
      expect(report.output).toMatch(/^The run was stopped after 15 s, the time limit for one run\./);
    } finally {
      await quick.close();
    }
  });
});
