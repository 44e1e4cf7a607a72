// Sending one message to one subscription, and to all of them, through the push service with the
// web-push library: it encrypts the payload (RFC 8291) and POSTs it to the endpoint (RFC 8030).
import type { Agent } from 'node:https';
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

export function createPushSender(config: PushSenderOptions): PushSender {
  async function send(subscription: PushSubscription, payload: string, options: SendOptions): Promise<Outcome> {
    // TODO: send with webpush.sendNotification, passing the TTL, urgency and topic you were given, the
    // agent, and your VAPID header (as headers.Authorization). Turn the push service's answer into an
    // Outcome: 201 is sent; 404 and 410 mean the subscription is gone for good; 413 means the message is
    // too large; 429 asks you to come back after Retry-After seconds. A failure rejects with a
    // webpush.WebPushError carrying statusCode and headers. Never let one bad answer throw out of here.
    void webpush;
    void vapidAuthorization;
    return { kind: 'failed', message: 'send is not written yet', attempts: 0 };
  }

  async function broadcast(payload: string, options: SendOptions): Promise<BroadcastReport> {
    // TODO: send to every subscription in the store and count the outcomes.
    return { sent: 0, removed: 0, tooLarge: 0, failed: config.store.size };
  }

  return { send, broadcast };
}
