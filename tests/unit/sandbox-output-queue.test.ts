import { describe, expect, test } from 'vitest';
import { OutputQueue, countLines } from '../../src/sandbox/output-queue.ts';

function lines(from: number, to: number): string {
  let text = '';
  for (let n = from; n < to; n += 1) text += `line ${n}\n`;
  return text;
}

describe('OutputQueue', () => {
  test('hands out text in arrival order, joining consecutive chunks of one stream', () => {
    const queue = new OutputQueue(1000);
    queue.push({ stream: 'stdout', text: 'a\n' });
    queue.push({ stream: 'stdout', text: 'b\n' });
    queue.push({ stream: 'stderr', text: 'oops\n' });
    queue.push({ stream: 'stdout', text: 'c\n' });
    expect(queue.take(100)).toEqual([
      { stream: 'stdout', text: 'a\nb\n' },
      { stream: 'stderr', text: 'oops\n' },
      { stream: 'stdout', text: 'c\n' },
    ]);
    expect(queue.isEmpty).toBe(true);
    expect(queue.dropped).toEqual({ chars: 0, lines: 0 });
  });

  test('takes at most the budget per call, cutting after a line end', () => {
    const queue = new OutputQueue(10_000);
    queue.push({ stream: 'stdout', text: lines(0, 100) });
    const first = queue.take(50);
    expect(first[0]!.text.length).toBeLessThanOrEqual(50);
    expect(first[0]!.text.endsWith('\n')).toBe(true);
    let rest = '';
    while (!queue.isEmpty) rest += queue.take(50).map((piece) => piece.text).join('');
    expect(first[0]!.text + rest).toBe(lines(0, 100));
  });

  test('never holds more than its capacity: the oldest lines go and are counted', () => {
    const capacity = 1000;
    const queue = new OutputQueue(capacity);
    for (let n = 0; n < 10_000; n += 1) queue.push({ stream: 'stdout', text: `line ${n}\n` });
    expect(queue.size).toBeLessThanOrEqual(capacity);
    const kept = queue.take(capacity).map((piece) => piece.text).join('');
    expect(kept.endsWith('line 9999\n')).toBe(true);
    // What is kept starts on a whole line, and kept plus dropped is everything that was printed.
    expect(kept.startsWith('line ')).toBe(true);
    const all = lines(0, 10_000);
    expect(queue.dropped.chars + kept.length).toBe(all.length);
    expect(queue.dropped.lines + countLines(kept)).toBe(10_000);
  });

  test('a single chunk larger than the capacity keeps its tail', () => {
    const queue = new OutputQueue(100);
    const all = lines(0, 1000);
    queue.push({ stream: 'stdout', text: all });
    const kept = queue.take(1000)[0]!.text;
    expect(kept.length).toBeLessThanOrEqual(100);
    expect(all.endsWith(kept)).toBe(true);
    expect(queue.dropped.chars).toBe(all.length - kept.length);
  });

  test('the exit line is never dropped, however much output comes before it', () => {
    const queue = new OutputQueue(100);
    queue.push({ stream: 'stdout', text: lines(0, 1000) });
    queue.push({ stream: 'exit', text: 'Exited with code 0.', tone: 'ok' });
    const taken = [];
    while (!queue.isEmpty) taken.push(...queue.take(30));
    expect(taken[taken.length - 1]).toEqual({ stream: 'exit', text: 'Exited with code 0.', tone: 'ok' });
  });

  test('clear forgets the queue and the dropped count', () => {
    const queue = new OutputQueue(10);
    queue.push({ stream: 'stdout', text: lines(0, 10) });
    queue.countDroppedSpan(5, 1);
    queue.clear();
    expect(queue.isEmpty).toBe(true);
    expect(queue.dropped).toEqual({ chars: 0, lines: 0 });
  });

  test('a flood of tiny chunks costs linear time', () => {
    const queue = new OutputQueue(200_000);
    const started = performance.now();
    for (let n = 0; n < 1_000_000; n += 1) {
      queue.push({ stream: 'stdout', text: `${n}\n` });
      if (n % 1000 === 0) queue.take(32_768);
    }
    expect(performance.now() - started).toBeLessThan(3000);
    expect(queue.size).toBeLessThanOrEqual(200_000);
  });
});
