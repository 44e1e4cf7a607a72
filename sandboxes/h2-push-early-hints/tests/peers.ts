// Real peers for your server: Node's own HTTP/2 client (which accepts pushes unless told not to), Node's
// HTTPS/1.1 client, and curl when it is installed. Everything they saw is recorded with the time it arrived.
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { connect, type ClientHttp2Session, type Http2SecureServer, type IncomingHttpHeaders } from 'node:http2';
import { request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createSite, type Mode } from '../site.ts';
import { TEST_CERT, TEST_KEY } from '../tls.ts';

const servers: Http2SecureServer[] = [];
const sessions: ClientHttp2Session[] = [];

export async function startSite(mode: Mode, thinkMs: number): Promise<string> {
  const server = createSite({ key: TEST_KEY, cert: TEST_CERT, mode, thinkMs });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function closeAll(): Promise<void> {
  for (const session of sessions.splice(0)) session.destroy();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
}

export interface Pushed {
  path: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
  /** ms after the request was sent that the PUSH_PROMISE arrived. */
  promisedAt: number;
}

export interface H2Result {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** ms after the request was sent that the final response's headers arrived. */
  responseAt: number;
  informational: { status: number; headers: IncomingHttpHeaders; at: number }[];
  pushes: Pushed[];
}

/** GET over HTTP/2. enablePush false sends SETTINGS_ENABLE_PUSH = 0, as browsers do today. */
export async function h2Get(origin: string, path: string, enablePush: boolean, limitMs = 2000): Promise<H2Result> {
  const session = connect(origin, { ca: TEST_CERT, settings: { enablePush } });
  sessions.push(session);
  session.on('error', () => {});
  const started = performance.now();
  const pushes: Promise<Pushed>[] = [];
  session.on('stream', (pushed, headers) => {
    const promisedAt = performance.now() - started;
    pushes.push(
      new Promise((resolve) => {
        let body = '';
        let responseHeaders: IncomingHttpHeaders = {};
        pushed.on('push', (h: IncomingHttpHeaders) => (responseHeaders = h));
        pushed.setEncoding('utf8');
        pushed.on('data', (chunk: string) => (body += chunk));
        pushed.on('error', () => resolve({ path: headers[':path'] as string | undefined, headers: responseHeaders, body, promisedAt }));
        pushed.on('end', () => resolve({ path: headers[':path'] as string | undefined, headers: responseHeaders, body, promisedAt }));
      }),
    );
  });
  const req = session.request({ ':path': path });
  const informational: H2Result['informational'] = [];
  req.on('headers', (headers) => informational.push({ status: Number(headers[':status']), headers, at: performance.now() - started }));
  const result = new Promise<H2Result>((resolve, reject) => {
    let body = '';
    let headers: IncomingHttpHeaders = {};
    let responseAt = 0;
    req.on('response', (h) => {
      headers = h;
      responseAt = performance.now() - started;
    });
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => resolve({ status: Number(headers[':status']), headers, body, responseAt, informational, pushes: [] }));
    req.on('error', (error) => reject(new Error(`the request for ${path} failed: ${error.message}`)));
  });
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`no complete response for ${path} within ${limitMs} ms`)), limitMs).unref(),
  );
  const page = await Promise.race([result, timeout]);
  // A push the server promised finishes on its own stream; give it a moment after the page.
  await new Promise((resolve) => setTimeout(resolve, 50));
  page.pushes = await Promise.race([Promise.all(pushes), timeout]);
  return page;
}

export interface H1Result {
  status: number;
  body: string;
  informational: { status: number; headers: Record<string, string | string[] | undefined> }[];
}

/** GET over HTTP/1.1 with TLS (the server's allowHTTP1 path), recording 1xx responses. */
export function h1Get(origin: string, path: string): Promise<H1Result> {
  return new Promise((resolve, reject) => {
    const informational: H1Result['informational'] = [];
    const req = request(`${origin}${path}`, { ca: TEST_CERT, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, informational }));
    });
    req.on('information', (info) => informational.push({ status: info.statusCode, headers: info.headers }));
    req.on('error', reject);
    req.setTimeout(2000, () => req.destroy(new Error(`no response for ${path} over HTTP/1.1 within 2 s`)));
    req.end();
  });
}

/** curl's dump of every response header block (1xx included), or undefined when curl is not installed. */
export function curlHeaders(url: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('curl', ['--silent', '--insecure', '--http2', '--max-time', '3', '--dump-header', '-', '--output', '/dev/null', url], (error, stdout) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') resolve(undefined);
      else resolve(stdout);
    });
  });
}
