/**
 * The small pure pieces both runtimes share: checking runner messages, the preview URL pattern,
 * report trimming, mount diffs, the starter fingerprint, and the process channel.
 */
import { describe, expect, test } from 'vitest';
import { hashFileTree } from '../../src/sandbox/content-hash.ts';
import { diffFileTree, parentFolder } from '../../src/sandbox/file-tree-diff.ts';
import { createProcessChannel, readAllOutput } from '../../src/sandbox/process-channel.ts';
import { parsePreviewPath, previewPage, previewUrl } from '../../src/sandbox/preview-url.ts';
import { parseServerMessage, testReportFrom } from '../../src/sandbox/runner-messages.ts';
import { buildTestReport, outputTail, trimFailureMessage } from '../../src/sandbox/test-report.ts';

describe('runner messages', () => {
  test('well-formed messages pass unchanged', () => {
    const exit = { type: 'exit', runId: 'r-1', code: null, signal: 'SIGKILL', reason: 'stopped', durationMs: 12 };
    expect(parseServerMessage(JSON.stringify(exit))).toEqual({ ok: true, message: exit });
  });

  test('malformed messages are refused with a description for the error sentence', () => {
    const problems = [
      new Uint8Array([1, 2]),
      'not json',
      '[1]',
      '{"type":"hello"}',
      '{"type":"output","runId":"r","stream":"stdin","data":"x"}',
      '{"type":"exit","runId":"r","code":"0","signal":null,"reason":"exit","durationMs":1}',
      '{"type":"test-result","runId":"r","success":true,"passed":1,"failed":0,"skipped":0,"total":1,"tests":[{"name":"a","status":"great","failureMessages":[]}]}',
    ].map((data) => {
      const parsed = parseServerMessage(data);
      return parsed.ok ? 'accepted' : parsed.problem;
    });
    expect(problems).toMatchInlineSnapshot(`
      [
        "a binary frame instead of JSON text",
        "text that is not JSON ("not json")",
        "JSON that is not an object",
        "a message of unknown type "hello"",
        "an "output" message whose field "stream" is neither "stdout" nor "stderr"",
        "an "exit" message whose field "code" is not a number or null",
        "a "test-result" message whose test number 1 is malformed",
      ]
    `);
  });

  test('a test result maps to the report; a load failure is named after its file', () => {
    const report = testReportFrom(
      {
        type: 'test-result',
        runId: 'r',
        success: false,
        passed: 1,
        failed: 1,
        skipped: 0,
        total: 1,
        tests: [
          { file: 'tests/a.test.ts', name: 'works', status: 'passed', failureMessages: [] },
          { file: 'tests/b.test.ts', name: '(the file could not be run)', status: 'failed', failureMessages: ['SyntaxError: x', 'second'] },
        ],
      },
      { type: 'exit', runId: 'r', code: 1, signal: null, reason: 'exit', durationMs: 900.4 },
      'lots of output',
      [],
    );
    expect(report).toEqual({
      success: false,
      passed: 1,
      failed: 1,
      total: 2,
      tests: [
        { name: 'works', status: 'passed' },
        { name: 'tests/b.test.ts: (the test file could not be run)', status: 'failed', message: 'SyntaxError: x' },
      ],
      output: '',
      durationMs: 900,
    });
  });
});

describe('preview URLs', () => {
  test('the pattern round-trips, also for ids and paths with odd characters', () => {
    expect(previewUrl('abc-1')).toBe('/__runner/preview/abc-1/');
    expect(previewUrl('abc-1', '/events?x=1')).toBe('/__runner/preview/abc-1/events?x=1');
    expect(parsePreviewPath('/__runner/preview/abc-1/events')).toEqual({ runId: 'abc-1', path: '/events' });
    expect(parsePreviewPath(previewUrl('a:b.c_d'))).toEqual({ runId: 'a:b.c_d', path: '/' });
    expect(parsePreviewPath('/__runner/preview/abc-1')).toEqual({ runId: 'abc-1', path: '/' });
    expect(parsePreviewPath('/__runner/preview/')).toBeUndefined();
    expect(parsePreviewPath('/__runner/preview/%E0%A4%A/')).toBeUndefined();
    expect(parsePreviewPath('/lessons/x')).toBeUndefined();
  });

  test('a preview path resolves inside the server URL, keeping the proxy prefix', () => {
    expect(previewPage('http://localhost:4321/__runner/preview/r-1/', '/chat')).toBe('http://localhost:4321/__runner/preview/r-1/chat');
    expect(previewPage('https://abc--3000.webcontainer-api.io', '/chat')).toBe('https://abc--3000.webcontainer-api.io/chat');
    expect(previewPage('https://abc--3000.webcontainer-api.io')).toBe('https://abc--3000.webcontainer-api.io/');
  });
});

