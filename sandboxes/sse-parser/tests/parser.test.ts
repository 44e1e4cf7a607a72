import { describe, expect, test } from 'vitest';
import { createEventStreamParser, type ServerSentEvent } from '../parser.ts';

interface Outcome {
  events: ServerSentEvent[];
  retries: number[];
  lastEventId: string;
}

const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text);
const message = (data: string, lastEventId = ''): ServerSentEvent => ({ type: 'message', data, lastEventId });

/** Feeds the chunks to a fresh parser, ends the body, and records everything it reported. */
function run(chunks: readonly Uint8Array[]): Outcome {
  const outcome: Outcome = { events: [], retries: [], lastEventId: '' };
  const parser = createEventStreamParser({ onEvent: (event) => outcome.events.push({ ...event }), onRetry: (ms) => outcome.retries.push(ms) });
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  outcome.lastEventId = parser.lastEventId;
  return outcome;
}

const whole = (input: string | Uint8Array): Outcome => run([typeof input === 'string' ? bytesOf(input) : input]);

/** Every way to cut the body: in one piece, in two pieces at each byte, and one byte per chunk. */
function everyCut(bytes: Uint8Array): Array<{ label: string; chunks: Uint8Array[] }> {
  const show = (part: Uint8Array): string => JSON.stringify(new TextDecoder().decode(part));
  const cuts = [{ label: 'in one chunk', chunks: [bytes] }];
  for (let at = 1; at < bytes.length; at += 1) {
    cuts.push({ label: `cut after byte ${at}, between ${show(bytes.subarray(Math.max(0, at - 10), at))} and ${show(bytes.subarray(at, at + 10))}`, chunks: [bytes.subarray(0, at), bytes.subarray(at)] });
  }
  cuts.push({ label: 'one byte per chunk', chunks: Array.from(bytes, (byte) => Uint8Array.of(byte)) });
  return cuts;
}

function expectSameWhereverCut(input: string | Uint8Array, expected: Outcome): void {
  const bytes = typeof input === 'string' ? bytesOf(input) : input;
  for (const { label, chunks } of everyCut(bytes)) {
    expect(run(chunks), `With the body ${label}, the parser reported something else. The network may cut a body anywhere, so the result must not depend on where.`).toEqual(expected);
  }
}

describe('fields and events (WHATWG HTML §9.2.6)', () => {
  test('dispatches an event at each blank line, with the type "message" and the data', () => {
    expect(whole('data: hello\n\ndata: world\n\n').events, 'Each blank line ends one event.').toEqual([message('hello'), message('world')]);
  });

  test('removes exactly one space after the colon, and splits only at the first colon', () => {
    expect(whole('data:no space\n\ndata:  two spaces\n\ndata: a: b:c\n\n').events, '"data:x" and "data: x" mean the same; of two spaces only one goes; later colons belong to the value.').toEqual([
      message('no space'),
      message(' two spaces'),
      message('a: b:c'),
    ]);
  });

  test('joins several data lines with "\\n", without a trailing newline', () => {
    expect(whole('data: line 1\ndata: line 2\n\n').events, 'Each data line adds its value and a "\\n"; the last "\\n" is removed at dispatch.').toEqual([message('line 1\nline 2')]);
    expect(whole('data: text\ndata:\n\n').events, 'An empty data line still adds a "\\n", so only one of the two is removed.').toEqual([message('text\n')]);
  });

  test('names events with the event field and forgets the name after each event', () => {
    expect(whole('event: score\ndata: 1-0\n\ndata: next\n\n').events, 'The event type applies to one event only; the next one is "message" again.').toEqual([
      { type: 'score', data: '1-0', lastEventId: '' },
      message('next'),
    ]);
  });

  test('ignores comment lines, unknown fields and wrongly cased field names', () => {
    expect(whole(': heartbeat\n:\nfoo: bar\nData: no\nEVENT: no\ndata: yes\n\n').events, 'Lines starting with ":" are comments, and field names are case-sensitive: only "data" is data.').toEqual([message('yes')]);
  });

  test('reads a line without a colon as a field name with an empty value', () => {
    expect(whole('data\n\ndata\ndata\n\nevent\ndata: x\n\n').events, '"data" alone appends "" and a "\\n", so it dispatches an event with empty data.').toEqual([message(''), message('\n'), message('x')]);
  });

  test('dispatches nothing for an event without data lines', () => {
    expect(whole('event: ping\n\n\n\nid: 1\n\ndata: after\n\n').events, 'A blank line with an empty data buffer dispatches nothing (it still commits the id).').toEqual([message('after', '1')]);
    expect(whole('data: a\n\nid: 5\n\n').lastEventId, 'An event with only an id dispatches nothing, but its blank line still commits the id: a reconnect would send Last-Event-ID: 5.').toBe('5');
  });

  test('keeps the last id for later events; an empty id resets it; an id containing NULL is ignored', () => {
    const outcome = whole('id: 1\ndata: a\n\ndata: b\n\nid: 2\u0000x\ndata: c\n\nid\ndata: d\n\n');
    expect(outcome.events, 'lastEventId stays until an id line changes it; "id" with an empty value clears it; an id with "\\0" is skipped.').toEqual([
      message('a', '1'),
      message('b', '1'),
      message('c', '1'),
      message('d', ''),
    ]);
    expect(outcome.lastEventId).toBe('');
  });

  test('accepts a retry field only when its value is all ASCII digits', () => {
    const outcome = whole('retry: 1500\nretry: 1.5\nretry: -1\nretry: 10s\nretry: ５\nretry:  20\nretry:3000\n\n');
    expect(outcome.retries, '"1.5", "-1", "10s", a full-width "５" and " 20" (one space is left after removing the first) are ignored.').toEqual([1500, 3000]);
    expect(outcome.events, 'retry lines are not data, so nothing is dispatched.').toEqual([]);
  });

  test('discards an event that the stream never ends with a blank line, and its id', () => {
    const outcome = whole('id: 1\ndata: complete\n\nid: 2\ndata: never finished\n');
    expect(outcome.events, 'Only a blank line dispatches; at the end of the body the unfinished event is dropped.').toEqual([message('complete', '1')]);
    expect(outcome.lastEventId, 'The id of the dropped event was never committed, so a reconnect must ask again from id 1.').toBe('1');
  });
});

