// A notification feed read two ways for the same six seconds: a client that polls every POLL_INTERVAL_MS,
// and a client that opens one stream and lets the server push. Change POLL_INTERVAL_MS (try 100 and 2000)
// and run again: a shorter interval buys lower delay with more empty requests, a longer one the reverse.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const POLL_INTERVAL_MS = 500;
const RUN_MS = 6000;
/** When the server gets a notification, in ms after the start: rare and irregular, like real ones. */
const NOTIFICATION_TIMES = [1300, 1450, 4200];

interface Notification {
  id: number;
  text: string;
  createdAt: number;
}

const notifications: Notification[] = [];
const streams = new Set<http.ServerResponse>();
let requests = 0;

const server = http.createServer((req, res) => {
  requests += 1;
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/notifications') {
    // Polling: "anything after the id I have?" Most answers are an empty list.
    const after = Number(url.searchParams.get('after') ?? 0);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(notifications.filter((n) => n.id > after)));
  } else if (url.pathname === '/stream') {
    // Push: one response that stays open; each notification is written to it the moment it exists.
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    res.flushHeaders();
    streams.add(res);
    res.on('close', () => streams.delete(res));
  } else {
    res.writeHead(404).end();
  }
});
server.listen(0, '127.0.0.1'); // this program talks to itself: loopback only
await once(server, 'listening');
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const started = performance.now();
const clock = (): number => performance.now() - started;
for (const [index, at] of NOTIFICATION_TIMES.entries()) {
  setTimeout(() => {
    const notification = { id: index + 1, text: `notification ${index + 1}`, createdAt: clock() };
    notifications.push(notification);
    for (const res of streams) res.write(`${JSON.stringify(notification)}\n`);
  }, at);
}

/** The polling client: one request every POLL_INTERVAL_MS, whether or not anything happened. */
async function poll(): Promise<{ polls: number; empty: number; delays: number[] }> {
  let lastId = 0;
  let polls = 0;
  let empty = 0;
  const delays: number[] = [];
  while (clock() < RUN_MS) {
    const fresh = (await (await fetch(`${base}/notifications?after=${lastId}`)).json()) as Notification[];
    polls += 1;
    if (fresh.length === 0) empty += 1;
    for (const n of fresh) {
      delays.push(clock() - n.createdAt);
      lastId = n.id;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  return { polls, empty, delays };
}

/** The push client: one request, then it only listens. */
async function listen(): Promise<{ delays: number[] }> {
  const delays: number[] = [];
  const response = await fetch(`${base}/stream`, { signal: AbortSignal.timeout(RUN_MS) });
  const decoder = new TextDecoder();
  let pending = ''; // a line may arrive in pieces
  try {
    for await (const chunk of response.body!) {
      const lines = (pending + decoder.decode(chunk, { stream: true })).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line) delays.push(clock() - (JSON.parse(line) as Notification).createdAt);
    }
  } catch {
    // The timeout ends the stream after RUN_MS: that is the end of the demo, not an error.
  }
  return { delays };
}

const [polled, pushed] = await Promise.all([poll(), listen()]);
const summary = (delays: number[]): string =>
  delays.length ? `average ${(delays.reduce((a, b) => a + b, 0) / delays.length).toFixed(0)} ms, worst ${Math.max(...delays).toFixed(0)} ms` : 'none arrived';

console.log(`${NOTIFICATION_TIMES.length} notifications in ${RUN_MS / 1000} s.\n`);
console.log(`Polling every ${POLL_INTERVAL_MS} ms: ${polled.polls} requests, ${polled.empty} of them answered "nothing new".`);
console.log(`  delay from notification to client: ${summary(polled.delays)}`);
console.log(`Pushed over one stream: 1 request.`);
console.log(`  delay from notification to client: ${summary(pushed.delays)}`);
console.log(`\nThe server handled ${requests} requests in all. Each empty poll still paid a full HTTP request and response.`);

server.closeAllConnections();
server.close();
