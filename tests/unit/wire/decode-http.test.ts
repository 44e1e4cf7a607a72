/**
 * HTTP/1.1 (Content-Length, chunked, keep-alive, Upgrade to WebSocket, SSE body), HTTP/2 + gRPC and
 * MQTT decoding through the connection decoder, as one end of a connection sees them.
 */
import { describe, expect, it } from 'vitest';
import { ConnectionDecoder, sniff, type DirectedTraffic } from '../../../src/wire/decode/connection.ts';
import { decodeHeaderBlock } from '../../../src/wire/decode/hpack.ts';
import { CLIENT_PREFACE } from '../../../src/wire/decode/http2.ts';

const enc = (text: string) => new TextEncoder().encode(text);
const bytes = (...parts: Array<number[] | Uint8Array | string>) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...enc(p)] : [...p])));
const strip = (events: DirectedTraffic[]) => events.map(({ head: _h, ...rest }) => rest);

/** Feeds a scripted conversation, optionally byte by byte, and returns all events. */
function converse(role: 'client' | 'server', script: Array<['out' | 'in', Uint8Array]>, bytewise = false) {
  const decoder = new ConnectionDecoder(role);
  const out: DirectedTraffic[] = [];
  for (const [dir, data] of script) {
    if (!bytewise) out.push(...decoder.push(dir, data));
    else for (let i = 0; i < data.length; i++) out.push(...decoder.push(dir, data.subarray(i, i + 1)));
  }
  return { decoder, events: strip(out) };
}

describe.each([false, true])('HTTP/1.1 (bytewise: %s)', (bytewise) => {
  it('a request and a Content-Length response, then a second request on the same connection', () => {
    const { events, decoder } = converse('client', [
      ['out', bytes('GET /a HTTP/1.1\r\nHost: x\r\n\r\n')],
      ['in', bytes('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nETag: "v1"\r\n\r\nhello')],
      ['out', bytes('GET /b HTTP/1.1\r\nIf-None-Match: "v1"\r\n\r\n')],
      ['in', bytes('HTTP/1.1 304 Not Modified\r\nETag: "v1"\r\n\r\n')],
    ], bytewise);
    expect(decoder.protocol).toBe('http1');
    const kinds = events.map((e) => `${e.dir} ${e.kind}`);
    expect(kinds[0]).toBe('out http-request');
    expect(events[0]).toMatchObject({ method: 'GET', path: '/a', version: 'HTTP/1.1', headers: [['Host', 'x']] });
    expect(events.find((e) => e.kind === 'http-response')).toMatchObject({ dir: 'in', status: 200, reason: 'OK' });
    const body = events.filter((e) => e.kind === 'http-body-chunk');
    expect(body.at(-1)).toMatchObject({ last: true, chunked: false });
    expect(body.reduce((n, e) => n + (e as { length: number }).length, 0)).toBe(5);
    expect(events.filter((e) => e.kind === 'http-response').map((e) => (e as { status: number }).status)).toEqual([200, 304]);
    expect(events.filter((e) => e.kind === 'http-request').map((e) => (e as { path: string }).path)).toEqual(['/a', '/b']);
  });

  it('a chunked response: one event per chunk, a last marker, trailers skipped', () => {
    const { events } = converse('server', [
      ['in', bytes('POST /up HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc')],
      ['out', bytes('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\nX-T: 1\r\n\r\n')],
      ['in', bytes('GET /next HTTP/1.1\r\n\r\n')],
    ], bytewise);
    const chunks = events.filter((e) => e.kind === 'http-body-chunk' && e.dir === 'out');
    expect(chunks).toMatchObject([
      { length: 4, preview: 'Wiki', chunked: true, last: false },
      { length: 5, preview: 'pedia', chunked: true, last: false },
      { length: 0, chunked: true, last: true },
    ]);
    expect(events.filter((e) => e.kind === 'http-request').map((e) => (e as { path: string }).path)).toEqual(['/up', '/next']);
  });

  it('an event-stream response is parsed into SSE events (and Last-Event-ID is in the request headers)', () => {
    const { events, decoder } = converse('client', [
      ['out', bytes('GET /events HTTP/1.1\r\nLast-Event-ID: 7\r\n\r\n')],
      ['in', bytes('HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n')],
      ['in', bytes('10\r\nid: 8\ndata: hi\n\n\r\n')],
    ], bytewise);
    expect(decoder.protocol).toBe('sse');
    expect(events[0]).toMatchObject({ headers: [['Last-Event-ID', '7']] });
    expect(events.filter((e) => e.kind === 'sse-event')).toMatchObject([{ id: '8', event: 'message', data: 'hi' }]);
  });

  it('follows an Upgrade to WebSocket after 101 and decodes frames both ways', () => {
    const { events, decoder } = converse('client', [
      ['out', bytes('GET /chat HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n')],
      ['in', bytes('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n', [0x81, 0x02], 'hi')],
      ['out', bytes([0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58])],
    ], bytewise);
    expect(decoder.protocol).toBe('websocket');
    expect(events.map((e) => `${e.dir} ${e.kind}`)).toEqual(['out http-request', 'in http-response', 'in ws-frame', 'out ws-frame']);
    expect(events.filter((e) => e.kind === 'ws-frame').map((e) => (e as { preview: string }).preview)).toEqual(['hi', 'Hello']);
  });

  it('a refused Upgrade (426) keeps decoding HTTP', () => {
    const { events } = converse('client', [
      ['out', bytes('GET /chat HTTP/1.1\r\nUpgrade: websocket\r\n\r\n')],
      ['in', bytes('HTTP/1.1 426 Upgrade Required\r\nContent-Length: 0\r\n\r\n')],
      ['out', bytes('GET /plain HTTP/1.1\r\n\r\n')],
    ], bytewise);
    expect(events.filter((e) => e.kind === 'http-request').map((e) => (e as { path: string }).path)).toEqual(['/chat', '/plain']);
  });
});

