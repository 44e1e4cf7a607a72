/**
 * Pins the wire facts the gRPC lessons teach (lessons/04-grpc/), against the libraries the sandboxes use
 * (@grpc/grpc-js 1.14.7, @grpc/proto-loader 0.8.1, Node 22.23):
 *
 * - Protocol Buffers encoding: the guide's test vectors (https://protobuf.dev/programming-guides/encoding/):
 *   Test1 { a: 150 } is 08 96 01, Test2 { b: "testing" } is 12 07 74 65 73 74 69 6e 67.
 * - gRPC's length-prefixed message: 1 byte compressed flag, 4 bytes big-endian length, the message. A frame
 *   built by hand and sent over node:http2 is accepted by a real grpc-js server, split or batched anyhow.
 * - What a grpc-js client puts on the wire: POST /package.Service/Method, content-type application/grpc,
 *   te: trailers, grpc-timeout in milliseconds ("<n>m").
 * - Status in the trailers after messages, or alone in the headers ("trailers-only") when there are none.
 */
import http2 from 'node:http2';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { afterEach, describe, expect, test } from 'vitest';

const PROTO = fileURLToPath(new URL('../fixtures/grpc/wire.proto', import.meta.url));
const definition = protoLoader.loadSync(PROTO, { longs: Number, defaults: true });
const Wire = (grpc.loadPackageDefinition(definition) as unknown as { wire: { v1: { Wire: grpc.ServiceClientConstructor } } }).wire.v1.Wire;
const methods = definition['wire.v1.Wire'] as unknown as Record<string, { path: string; requestSerialize: (value: object) => Buffer; responseDeserialize: (bytes: Buffer) => object }>;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex').replace(/(..)(?=.)/g, '$1 ');

/** 1 byte compressed flag (0), 4 bytes big-endian length, then the message. */
function lengthPrefixed(message: Buffer): Buffer {
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32BE(message.length, 1);
  return Buffer.concat([prefix, message]);
}

async function startWireServer(): Promise<number> {
  const server = new grpc.Server();
  server.addService(Wire.service, {
    increment: (call: grpc.ServerUnaryCall<{ a: number }, { a: number }>, callback: grpc.sendUnaryData<{ a: number }>) => callback(null, { a: call.request.a + 1 }),
    sum: (call: grpc.ServerReadableStream<{ a: number }, { a: number }>, callback: grpc.sendUnaryData<{ a: number }>) => {
      let total = 0;
      call.on('data', ({ a }: { a: number }) => (total += a));
      call.on('end', () => callback(null, { a: total }));
    },
    fail: (_call: grpc.ServerUnaryCall<{ b: string }, { a: number }>, callback: grpc.sendUnaryData<{ a: number }>) => callback({ code: grpc.status.NOT_FOUND, details: 'no such thing: ü' }),
  });
  cleanups.push(() => server.forceShutdown());
  return new Promise((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port))));
}

interface RawAnswer {
  headers: http2.IncomingHttpHeaders;
  trailers: http2.IncomingHttpHeaders;
  body: Buffer;
}

/** A POST over node:http2 whose body is written in the given pieces, one DATA write each. */
async function rawCall(port: number, path: string, pieces: Buffer[]): Promise<RawAnswer> {
  const session = http2.connect(`http://127.0.0.1:${port}`);
  cleanups.push(() => session.destroy());
  const stream = session.request({ ':method': 'POST', ':path': path, 'content-type': 'application/grpc', te: 'trailers' });
  const answer: RawAnswer = { headers: {}, trailers: {}, body: Buffer.alloc(0) };
  const chunks: Buffer[] = [];
  stream.on('response', (headers) => (answer.headers = headers));
  stream.on('trailers', (trailers) => (answer.trailers = trailers));
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  for (const piece of pieces) {
    stream.write(piece);
    await new Promise((resolve) => setImmediate(resolve)); // separate writes, separate DATA frames
  }
  stream.end();
  await once(stream, 'close');
  answer.body = Buffer.concat(chunks);
  return answer;
}

