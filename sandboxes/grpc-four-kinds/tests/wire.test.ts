// Below the generated client: raw HTTP/2 requests from node:http2, built byte by byte. A gRPC message on
// the wire is a 5-byte prefix (1 byte compressed flag, 4 bytes big-endian length) and the Protocol Buffers
// bytes. Broken requests must get an error status, never take the server down.
import http2 from 'node:http2';
import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, test } from 'vitest';
import { getNote, start, statusName, stopEverything, within } from './harness.ts';

const sessions: http2.ClientHttp2Session[] = [];
afterEach(() => {
  for (const session of sessions.splice(0)) session.destroy();
  stopEverything();
});

/** One gRPC length-prefixed message: flag 0 (not compressed), the length as 4 bytes big-endian, the bytes. */
function frame(message: Buffer): Buffer {
  const prefix = Buffer.alloc(5);
  prefix.writeUInt8(0, 0);
  prefix.writeUInt32BE(message.length, 1);
  return Buffer.concat([prefix, message]);
}

interface RawAnswer {
  headers: http2.IncomingHttpHeaders;
  trailers: http2.IncomingHttpHeaders;
  body: Buffer;
}

/** POSTs `body` to `path` over a fresh HTTP/2 connection and collects headers, body and trailers. */
async function rawCall(port: number, path: string, headers: http2.OutgoingHttpHeaders, body: Buffer): Promise<RawAnswer> {
  const session = http2.connect(`http://127.0.0.1:${port}`);
  sessions.push(session);
  session.on('error', () => {});
  const request = session.request({ ':method': 'POST', ':path': path, ...headers });
  const answer: RawAnswer = { headers: {}, trailers: {}, body: Buffer.alloc(0) };
  const chunks: Buffer[] = [];
  request.on('response', (h) => (answer.headers = h));
  request.on('trailers', (t) => (answer.trailers = t));
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('error', () => {});
  request.end(body);
  await within(new Promise((resolve) => request.on('close', resolve)), 2000, `The server did not finish answering a raw request to ${path} within 2 s.`);
  answer.body = Buffer.concat(chunks);
  return answer;
}

/** grpc-status arrives in the trailers, or in the headers of a "trailers-only" answer with no messages. */
const grpcStatus = (answer: RawAnswer): string | undefined => (answer.trailers['grpc-status'] ?? answer.headers['grpc-status']) as string | undefined;

const GRPC_HEADERS = { 'content-type': 'application/grpc', te: 'trailers' };

describe('the wire format, by hand', () => {
  test('a hand-built frame for GetNote { seq: 2 } gets a framed Note and grpc-status 0 in the trailers', async () => {
    const { port } = await start(['first', 'second']);
    // Field 1 (seq), wire type 0 (varint): tag byte (1 << 3) | 0 = 0x08, then the value 2.
    const answer = await rawCall(port, '/notes.v1.Notes/GetNote', GRPC_HEADERS, frame(Buffer.from([0x08, 0x02])));
    expect(answer.headers[':status'], 'gRPC answers HTTP 200 even for errors; the outcome is grpc-status.').toBe(200);
    expect(String(answer.headers['content-type'])).toMatch(/^application\/grpc/);
    expect(grpcStatus(answer), `GetNote { seq: 2 } should succeed; grpc-message: ${decodeURIComponent(String(answer.trailers['grpc-message'] ?? answer.headers['grpc-message'] ?? ''))}`).toBe('0');
    expect(answer.trailers['grpc-status'], 'With a message in the body, the status comes after it, in the trailers (a second HEADERS frame).').toBe('0');
    const length = answer.body.readUInt32BE(1);
    expect(answer.body[0], 'Compressed flag 0.').toBe(0);
    expect(answer.body.length, 'The body is exactly one prefix plus the message it announces.').toBe(5 + length);
    // Note { seq: 2, author: "ana", text: "second" }: 08 02 | 12 03 "ana" | 1a 06 "second"
    expect(answer.body.subarray(5).toString('hex')).toBe(Buffer.concat([Buffer.from([0x08, 0x02, 0x12, 0x03]), Buffer.from('ana'), Buffer.from([0x1a, 0x06]), Buffer.from('second')]).toString('hex'));
  });
});

describe('malformed requests get an error, and the server keeps serving', () => {
  test('a wrong content-type, a truncated prefix, a short prefix and undecodable bytes', async () => {
    const { port, client } = await start(['first']);
    const json = await rawCall(port, '/notes.v1.Notes/GetNote', { 'content-type': 'application/json' }, Buffer.from('{"seq":1}'));
    expect(json.headers[':status'], 'Not gRPC at all: grpc-js 1.14.7 answers HTTP 415 Unsupported Media Type before any handler runs.').toBe(415);

    // The prefix promises 100 bytes, 2 follow, then the stream ends.
    const truncated = await rawCall(port, '/notes.v1.Notes/GetNote', GRPC_HEADERS, Buffer.from([0, 0, 0, 0, 100, 0x08, 0x01]));
    expect(grpcStatus(truncated), 'A message cut short is never handed to GetNote; the call fails with a non-zero status.').not.toBe('0');
    expect(grpcStatus(truncated)).toBeDefined();

    const shortPrefix = await rawCall(port, '/notes.v1.Notes/AddNotes', { ...GRPC_HEADERS, 'x-user': 'eve' }, Buffer.from([0, 0, 0]));
    expect(grpcStatus(shortPrefix), 'Three bytes are not even a prefix.').toBeDefined();

    const garbage = await rawCall(port, '/notes.v1.Notes/GetNote', GRPC_HEADERS, frame(Buffer.from([0xff, 0xff, 0xff])));
    expect(grpcStatus(garbage), 'Bytes that are not a GetNoteRequest cannot be decoded: INTERNAL (13).').toBe(String(grpc.status.INTERNAL));

    const after = await getNote(client, 1);
    expect(statusName(after.error?.code), 'After all that, a real client is still served.').toBe('OK (0)');
  });

  test('an unknown method is UNIMPLEMENTED', async () => {
    const { port } = await start();
    const answer = await rawCall(port, '/notes.v1.Notes/DeleteEverything', GRPC_HEADERS, frame(Buffer.alloc(0)));
    expect(grpcStatus(answer)).toBe(String(grpc.status.UNIMPLEMENTED));
  });
});
