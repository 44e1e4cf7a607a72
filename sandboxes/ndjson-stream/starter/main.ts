// Streams live commentary as NDJSON and reads it back with fetch + createNdjsonParser, printing each
// message when it arrives. Then it re-reads the same bytes cut into 7-byte chunks, which splits lines
// and multi-byte characters, to show the parser does not care where chunks end.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createNdjsonParser } from './ndjson.ts';
import { createNdjsonServer } from './server.ts';

const commentary = ['キックオフ！ ⚽', 'シュート… 惜しい！ 😱', 'ゴール！！ 🎉🎉', 'Half-time: 1–0', '試合終了 🏁'];

async function* liveCommentary(signal: AbortSignal): AsyncGenerator<{ minute: number; text: string }> {
  for (const [i, text] of commentary.entries()) {
    if (i > 0) await sleep(400, undefined, { signal });
    yield { minute: i * 20, text };
  }
}

const server = createNdjsonServer(liveCommentary);
// Port 0: the system picks a free port; this program talks to itself, so nobody needs to know it in advance.
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/live`;

const started = performance.now();
const clock = (): string => `${((performance.now() - started) / 1000).toFixed(2)} s`;
const response = await fetch(url);
console.log(`${clock()}  head received: ${response.headers.get('content-type')}, transfer-encoding: ${response.headers.get('transfer-encoding') ?? 'none'}`);

// Keep a copy of the raw bytes while parsing, for the second half of the demo.
const raw: Uint8Array[] = [];
const [forParser, forCopy] = (response.body as ReadableStream<Uint8Array>).tee();
const copying = (async () => {
  for await (const chunk of forCopy) raw.push(chunk);
})();
for await (const message of forParser.pipeThrough(createNdjsonParser())) {
  console.log(`${clock()}  ${JSON.stringify(message)}`);
}
await copying;
server.close();

const bytes = Buffer.concat(raw);
const sevenByteChunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7));
const reparsed: unknown[] = [];
try {
  for await (const message of ReadableStream.from(sevenByteChunks).pipeThrough(createNdjsonParser())) reparsed.push(message);
  console.log(`\nThe same ${bytes.length} bytes cut into ${sevenByteChunks.length} chunks of 7 bytes gave ${reparsed.length} messages (expected ${commentary.length}).`);
} catch (error) {
  console.log(`\nThe same ${bytes.length} bytes cut into 7-byte chunks broke the parser after ${reparsed.length} messages: ${(error as Error).message}`);
}