describe('Protocol Buffers encoding (the encoding guide\'s vectors, through @grpc/proto-loader)', () => {
  test('Test1 { a: 150 } is 08 96 01: tag (field 1 << 3 | wire type 0), then the varint 150', () => {
    const bytes = methods.Increment!.requestSerialize({ a: 150 });
    expect(hex(bytes)).toBe('08 96 01');
    // The varint by hand: 150 = 0b1_0010110 → low 7 bits 0010110 with the continuation bit set (0x96), then 0000001 (0x01).
    expect([(150 & 0x7f) | 0x80, 150 >> 7]).toEqual([0x96, 0x01]);
    expect(methods.Increment!.responseDeserialize(Buffer.from([0x08, 0x96, 0x01]))).toEqual({ a: 150 });
  });

  test('Test2 { b: "testing" } is 12 07 74 65 73 74 69 6e 67: tag (2 << 3 | wire type 2), length 7, the UTF-8 bytes', () => {
    expect(hex(methods.Fail!.requestSerialize({ b: 'testing' }))).toBe('12 07 74 65 73 74 69 6e 67');
  });

  test('an absent field costs nothing and decodes as its default; protobufjs still writes an explicit 0', () => {
    expect(methods.Increment!.requestSerialize({}).length).toBe(0);
    expect(methods.Increment!.responseDeserialize(Buffer.alloc(0)), 'An empty message decodes as a: 0 (proto3 default).').toEqual({ a: 0 });
    // The protobuf guide's implementations (C++, Java, Go) leave proto3 fields at their default out; protobufjs 7,
    // under @grpc/proto-loader 0.8.1, writes a field that is set, even to 0. Both decode to the same message.
    expect(hex(methods.Increment!.requestSerialize({ a: 0 }))).toBe('08 00');
  });

  test('a negative int32 costs 10 bytes (sign-extended to 64 bits), which is why sint32 exists', () => {
    expect(hex(methods.Increment!.requestSerialize({ a: -1 }))).toBe('08 ff ff ff ff ff ff ff ff ff 01');
  });

  test('sint32 uses ZigZag: 0, -1, 1, -2, -5 become 0, 1, 2, 3, 9 (the lesson and its quiz)', () => {
    const zig = (z: number) => hex(methods.Zag!.requestSerialize({ z }));
    expect([zig(-1), zig(1), zig(-2), zig(-5)]).toEqual(['08 01', '08 02', '08 03', '08 09']);
    expect(methods.Increment!.responseDeserialize(Buffer.from([0x08, 0x09])), 'The same bytes read as int32 are 9, not -5.').toEqual({ a: 9 });
  });

  test('300 is 08 ac 02 (the quiz\'s varint question)', () => {
    expect(hex(methods.Increment!.requestSerialize({ a: 300 }))).toBe('08 ac 02');
  });

  test('the lesson\'s Note { seq: 150, author: "ana", text: "hi" } is 12 bytes, against 38 as compact JSON', () => {
    const notesProto = fileURLToPath(new URL('../../sandboxes/grpc-four-kinds/starter/notes.proto', import.meta.url));
    const notes = protoLoader.loadSync(notesProto, { longs: Number, defaults: true })['notes.v1.Notes'] as unknown as Record<string, { responseSerialize: (value: object) => Buffer }>;
    const note = { seq: 150, author: 'ana', text: 'hi' };
    expect(hex(notes.GetNote!.responseSerialize(note))).toBe('08 96 01 12 03 61 6e 61 1a 02 68 69');
    expect(JSON.stringify(note).length).toBe(38);
  });
});

