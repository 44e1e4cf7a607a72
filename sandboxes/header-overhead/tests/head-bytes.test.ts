import { once } from 'node:events';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { requestHead } from '../head-bytes.ts';
import { createHeadSizeServer } from '../server.ts';

let server: http.Server;
let port: number;
const sockets = new Set<net.Socket>();
const cleanups: Array<() => void> = [];

beforeEach(async () => {
  server = createHeadSizeServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  server.closeAllConnections();
  server.close();
});

async function connect(): Promise<net.Socket> {
  const socket = net.connect(port, '127.0.0.1');
  sockets.add(socket);
  await once(socket, 'connect');
  return socket;
}

/** Writes `request` byte for byte on `socket` and resolves with the number the server answers. */
function ask(socket: net.Socket, request: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    let received = Buffer.alloc(0);
    const finish = (error?: Error, value?: number): void => {
      socket.off('data', onData);
      socket.off('close', onClose);
      if (error) reject(error);
      else resolve(value ?? NaN);
    };
    const onData = (chunk: Buffer): void => {
      received = Buffer.concat([received, chunk]);
      const headEnd = received.indexOf('\r\n\r\n');
      if (headEnd < 0) return;
      const head = received.subarray(0, headEnd).toString('latin1');
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1]);
      const bodyStart = headEnd + 4;
      if (!Number.isInteger(length)) return finish(new Error(`The server's answer has no Content-Length: ${JSON.stringify(head)}`));
      if (received.length < bodyStart + length) return;
      const status = head.split(' ')[1];
      const body = received.subarray(bodyStart, bodyStart + length).toString('utf8');
      if (status !== '200') return finish(new Error(`The server answered ${status} instead of 200: ${body}`));
      finish(undefined, Number(body));
    };
    const onClose = (): void => finish(new Error('The server closed the connection without answering.'));
    socket.on('data', onData);
    socket.on('close', onClose);
    socket.write(request);
  });
}

const headOf = (text: string): Buffer => Buffer.from(text, 'latin1');

/** Sends `head` to a server of the test's own and resolves with what requestHead(req) rebuilt from it. */
async function rebuiltHead(head: Buffer): Promise<string> {
  let rebuilt = '';
  const own = http.createServer((req, res) => {
    rebuilt = requestHead(req);
    res.end();
  });
  own.listen(0, '127.0.0.1');
  await once(own, 'listening');
  cleanups.push(() => {
    own.closeAllConnections();
    own.close();
  });
  const socket = net.connect((own.address() as AddressInfo).port, '127.0.0.1');
  sockets.add(socket);
  socket.write(head);
  await once(socket, 'data');
  return rebuilt;
}
const show = (bytes: Buffer): string => JSON.stringify(bytes.toString('latin1'));

