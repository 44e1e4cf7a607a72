// One HTTPS server (HTTP/2, with HTTP/1.1 for clients that cannot do better) that serves a page whose
// stylesheet the browser needs at once. Generating the page takes thinkMs, as a database query would;
// the two modes use that idle time differently:
//   push         HTTP/2 Server Push: PUSH_PROMISE the stylesheet, then send it, before the page is ready.
//   early-hints  103 Early Hints: tell the browser to preload the stylesheet itself.
import { createSecureServer, Http2ServerRequest, type Http2SecureServer, type Http2ServerResponse } from 'node:http2';
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { PAGE_HTML, STYLESHEET, STYLESHEET_PATH, sendStylesheetHeaders } from './page.ts';

export type Mode = 'push' | 'early-hints';

export interface SiteOptions {
  key: string;
  cert: string;
  mode: Mode;
  /** How long "generating" the page takes. Default 300 ms. */
  thinkMs?: number;
}

type Request = Http2ServerRequest | IncomingMessage;

/** What this file needs from a response: HTTP/2's compatibility API and HTTP/1.1's both have it. */
interface Response {
  writeHead(status: number, headers?: OutgoingHttpHeaders): unknown;
  end(body: string): unknown;
  writeEarlyHints(hints: Record<string, string | string[]>): void;
  readonly headersSent: boolean;
  readonly destroyed: boolean;
  destroy(): unknown;
}

/** The Link header value that asks a browser to fetch the stylesheet now, as a stylesheet. */
export const PRELOAD_LINK = `<${STYLESHEET_PATH}>; rel=preload`;

function reply(res: Response, status: number, headers: OutgoingHttpHeaders = {}, body = ''): void {
  res.writeHead(status, headers);
  res.end(body);
}

function sendStylesheet(res: Response): void {
  reply(res, 200, sendStylesheetHeaders(), STYLESHEET);
}

/** Promises the stylesheet on this page's stream and sends it, when the client accepts pushes at all. */
function pushStylesheet(req: Request, res: Response): void {
  // HTTP/1.1 has no push, and an HTTP/2 client can forbid it with SETTINGS_ENABLE_PUSH = 0 (every
  // current browser does); pushStream() would throw ERR_HTTP2_PUSH_DISABLED.
  if (!(req instanceof Http2ServerRequest) || !req.stream.session?.remoteSettings.enablePush) return;
  const page = res as Http2ServerResponse;
  page.createPushResponse({ ':path': STYLESHEET_PATH }, (error, pushed) => {
    if (error) return;
    // A client may reset the push with RST_STREAM; a stream error must not take the server down.
    pushed.stream.on('error', () => {});
    sendStylesheet(pushed);
  });
}

async function handle(req: Request, res: Response, options: SiteOptions): Promise<void> {
  if (req.method !== 'GET') return reply(res, 405);
  if (req.url === STYLESHEET_PATH) return sendStylesheet(res);
  if (req.url !== '/') return reply(res, 404);

  // Both must happen before the slow part, or they win nothing: the point is to use the idle time.
  if (options.mode === 'push') pushStylesheet(req, res);
  else res.writeEarlyHints({ link: PRELOAD_LINK });

  await sleep(options.thinkMs ?? 300);
  if (res.destroyed) return; // the client went away while we were thinking
  reply(res, 200, { 'content-type': 'text/html; charset=utf-8' }, PAGE_HTML);
}

export function createSite(options: SiteOptions): Http2SecureServer {
  return createSecureServer({ key: options.key, cert: options.cert, allowHTTP1: true }, (req, res) => {
    handle(req, res, options).catch((error: unknown) => {
      console.error(`Request for ${req.url} failed: ${(error as Error).message}`);
      if (!res.headersSent) reply(res, 500);
      else res.destroy();
    });
  });
}
