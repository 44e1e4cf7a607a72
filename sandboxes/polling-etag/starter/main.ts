// A live score polled every 250 ms: watch how many polls bring nothing new, and what happens when the
// server goes away.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createPoller } from './poller.ts';
import { createPollingServer } from './server.ts';

const started = performance.now();
const clock = (): string => `${((performance.now() - started) / 1000).toFixed(2).padStart(5)} s`;

const app = createPollingServer(JSON.stringify({ score: '0-0' }));
let requests = 0;
app.server.on('request', () => (requests += 1));
// Port 0: the system picks a free port; this program talks to itself, so nobody needs to know it in advance.
app.server.listen(0, '127.0.0.1');
await once(app.server, 'listening');
const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/match/42`;

const poller = createPoller({
  url,
  intervalMs: 250,
  maxBackoffMs: 2000,
  onChange: (body) => console.log(`${clock()}  200 with a body: ${body}`),
});

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
for (const score of ['1-0', '1-1', '2-1']) {
  await wait(1300);
  console.log(`${clock()}  the server's score changes to ${score}`);
  app.update(JSON.stringify({ score }));
}
await wait(1000);

const { changed, notModified } = poller.stats;
console.log(`\n${requests} polls: ${changed} brought a change (200), ${notModified} brought nothing new (304, no body).`);
console.log('Each change reached the client up to one interval (250 ms) after it happened.\n');

console.log(`${clock()}  the server goes away for 4 seconds`);
app.server.closeAllConnections();
app.server.close();
await wait(4000);
console.log(`${clock()}  the poller tried ${poller.stats.failures} times while it was gone (without backing off it would have tried about 16 times).`);
poller.stop();