describe('requestHeadBytes counts the head exactly as it was on the wire', () => {
  test('a minimal GET: request line, header lines and the empty line', async () => {
    const head = headOf('GET / HTTP/1.1\r\nHost: scores.example\r\n\r\n');
    const answer = await ask(await connect(), head);
    expect(answer, `The test sent a ${head.length}-byte head: ${show(head)}. Count the request line, each header line and the final CRLF.`).toBe(head.length);
  });

  test('every header line counts, including repeated names and the spelling the client used', async () => {
    const head = headOf(
      'GET /live/scores?match=42&lang=ja HTTP/1.1\r\n' +
        'Host: scores.example\r\n' +
        'X-Tag: football\r\n' +
        'X-Tag: premier-league\r\n' +
        'Accept-Language: en-GB,en;q=0.9\r\n' +
        'X-REQUEST-ID: 7d1e0c5a\r\n' +
        '\r\n',
    );
    const answer = await ask(await connect(), head);
    expect(answer, `The test sent ${show(head)} (${head.length} bytes). The two X-Tag lines are two lines on the wire: use req.rawHeaders, not req.headers.`).toBe(head.length);
  });

  test('an HTTP/1.0 request keeps its own version in the request line', async () => {
    const head = headOf('GET /status HTTP/1.0\r\nHost: scores.example\r\nUser-Agent: old-client/1.0\r\n\r\n');
    // "HTTP/1.0" and "HTTP/1.1" have the same length, so only the rebuilt text shows a hard-coded version.
    const rebuilt = await rebuiltHead(head);
    expect(rebuilt.split('\r\n')[0], 'The request line must carry the version the client sent (req.httpVersion), not a fixed "HTTP/1.1".').toBe('GET /status HTTP/1.0');
    expect(JSON.stringify(rebuilt), `requestHead must rebuild the head byte for byte; the test sent ${show(head)}.`).toBe(show(head));
    const answer = await ask(await connect(), head);
    expect(answer, `The test sent ${show(head)} (${head.length} bytes).`).toBe(head.length);
  });

  test('the request body is not part of the head', async () => {
    const body = '{"goal":"Mitoma 23\'"}';
    const head = headOf(`POST /events HTTP/1.1\r\nHost: scores.example\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`);
    const answer = await ask(await connect(), Buffer.concat([head, Buffer.from(body)]));
    expect(answer, `The head was ${head.length} bytes and the body ${Buffer.byteLength(body)} more; only the head counts.`).toBe(head.length);
  });

  test('bytes are counted, not characters: a header byte above 0x7F is one byte', async () => {
    // 0xE9 is "é" in latin1: one byte on the wire, which UTF-8 would need two bytes to write.
    const head = Buffer.concat([headOf('GET / HTTP/1.1\r\nHost: scores.example\r\nX-City: Mont'), Buffer.from([0xe9]), headOf('al\r\n\r\n')]);
    const answer = await ask(await connect(), head);
    expect(answer, `The test sent ${head.length} bytes; the X-City value holds the single byte 0xE9. Count with Buffer.byteLength(text, 'latin1').`).toBe(head.length);
  });

  test('each request on a kept-alive connection is counted on its own', async () => {
    const socket = await connect();
    const first = headOf('GET /a HTTP/1.1\r\nHost: scores.example\r\n\r\n');
    const second = headOf('GET /a/much/longer/path?with=query HTTP/1.1\r\nHost: scores.example\r\nAccept: application/json\r\n\r\n');
    expect(await ask(socket, first), `First request: ${show(first)}`).toBe(first.length);
    expect(await ask(socket, second), `Second request on the same connection: ${show(second)}. Count this request's head, not the bytes the connection has carried so far.`).toBe(second.length);
  });
});

/** A TCP proxy in front of the server that keeps a copy of every byte the client sends through it. */
async function startRecordingProxy(): Promise<{ url: string; received: () => Buffer }> {
  const chunks: Buffer[] = [];
  const open = new Set<net.Socket>();
  const proxy = net.createServer((client) => {
    const upstream = net.connect(port, '127.0.0.1');
    open.add(client).add(upstream);
    client.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      upstream.write(chunk);
    });
    upstream.pipe(client);
    // Either side may be torn down first when the test ends; that is not an error here.
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  proxy.listen(0, '127.0.0.1');
  await once(proxy, 'listening');
  cleanups.push(() => {
    for (const socket of open) socket.destroy();
    proxy.close();
  });
  return { url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, received: () => Buffer.concat(chunks) };
}

/** Splits bodiless requests sent back to back into their heads (each ends with an empty line). */
function splitHeads(bytes: Buffer): Buffer[] {
  const heads: Buffer[] = [];
  let start = 0;
  for (let end = bytes.indexOf('\r\n\r\n'); end >= 0; end = bytes.indexOf('\r\n\r\n', start)) {
    heads.push(bytes.subarray(start, end + 4));
    start = end + 4;
  }
  return heads;
}

describe('the server answers real clients', () => {
  test('the count matches the bytes fetch() actually wrote, with its default headers and with extra ones', async () => {
    const proxy = await startRecordingProxy();
    const plain = Number(await (await fetch(`${proxy.url}/scores`)).text());
    const extra = Number(
      await (
        await fetch(`${proxy.url}/scores?match=42`, {
          headers: { cookie: 'session=4f9c2a7e1b3d5f60; theme=dark', 'x-client': 'sandbox', accept: 'application/json' },
        })
      ).text(),
    );
    const heads = splitHeads(proxy.received());
    expect(heads, 'The recording proxy should have seen two request heads.').toHaveLength(2);
    const [firstHead, secondHead] = heads as [Buffer, Buffer];
    expect(plain, `fetch() wrote ${show(firstHead)} (${firstHead.length} bytes).`).toBe(firstHead.length);
    expect(extra, `fetch() wrote ${show(secondHead)} (${secondHead.length} bytes).`).toBe(secondHead.length);
  });
});
