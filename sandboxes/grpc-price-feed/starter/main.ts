// A market appends a tick every 10 ms. A follower reads the feed through a relay that cuts the connection
// twice; with resuming written, it still prints every seq exactly once, in order.
import { followPrices } from './follower.ts';
import { createPriceFeedServer, listenPriceFeed } from './feed-server.ts';
import { connectPriceFeed } from './prices-proto.ts';
import { startTcpProxy } from './tcp-proxy.ts';
import { TickLog } from './tick-log.ts';

const log = new TickLog(1_000);
const server = createPriceFeedServer(log);
// Port 0: the system picks a free port; this program talks to itself, so nobody needs to know it in advance.
const port = await listenPriceFeed(server);
const relay = await startTcpProxy(port);
const client = connectPriceFeed(`127.0.0.1:${relay.port}`);

let price = 10_000;
const market = setInterval(() => {
  price += Math.round((Math.random() - 0.5) * 40);
  log.append('ACME', price);
}, 10);

const seen: number[] = [];
const follower = followPrices(client, {
  onTick: (tick) => {
    seen.push(tick.seq);
    if (tick.seq % 20 === 0) console.log(`#${tick.seq} ${tick.symbol} ${(tick.priceCents / 100).toFixed(2)}`);
  },
  onGiveUp: (error) => console.log(`gave up: ${error.code} ${error.details}`),
  retryMs: 100,
});

for (const at of [500, 1200]) {
  setTimeout(() => {
    console.log(`--- cutting the connection after #${follower.lastSeq} ---`);
    relay.dropConnections();
  }, at);
}

await new Promise((resolve) => setTimeout(resolve, 2000));
clearInterval(market);
await new Promise((resolve) => setTimeout(resolve, 200));
follower.stop();
await new Promise((resolve) => setTimeout(resolve, 50)); // the cancel travels to the server as RST_STREAM
const gaps = seen.filter((seq, i) => i > 0 && seq !== seen[i - 1]! + 1);
console.log(`\nreceived ${seen.length} ticks of ${log.latestSeq}; out-of-order or missing at: ${gaps.length ? gaps.join(', ') : 'none'}`);
console.log(`subscriptions left on the server: ${log.listenerCount}`);
client.close();
await relay.close();
server.forceShutdown();
