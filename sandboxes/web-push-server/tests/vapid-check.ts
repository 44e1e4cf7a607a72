// What a push service checks in an RFC 8292 "vapid" Authorization header. The fake push service runs
// this on every request; vectors.test.ts pins it to the example token printed in RFC 8292 §2.4.
import { createPublicKey, verify } from 'node:crypto';

export interface VapidClaims {
  aud: string;
  exp: number;
  sub: string;
}

export type VapidVerdict = { ok: true; claims: VapidClaims; key: string } | { ok: false; status: 401 | 403; reason: string };

const MAX_LIFETIME_SECONDS = 24 * 60 * 60;

function decodeJson(part: string): unknown {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

/** A P-256 public key from its 65-byte uncompressed form (0x04 | x | y), as VAPID's `k=` carries it. */
export function publicKeyFromRaw(raw: Buffer): ReturnType<typeof createPublicKey> {
  if (raw.length !== 65 || raw[0] !== 4) throw new Error('k= must be a 65-byte uncompressed P-256 point (0x04 | x | y), base64url-encoded');
  return createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33).toString('base64url') }, format: 'jwk' });
}

/** Checks `Authorization: vapid t=<JWT>, k=<public key>` against the push service's own origin and clock. */
export function verifyVapid(header: string | undefined, audience: string, nowSeconds: number): VapidVerdict {
  const deny = (reason: string): VapidVerdict => ({ ok: false, status: 403, reason });
  if (!header) return { ok: false, status: 401, reason: 'no Authorization header: send "vapid t=<JWT>, k=<public key>" (RFC 8292 §3)' };
  const match = /^vapid\s+(.*)$/i.exec(header.trim());
  if (!match) return deny(`the Authorization scheme must be "vapid" (RFC 8292 §3), got "${header.slice(0, 20)}…"`);
  const params = new Map<string, string>();
  for (const part of match[1]!.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) params.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  const token = params.get('t');
  const key = params.get('k');
  if (!token || !key) return deny('the vapid scheme needs both parameters: t (the JWT) and k (the public key)');
  const parts = token.split('.');
  if (parts.length !== 3) return deny(`t is not a JWT: it has ${parts.length} dot-separated parts instead of 3`);
  const [headerPart, claimsPart, signaturePart] = parts as [string, string, string];
  let jose: { alg?: unknown };
  let claims: Partial<Record<keyof VapidClaims, unknown>>;
  try {
    jose = decodeJson(headerPart) as { alg?: unknown };
    claims = decodeJson(claimsPart) as Partial<Record<keyof VapidClaims, unknown>>;
  } catch {
    return deny('the JWT header or claims are not base64url-encoded JSON');
  }
  if (jose.alg !== 'ES256') return deny(`the JWT header must say "alg":"ES256", it says ${JSON.stringify(jose.alg)}`);
  const signature = Buffer.from(signaturePart, 'base64url');
  if (signature.length !== 64) {
    return deny(`the signature is ${signature.length} bytes; ES256 in a JWT is r and s, 32 bytes each (RFC 7518 §3.4), not DER: sign with dsaEncoding "ieee-p1363"`);
  }
  let publicKey;
  try {
    publicKey = publicKeyFromRaw(Buffer.from(key, 'base64url'));
  } catch (error) {
    return deny((error as Error).message);
  }
  if (!verify('sha256', Buffer.from(`${headerPart}.${claimsPart}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature)) {
    return deny('the JWT signature does not verify with the k= key: sign "<header>.<claims>" with the matching private key');
  }
  if (claims.aud !== audience) {
    return deny(`aud must be the push service's origin "${audience}" (scheme, host and port, no path), got ${JSON.stringify(claims.aud)}`);
  }
  if (typeof claims.exp !== 'number' || !Number.isInteger(claims.exp)) return deny(`exp must be a whole number of seconds since 1970, got ${JSON.stringify(claims.exp)}`);
  if (claims.exp <= nowSeconds) return deny(`the JWT expired ${nowSeconds - claims.exp} s ago (exp is in seconds since 1970, not milliseconds)`);
  if (claims.exp - nowSeconds > MAX_LIFETIME_SECONDS) {
    return deny(`exp is ${claims.exp - nowSeconds} s in the future; RFC 8292 §2 allows at most 24 hours (86400 s)`);
  }
  if (typeof claims.sub !== 'string' || !/^(mailto:|https:)/.test(claims.sub)) {
    return deny(`sub must be a contact URI, "mailto:" or "https:", so the push service can reach the sender; got ${JSON.stringify(claims.sub)}`);
  }
  return { ok: true, claims: { aud: claims.aud, exp: claims.exp, sub: claims.sub }, key };
}
