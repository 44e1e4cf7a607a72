// Sends the same requests over one kept-alive connection and over a new connection each, and prints what
// the server saw and what each request cost. Then it repeats the runs behind a proxy that adds 20 ms to
// every new connection, roughly one round trip to a server in the same region.
import { once } from 'node:events';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { sendRequests } from './send-requests.ts';

const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
});
let connections = 0;
server.on('connection', () => (connections += 1));
// Port 0: the system picks a free port; this program talks to itself, so nobody needs to know it in advance.
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const serverPort = (server.address() as AddressInfo).port;

// A TCP proxy that waits 20 ms before it connects each client through: a stand-in for the handshake's
// round trip, which loopback (well under a millisecond) does not have.
const SETUP_MS = 20;
const proxy = net.createServer((client) => {
  client.pause();
  setTimeout(() => {
    const upstream = net.connect(serverPort, '127.0.0.1', () => client.resume());
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  }, SETUP_MS);
});
proxy.listen(0, '127.0.0.1');
await once(proxy, 'listening');
const proxyPort = (proxy.address() as AddressInfo).port;

async function measure(label: string, port: number, count: number, keepAlive: boolean): Promise<void> {
  const before = connections;
  const result = await sendRequests(`http://127.0.0.1:${port}/`, count, { keepAlive });
  const opened = connections - before;
  console.log(`${label.padEnd(34)} ${String(result.requests).padStart(4)} requests  ${String(opened).padStart(4)} connections  ${result.perRequestMs.toFixed(3).padStart(8)} ms per request`);
}

console.log('Loopback (no network latency):');
await measure('  keep-alive, one connection', serverPort, 300, true);
await measure('  a new connection per request', serverPort, 300, false);
console.log(`\nThrough a proxy adding ${SETUP_MS} ms to each new connection:`);
await measure('  keep-alive, one connection', proxyPort, 20, true);
await measure('  a new connection per request', proxyPort, 20, false);

proxy.close();
server.closeAllConnections();
server.close();
