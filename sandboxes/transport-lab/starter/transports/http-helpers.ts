// Small pieces the HTTP-based adapters share: a listening helper, a bounded history of updates for the
// pollers' cursors, and a keep-alive agent per client (one browser tab keeps its connection open too).
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Update } from './types.ts';

export async function listenOnLoopback(server: http.Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

export function closeServer(server: http.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** The last updates, so a poller that sends its cursor gets exactly what it missed. */
export class History {
  private readonly updates: Update[] = [];
  private readonly limit: number;
  constructor(limit = 10_000) {
    this.limit = limit;
  }

  add(update: Update): void {
    this.updates.push(update);
    if (this.updates.length > this.limit) this.updates.shift();
  }

  after(seq: number): Update[] {
    return this.updates.filter((update) => update.seq > seq);
  }
}

/** The `after` cursor of a poll request; 0 when missing or not a whole number. */
export function cursorOf(url: URL): number {
  const after = Number(url.searchParams.get('after'));
  return Number.isSafeInteger(after) && after >= 0 ? after : 0;
}

/** GET `url` on a client's own keep-alive agent and resolve with the status and the whole body. */
export function getText(url: string, agent: http.Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

/** A one-socket keep-alive agent: what one browser tab polling one origin would use. */
export function clientAgent(): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: 1 });
}
