// Sending one message to one subscription, and to all of them, through the push service with the
// web-push library: it encrypts the payload (RFC 8291) and POSTs it to the endpoint (RFC 8030).
import type { Agent } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import webpush from 'web-push';
import type { VapidKeys } from './keys.ts';
import type { PushSubscription, SubscriptionStore } from './subscriptions.ts';
import { vapidAuthorization } from './vapid.ts';

export type Urgency = 'very-low' | 'low' | 'normal' | 'high';

export interface SendOptions {
  /** Seconds the push service may hold the message while the device is offline (the TTL header). */
  ttl: number;
  urgency?: Urgency;
  /** Replaces an undelivered message with the same topic (at most 32 base64url characters). */
  topic?: string;
}

export type Outcome =
  | { kind: 'sent'; attempts: number }
  /** 404 or 410: the subscription is dead and has been removed from the store. */
  | { kind: 'gone'; status: number; attempts: number }
  /** 413: the encrypted message is over the push service's limit; the subscription is fine. */
  | { kind: 'too-large'; attempts: number }
  /** 429 every time, or a Retry-After longer than we are willing to wait now. */
  | { kind: 'rate-limited'; retryAfterSeconds: number; attempts: number }
  | { kind: 'failed'; status?: number; message: string; attempts: number };

export interface PushSenderOptions {
  store: SubscriptionStore;
  vapid: VapidKeys;
  /** The HTTPS agent for requests to push services (the tests pass one that trusts their certificate). */
  agent?: Agent;
  /** Attempts per message when the push service answers 429. Default 3. */
  maxAttempts?: number;
  /** A Retry-After longer than this is not waited out now; the outcome is 'rate-limited'. Default 30. */
  maxWaitSeconds?: number;
}

export interface BroadcastReport {
  sent: number;
  removed: number;
  tooLarge: number;
  failed: number;
}

export interface PushSender {
  send(subscription: PushSubscription, payload: string, options: SendOptions): Promise<Outcome>;
  /** Sends to every stored subscription at once; dead ones are removed on the way. */
  broadcast(payload: string, options: SendOptions): Promise<BroadcastReport>;
}

/** Retry-After is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3); anything else counts as 1 s. */
export function retryAfterSeconds(value: string | string[] | undefined, now = Date.now()): number {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined) return 1;
  if (/^\d+$/.test(text.trim())) return Number(text.trim());
  const date = Date.parse(text);
  return Number.isNaN(date) ? 1 : Math.max(0, Math.ceil((date - now) / 1000));
}

export function createPushSender(config: PushSenderOptions): PushSender {
  const maxAttempts = config.maxAttempts ?? 3;
  const maxWaitSeconds = config.maxWaitSeconds ?? 30;

  async function send(subscription: PushSubscription, payload: string, options: SendOptions): Promise<Outcome> {
    for (let attempts = 1; ; attempts++) {
      try {
        await webpush.sendNotification(subscription, payload, {
          TTL: options.ttl, // without it web-push sends its default of four weeks
          ...(options.urgency ? { urgency: options.urgency } : {}),
          ...(options.topic ? { topic: options.topic } : {}),
          headers: { Authorization: vapidAuthorization(subscription.endpoint, config.vapid) },
          ...(config.agent ? { agent: config.agent } : {}),
          timeout: 10_000,
        });
        return { kind: 'sent', attempts };
      } catch (error) {
        if (!(error instanceof webpush.WebPushError)) {
          return { kind: 'failed', message: (error as Error).message, attempts };
        }
        const status = error.statusCode;
        if (status >= 400 && status < 500 && status !== 429) {
          config.store.remove(subscription.endpoint); // the endpoint will never work again
          return { kind: 'gone', status, attempts };
        }
        if (status === 413) return { kind: 'too-large', attempts };
        if (status === 429) {
          const wait = retryAfterSeconds(error.headers['retry-after']);
          if (attempts >= maxAttempts || wait > maxWaitSeconds) return { kind: 'rate-limited', retryAfterSeconds: wait, attempts };
          await sleep(wait * 1000);
          continue;
        }
        return { kind: 'failed', status, message: `${status} ${error.body}`.trim(), attempts };
      }
    }
  }

  async function broadcast(payload: string, options: SendOptions): Promise<BroadcastReport> {
    const outcomes = await Promise.all(config.store.list().map((subscription) => send(subscription, payload, options)));
    const count = (kind: Outcome['kind']): number => outcomes.filter((outcome) => outcome.kind === kind).length;
    return { sent: count('sent'), removed: count('gone'), tooLarge: count('too-large'), failed: count('failed') + count('rate-limited') };
  }

  return { send, broadcast };
}
