// Your VAPID token, read the way a push service reads it.
import { describe, expect, test } from 'vitest';
import { generateVapidKeys } from '../keys.ts';
import { vapidAuthorization, vapidClaims } from '../vapid.ts';
import { verifyVapid } from './vapid-check.ts';

// RFC 8292's example: a token for push.example.net from mailto:push@example.com, expiring at 1453523768.
const EXAMPLE_ENDPOINT = 'https://push.example.net/push/JzLQ3raZJfFBR0aqvOMsLrt54w4rJUsV';
const NOW = 1453523768 - 12 * 60 * 60;

describe('vapidClaims: aud, exp and sub (RFC 8292 §2)', () => {
  test('aud is the push service origin, sub the contact, exp seconds ahead of now and at most 24 h', () => {
    const claims = vapidClaims(EXAMPLE_ENDPOINT, 'mailto:push@example.com', NOW);
    expect(claims.aud, 'aud is the origin of the endpoint (scheme://host[:port]), without the path: new URL(endpoint).origin').toBe('https://push.example.net');
    expect(claims.sub, 'sub is the contact address you were given').toBe('mailto:push@example.com');
    expect(Number.isInteger(claims.exp), 'exp is a whole number of seconds since 1970').toBe(true);
    expect(claims.exp, 'exp must lie in the future: it counts seconds, not milliseconds, from 1970').toBeGreaterThan(NOW);
    expect(claims.exp - NOW, 'RFC 8292 §2: exp no more than 24 hours (86400 s) after the token is made').toBeLessThanOrEqual(86_400);
  });

  test('a port belongs to the origin', () => {
    expect(vapidClaims('https://127.0.0.1:8443/push/abc', 'https://example.com/contact', NOW).aud).toBe('https://127.0.0.1:8443');
  });
});

describe('vapidAuthorization: the header value', () => {
  test('is "vapid t=<JWT>, k=<public key>", and the JWT verifies as ES256 against k', () => {
    const keys = generateVapidKeys('mailto:ops@example.com');
    const now = Math.floor(Date.now() / 1000);
    const value = vapidAuthorization('https://push.example.net/push/abc', keys, now);
    expect(value, 'The scheme is "vapid", followed by t= and k= separated by a comma').toMatch(/^vapid t=[\w-]+\.[\w-]+\.[\w-]+, k=[\w-]+$/);
    expect(value.endsWith(`k=${keys.publicKey}`), 'k= is your VAPID public key, base64url, the same one the browser subscribed with').toBe(true);
    const verdict = verifyVapid(value, 'https://push.example.net', now);
    expect(verdict.ok ? 'accepted' : verdict.reason, 'A push service must accept this token').toBe('accepted');
  });
});
