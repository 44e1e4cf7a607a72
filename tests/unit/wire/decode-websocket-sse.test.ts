/**
 * Decoder tests on the specs' own vectors: RFC 6455 §5.7 example frames and the event-stream examples
 * of WHATWG HTML §9.2.6, each also fed one byte at a time (bytes may split anywhere on a real socket).
 */
import { describe, expect, it } from 'vitest';
import { SseDecoder } from '../../../src/wire/decode/sse.ts';
import { WebSocketDecoder } from '../../../src/wire/decode/websocket.ts';
import type { DecodedTraffic } from '../../../src/wire/decode/decoded.ts';

function feed(decoder: { push(bytes: Uint8Array): DecodedTraffic[] }, bytes: Uint8Array, split: 'whole' | 'bytewise'): DecodedTraffic[] {
  if (split === 'whole') return decoder.push(bytes);
  const out: DecodedTraffic[] = [];
  for (let i = 0; i < bytes.length; i++) out.push(...decoder.push(bytes.subarray(i, i + 1)));
  return out;
}
const strip = (events: DecodedTraffic[]) => events.map(({ head: _head, ...rest }) => rest);

describe.each(['whole', 'bytewise'] as const)('WebSocket frames, RFC 6455 §5.7 (%s)', (split) => {
  const hello = [0x48, 0x65, 0x6c, 0x6c, 0x6f];
  const masked = [0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58];

  it('a single-frame unmasked text message', () => {
    const [frame] = strip(feed(new WebSocketDecoder(), Uint8Array.from([0x81, 0x05, ...hello]), split));
    expect(frame).toEqual({ kind: 'ws-frame', opcode: 1, opcodeName: 'text', fin: true, masked: false, length: 5, preview: 'Hello' });
  });

  it('a single-frame masked text message is unmasked with its key', () => {
    const [frame] = strip(feed(new WebSocketDecoder(), Uint8Array.from([0x81, 0x85, ...masked]), split));
    expect(frame).toMatchObject({ opcodeName: 'text', masked: true, length: 5, preview: 'Hello' });
  });

  it('a fragmented unmasked text message: continuation keeps the text type', () => {
    const events = strip(feed(new WebSocketDecoder(), Uint8Array.from([0x01, 0x03, 0x48, 0x65, 0x6c, 0x80, 0x02, 0x6c, 0x6f]), split));
    expect(events).toMatchObject([
      { opcodeName: 'text', fin: false, preview: 'Hel' },
      { opcodeName: 'continuation', fin: true, preview: 'lo' },
    ]);
  });

  it('an unmasked ping and a masked pong', () => {
    const events = strip(feed(new WebSocketDecoder(), Uint8Array.from([0x89, 0x05, ...hello, 0x8a, 0x85, ...masked]), split));
    expect(events).toMatchObject([
      { opcode: 9, opcodeName: 'ping', masked: false, preview: 'Hello' },
      { opcode: 10, opcodeName: 'pong', masked: true, preview: 'Hello' },
    ]);
  });

  it('256 bytes of binary in one unmasked frame (16-bit length)', () => {
    const frame = Uint8Array.from([0x82, 0x7e, 0x01, 0x00, ...new Array<number>(256).fill(0xab)]);
    const [event] = strip(feed(new WebSocketDecoder(), frame, split));
    expect(event).toMatchObject({ opcodeName: 'binary', length: 256 });
    expect((event as { preview: string }).preview.startsWith('ab ab ab')).toBe(true);
  });

  it('64 KiB of binary in one unmasked frame (64-bit length)', () => {
    const frame = new Uint8Array(10 + 65536);
    frame.set([0x82, 0x7f, 0, 0, 0, 0, 0, 1, 0, 0]);
    const events = strip(feed(new WebSocketDecoder(), frame, 'whole'));
    expect(events).toMatchObject([{ opcodeName: 'binary', length: 65536 }]);
  });

  it('a close frame with status 1000 and a reason, masked', () => {
    const mask = [1, 2, 3, 4];
    const payload = [0x03, 0xe8, ...new TextEncoder().encode('bye')];
    const frame = Uint8Array.from([0x88, 0x80 | payload.length, ...mask, ...payload.map((b, i) => b ^ (mask[i % 4] as number))]);
    const [event] = strip(feed(new WebSocketDecoder(), frame, split));
    expect(event).toMatchObject({ opcodeName: 'close', closeCode: 1000, closeReason: 'bye' });
  });
});

describe.each(['whole', 'bytewise'] as const)('event-stream, WHATWG HTML §9.2.6 examples (%s)', (split) => {
  const parse = (text: string) => strip(feed(new SseDecoder(), new TextEncoder().encode(text), split));

  it('joins data lines with LF and defaults the type to "message"', () => {
    const events = parse('data: YHOO\ndata: +2\ndata: 10\n\n');
    expect(events).toEqual([{ kind: 'sse-event', event: 'message', data: 'YHOO', dataLines: 3 }]);
  });

  it('keeps the last event id, resets it with a bare `id`, strips only one space, drops an unterminated event', () => {
    const events = parse(': test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n');
    expect(events).toEqual([
      { kind: 'sse-event', event: '', data: '', dataLines: 0, comment: ' test stream' },
      { kind: 'sse-event', id: '1', event: 'message', data: 'first event', dataLines: 1 },
      { kind: 'sse-event', id: '', event: 'message', data: 'second event', dataLines: 1 },
    ]);
  });

  it('a `data` line without colon adds an empty line; a last event without blank line is not dispatched', () => {
    const events = parse('data\n\ndata\ndata\n\ndata:');
    expect(events).toEqual([
      { kind: 'sse-event', event: 'message', data: '', dataLines: 1 },
      { kind: 'sse-event', event: 'message', data: '', dataLines: 2 },
    ]);
  });

  it('"data:test" and "data: test" are the same event', () => {
    expect(parse('data:test\n\ndata: test\n\n')).toEqual([
      { kind: 'sse-event', event: 'message', data: 'test', dataLines: 1 },
      { kind: 'sse-event', event: 'message', data: 'test', dataLines: 1 },
    ]);
  });

  it('CR, LF and CRLF all end lines; a CRLF split across pieces is one line end', () => {
    const events = parse('event: a\rdata: 1\r\n\r\nevent: b\ndata: 2\r\r');
    expect(events).toMatchObject([
      { event: 'a', data: '1' },
      { event: 'b', data: '2' },
    ]);
  });

  it('ignores an id containing NUL, counts retry only when all digits, and drops one leading BOM', () => {
    const events = parse('\uFEFFid: 5\ndata: x\n\nid: 6\u0000\nretry: 12a\ndata: y\n\nretry: 3000\nevent: tick\ndata: z\n\n');
    expect(events).toEqual([
      { kind: 'sse-event', id: '5', event: 'message', data: 'x', dataLines: 1 },
      { kind: 'sse-event', id: '5', event: 'message', data: 'y', dataLines: 1 },
      { kind: 'sse-event', id: '5', event: 'tick', data: 'z', dataLines: 1, retry: 3000 },
    ]);
  });

  it('an event with only an event field dispatches nothing and resets the type', () => {
    expect(parse('event: lonely\n\ndata: after\n\n')).toEqual([{ kind: 'sse-event', event: 'message', data: 'after', dataLines: 1 }]);
  });
});
