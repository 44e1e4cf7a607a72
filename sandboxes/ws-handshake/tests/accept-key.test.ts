import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { acceptKey } from '../accept-key.ts';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

describe('acceptKey', () => {
  test('matches the example in RFC 6455 §1.3', () => {
    expect(acceptKey('dGhlIHNhbXBsZSBub25jZQ=='), 'base64(SHA-1("dGhlIHNhbXBsZSBub25jZQ==" + GUID)) is "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=".').toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });

  test('matches SHA-1 from node:crypto for 200 random keys', () => {
    for (let i = 0; i < 200; i += 1) {
      const key = randomBytes(16).toString('base64');
      const expected = createHash('sha1').update(key + GUID, 'latin1').digest('base64');
      expect(acceptKey(key), `For the key "${key}" the answer must be base64(SHA-1(key + "${GUID}")).`).toBe(expected);
    }
  });

  test('hashes the key as sent, not its decoded bytes', () => {
    const key = 'AAAAAAAAAAAAAAAAAAAAAA==';
    const fromDecodedBytes = createHash('sha1').update(Buffer.concat([Buffer.from(key, 'base64'), Buffer.from(GUID)])).digest('base64');
    expect(acceptKey(key), 'The GUID is appended to the base64 text of the key; decoding the key first gives another hash.').not.toBe(fromDecodedBytes);
    expect(acceptKey(key)).toBe(createHash('sha1').update(key + GUID).digest('base64'));
  });
});
