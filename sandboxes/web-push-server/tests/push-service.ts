// A strict, local stand-in for a browser vendor's push service (RFC 8030), over real HTTPS. It checks
// what a real one checks (VAPID, TTL, Urgency, Topic, size, aes128gcm) and answers what a test scripts:
// 201, 404, 410, 413 or 429 with Retry-After. It also plays the browser's part: it creates subscriptions
// (a P-256 key pair and an auth secret) and decrypts every message with the subscription's private key.
import { createECDH, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decryptAes128gcm } from './ece.ts';
import { TEST_CERT, TEST_KEY } from './tls.ts';
import { verifyVapid } from './vapid-check.ts';

/** RFC 8030 lets a push service limit message size; 4096 bytes of encrypted body is what push services accept. */
export const MAX_BODY_BYTES = 4096;
const URGENCIES = ['very-low', 'low', 'normal', 'high'];

export interface ScriptedReply {
  status: number;
  retryAfter?: string;
}

export interface Subscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/** One message the push service accepted (or was scripted to refuse after it had checked it). */
export interface Delivery {
  subscriptionId: string;
  status: number;
  ttl: string;
  urgency: string | undefined;
  topic: string | undefined;
  plaintext: string;
}

interface Registration {
  privateKey: Buffer;
  publicKey: Buffer;
  auth: Buffer;
  applicationServerKey: string;
  script: ScriptedReply[];
}

export class FakePushService {
  readonly deliveries: Delivery[] = [];
  /** Why a request was refused before it reached the script: the teaching half of every failure. */
  readonly rejections: string[] = [];
  /** When each request to a subscription arrived (performance.now()), for the Retry-After tests. */
  readonly arrivals = new Map<string, number[]>();
  private readonly registrations = new Map<string, Registration>();
  private readonly server: Server;
  readonly origin: string;

  private constructor(server: Server, origin: string) {
    this.server = server;
    this.origin = origin;
  }

  static async start(): Promise<FakePushService> {
    const server = createServer({ key: TEST_KEY, cert: TEST_CERT });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const service = new FakePushService(server, `https://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (req, res) => {
      service.handle(req, res).catch((error: unknown) => {
        service.rejections.push(`internal error: ${(error as Error).message}`);
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    return service;
  }

  /** What PushManager.subscribe() returns in a browser, restricted to one application server key. */
  subscribe(applicationServerKey: string, script: ScriptedReply[] = []): Subscription {
    const ecdh = createECDH('prime256v1');
    const publicKey = ecdh.generateKeys();
    const auth = randomBytes(16);
    const id = randomBytes(12).toString('base64url');
    this.registrations.set(id, { privateKey: ecdh.getPrivateKey(), publicKey, auth, applicationServerKey, script: [...script] });
    return { endpoint: `${this.origin}/push/${id}`, keys: { p256dh: publicKey.toString('base64url'), auth: auth.toString('base64url') } };
  }

  idOf(subscription: Subscription): string {
    return subscription.endpoint.slice(subscription.endpoint.lastIndexOf('/') + 1);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private refuse(res: ServerResponse, status: number, reason: string): void {
    this.rejections.push(`${status}: ${reason}`);
    res.writeHead(status, { 'content-type': 'text/plain' }).end(reason);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const id = /^\/push\/([\w-]+)$/.exec(req.url ?? '')?.[1];
    const body = await readBody(req);
    if (req.method !== 'POST' || !id) return this.refuse(res, 404, `no push resource at ${req.method} ${req.url}`);
    this.arrivals.set(id, [...(this.arrivals.get(id) ?? []), performance.now()]);
    const registration = this.registrations.get(id);
    if (!registration) return this.refuse(res, 404, 'no such subscription');
    if (body === undefined || body.length > MAX_BODY_BYTES) {
      return this.refuse(res, 413, `the encrypted body is larger than ${MAX_BODY_BYTES} bytes`);
    }
    const vapid = verifyVapid(req.headers.authorization, this.origin, Math.floor(Date.now() / 1000));
    if (!vapid.ok) return this.refuse(res, vapid.status, `VAPID: ${vapid.reason}`);
    if (vapid.key !== registration.applicationServerKey) {
      return this.refuse(res, 403, 'VAPID: k= is not the applicationServerKey this subscription was created with');
    }
    const ttl = req.headers.ttl;
    if (typeof ttl !== 'string' || !/^\d+$/.test(ttl)) return this.refuse(res, 400, 'the TTL header is required: seconds the push service may keep the message (RFC 8030 §5.2)');
    const urgency = header(req, 'urgency');
    if (urgency !== undefined && !URGENCIES.includes(urgency)) return this.refuse(res, 400, `Urgency must be one of ${URGENCIES.join(', ')} (RFC 8030 §5.3)`);
    const topic = header(req, 'topic');
    if (topic !== undefined && !/^[A-Za-z0-9_-]{1,32}$/.test(topic)) return this.refuse(res, 400, 'Topic must be at most 32 base64url characters (RFC 8030 §5.4)');
    let plaintext = '';
    if (body.length > 0) {
      if (req.headers['content-encoding'] !== 'aes128gcm') return this.refuse(res, 400, 'an encrypted body needs Content-Encoding: aes128gcm (RFC 8291)');
      try {
        plaintext = decryptAes128gcm(body, registration.privateKey, registration.publicKey, registration.auth).toString('utf8');
      } catch (error) {
        return this.refuse(res, 400, `the body does not decrypt with the subscription's keys: ${(error as Error).message}`);
      }
    }
    const reply = registration.script.shift() ?? { status: 201 };
    this.deliveries.push({ subscriptionId: id, status: reply.status, ttl, urgency, topic, plaintext });
    if (reply.status === 201) {
      res.writeHead(201, { location: `${this.origin}/message/${randomBytes(8).toString('base64url')}` }).end();
      return;
    }
    res.writeHead(reply.status, reply.retryAfter === undefined ? {} : { 'retry-after': reply.retryAfter }).end();
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The whole body, or undefined when it runs past 64 KiB (read on, so the client still gets its answer). */
async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= 64 * 1024) chunks.push(chunk as Buffer);
  }
  return size > 64 * 1024 ? undefined : Buffer.concat(chunks);
}
