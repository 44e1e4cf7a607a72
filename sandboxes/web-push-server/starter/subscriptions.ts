// The application server's list of push subscriptions, keyed by endpoint. A subscription is what the
// browser's PushManager.subscribe() returned and the page POSTed to us: an endpoint URL at the browser
// vendor's push service, and the two keys our messages must be encrypted for.
import type { PushSubscription } from 'web-push';

export type { PushSubscription };

/** Returns the reason a subscription is unusable, or undefined when it looks right. */
export function problemWith(candidate: unknown): string | undefined {
  if (typeof candidate !== 'object' || candidate === null) return 'a subscription is a JSON object';
  const { endpoint, keys } = candidate as { endpoint?: unknown; keys?: { p256dh?: unknown; auth?: unknown } };
  if (typeof endpoint !== 'string') return 'endpoint is missing';
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'endpoint is not a URL';
  }
  if (url.protocol !== 'https:') return 'endpoint must be an https: URL (RFC 8030 requires TLS)';
  if (typeof keys?.p256dh !== 'string' || Buffer.from(keys.p256dh, 'base64url').length !== 65) return 'keys.p256dh must be a 65-byte P-256 public key, base64url';
  if (typeof keys.auth !== 'string' || Buffer.from(keys.auth, 'base64url').length !== 16) return 'keys.auth must be a 16-byte secret, base64url';
  return undefined;
}

export class SubscriptionStore {
  private readonly byEndpoint = new Map<string, PushSubscription>();

  /** Adds or replaces a subscription; throws with the reason when it is malformed. */
  add(candidate: unknown): PushSubscription {
    const problem = problemWith(candidate);
    if (problem) throw new TypeError(problem);
    const { endpoint, keys } = candidate as PushSubscription;
    const subscription = { endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth } };
    this.byEndpoint.set(endpoint, subscription);
    return subscription;
  }

  remove(endpoint: string): boolean {
    return this.byEndpoint.delete(endpoint);
  }

  has(endpoint: string): boolean {
    return this.byEndpoint.has(endpoint);
  }

  list(): PushSubscription[] {
    return [...this.byEndpoint.values()];
  }

  get size(): number {
    return this.byEndpoint.size;
  }
}
