/**
 * Fuzz: random bytes — and real protocol openings with random corruption — split at random points
 * must never make a decoder throw. One fixed seed (reproducible) plus a few fresh ones per run; a
 * failure prints the seed so it can be replayed.
 */
import { describe, expect, it } from 'vitest';
import { ConnectionDecoder } from '../../../src/wire/decode/connection.ts';
import { Http1Decoder } from '../../../src/wire/decode/http1.ts';
import { Http2Decoder } from '../../../src/wire/decode/http2.ts';
import { MqttDecoder } from '../../../src/wire/decode/mqtt.ts';
import { SseDecoder } from '../../../src/wire/decode/sse.ts';
import { WebSocketDecoder } from '../../../src/wire/decode/websocket.ts';

/** mulberry32: small, fast, deterministic. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const enc = (s: string) => new TextEncoder().encode(s);
const SEEDS = [0xc0ffee, ...Array.from({ length: 4 }, () => Math.floor(Math.random() * 2 ** 32))];
const OPENINGS = [
  enc('GET /x HTTP/1.1\r\nUpgrade: websocket\r\n\r\n'),
  enc('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/event-stream\r\n\r\n'),
  enc('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'),
  Uint8Array.from([0x10, 12, 0, 4, ...enc('MQTT'), 4, 2, 0, 60, 0, 0]),
  Uint8Array.from([0x81, 0xfe, 0xff, 0xff]),
];

function randomInput(random: () => number): Uint8Array {
  const length = Math.floor(random() * 4096);
  const opening = random() < 0.6 ? OPENINGS[Math.floor(random() * OPENINGS.length)] : undefined;
  const out = new Uint8Array((opening?.length ?? 0) + length);
  if (opening) out.set(opening);
  for (let i = opening?.length ?? 0; i < out.length; i++) {
    // Mostly protocol-ish characters, so parsers get past their first checks.
    out[i] = random() < 0.5 ? (enc('\r\n:0123456789abcdef ')[Math.floor(random() * 20)] as number) : Math.floor(random() * 256);
  }
  return out;
}

function* pieces(bytes: Uint8Array, random: () => number): Generator<Uint8Array> {
  let offset = 0;
  while (offset < bytes.length) {
    const size = random() < 0.3 ? 1 : Math.floor(random() * 300) + 1;
    yield bytes.subarray(offset, offset + size);
    offset += size;
  }
}

describe.each(SEEDS)('decoders never throw (seed %i)', (seed) => {
  const factories = {
    http1Request: () => new Http1Decoder('request'),
    http1Response: () => new Http1Decoder('response'),
    sse: () => new SseDecoder(),
    websocket: () => new WebSocketDecoder(),
    http2: () => new Http2Decoder(true),
    mqtt: () => new MqttDecoder(),
  };
  it.each(Object.keys(factories) as Array<keyof typeof factories>)('%s', (name) => {
    const random = rng(seed);
    for (let round = 0; round < 60; round++) {
      const decoder = factories[name]();
      for (const piece of pieces(randomInput(random), random)) expect(() => decoder.push(piece), `seed ${seed}`).not.toThrow();
    }
  });

  it('the connection decoder, both directions interleaved', () => {
    const random = rng(seed ^ 0x5eed);
    for (let round = 0; round < 60; round++) {
      const decoder = new ConnectionDecoder(random() < 0.5 ? 'client' : 'server');
      const a = [...pieces(randomInput(random), random)];
      const b = [...pieces(randomInput(random), random)];
      while (a.length || b.length) {
        const fromA = b.length === 0 || (a.length > 0 && random() < 0.5);
        const piece = (fromA ? a.shift() : b.shift()) as Uint8Array;
        const events = decoder.push(fromA ? 'out' : 'in', piece);
        expect(Array.isArray(events), `seed ${seed}`).toBe(true);
      }
    }
  });
});
