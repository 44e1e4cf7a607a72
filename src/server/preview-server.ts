/**
 * The preview origin: a second HTTP listener, on 127.0.0.1 and a port of its own, that serves
 * nothing but the servers learners' runs start, under `/__runner/preview/<key>/…`. A different port
 * is a different origin (RFC 6454), so a preview page (learner output, which may run any script a
 * chat message smuggles in) cannot read the course's storage, the runner token at /__runner/config
 * (same-origin JSON without CORS) or open the runner's WebSocket (its Origin is not a course origin).
 *
 * Checks on every request: the Host header must name this listener (loopback name and this port),
 * so DNS rebinding gets nowhere; an upgrade, and any request that is not a plain GET/HEAD, must come
 * from a page of the preview origin itself (Origin), so other sites cannot drive a learner's server.
 *
 * A preview page that uses root-relative URLs (`fetch('/messages')`) asks this origin for paths
 * without the prefix; such requests carry the preview page as their Referer and go to the same run.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Runner } from '../runner/index.ts';
import { hostPolicy, refuseUpgrade } from '../runner/upgrade-guard.ts';
import { parsePreviewPath, PREVIEW_PREFIX } from '../sandbox/preview-url.ts';
import { forwardPreview, forwardPreviewUpgrade, notRunning, PREVIEW_EMBEDDING_HEADERS } from './preview-proxy.ts';

export interface PreviewServer {
  server: Server;
  /** Resolves with the origin (http://127.0.0.1:<port>) once the listener is up. */
  ready: Promise<string>;
  /** The origin, once listening. */
  origin(): string | undefined;
  /** The URL of a preview key's root on this origin. */
  url(key: string): string;
  close(): Promise<void>;
}

export function startPreviewServer(options: {
  runner: Pick<Runner, 'previewTarget'>;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Ports of the course server itself: never a preview target, whatever a run claims. */
  ownPorts: () => number[];
}): PreviewServer {
  let port = 0;
  const hostAllowed = hostPolicy(() => [port]);
  const selfOrigins = (): string[] => [`http://127.0.0.1:${port}`, `http://localhost:${port}`];

  function target(request: IncomingMessage): { key: string; path: string } | undefined {
    const url = new URL(request.url ?? '/', 'http://preview.invalid');
    const direct = parsePreviewPath(url.pathname);
    if (direct) return { key: direct.runId, path: direct.path + url.search };
    const referer = request.headers.referer;
    if (!referer) return undefined;
    try {
      const from = new URL(referer);
      const page = selfOrigins().includes(from.origin) ? parsePreviewPath(from.pathname) : undefined;
      return page ? { key: page.runId, path: url.pathname + url.search } : undefined;
    } catch {
      return undefined;
    }
  }

  /** Why the request is refused, or undefined. */
  function refusal(request: IncomingMessage, upgrade: boolean): string | undefined {
    if (!hostAllowed(request.headers.host ?? '')) {
      return `The preview server only answers requests addressed to 127.0.0.1:${port} or localhost:${port}, not ${JSON.stringify(request.headers.host ?? '')}.`;
    }
    const origin = request.headers.origin;
    const safe = !upgrade && (request.method === 'GET' || request.method === 'HEAD');
    if (!safe && (origin === undefined || !selfOrigins().includes(origin))) {
      return `Only pages of the preview itself may ${upgrade ? 'open WebSockets to' : 'send this request to'} a sandbox server; this one came from ${JSON.stringify(origin ?? 'no origin')}.`;
    }
    return undefined;
  }

  function resolve(request: IncomingMessage): { target: NonNullable<ReturnType<Runner['previewTarget']>>; host: string; path: string } | undefined {
    const found = target(request);
    if (!found) return undefined;
    const preview = options.runner.previewTarget(found.key);
    if (!preview || preview.ended.aborted) return undefined;
    if (preview.port === port || options.ownPorts().includes(preview.port)) return undefined;
    const host = preview.connectHost();
    return host === undefined ? undefined : { target: preview, host, path: found.path };
  }

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const refused = refusal(request, false);
    if (refused !== undefined) {
      response.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8', ...PREVIEW_EMBEDDING_HEADERS }).end(`${refused}\n`);
      return;
    }
    const resolved = resolve(request);
    if (!resolved) {
      const path = new URL(request.url ?? '/', 'http://preview.invalid').pathname;
      if (path.startsWith(PREVIEW_PREFIX)) notRunning(response);
      else response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...PREVIEW_EMBEDDING_HEADERS }).end('Not found\n');
      return;
    }
    forwardPreview(request, response, resolved.target, resolved.host, resolved.path);
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refused = refusal(request, true);
    if (refused !== undefined) return refuseUpgrade(socket, 403, refused);
    const resolved = resolve(request);
    if (!resolved) return refuseUpgrade(socket, 404, 'No sandbox server is listening for this preview right now.');
    forwardPreviewUpgrade(request, socket, head, resolved.target, resolved.host, resolved.path);
  });
  // Learner servers may stream for minutes (SSE); only connections with nothing going on time out.
  server.keepAliveTimeout = 5000;

  const ready = new Promise<string>((resolveReady, rejectReady) => {
    server.once('error', rejectReady);
    // Loopback only, whatever host the course itself listens on: previews are for this machine.
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port;
      resolveReady(`http://127.0.0.1:${port}`);
    });
  });
  ready.catch(() => {}); // the caller awaits it; an unobserved rejection must not crash the host
  return {
    server,
    ready,
    origin: () => (port === 0 ? undefined : `http://127.0.0.1:${port}`),
    url: (key) => `http://127.0.0.1:${port}${PREVIEW_PREFIX}${encodeURIComponent(key)}/`,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        if (!server.listening) return resolveClose();
        server.close(() => resolveClose());
      }),
  };
}
