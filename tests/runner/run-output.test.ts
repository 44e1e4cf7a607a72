import { describe, expect, test } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { BATCH_CHARS, BATCH_MS, RunOutput } from '../../src/runner/run-output.ts';

type Sent = { stream: string; data: string };

function capture(limitBytes = 1024 * 1024): { output: RunOutput; sent: Sent[] } {
  const sent: Sent[] = [];
  const output = new RunOutput(limitBytes, (stream, data) => sent.push({ stream, data }));
  return { output, sent };
}

describe('RunOutput batching', () => {
  test('a thousand one-line writes reach the browser as one message, in order', async () => {
    const { output, sent } = capture();
    let expected = '';
    for (let n = 0; n < 1000; n += 1) {
      output.write('stdout', Buffer.from(`line ${n}\n`));
      expected += `line ${n}\n`;
    }
    expect(sent).toEqual([]);
    await sleep(BATCH_MS + 30);
    expect(sent).toEqual([{ stream: 'stdout', data: expected }]);
  });

  test('a change of stream sends the batch before it, so stdout and stderr keep their order', () => {
    const { output, sent } = capture();
    output.write('stdout', Buffer.from('a\n'));
    output.write('stderr', Buffer.from('b\n'));
    output.write('stdout', Buffer.from('c\n'));
    output.flush();
    expect(sent).toEqual([
      { stream: 'stdout', data: 'a\n' },
      { stream: 'stderr', data: 'b\n' },
      { stream: 'stdout', data: 'c\n' },
    ]);
  });

  test('a full batch goes at once, without waiting for the timer', () => {
    const { output, sent } = capture();
    output.write('stdout', Buffer.alloc(BATCH_CHARS, 'x'));
    expect(sent.map((message) => message.data.length)).toEqual([BATCH_CHARS]);
  });

  test('crossing the output limit sends the kept output at once (the limit notice follows it)', () => {
    const { output, sent } = capture(10);
    expect(output.write('stdout', Buffer.from('12345'))).toBe(false);
    expect(output.write('stdout', Buffer.from('67890abcdef'))).toBe(true);
    expect(sent).toEqual([{ stream: 'stdout', data: '1234567890' }]);
    expect(output.write('stdout', Buffer.from('more'))).toBe(false);
    output.flush();
    expect(sent).toHaveLength(1);
  });

  test('a character split across two chunks arrives whole', () => {
    const { output, sent } = capture();
    const euro = Buffer.from('€\n');
    output.write('stdout', euro.subarray(0, 1));
    output.write('stdout', euro.subarray(1));
    output.flush();
    expect(sent).toEqual([{ stream: 'stdout', data: '€\n' }]);
  });
});
