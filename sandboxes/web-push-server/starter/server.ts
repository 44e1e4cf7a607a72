// The application server's HTTP API, which a page with a service worker talks to:
//   GET    /vapid-public-key   → { publicKey }   (the page passes it to PushManager.subscribe())
//   POST   /subscriptions      a PushSubscription as JSON → 201, or 400 with the reason
//   DELETE /subscriptions      { endpoint } → 204 (the user turned notifications off)
//   POST   /notify             { title, body, ttl?, urgency?, topic? } → 200 with a BroadcastReport
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { PushSender, Urgency } from './sender.ts';
import type { SubscriptionStore } from './subscriptions.ts';

const MAX_REQUEST_BYTES = 16 * 1024;
const URGENCIES: Urgency[] = ['very-low', 'low', 'normal', 'high'];

export interface AppServerOptions {
  store: SubscriptionStore;
  sender: PushSender;
  publicKey: string;
}

class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > MAX_REQUEST_BYTES) throw new HttpError(413, 'request body too large');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'the body is not JSON');
  }
}

function reply(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) res.writeHead(status).end();
  else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function route(req: IncomingMessage, res: ServerResponse, options: AppServerOptions): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (req.method === 'GET' && path === '/vapid-public-key') return reply(res, 200, { publicKey: options.publicKey });
  if (req.method === 'POST' && path === '/subscriptions') {
    try {
      options.store.add(await readJson(req));
    } catch (error) {
      if (error instanceof HttpError) throw error;
      throw new HttpError(400, (error as Error).message);
    }
    return reply(res, 201, { ok: true });
  }
  if (req.method === 'DELETE' && path === '/subscriptions') {
    const { endpoint } = ((await readJson(req)) ?? {}) as { endpoint?: unknown };
    if (typeof endpoint !== 'string') throw new HttpError(400, 'endpoint is missing');
    options.store.remove(endpoint);
    return reply(res, 204);
  }
  if (req.method === 'POST' && path === '/notify') {
    const { title, body, ttl = 60, urgency = 'normal', topic } = ((await readJson(req)) ?? {}) as Record<string, unknown>;
    if (typeof title !== 'string' || typeof body !== 'string') throw new HttpError(400, 'title and body must be strings');
    if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 0) throw new HttpError(400, 'ttl must be a whole number of seconds');
    if (!URGENCIES.includes(urgency as Urgency)) throw new HttpError(400, `urgency must be one of ${URGENCIES.join(', ')}`);
    if (topic !== undefined && (typeof topic !== 'string' || !/^[A-Za-z0-9_-]{1,32}$/.test(topic))) throw new HttpError(400, 'topic must be 1–32 base64url characters');
    const report = await options.sender.broadcast(JSON.stringify({ title, body }), { ttl, urgency: urgency as Urgency, ...(topic ? { topic } : {}) });
    return reply(res, 200, report);
  }
  throw new HttpError(404, 'not found');
}

export function createAppServer(options: AppServerOptions): Server {
  return createServer((req, res) => {
    route(req, res, options).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (!res.headersSent) reply(res, status, { error: (error as Error).message });
      else res.destroy();
    });
  });
}
