import { describe, expect, test } from 'vitest';
import { createNdjsonParser } from '../ndjson.ts';

// Three messages with 3-byte (Japanese) and 4-byte (emoji, including a joined sequence) UTF-8
// characters; the last line has no final newline.
const messages = [
  { seq: 1, text: 'こんにちは、世界' },
  { seq: 2, text: '🎉 ライブ配信開始 🎉', tags: ['速報', '⚽'] },
  { seq: 3, who: '👩‍💻', ok: true },
];
const payload = new TextEncoder().encode(messages.map((message) => JSON.stringify(message)).join('\n'));

async function parse(chunks: readonly Uint8Array[]): Promise<unknown[]> {
  const values: unknown[] = [];
  for await (const value of ReadableStream.from(chunks).pipeThrough(createNdjsonParser())) values.push(value);
  return values;
}

/** Cuts `bytes` at the given offsets. */
function cut(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
  const bounds = [0, ...offsets, bytes.length];
  return bounds.slice(1).map((end, i) => bytes.subarray(bounds[i], end));
}

/** Says where a cut falls, for failure messages: "inside 🎉 (byte 2 of 4)". */
function describeCut(bytes: Uint8Array, offset: number): string {
  let start = offset;
  while (start > 0 && ((bytes[start] ?? 0) & 0xc0) === 0x80) start -= 1;
  if (start === offset) return `between characters at byte ${offset}`;
  let end = offset;
  while (end < bytes.length && ((bytes[end] ?? 0) & 0xc0) === 0x80) end += 1;
  return `at byte ${offset}, inside "${new TextDecoder().decode(bytes.subarray(start, end))}" (after ${offset - start} of its ${end - start} bytes)`;
}

async function expectParsed(chunks: Uint8Array[], where: string): Promise<void> {
  let values: unknown[];
  try {
    values = await parse(chunks);
  } catch (error) {
    throw new Error(`Cutting the payload ${where} made the parser fail: ${(error as Error).message}`);
  }
  expect(values, `Cutting the payload ${where} must not change the messages.`).toEqual(messages);
}

describe('createNdjsonParser splits a byte stream into messages wherever the chunks end', () => {
  test('parses the payload delivered as one chunk (the starter already does: keep it so)', async () => {
    await expectParsed([payload], 'nowhere (one chunk)');
  });

  test('survives every cut into two chunks, including cuts inside multi-byte characters', async () => {
    for (let i = 1; i < payload.length; i += 1) await expectParsed(cut(payload, [i]), describeCut(payload, i));
  });

  test('survives every cut into three chunks with a short middle chunk, so one character spans three chunks', async () => {
    // A 4-byte character can only be spread over three chunks when the middle one has 1–3 bytes.
    for (let i = 1; i < payload.length; i += 1) {
      for (let j = i + 1; j <= Math.min(i + 3, payload.length - 1); j += 1) {
        await expectParsed(cut(payload, [i, j]), `${describeCut(payload, i)} and ${describeCut(payload, j)}`);
      }
    }
  });

  test('survives one byte at a time', async () => {
    await expectParsed(cut(payload, Array.from({ length: payload.length - 1 }, (_, i) => i + 1)), 'into single bytes');
  });

  test('emits the last line when the stream ends without a newline, and also when it ends with one', async () => {
    await expectParsed([payload.subarray(0, 20), payload.subarray(20)], 'with no newline at the end');
    const withNewline = new Uint8Array([...payload, 0x0a]);
    expect(await parse([withNewline]), 'A final "\\n" ends the last line; it does not start an empty message.').toEqual(messages);
  });

  test('accepts CRLF line endings and skips blank lines (the starter already does: keep it so)', async () => {
    const text = '{"a":1}\r\n\r\n{"b":"二"}\n\n';
    expect(await parse(cut(new TextEncoder().encode(text), [8, 9]))).toEqual([{ a: 1 }, { b: '二' }]);
  });

  test('fails with the line number when a line is not JSON', async () => {
    const text = '{"ok":1}\n{"broken":\n{"ok":3}\n';
    await expect(parse([new TextEncoder().encode(text)]), 'Name the broken line so the person debugging finds it: "NDJSON line 2 …".').rejects.toThrow(/line 2\b/);
  });
});
