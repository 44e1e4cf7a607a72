// An auction publishes a bid every 60 ms. The client loses its connection three times on purpose and must
// still see every bid exactly once. When the auction closes, the client must stop reconnecting.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectEventSource } from './client.ts';
import { createFeed } from './feed.ts';

const BIDS = 40;
const feed = createFeed({ historyLimit: 100, retryMs: 250, heartbeatMs: 1000 });
// Port 0: the system picks a free port; this program talks to itself, so nobody needs to know it in advance.
feed.server.listen(0, '127.0.0.1');
await once(feed.server, 'listening');

const received: number[] = [];
const dropAfter = new Set([8, 20, 33]);
const client = connectEventSource({
  url: `http://127.0.0.1:${(feed.server.address() as AddressInfo).port}/events`,
  onEvent(event) {
    if (event.type === 'reset') return void console.log(`\n[client] reset: ${event.data}`);
    const id = Number(event.lastEventId);
    received.push(id);
    process.stdout.write(`${id} `);
    if (dropAfter.delete(id)) client.dropConnection();
  },
  onStatus: (message) => console.log(`\n[client] ${message}`),
});

let price = 100;
for (let bid = 1; bid <= BIDS; bid += 1) {
  await sleep(60);
  feed.publish(`bid ${bid}: ${(price += 5)} EUR`);
}
await sleep(400); // time for the client to catch up after its last reconnect
console.log(`\n[server] the auction is over: finish()`);
feed.finish();
const giveUp = new AbortController();
const stopped = await Promise.race([client.closed.then(() => true), sleep(3500, false, { signal: giveUp.signal }).catch(() => false)]);
giveUp.abort(); // cancel the 3.5 s timer if the client closed first
if (!stopped) {
  console.log('[client] still reconnecting 3.5 s later: the server never answered 204, so a browser would retry forever.');
  client.close();
}

const missing = Array.from({ length: BIDS }, (_, i) => i + 1).filter((id) => !received.includes(id));
const duplicates = received.filter((id, i) => received.indexOf(id) !== i);
console.log(`\nPublished ${BIDS} bids, received ${received.length}: ${missing.length ? `missing ${missing.join(', ')}` : 'none missing'}, ${duplicates.length ? `duplicated ${duplicates.join(', ')}` : 'no duplicates'}.`);
console.log(`Open streams on the server: ${feed.connectedClients}.`);
feed.server.closeAllConnections();
feed.server.close();
// Whatever still runs now was left behind by the server: heartbeat timers of streams that are long gone.
const leftovers = process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
if (leftovers > 0) console.log(`${leftovers} timers still running after everything closed: heartbeats nobody stopped.`);
process.exit(0);