describe('report trimming', () => {
  test('failure messages keep their start, end at a line when one is near, and are marked as cut', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `line ${i} ${'x'.repeat(20)}`).join('\n');
    const trimmed = trimFailureMessage(`\u001b[31m${lines}\u001b[39m`);
    expect(trimmed.startsWith('line 0 ')).toBe(true);
    expect(trimmed.length).toBeLessThanOrEqual(601);
    expect(trimmed).toMatch(/x\n?…$/);
    expect(trimmed.slice(0, -1).endsWith('x'.repeat(20))).toBe(true);
    expect(trimFailureMessage('  short\r\n')).toBe('short');
  });

  test('output keeps its end', () => {
    const output = Array.from({ length: 1000 }, (_, i) => `out ${i}`).join('\n');
    const tail = outputTail(output, 100);
    expect(tail.startsWith('…\nout ')).toBe(true);
    expect(tail.endsWith('out 999')).toBe(true);
    expect(tail.length).toBeLessThanOrEqual(102);
  });

  test('output is only kept when no test ran; an empty run says that nothing was printed', () => {
    const ran = buildTestReport({ tests: [{ name: 'a', status: 'passed' }], toolSuccess: true, output: 'noise', durationMs: 1 });
    expect(ran).toMatchObject({ success: true, passed: 1, total: 1, output: '' });
    const none = buildTestReport({ tests: [], toolSuccess: true, output: '', durationMs: 1 });
    expect(none).toMatchObject({ success: false, total: 0, output: 'No tests ran, and the test tool printed nothing.' });
  });
});

describe('mount diffs and fingerprints', () => {
  test('changed and new files are written, missing ones removed', () => {
    const mounted = new Map([['a.ts', '1'], ['b.ts', '2'], ['c.ts', '3']]);
    expect(diffFileTree(mounted, { 'a.ts': '1', 'b.ts': '22', 'd/e.ts': '4' })).toEqual({ write: ['b.ts', 'd/e.ts'], remove: ['c.ts'] });
    expect(parentFolder('d/e/f.ts')).toBe('d/e');
    expect(parentFolder('f.ts')).toBe('');
  });

  test('the starter fingerprint ignores key order and notices any change of names or text', () => {
    const base = hashFileTree({ 'a.ts': 'x', 'b.ts': 'y' });
    expect(hashFileTree({ 'b.ts': 'y', 'a.ts': 'x' })).toBe(base);
    expect(hashFileTree({ 'a.ts': 'x', 'b.ts': 'y ' })).not.toBe(base);
    expect(hashFileTree({ 'a.ts': 'xb.ts', '': 'y' })).not.toBe(base);
    expect(base).toMatch(/^[0-9a-f]{14}$/);
  });
});

describe('process channel', () => {
  test('delivers chunks in order, finishes once, and ignores pushes after the end', async () => {
    const channel = createProcessChannel();
    channel.push({ stream: 'stdout', data: 'a' });
    channel.push({ stream: 'stdout', data: '' });
    channel.push({ stream: 'stderr', data: 'b' });
    channel.finish({ code: 0, signal: null, reason: 'exit', durationMs: 1 });
    channel.finish({ code: 1, signal: null, reason: 'stopped', durationMs: 2 });
    channel.push({ stream: 'stdout', data: 'late' });
    expect(await readAllOutput(channel.output)).toEqual([{ stream: 'stdout', data: 'a' }, { stream: 'stderr', data: 'b' }]);
    expect(await channel.exit).toMatchObject({ code: 0, reason: 'exit' });
  });

  test('a reader that cancels does not break the producer', async () => {
    const channel = createProcessChannel();
    await channel.output.cancel();
    expect(() => channel.push({ stream: 'stdout', data: 'x' })).not.toThrow();
    expect(() => channel.finish({ code: 0, signal: null, reason: 'exit', durationMs: 1 })).not.toThrow();
  });
});