describe('HTTP/2 and gRPC', () => {
  const frame = (type: number, flags: number, stream: number, payload: number[]) => [
    (payload.length >> 16) & 255, (payload.length >> 8) & 255, payload.length & 255, type, flags, 0, 0, 0, stream, ...payload,
  ];
  // :method POST (static 3), :path literal "/pkg.Svc/Call" (name index 4, without indexing), content-type application/grpc
  const requestHeaders = [0x83, 0x04, 13, ...enc('/pkg.Svc/Call'), 0x0f, 0x10, 16, ...enc('application/grpc')];
  const message = [0, 0, 0, 0, 3, 0x08, 0x96, 0x01];

  it.each([false, true])('reads frames, static/literal headers, messages split across frames and trailers (bytewise: %s)', (bytewise) => {
    const { events, decoder } = converse('client', [
      ['in', bytes(frame(4, 0, 0, []))], // the server's SETTINGS may come before the client's preface
      ['out', bytes(CLIENT_PREFACE, frame(4, 0, 0, []), frame(1, 4, 1, requestHeaders), frame(0, 0, 1, message.slice(0, 6)), frame(0, 1, 1, message.slice(6)))],
      ['in', bytes(frame(1, 4, 1, [0x88]), frame(0, 0, 1, message), frame(1, 5, 1, [0x00, 11, ...enc('grpc-status'), 1, ...enc('0')]))],
    ], bytewise);
    expect(decoder.protocol).toBe('http2');
    const headers = events.find((e) => e.kind === 'h2-frame' && e.typeName === 'HEADERS' && e.dir === 'out');
    expect(headers).toMatchObject({ streamId: 1, headers: [[':method', 'POST'], [':path', '/pkg.Svc/Call'], ['content-type', 'application/grpc']] });
    expect(events.filter((e) => e.kind === 'grpc-message')).toMatchObject([
      { dir: 'out', streamId: 1, length: 3, compressed: false },
      { dir: 'in', streamId: 1, length: 3 },
    ]);
    expect(events.find((e) => e.kind === 'grpc-trailers')).toMatchObject({ dir: 'in', streamId: 1, status: 0 });
    expect(events.filter((e) => e.kind === 'h2-frame' && e.dir === 'in')[0]).toMatchObject({ typeName: 'SETTINGS' });
  });

  it('skips Huffman strings and dynamic-table references rather than guessing', () => {
    expect(decodeHeaderBlock(Uint8Array.from([0x82, 0xbe, 0x40, 0x83, 1, 2, 3, 1, 0x61]))).toEqual([[':method', 'GET']]);
  });
});

describe('MQTT', () => {
  const connect = [0x10, 12, 0, 4, ...enc('MQTT'), 4, 2, 0, 60, 0, 0];
  const publish = [0x32, 9, 0, 3, ...enc('a/b'), 0, 10, ...enc('hi')];
  it('labels CONNECT, PUBLISH (topic, QoS, id, payload) and PUBACK', () => {
    expect(sniff(Uint8Array.from(connect))).toBe('mqtt');
    const { events } = converse('client', [
      ['out', Uint8Array.from(connect)],
      ['in', Uint8Array.from([0x20, 2, 0, 0])],
      ['out', Uint8Array.from(publish)],
      ['in', Uint8Array.from([0x40, 2, 0, 10])],
    ], true);
    expect(events).toMatchObject([
      { dir: 'out', typeName: 'CONNECT' },
      { dir: 'in', typeName: 'CONNACK' },
      { dir: 'out', typeName: 'PUBLISH', topic: 'a/b', qos: 1, packetId: 10, preview: 'hi' },
      { dir: 'in', typeName: 'PUBACK', packetId: 10 },
    ]);
  });
});
