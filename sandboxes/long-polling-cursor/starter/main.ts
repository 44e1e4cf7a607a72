// A client long-polls a message log while messages arrive in bursts of three. The first message of a
// burst answers the held poll; the other two are published while the client is between polls, so only
// a client that sends its cursor receives them.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { startLongPolling } from './client.ts';
import { createMessageServer } from './server.ts';

const app = createMessageServer({ holdMs: 1000 });
// Port 0: the system picks a free port; this program talks to itself, so nobody needs to know it in advance.
app.server.listen(0, '127.0.0.1');
await once(app.server, 'listening');
const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

const answers = new Map<number, number>();
app.server.on('request', (_req, res) => res.on('finish', () => answers.set(res.statusCode, (answers.get(res.statusCode) ?? 0) + 1)));

const received: number[] = [];
const client = startLongPolling({
  baseUrl,
  onMessage: (message) => {
    received.push(message.id);
    console.log(`  received #${message.id}: ${message.text}`);
  },
});

for (let burst = 1; burst <= 4; burst += 1) {
  await sleep(burst === 3 ? 1500 : 300); // before burst 3 the wait is longer than holdMs: a 204 ends it
  console.log(`publishing burst ${burst} (${app.pendingCount()} poll held)`);
  for (let i = 1; i <= 3; i += 1) app.publish(`burst ${burst}, message ${i}`);
}
await sleep(500);
await client.stop();
await sleep(100); // the server hears about the aborted request a moment later, through req 'close'
console.log(`Requests the server still holds after the client stopped: ${app.pendingCount()}`);
app.server.close();

const expected = Array.from({ length: 12 }, (_, i) => i + 1);
const exact = received.join() === expected.join();
console.log(`\nThe client got [${received.join(', ')}]: ${exact ? 'every message once, in order.' : 'messages were lost or repeated.'}`);
console.log(`Answers sent: ${[...answers].map(([status, count]) => `${count} × ${status}`).join(', ')}.`);
