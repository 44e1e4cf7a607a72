import { describe, expect, test } from 'vitest';
import { partialResultFromProgress } from '../../src/runner/vitest-progress.ts';

const work = '/tmp/brr-runner-a/brr-run-b/work';
const line = (record: object) => `${JSON.stringify(record)}\n`;

describe('partialResultFromProgress', () => {
  test('names the test that started and never ended, and counts the passes before it', () => {
    let progress = '';
    for (const name of ['one', 'two', 'three', 'four', 'five', 'six', 'seven']) {
      progress += line({ event: 'start', file: `${work}/tests/chat.test.ts`, name });
      progress += line({ event: 'end', file: `${work}/tests/chat.test.ts`, name, state: 'passed' });
    }
    progress += line({ event: 'start', file: `${work}/tests/chat.test.ts`, name: 'room > closes the socket' });
    progress += '{"event":"end","fi'; // cut by the kill
    const result = partialResultFromProgress(progress, work, 30_000)!;
    expect(result).toMatchObject({ success: false, passed: 7, failed: 1, total: 8 });
    expect(result.tests.at(-1)).toEqual({
      file: 'tests/chat.test.ts',
      name: 'room > closes the socket',
      status: 'failed',
      failureMessages: [
        'This test hung: "room > closes the socket" in tests/chat.test.ts was still running when the check was stopped after 30 s (7 tests passed before it). ' +
          'Look for a promise that never settles, an awaited event that never comes, a server or socket that is never closed, or an endless loop.',
      ],
    });
  });

  test('keeps failures with their message, and says nothing when no test started', () => {
    const progress =
      line({ event: 'start', file: `${work}/tests/a.test.ts`, name: 'x' }) +
      line({ event: 'end', file: `${work}/tests/a.test.ts`, name: 'x', state: 'failed', message: 'expected 1 to be 2' });
    expect(partialResultFromProgress(progress, work, 30_000)).toMatchObject({
      passed: 0,
      failed: 1,
      total: 1,
      tests: [{ file: 'tests/a.test.ts', name: 'x', status: 'failed', failureMessages: ['expected 1 to be 2'] }],
    });
    expect(partialResultFromProgress('', work, 30_000)).toBeUndefined();
  });
});
