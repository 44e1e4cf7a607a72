/**
 * Wire-capture overhead (issue #16), through the local runner exactly as a page uses it:
 *   - Run → first output with and without capture (p50 over alternating runs);
 *   - a 10,000-message WebSocket echo exchange with and without capture (time the program measures);
 *   - 100,000 frames with capture: events delivered, events dropped (rate cap), and the runner's
 *     memory growth, which must stay bounded.
 * Part of `npm run bench:sandbox`; alone: `npx node scripts/bench-wire.ts` (starts its own runner).
 */
import { WebSocket } from 'ws';
import { startRunnerServer } from '../src/runner/index.ts';
import { createLocalRuntime } from '../src/sandbox/local-runtime.ts';
import type { SandboxRuntime } from '../src/sandbox/runtime.ts';
import type { WireEvent } from '../src/wire/trace-events.ts';

const HELLO = "console.log('hello');\n";
const exchange = (count: number, echo: boolean) => `import { WebSocketServer, WebSocket } from 'ws';
const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
await new Promise((r) => wss.on('listening', r));
wss.on('connection', (ws) => ws.on('message', (m) => { ${echo ? 'ws.send(m);' : ''} }));
const ws = new WebSocket('ws://127.0.0.1:' + wss.address().port);
await new Promise((r) => ws.on('open', r));
const start = performance.now();
let received = 0;
const done = new Promise((r) => ws.on('message', () => { if (++received === ${count}) r(); }));
for (let i = 0; i < ${count}; i++) ws.send('message ' + i);
${echo ? 'await done;' : "await new Promise((r) => { const check = () => (ws.bufferedAmount === 0 ? setTimeout(r, 50) : setTimeout(check, 5)); check(); });"}
console.log(JSON.stringify({ ms: performance.now() - start }));
ws.close(); wss.close();
`;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function timedRun(runtime: SandboxRuntime, entry: string, capture: boolean) {
  const events: WireEvent[] = [];
  const started = performance.now();
  const process = await runtime.run(entry, { wire: { capture }, onWire: (batch) => events.push(...batch), timeLimitMs: 60_000 });
  const reader = process.output.getReader();
  let firstOutputMs = NaN;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (value.stream === 'stdout' && Number.isNaN(firstOutputMs)) firstOutputMs = performance.now() - started;
    text += value.data;
  }
  reader.releaseLock();
  await process.exit;
  const dropped = events.reduce((n, e) => n + (e.kind === 'dropped' ? e.count : 0), 0);
  return { firstOutputMs, text, events: events.length, dropped };
}

export async function benchWire(runtime: SandboxRuntime, runs = 9): Promise<string[]> {
  await runtime.mount({ 'hello.mjs': HELLO, 'ex10k.mjs': exchange(10_000, true), 'flood.mjs': exchange(100_000, false) });
  const first = { off: [] as number[], on: [] as number[] };
  for (let i = 0; i < runs; i++) {
    first.off.push((await timedRun(runtime, 'hello.mjs', false)).firstOutputMs);
    first.on.push((await timedRun(runtime, 'hello.mjs', true)).firstOutputMs);
  }
  const exchangeMs = { off: [] as number[], on: [] as number[] };
  let lastOn = { events: 0, dropped: 0 };
  for (let i = 0; i < 3; i++) {
    const off = await timedRun(runtime, 'ex10k.mjs', false);
    exchangeMs.off.push(JSON.parse(off.text.trim().split('\n').at(-1) ?? '{}').ms);
    const on = await timedRun(runtime, 'ex10k.mjs', true);
    exchangeMs.on.push(JSON.parse(on.text.trim().split('\n').at(-1) ?? '{}').ms);
    lastOn = on;
  }
  globalThis.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const flood = await timedRun(runtime, 'flood.mjs', true);
  const rssAfter = process.memoryUsage().rss;
  const floodMs = JSON.parse(flood.text.trim().split('\n').at(-1) ?? '{}').ms as number;
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return [
    '  wire capture (local runner):',
    `    Run → first output        p50 ${median(first.off).toFixed(0)} ms without capture, ${median(first.on).toFixed(0)} ms with (${runs} runs each)`,
    `    10,000-message WS echo    p50 ${median(exchangeMs.off).toFixed(0)} ms without, ${median(exchangeMs.on).toFixed(0)} ms with capture (3 runs); last: ${lastOn.events} events sent, ${lastOn.dropped} dropped`,
    `    100,000 frames, captured  ${floodMs.toFixed(0)} ms in the program; ${flood.events} events sent, ${flood.dropped} counted as dropped; runner RSS ${mb(rssBefore)} → ${mb(rssAfter)}`,
  ];
}

// Alone: a runner of its own, same protocol as the page's.
if (import.meta.url === `file://${process.argv[1]}`) {
  const server = await startRunnerServer({ allowedOrigins: ['http://localhost:4321'], log: () => {}, limits: { maxRunWallTimeMs: 120_000 } });
  class PageWebSocket extends WebSocket {
    constructor(url: string) {
      super(url, { origin: 'http://localhost:4321' });
    }
  }
  const runtime = createLocalRuntime({ url: `ws://127.0.0.1:${server.port}/__runner`, token: server.runner.token, WebSocketImpl: PageWebSocket as never });
  try {
    console.log((await benchWire(runtime)).join('\n'));
  } finally {
    await runtime.teardown();
    await server.close();
  }
}
