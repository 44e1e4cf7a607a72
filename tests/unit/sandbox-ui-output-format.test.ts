import { describe, expect, test } from 'vitest';
import {
  formatDuration,
  formatExit,
  formatLimit,
  formatTestReport,
  stripAnsi,
  trimForDisplay,
  withoutStackFrames,
} from '../../src/sandbox/output-format.ts';
import type { ExitInfo, TestReport } from '../../src/sandbox/runtime.ts';
import { sandboxUi, uiPlural, uiText } from '../../src/sandbox/ui-strings.ts';

const exit = (partial: Partial<ExitInfo>): ExitInfo => ({ code: null, signal: null, reason: 'exit', durationMs: 0, ...partial });

describe('durations and limits', () => {
  test.each([
    [0, '0 ms'],
    [312.4, '312 ms'],
    [999, '999 ms'],
    [1000, '1.0 s'],
    [4249, '4.2 s'],
    [12_400, '12 s'],
    [60_000, '1 min'],
    [125_000, '2 min 5 s'],
    [-5, '0 ms'],
    [Number.NaN, '0 ms'],
  ])('%s ms reads "%s"', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  test('limits are whole seconds or minutes', () => {
    expect(formatLimit(10)).toBe('10 s');
    expect(formatLimit(90)).toBe('90 s');
    expect(formatLimit(120)).toBe('2 min');
  });
});

describe('formatExit', () => {
  test('a normal exit gives the code and the time, ok only for 0', () => {
    expect(formatExit(exit({ code: 0, durationMs: 312 }))).toEqual({ text: 'Exited with code 0 in 312 ms', tone: 'ok' });
    expect(formatExit(exit({ code: 1, durationMs: 2500 }))).toEqual({ text: 'Exited with code 1 in 2.5 s', tone: 'bad' });
    expect(formatExit(exit({ signal: 'SIGSEGV', durationMs: 40 }))).toEqual({ text: 'Ended by signal SIGSEGV after 40 ms', tone: 'bad' });
  });

  test('a time limit names the limit: the page’s own, or the one the runtime stopped at', () => {
    expect(formatExit(exit({ reason: 'timeout', durationMs: 10_030, signal: 'SIGKILL' })).text).toBe('Stopped: time limit of 10 s reached');
    expect(formatExit(exit({ reason: 'timeout', durationMs: 20_010 }), { timeLimitSeconds: 20 }).text).toBe('Stopped: time limit of 20 s reached');
  });

  test('every stop reason of the runner has its own sentence', () => {
    const texts = ['stopped', 'output-limit', 'memory', 'process-limit', 'disconnect', 'something-new'].map(
      (reason) => formatExit(exit({ reason, durationMs: 1500, signal: 'SIGKILL' })).text,
    );
    expect(texts).toMatchInlineSnapshot(`
      [
        "Stopped after 1.5 s",
        "Stopped: the program printed more output than the sandbox allows",
        "Stopped: the program used more memory than the sandbox allows",
        "Stopped: the program started more processes than the sandbox allows",
        "Stopped: the connection to the code runner was lost",
        "Stopped (something-new) after 1.5 s",
      ]
    `);
  });
});

describe('trimming', () => {
  test('stack frames go, the assertion stays', () => {
    const message = [
      'AssertionError: If-None-Match names the current ETag, so the answer must be 304: expected 200 to be 304',
      '    at /tmp/brr-runner-x/run-1/tests/server.test.ts:43:136',
      '    at process.processTicksAndRejections (node:internal/process/task_queues:103:5)',
    ].join('\n');
    expect(withoutStackFrames(message)).toBe('AssertionError: If-None-Match names the current ETag, so the answer must be 304: expected 200 to be 304');
    // A message that is nothing but frames is kept whole rather than shown empty.
    expect(withoutStackFrames('    at a (b:1:2)')).toBe('    at a (b:1:2)');
  });

  test('ANSI colours go, text stays', () => {
    expect(stripAnsi('\u001b[31mAssertionError\u001b[39m: expected \u001b[32m304\u001b[39m')).toBe('AssertionError: expected 304');
  });

  test('short text is only cleaned', () => {
    expect(trimForDisplay('\n\nline 1\r\nline 2  \n\n')).toBe('line 1\nline 2');
  });

  test('long text keeps its start and end and says how much is missing', () => {
    const text = Array.from({ length: 100 }, (_, i) => `line ${i + 1}`).join('\n');
    const trimmed = trimForDisplay(text, { maxLines: 6 });
    expect(trimmed).toBe(['line 1', 'line 2', 'line 3', 'line 4', '… 94 more lines …', 'line 99', 'line 100'].join('\n'));
    expect(trimForDisplay('x'.repeat(50), { maxChars: 10 })).toBe(`${'x'.repeat(10)}\n… 40 more characters …`);
  });
});

const report = (partial: Partial<TestReport>): TestReport => ({
  success: false, passed: 0, failed: 0, total: 0, tests: [], output: '', durationMs: 1234, ...partial,
});

describe('formatTestReport', () => {
  test('failures are listed in order with their messages, and the summary counts them', () => {
    const view = formatTestReport(report({
      passed: 1, failed: 1, total: 2,
      tests: [
        { name: 'answers 200 with an ETag', status: 'passed' },
        { name: 'answers 304 when If-None-Match matches', status: 'failed', message: '\u001b[31mexpected 200 to be 304\u001b[39m\n    at /tmp/x/tests/etag.test.ts:4:1' },
      ],
      output: 'FAIL tests/etag.test.ts',
    }));
    expect(view.summary).toBe('1 of 2 tests passed; 1 failed.');
    expect(view.tone).toBe('bad');
    expect(view.complete).toBe(false);
    expect(view.items).toEqual([
      { name: 'answers 200 with an ETag', status: 'passed', statusLabel: 'passed' },
      { name: 'answers 304 when If-None-Match matches', status: 'failed', statusLabel: 'failed', message: 'expected 200 to be 304' },
    ]);
    expect(view.output).toBe('FAIL tests/etag.test.ts');
    expect(view.duration).toBe('1.2 s');
  });

  test('all passing completes the exercise and hides the tool output', () => {
    const view = formatTestReport(report({ success: true, passed: 3, total: 3, output: 'noise', tests: [
      { name: 'a', status: 'passed' }, { name: 'b', status: 'passed' }, { name: 'c', status: 'passed' },
    ] }));
    expect(view).toMatchObject({ summary: 'All 3 tests passed.', tone: 'ok', complete: true });
    expect(view.output).toBeUndefined();
    expect(formatTestReport(report({ success: true, passed: 1, total: 1 })).summary).toBe('The test passed.');
  });

  test('a run where nothing failed but a spec crashed is not complete', () => {
    const view = formatTestReport(report({ success: false, passed: 2, failed: 0, total: 2, output: 'Error: Cannot find module ../poller.ts' }));
    expect(view.complete).toBe(false);
    expect(view.summary).toBe('2 of 2 tests passed, but the test run did not finish cleanly; see the test output below.');
    expect(view.output).toBe('Error: Cannot find module ../poller.ts');
  });

  test('no tests at all shows the tool output instead of a list', () => {
    const view = formatTestReport(report({ output: 'SyntaxError: Unexpected token' }));
    expect(view).toMatchObject({ summary: 'No test ran. The test tool said:', complete: false, items: [], output: 'SyntaxError: Unexpected token' });
  });

  test('skipped tests do not count as failures', () => {
    const view = formatTestReport(report({ success: true, passed: 1, total: 2, tests: [{ name: 'a', status: 'passed' }, { name: 'b', status: 'skipped' }] }));
    expect(view.complete).toBe(true);
    expect(view.items[1]?.statusLabel).toBe('skipped');
  });
});

describe('strings', () => {
  test('placeholders are filled, unknown ones stay visible', () => {
    expect(uiText('exit.code', { code: 0, duration: '1 ms' })).toBe('Exited with code 0 in 1 ms');
    expect(uiText('exit.code', { code: 0 })).toBe('Exited with code 0 in {duration}');
  });

  test('plural forms follow the language rules', () => {
    expect(uiPlural('check.summary.allPassed', 1, { total: 1 })).toBe('The test passed.');
    expect(uiPlural('check.summary.allPassed', 4, { total: 4 })).toBe('All 4 tests passed.');
  });

  test('every plural key has both forms', () => {
    const keys = Object.keys(sandboxUi);
    for (const key of keys.filter((k) => k.endsWith('.one'))) expect(keys).toContain(key.replace(/\.one$/, '.other'));
  });
});
