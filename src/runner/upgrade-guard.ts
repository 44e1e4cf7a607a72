/**
 * Who may open a runner connection. The runner executes arbitrary code, so a WebSocket upgrade is
 * answered with HTTP 403, before any WebSocket exists, unless all of these hold:
 *   - it comes from this machine (loopback peer address);
 *   - its Host header names the loopback interface (and, in the course server, its own port), so a
 *     DNS-rebinding page gets nowhere;
 *   - its Origin (which browsers always send on WebSocket handshakes, RFC 6455 §4.1 and §10.2) is one
 *     of the course's own pages, so other sites open in the same browser cannot connect;
 *   - its `?token=` matches the random token of this server start, which only the course's own pages
 *     know (the server injects it into them).
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';

export type OriginPolicy = readonly string[] | ((origin: string) => boolean);

export interface UpgradeCredentials {
  token: string;
  allowedOrigins: OriginPolicy;
  /** Whether the Host header names this server; isLoopbackHostHeader when the port is not known. */
  hostAllowed?: (hostHeader: string) => boolean;
}

/** Returns why the upgrade is refused, in sentences for the developer reading the failed request, or undefined to accept it. */
export function upgradeRefusal(request: IncomingMessage, credentials: UpgradeCredentials): string | undefined {
  if (!isLoopbackAddress(request.socket.remoteAddress ?? '')) {
    return 'The code runner only accepts connections from this computer.';
  }
  if (!(credentials.hostAllowed ?? isLoopbackHostHeader)(request.headers.host ?? '')) {
    return (
      `The code runner only answers requests addressed to this computer, but the Host header is ${JSON.stringify(request.headers.host ?? '')}. ` +
      'Open the course at http://localhost or http://127.0.0.1.'
    );
  }
  const origin = request.headers.origin;
  if (origin === undefined) {
    return 'The request has no Origin header. Connect from a page of the course, or send the Origin of one.';
  }
  if (!isAllowedOrigin(origin, credentials.allowedOrigins)) {
    return (
      `Pages from ${JSON.stringify(origin)} may not use the code runner. ` +
      'Open the course from the server that started the runner and connect from its pages.'
    );
  }
  const token = new URL(request.url ?? '/', 'http://localhost').searchParams.get('token');
  if (token === null || token === '') {
    return 'The runner URL has no token. Add the ?token=… the course page was given; reload the page if it has none.';
  }
  if (!sameSecret(token, credentials.token)) {
    return (
      'The token in the runner URL does not match this server. The token changes every time the server starts; ' +
      'reload the page to get the current one.'
    );
  }
  return undefined;
}

/** Answers an upgrade request with a plain HTTP error and closes the socket (no WebSocket is created). */
export function refuseUpgrade(socket: Duplex, status: 403 | 404 | 503, message: string): void {
  const reasons = { 403: 'Forbidden', 404: 'Not Found', 503: 'Service Unavailable' } as const;
  const body = Buffer.from(`${message}\n`, 'utf8');
  if (socket.writable) {
    socket.end(
      `HTTP/1.1 ${status} ${reasons[status]}\r\n` +
        'Content-Type: text/plain; charset=utf-8\r\n' +
        `Content-Length: ${body.length}\r\n` +
        'Connection: close\r\n\r\n' +
        body.toString('utf8'),
    );
  }
  socket.once('error', () => {});
  // A client that never reads must not keep the socket around.
  setTimeout(() => socket.destroy(), 1000).unref();
}

export function isAllowedOrigin(origin: string, policy: OriginPolicy): boolean {
  return typeof policy === 'function' ? policy(origin) : policy.includes(origin);
}

export function isLoopbackAddress(address: string): boolean {
  const plain = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  if (isIP(plain) === 4) return plain.startsWith('127.');
  return plain === '::1';
}

function isLoopbackHost(host: string): boolean {
  // *.localhost resolves to loopback inside browsers (RFC 6761 §6.3), never through public DNS.
  return host === 'localhost' || host.endsWith('.localhost') || isLoopbackAddress(host);
}

/** The host part of a Host header: "[::1]:4321" → "::1", "localhost:4321" → "localhost". */
export function hostName(header: string): string {
  if (header.startsWith('[')) return header.slice(1, header.indexOf(']'));
  const colon = header.lastIndexOf(':');
  return (colon >= 0 ? header.slice(0, colon) : header).toLowerCase();
}

/** The port of a Host header, 80 when it names none (http). */
export function hostPort(header: string): number {
  const end = header.startsWith('[') ? header.indexOf(']') + 1 : 0;
  const colon = header.indexOf(':', end);
  return colon >= 0 ? Number(header.slice(colon + 1)) : 80;
}

/** A Host header naming the loopback interface (any port). */
export function isLoopbackHostHeader(header: string): boolean {
  return isLoopbackHost(hostName(header));
}

/**
 * A Host check for a server that knows its port(s): a loopback name (localhost, 127.x.y.z, [::1]) or
 * one of `extraHosts` (a name the course was configured to be served as), with one of `ports`. A page
 * on an attacker's domain that rebinds its DNS to 127.0.0.1 still sends its own name, and is refused.
 */
export function hostPolicy(ports: () => readonly number[], extraHosts: readonly string[] = []): (hostHeader: string) => boolean {
  const extra = new Set(extraHosts.map((host) => host.toLowerCase()));
  return (header) => {
    const name = hostName(header);
    if (!isLoopbackHost(name) && !extra.has(name)) return false;
    return ports().includes(hostPort(header));
  };
}

/** Constant-time comparison, so response timing does not reveal how much of a guessed token was right. */
function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
