// VAPID (RFC 8292): the application server proves to the push service who is sending, with a short-lived
// JWT signed by its private key. The push service checks it against the key the browser subscribed with.
import type { VapidKeys } from './keys.ts';

export interface VapidClaims {
  /** The audience: the push service's origin. */
  aud: string;
  /** Expiry, in seconds since 1970. */
  exp: number;
  /** Contact for the push service's operators: "mailto:…" or "https:…". */
  sub: string;
}

/** How long each token lives. RFC 8292 allows at most 24 hours; 12 is what web-push uses. */
export const TOKEN_LIFETIME_SECONDS = 12 * 60 * 60;

/** The claims of the JWT for one push endpoint, at time nowSeconds. */
export function vapidClaims(endpoint: string, subject: string, nowSeconds: number): VapidClaims {
  // TODO: return the three claims RFC 8292 §2 asks for. Which part of the endpoint URL is the audience?
  throw new Error('vapidClaims is not written yet');
}

/**
 * The value of the Authorization header for one request: `vapid t=<JWT>, k=<public key>`.
 * The JWT is base64url(header) "." base64url(claims) "." base64url(signature), the header being
 * {"typ":"JWT","alg":"ES256"}.
 */
export function vapidAuthorization(endpoint: string, keys: VapidKeys, nowSeconds = Math.floor(Date.now() / 1000)): string {
  // TODO: build and sign the JWT (ES256: ECDSA P-256 with SHA-256; keys.ts gives you the signing key).
  // Mind the signature format a JWT expects.
  throw new Error('vapidAuthorization is not written yet');
}
