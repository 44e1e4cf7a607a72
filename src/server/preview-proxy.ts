/**
 * Forwards `/__runner/preview/<runId>/<path>` to the HTTP server a learner's run started, so the
 * sandbox's preview iframe stays on the course's own origin. A cross-origin frame would need COEP and
 * CORP headers the learner's server does not send (HTML §7.1.3), and the page's cross-origin isolation
 * (needed by WebContainers) would block it.
 *
 * A preview page that uses root-relative URLs (`fetch('/messages')`, `new EventSource('/events')`) asks our
 * origin for them; such requests carry the preview page as their Referer, so they are forwarded to the
 * same run when nothing else answers them. WebSocket upgrades under the prefix are piped through too.
 */
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { parsePreviewPath } from '../sandbox/preview-url.ts';

export type PortLookup = (runId: string) => number | undefined;

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

function notRunning(response: ServerResponse, runId: string): void {
  response.writeHead(502, { 'Content-Type': 'text/html; charset=utf-8', 'Cross-Origin-Embedder-Policy': 'require-corp' });
  response.end(
    `<!doctype html><meta charset="utf-8"><title>Preview not available</title><p>The sandbox run <code>${runId.replace(/[<&"]/g, '')}</code> ` +
      'has no server listening right now. Press Run in the sandbox, and the preview appears once its server listens.</p>',
  );
}

/** The preview target of a request: from its own path, or from the preview page that made it (Referer). */
export function previewTarget(request: IncomingMessage, fromReferer: boolean): { runId: string; path: string } | undefined {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const direct = parsePreviewPath(url.pathname);
  if (direct) return { runId: direct.runId, path: direct.path + url.search };
  if (!fromReferer || !request.headers.referer) return undefined;
  try {
    const referer = parsePreviewPath(new URL(request.headers.referer).pathname);
    return referer ? { runId: referer.runId, path: url.pathname + url.search } : undefined;
  } catch {
    return undefined;
  }
}

export function forwardPreview(request: IncomingMessage, response: ServerResponse, target: { runId: string; path: string }, portOf: PortLookup): void {
  const port = portOf(target.runId);
  if (port === undefined) return notRunning(response, target.runId);
  const headers = { ...request.headers, host: `127.0.0.1:${port}` };
  delete headers['accept-encoding']; // keep bodies readable if the learner's server compresses oddly
  const upstream = httpRequest({ host: '127.0.0.1', port, method: request.method, path: target.path, headers }, (answer) => {
    const out: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
    // The frame lives inside a cross-origin isolated page, so it must opt in too.
    out['cross-origin-embedder-policy'] = 'require-corp';
    out['cross-origin-resource-policy'] = 'same-origin';
    response.writeHead(answer.statusCode ?? 502, answer.statusMessage, out);
    // Streamed responses (SSE, NDJSON) must reach the page as they are written.
    response.flushHeaders();
    answer.pipe(response);
  });
  upstream.on('error', () => {
    if (!response.headersSent) notRunning(response, target.runId);
    else response.destroy();
  });
  response.on('close', () => upstream.destroy());
  request.pipe(upstream);
}

/** Pipes a WebSocket (or any) upgrade under the preview prefix to the run's server, byte for byte. */
export function forwardPreviewUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, portOf: PortLookup): boolean {
  const target = previewTarget(request, false);
  if (!target) return false;
  const port = portOf(target.runId);
  if (port === undefined) {
    socket.end('HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\n\r\n');
    return true;
  }
  const upstream = connect(port, '127.0.0.1', () => {
    const lines = [`${request.method} ${target.path} HTTP/1.1`];
    for (let i = 0; i < request.rawHeaders.length; i += 2) {
      const name = request.rawHeaders[i]!;
      lines.push(`${name}: ${name.toLowerCase() === 'host' ? `127.0.0.1:${port}` : request.rawHeaders[i + 1]}`);
    }
    upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (head.length) upstream.write(head);
    upstream.pipe(socket);
    socket.pipe(upstream);
  });
  upstream.on('error', () => socket.destroy());
  socket.on('error', () => upstream.destroy());
  socket.on('close', () => upstream.destroy());
  return true;
}
