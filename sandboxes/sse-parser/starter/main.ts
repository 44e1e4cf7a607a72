// A chat assistant's answer streamed token by token as Server-Sent Events, read back with fetch and your
// parser: the way chat UIs read answers they asked for with a POST. Then a tricky stream, cut into 1-byte
// chunks, goes through the parser and is compared with what a browser's EventSource dispatches for it.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createEventStreamParser, type ServerSentEvent } from './parser.ts';
import { createSseServer, type SseMessage } from './server.ts';

const answer = 'SSE keeps one HTTP response open.\nEvery event ends with a blank line, so a line break inside the data is safe. 🎉';

async function* assistant(signal: AbortSignal): AsyncGenerator<SseMessage> {
  yield { event: 'meta', retry: 2000, data: JSON.stringify({ question: 'What is SSE?' }) };
  await sleep(700, undefined, { signal }); // "thinking": only heartbeats flow now
  const tokens = answer.match(/\S+\s*/g) ?? [];
  for (const [i, token] of tokens.entries()) {
    yield { event: 'token', id: String(i + 1), data: token };
    await sleep(50, undefined, { signal });
  }
  yield { event: 'done', data: '[DONE]' };
}

const server = createSseServer(assistant, { heartbeatMs: 200 });
// Port 0: the system picks a free port; this program talks to itself, so nobody needs to know it in advance.
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/answer`);
const type = response.headers.get('content-type') ?? '(none)';
console.log(`HTTP ${response.status}, content-type: ${type}, cache-control: ${response.headers.get('cache-control') ?? '(none)'}`);
if (!type.startsWith('text/event-stream')) console.log('  A browser EventSource would fail this connection: the type must be text/event-stream.');

let raw = '';
const decoder = new TextDecoder();
let midLine = false; // tokens are written without a line break after them
const parser = createEventStreamParser({
  onEvent: (event) => {
    if (event.type === 'token') {
      process.stdout.write(event.data);
      midLine = true;
      return;
    }
    console.log(`${midLine ? '\n' : ''}[${event.type}] ${JSON.stringify(event.data)}`);
    midLine = false;
  },
  onRetry: (ms) => console.log(`[retry] reconnect ${ms} ms after a drop`),
});
for await (const chunk of response.body as ReadableStream<Uint8Array>) {
  raw += decoder.decode(chunk, { stream: true });
  parser.push(chunk);
}
parser.end();
server.close();
console.log(`${midLine ? '\n' : ''}Comment lines (heartbeats) in the raw stream: ${raw.match(/^:/gm)?.length ?? 0}. Last event id: "${parser.lastEventId}".`);

// A byte order mark, CRLF and CR line endings, a comment, a value that keeps one of its two spaces, an
// unknown field, an event without data, an id-only event and an event the stream never ends.
const tricky = '\uFEFFretry: 1500\r\n: comment\r\ndata:first\r\ndata:  second\r\rid: 7\nevent: update\ndata: 日本語 🎉\n\nData: ignored\nevent: no-data\n\nid: 8\n\ndata: never ends';
const expected: ServerSentEvent[] = [
  { type: 'message', data: 'first\n second', lastEventId: '' },
  { type: 'update', data: '日本語 🎉', lastEventId: '7' },
];
const seen: ServerSentEvent[] = [];
const retries: number[] = [];
const bytes = new TextEncoder().encode(tricky);
try {
  const trickyParser = createEventStreamParser({ onEvent: (event) => seen.push(event), onRetry: (ms) => retries.push(ms) });
  for (const byte of bytes) trickyParser.push(Uint8Array.of(byte));
  trickyParser.end();
  const same = JSON.stringify(seen) === JSON.stringify(expected) && retries.join() === '1500' && trickyParser.lastEventId === '8';
  console.log(`\nTricky stream, 1 byte at a time: ${same ? 'same as a browser' : 'NOT what a browser dispatches'}.`);
  if (!same) {
    console.log(`  expected ${JSON.stringify(expected)}, retry [1500], last id "8"`);
    console.log(`  got      ${seen.length} events ${JSON.stringify(seen.slice(0, 3))}${seen.length > 3 ? ' …' : ''}, retry [${retries.join(', ')}], last id "${trickyParser.lastEventId}"`);
  }
} catch (error) {
  console.log(`\nTricky stream, 1 byte at a time: the parser threw: ${(error as Error).message}`);
}
