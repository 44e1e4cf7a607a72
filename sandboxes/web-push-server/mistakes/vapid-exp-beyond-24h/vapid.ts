// VAPID (RFC 8292): the application server proves to the push service who is sending, with a short-lived
// JWT signed by its private key. The push service checks it against the key the browser subscribed with.
import { sign } from 'node:crypto';
import { toBase64url, vapidSigningKey, type VapidKeys } from './keys.ts';

export interface VapidClaims {
  /** The audience: the push service's origin. */
  aud: string;
  /** Expiry, in seconds since 1970. */
  exp: number;
  /** Contact for the push service's operators: "mailto:…" or "https:…". */
  sub: string;
}

/** How long each token lives. RFC 8292 allows at most 24 hours; 12 is what web-push uses. */
export const TOKEN_LIFETIME_SECONDS = 7 * 24 * 60 * 60;

/** The claims of the JWT for one push endpoint, at time nowSeconds. */
export function vapidClaims(endpoint: string, subject: string, nowSeconds: number): VapidClaims {
  // The audience is the origin only (scheme, host, port): one token serves every endpoint of that service.
  return { aud: new URL(endpoint).origin, exp: nowSeconds + TOKEN_LIFETIME_SECONDS, sub: subject };
}

/**
 * The value of the Authorization header for one request: `vapid t=<JWT>, k=<public key>`.
 * The JWT is base64url(header) "." base64url(claims) "." base64url(signature), the header being
 * {"typ":"JWT","alg":"ES256"}.
 */
export function vapidAuthorization(endpoint: string, keys: VapidKeys, nowSeconds = Math.floor(Date.now() / 1000)): string {
  const header = toBase64url(JSON.stringify({ typ: 'JWT', alg: 'ES256' }));
  const claims = toBase64url(JSON.stringify(vapidClaims(endpoint, keys.subject, nowSeconds)));
  const signingInput = `${header}.${claims}`;
  // JWS wants r and s as two 32-byte integers side by side; node:crypto's default is DER.
  const signature = sign('sha256', Buffer.from(signingInput), { key: vapidSigningKey(keys), dsaEncoding: 'ieee-p1363' });
  return `vapid t=${signingInput}.${toBase64url(signature)}, k=${keys.publicKey}`;
}
