// VAPID keys and the base64url helpers everything here uses. Web Push encodes every key and secret as
// base64url without padding (RFC 4648 §5): the VAPID public key is a 65-byte uncompressed P-256 point,
// the private key its 32-byte scalar.
import { createPrivateKey, type KeyObject } from 'node:crypto';
import webpush from 'web-push';

export interface VapidKeys {
  /** base64url, 65 bytes: what the browser's PushManager.subscribe() gets as applicationServerKey. */
  publicKey: string;
  /** base64url, 32 bytes: stays on the application server. */
  privateKey: string;
  /** A contact for the push service's operators: "mailto:…" or "https:…". */
  subject: string;
}

export function toBase64url(data: string | Uint8Array): string {
  return Buffer.from(data).toString('base64url');
}

/** A fresh key pair; in production you make one once and keep it (changing it orphans every subscription). */
export function generateVapidKeys(subject: string): VapidKeys {
  return { ...webpush.generateVAPIDKeys(), subject };
}

/** The private key as a KeyObject that node:crypto's sign() accepts. */
export function vapidSigningKey(keys: VapidKeys): KeyObject {
  const point = Buffer.from(keys.publicKey, 'base64url');
  return createPrivateKey({
    key: { kty: 'EC', crv: 'P-256', x: toBase64url(point.subarray(1, 33)), y: toBase64url(point.subarray(33)), d: keys.privateKey },
    format: 'jwk',
  });
}
