// The specs' own examples, pinning the test's push service to RFC 8291 and RFC 8292. These pass before
// you write anything: they prove the grader, so that its verdict on your code can be trusted.
import { describe, expect, test } from 'vitest';
import { decryptAes128gcm, deriveKeys, parseHeader } from './ece.ts';
import { verifyVapid } from './vapid-check.ts';
import { createECDH } from 'node:crypto';

const b = (text: string): Buffer => Buffer.from(text, 'base64url');

// RFC 8291 §5 and Appendix A.
const RFC8291 = {
  plaintext: 'When I grow up, I want to be a watermelon',
  authSecret: 'BTBZMqHH6r4Tts7J_aSIgg',
  uaPrivate: 'q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94',
  uaPublic: 'BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4',
  asPublic: 'BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8',
  salt: 'DGv6ra1nlYgDCS1FRnbzlw',
  sharedSecret: 'kyrL1jIIOHEzg3sM2ZWRHDRB62YACZhhSlknJ672kSs',
  ikm: 'S4lYMb_L0FxCeq0WhDx813KgSYqU26kOyzWUdsXYyrg',
  prk: '09_eUZGrsvxChDCGRCdkLiDXrReGOEVeSCdCcPBSJSc',
  cek: 'oIhVW04MRdy2XN9CiKLxTg',
  nonce: '4h_95klXJ5E_qnoN',
  body:
    'DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN',
};

// RFC 8292 §2.4 (the token) and §3.2 (the key).
const RFC8292 = {
  token:
    'eyJ0eXAiOiJKV1QiLCJhbGciOiJFUzI1NiJ9.eyJhdWQiOiJodHRwczovL3B1c2guZXhhbXBsZS5uZXQiLCJleHAiOjE0NTM1MjM3NjgsInN1YiI6Im1haWx0bzpwdXNoQGV4YW1wbGUuY29tIn0.i3CYb7t4xfxCDquptFOepC9GAu_HLGkMlMuCGSK2rpiUfnK9ojFwDXb1JrErtmysazNjjvW2L9OkSSHzvoD1oA',
  key: 'BA1Hxzyi1RUM1b5wjxsn7nGxAszw2u61m164i3MrAIxHF6YK5h4SDYic-dRuU_RCPCfA5aq9ojSwk5Y2EmClBPs',
  exp: 1453523768,
};

describe('RFC 8291 Appendix A: the push service decrypts exactly as a browser does', () => {
  test('the header carries salt (16), rs = 4096 (4), idlen = 65 (1) and the sender public key (65)', () => {
    const header = parseHeader(b(RFC8291.body));
    expect(header.salt.toString('base64url')).toBe(RFC8291.salt);
    expect(header.recordSize).toBe(4096);
    expect(header.keyId.toString('base64url')).toBe(RFC8291.asPublic);
    expect(b(RFC8291.body).length).toBe(16 + 4 + 1 + 65 + RFC8291.plaintext.length + 1 + 16);
  });

  test('ECDH, IKM, PRK, CEK and nonce match the appendix byte for byte', () => {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(b(RFC8291.uaPrivate));
    expect(ecdh.getPublicKey().toString('base64url'), 'the appendix key pair belongs together').toBe(RFC8291.uaPublic);
    const keys = deriveKeys(ecdh.computeSecret(b(RFC8291.asPublic)), b(RFC8291.authSecret), b(RFC8291.uaPublic), b(RFC8291.asPublic), b(RFC8291.salt));
    expect(keys.sharedSecret.toString('base64url')).toBe(RFC8291.sharedSecret);
    expect(keys.ikm.toString('base64url')).toBe(RFC8291.ikm);
    expect(keys.prk.toString('base64url')).toBe(RFC8291.prk);
    expect(keys.cek.toString('base64url')).toBe(RFC8291.cek);
    expect(keys.nonce.toString('base64url')).toBe(RFC8291.nonce);
  });

  test('the worked example decrypts to the watermelon sentence, and one flipped bit is refused', () => {
    const body = b(RFC8291.body);
    expect(decryptAes128gcm(body, b(RFC8291.uaPrivate), b(RFC8291.uaPublic), b(RFC8291.authSecret)).toString()).toBe(RFC8291.plaintext);
    body[100]! ^= 1;
    expect(() => decryptAes128gcm(body, b(RFC8291.uaPrivate), b(RFC8291.uaPublic), b(RFC8291.authSecret))).toThrow();
  });
});

describe('RFC 8292 §2.4: the push service checks VAPID tokens', () => {
  const header = `vapid t=${RFC8292.token}, k=${RFC8292.key}`;

  test("the RFC's example token verifies, with claims aud, exp and sub", () => {
    const verdict = verifyVapid(header, 'https://push.example.net', RFC8292.exp - 3600);
    expect(verdict).toEqual({ ok: true, key: RFC8292.key, claims: { aud: 'https://push.example.net', exp: RFC8292.exp, sub: 'mailto:push@example.com' } });
  });

  test('the same token is refused for another audience, after it expired, or more than 24 h ahead of it', () => {
    expect(verifyVapid(header, 'https://push.example.org', RFC8292.exp - 3600)).toMatchObject({ ok: false, status: 403 });
    expect(verifyVapid(header, 'https://push.example.net', RFC8292.exp + 1)).toMatchObject({ ok: false, status: 403 });
    expect(verifyVapid(header, 'https://push.example.net', RFC8292.exp - 86_401)).toMatchObject({ ok: false, status: 403 });
  });

  test('a changed claim breaks the signature; a missing header is 401, garbage is 403', () => {
    const [jose, , signature] = RFC8292.token.split('.');
    const forged = Buffer.from(JSON.stringify({ aud: 'https://push.example.net', exp: RFC8292.exp + 1, sub: 'mailto:push@example.com' })).toString('base64url');
    expect(verifyVapid(`vapid t=${jose}.${forged}.${signature}, k=${RFC8292.key}`, 'https://push.example.net', RFC8292.exp - 3600)).toMatchObject({ ok: false, status: 403 });
    expect(verifyVapid(undefined, 'https://push.example.net', 0)).toMatchObject({ ok: false, status: 401 });
    expect(verifyVapid('vapid t=not.a.jwt, k=AAAA', 'https://push.example.net', 0)).toMatchObject({ ok: false, status: 403 });
    expect(verifyVapid('Bearer abc', 'https://push.example.net', 0)).toMatchObject({ ok: false, status: 403 });
  });
});
