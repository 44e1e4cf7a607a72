// A server with a heartbeat, a client that froze, and a reconnecting client that lives through a server
// restart. Watch the frozen client get dropped, and the retry delays grow and then reset. Runs ~9 s.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { startHeartbeat } from './heartbeat.ts';
import { connectWithRetry } from './reconnect.ts';

const started = performance.now();
const log = (text: string): void => console.log(`${((performance.now() - started) / 1000).toFixed(2).padStart(5)} s  ${text}`);
const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function startServer(port: number): Promise<WebSocketServer> {
  const wss = new WebSocketServer({ port, host: '127.0.0.1' });
  await once(wss, 'listening');
  startHeartbeat(wss, { intervalMs: 500 });
  const listening = (wss.address() as AddressInfo).port;
  wss.on('connection', (socket) => {
    socket.on('error', () => {});
    socket.send(`hello from the server on port ${listening}`);
  });
  return wss;
}

let wss = await startServer(0);
const port = (wss.address() as AddressInfo).port;
const url = `ws://127.0.0.1:${port}`;

// autoPong: false makes this client ignore pings, like a peer whose network vanished.
const frozen = new WebSocket(url, { autoPong: false });
frozen.on('error', () => {});
frozen.on('open', () => log('frozen client connected; it will never answer a ping'));
frozen.on('close', (code) => log(`frozen client dropped by the heartbeat (close code ${code}: no close frame)`));

const client = connectWithRetry({
  url,
  baseMs: 200,
  capMs: 2000,
  stableMs: 1500,
  onOpen: () => log('reconnecting client: connected'),
  onMessage: (text) => log(`reconnecting client got: ${text}`),
  // Wrap the timer only to print each wait; the client decides how long it is.
  schedule: (callback, delayMs) => {
    log(`reconnecting client: connection lost, next attempt in ${Math.round(delayMs)} ms`);
    const timer = setTimeout(callback, delayMs);
    return () => clearTimeout(timer);
  },
});

await wait(2500);
log('the server goes down for 3 seconds');
for (const socket of wss.clients) socket.terminate();
wss.close();
await wait(3000);
wss = await startServer(port);
log('the server is back');
await wait(3000);
client.close();
wss.close();
for (const socket of wss.clients) socket.terminate();
log('done');