describe('gRPC length-prefixed messages over a real grpc-js server', () => {
  test('a hand-built frame is accepted, and the answer comes back framed the same way with grpc-status 0 in trailers', async () => {
    const port = await startWireServer();
    const answer = await rawCall(port, '/wire.v1.Wire/Increment', [lengthPrefixed(Buffer.from([0x08, 0x96, 0x01]))]);
    expect(answer.headers[':status']).toBe(200);
    expect(answer.headers['content-type']).toBe('application/grpc+proto');
    expect(hex(answer.body), 'Flag 0, length 3, then Test1 { a: 151 }.').toBe('00 00 00 00 03 08 97 01');
    expect(answer.trailers['grpc-status']).toBe('0');
  });

  test('message boundaries come from the prefix, not from DATA frames: two messages in one write, one split across three', async () => {
    const port = await startWireServer();
    const one = lengthPrefixed(Buffer.from([0x08, 0x01]));
    const two = lengthPrefixed(Buffer.from([0x08, 0x02]));
    const big = lengthPrefixed(Buffer.from([0x08, 0x96, 0x01]));
    const answer = await rawCall(port, '/wire.v1.Wire/Sum', [Buffer.concat([one, two]), big.subarray(0, 2), big.subarray(2, 6), big.subarray(6)]);
    expect(answer.trailers['grpc-status']).toBe('0');
    expect(methods.Sum!.responseDeserialize(answer.body.subarray(5))).toEqual({ a: 153 });
  });

  test('an error with no messages is "trailers-only": grpc-status and a percent-encoded grpc-message in the only HEADERS', async () => {
    const port = await startWireServer();
    const answer = await rawCall(port, '/wire.v1.Wire/Fail', [lengthPrefixed(Buffer.alloc(0))]);
    expect(answer.headers[':status'], 'Still HTTP 200: the gRPC status is separate.').toBe(200);
    expect(answer.headers['grpc-status']).toBe(String(grpc.status.NOT_FOUND));
    expect(answer.headers['grpc-message']).toBe('no%20such%20thing:%20%C3%BC');
    expect(answer.body.length).toBe(0);
    expect(answer.trailers).toEqual({});
  });
});

describe('what a grpc-js client sends', () => {
  test('POST to /package.Service/Method with content-type application/grpc, te: trailers and grpc-timeout in milliseconds', async () => {
    const server = http2.createServer();
    cleanups.push(() => server.close());
    let seen: http2.IncomingHttpHeaders = {};
    let body = Buffer.alloc(0);
    server.on('stream', (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders) => {
      seen = headers;
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        body = Buffer.concat(chunks);
        stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
        stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
        stream.end(lengthPrefixed(Buffer.from([0x08, 0x2a])));
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const client = new Wire(`127.0.0.1:${(server.address() as { port: number }).port}`, grpc.credentials.createInsecure());
    cleanups.push(() => client.close());
    const metadata = new grpc.Metadata();
    metadata.set('x-request-id', 'r-1');
    metadata.set('trace-bin', Buffer.from([1, 2, 3]));
    const reply = await new Promise<unknown>((resolve, reject) => {
      (client as unknown as Record<string, (...args: unknown[]) => void>).increment!({ a: 150 }, metadata, { deadline: Date.now() + 2000 }, (error: Error | null, value: unknown) => (error ? reject(error) : resolve(value)));
    });
    expect(reply).toEqual({ a: 42 });
    expect(seen[':method']).toBe('POST');
    expect(seen[':path']).toBe('/wire.v1.Wire/Increment');
    expect(seen['content-type']).toBe('application/grpc');
    expect(seen.te).toBe('trailers');
    expect(seen['grpc-timeout'], 'The deadline travels as a timeout: digits and a unit, m for milliseconds.').toMatch(/^\d{1,8}m$/);
    expect(Number(String(seen['grpc-timeout']).slice(0, -1))).toBeLessThanOrEqual(2000);
    expect(seen['x-request-id']).toBe('r-1');
    expect(seen['trace-bin'], 'Binary metadata (key ending in -bin) travels base64-encoded.').toBe('AQID');
    expect(hex(body)).toBe('00 00 00 00 03 08 96 01');
  });
});
