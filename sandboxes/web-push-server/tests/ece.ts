// RFC 8291 message decryption ("aes128gcm", RFC 8188), as a browser does it on receipt of a push.
// The fake push service uses it to prove that what the application server sent really opens with the
// subscription's private key and auth secret; ece.test.ts pins it to RFC 8291 Appendix A.
import { createDecipheriv, createECDH, createHmac } from 'node:crypto';

/** RFC 5869 HKDF-Extract. */
export function hkdfExtract(salt: Buffer, ikm: Buffer): Buffer {
  return createHmac('sha256', salt).update(ikm).digest();
}

/** RFC 5869 HKDF-Expand for outputs of at most 32 bytes (one HMAC block is all Web Push needs). */
export function hkdfExpand(prk: Buffer, info: Buffer, length: number): Buffer {
  return createHmac('sha256', prk).update(Buffer.concat([info, Buffer.from([1])])).digest().subarray(0, length);
}

export interface Aes128gcmHeader {
  salt: Buffer;
  recordSize: number;
  /** For Web Push the key id is the sender's ephemeral P-256 public key, 65 bytes uncompressed. */
  keyId: Buffer;
  /** The encrypted record: ciphertext followed by the 16-byte GCM tag. */
  record: Buffer;
}

/** RFC 8188 §2.1: salt (16) | rs (4, big-endian) | idlen (1) | keyid (idlen) | records. */
export function parseHeader(body: Buffer): Aes128gcmHeader {
  if (body.length < 21) throw new Error(`body of ${body.length} bytes is shorter than the 21-byte aes128gcm header`);
  const idLength = body[20]!;
  if (idLength !== 65) throw new Error(`keyid is ${idLength} bytes; Web Push puts the sender's 65-byte P-256 public key there (RFC 8291 §4)`);
  const recordSize = body.readUInt32BE(16);
  const record = body.subarray(21 + idLength);
  if (record.length < 17) throw new Error('the record is too short to hold a GCM tag and a padding delimiter');
  if (record.length > recordSize) throw new Error(`the record (${record.length} bytes) is longer than rs (${recordSize}); Web Push sends exactly one record`);
  return { salt: body.subarray(0, 16), recordSize, keyId: body.subarray(21, 21 + idLength), record };
}

export interface DerivedKeys {
  sharedSecret: Buffer;
  ikm: Buffer;
  prk: Buffer;
  cek: Buffer;
  nonce: Buffer;
}

/** RFC 8291 §3.4 and RFC 8188 §2.2–2.3: from the ECDH secret and the auth secret to key and nonce. */
export function deriveKeys(sharedSecret: Buffer, authSecret: Buffer, uaPublic: Buffer, asPublic: Buffer, salt: Buffer): DerivedKeys {
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), uaPublic, asPublic]);
  const ikm = hkdfExpand(hkdfExtract(authSecret, sharedSecret), keyInfo, 32);
  const prk = hkdfExtract(salt, ikm);
  const cek = hkdfExpand(prk, Buffer.from('Content-Encoding: aes128gcm\0'), 16);
  const nonce = hkdfExpand(prk, Buffer.from('Content-Encoding: nonce\0'), 12);
  return { sharedSecret, ikm, prk, cek, nonce };
}

/** The user agent's side: its private key (32 bytes) and public key (65), and the 16-byte auth secret. */
export function decryptAes128gcm(body: Buffer, uaPrivate: Buffer, uaPublic: Buffer, authSecret: Buffer): Buffer {
  const { salt, keyId, record } = parseHeader(body);
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(uaPrivate);
  const keys = deriveKeys(ecdh.computeSecret(keyId), authSecret, uaPublic, keyId, salt);
  const decipher = createDecipheriv('aes-128-gcm', keys.cek, keys.nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  // RFC 8188 §2: plaintext, then a delimiter (0x02 in the last record), then any number of zero bytes.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (end < 0 || padded[end] !== 2) throw new Error('the padding delimiter of the last record (0x02) is missing');
  return padded.subarray(0, end);
}