describe('bytes, line endings and chunk boundaries', () => {
  test('ends lines at CRLF, LF and CR alike', () => {
    expect(whole('data: a\r\ndata: b\rdata: c\n\r\ndata: d\r\r').events, '"\\r\\n", "\\n" and a lone "\\r" each end one line.').toEqual([message('a\nb\nc'), message('d')]);
  });

  test('treats a CRLF split between two chunks as one line ending', () => {
    const body = bytesOf('data: a\r\ndata: b\r\n\r\n');
    for (let at = 1; at < body.length; at += 1) {
      if (body[at - 1] !== 0x0d) continue; // cut right after each CR
      expect(run([body.subarray(0, at), body.subarray(at)]).events, `Cut after byte ${at}, between "\\r" and "\\n": that is one line ending, not a line ending plus an empty line (which would dispatch early).`).toEqual([message('a\nb')]);
    }
  });

  test('gives the same events wherever the body is cut, even inside a UTF-8 character', () => {
    const body = 'retry: 2000\r\n: ping\r\nevent: chat\r\nid: 九\r\ndata: こんにちは 🎉\r\ndata: ça va?\r\n\r\ndata: second\rdata: line\r\rid: 10\ndata: third €\n\ndata: dropped';
    expectSameWhereverCut(body, {
      events: [
        { type: 'chat', data: 'こんにちは 🎉\nça va?', lastEventId: '九' },
        message('second\nline', '九'),
        message('third €', '10'),
      ],
      retries: [2000],
      lastEventId: '10',
    });
  });

  test('drops one byte order mark at the very start, even when it arrives in pieces', () => {
    const body = new Uint8Array([0xef, 0xbb, 0xbf, ...bytesOf('data: a\n\n\uFEFFdata: b\n\ndata: c\n\n')]);
    // A BOM anywhere else is an ordinary character: "\uFEFFdata" is an unknown field name.
    expectSameWhereverCut(body, { events: [message('a'), message('c')], retries: [], lastEventId: '' });
  });

  test('decodes invalid UTF-8 as U+FFFD instead of throwing', () => {
    const body = new Uint8Array([...bytesOf('data: '), 0xff, ...bytesOf(' ok\n\n')]);
    expect(whole(body).events, 'Event streams are always decoded as UTF-8, with replacement characters for bad bytes.').toEqual([message('\uFFFD ok')]);
  });

  test('refuses a line longer than maxEventChars instead of buffering it forever', () => {
    const events: ServerSentEvent[] = [];
    const parser = createEventStreamParser({ onEvent: (event) => events.push(event) }, { maxEventChars: 1000 });
    parser.push(bytesOf(`data: ${'x'.repeat(900)}\n\n`));
    expect(events.length, 'An event below the limit is dispatched normally.').toBe(1);
    expect(() => {
      for (let i = 0; i < 20; i += 1) parser.push(bytesOf('y'.repeat(100))); // 2,000 characters and no line break
    }, 'A server that never ends its line must not make the client buffer without limit: throw once more than maxEventChars are pending.').toThrow();
  });

  test('counts the data of an unfinished event against maxEventChars too, not only the unfinished line', () => {
    const events: ServerSentEvent[] = [];
    const parser = createEventStreamParser({ onEvent: (event) => events.push(event) }, { maxEventChars: 1000 });
    expect(() => {
      // 30 complete data lines of 100 characters and never a blank line: 3,000 characters buffered in data.
      for (let i = 0; i < 30; i += 1) parser.push(bytesOf(`data: ${'z'.repeat(100)}\n`));
    }, 'Every line ends, but the event never does: its data grows without limit. Throw once the data buffer plus the unfinished line pass maxEventChars.').toThrow();
    expect(events).toEqual([]);
  });
});
