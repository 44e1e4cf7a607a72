/**
 * Forwards one request or WebSocket upgrade from the preview origin (preview-server.ts) to a server a
 * learner's run started, and cuts it off the moment the run ends.
 *
 * The target comes from the runner's preview registry: a port the kernel says a process of that run
 * is listening on (src/runner/listening-ports.ts), checked again for every request, so a run that
 * closed its server cannot have the proxy talk to whatever takes the port next.
 */
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import type { PreviewTarget } from '../runner/preview-registry.ts';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

/**
 * Every preview response is embedded by the course page, which is cross-origin isolated (COEP
 * require-corp): a cross-origin frame must opt in with CORP and carry COEP itself (HTML §7.1.3).
 */
export const PREVIEW_EMBEDDING_HEADERS: Readonly<Record<string, string>> = {
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'cross-origin',
};

export function notRunning(response: ServerResponse): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.writeHead(502, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...PREVIEW_EMBEDDING_HEADERS });
  response.end(
    '<!doctype html><meta charset="utf-8"><title>Preview not available</title><p>This sandbox run has no server listening ' +
      'right now. Press Run in the sandbox, and the preview appears once its server listens.</p>',
  );
}

/** `host` comes from target.connectHost(), checked by the caller just before. */
export function forwardPreview(request: IncomingMessage, response: ServerResponse, target: PreviewTarget, host: string, path: string): void {
  const headers = { ...request.headers, host: `${host.includes(':') ? `[${host}]` : host}:${target.port}` };
  delete headers['accept-encoding']; // keep bodies readable if the learner's server compresses oddly
  const upstream = httpRequest({ host, port: target.port, method: request.method, path, headers, agent: false }, (answer) => {
    const out: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
    Object.assign(out, PREVIEW_EMBEDDING_HEADERS);
    response.writeHead(answer.statusCode ?? 502, answer.statusMessage, out);
    // Streamed responses (SSE, NDJSON) must reach the page as they are written.
    response.flushHeaders();
    answer.pipe(response);
  });
  const cutOff = (): void => {
    upstream.destroy();
    response.destroy();
  };
  target.ended.addEventListener('abort', cutOff, { once: true });
  upstream.on('error', () => notRunning(response));
  response.on('close', () => {
    upstream.destroy();
    target.ended.removeEventListener('abort', cutOff);
  });
  request.pipe(upstream);
}

/** Pipes a WebSocket (or any) upgrade to the run's server, byte for byte, until either side or the run ends. */
export function forwardPreviewUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, target: PreviewTarget, host: string, path: string): void {
  const upstream = connect(target.port, host, () => {
    const lines = [`${request.method} ${path} HTTP/1.1`];
    for (let i = 0; i < request.rawHeaders.length; i += 2) {
      const name = request.rawHeaders[i]!;
      lines.push(`${name}: ${name.toLowerCase() === 'host' ? `${host.includes(':') ? `[${host}]` : host}:${target.port}` : request.rawHeaders[i + 1]}`);
    }
    upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (head.length) upstream.write(head);
    upstream.pipe(socket);
    socket.pipe(upstream);
  });
  const cutOff = (): void => {
    upstream.destroy();
    socket.destroy();
  };
  target.ended.addEventListener('abort', cutOff, { once: true });
  upstream.on('error', () => socket.destroy());
  upstream.on('close', () => socket.destroy());
  socket.on('error', () => upstream.destroy());
  socket.on('close', () => {
    upstream.destroy();
    target.ended.removeEventListener('abort', cutOff);
  });
}
