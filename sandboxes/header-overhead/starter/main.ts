// Measures what the request head of a typical poll costs, and compares it with a WebSocket frame.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHeadSizeServer } from './server.ts';

const server = createHeadSizeServer();
// Port 0: the system picks a free port; this program talks to itself, so nobody needs to know it in advance.
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const { port } = server.address() as AddressInfo;
const url = `http://127.0.0.1:${port}/api/scores?match=42`;

async function headBytes(headers: Record<string, string>): Promise<number> {
  const response = await fetch(url, { headers });
  return Number(await response.text());
}

// What a browser tab adds to every request to the same site: identity, preferences and cookies.
const browserLike = {
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36',
  accept: 'application/json',
  'accept-language': 'en-GB,en;q=0.9,ja;q=0.8',
  referer: 'https://scores.example/live/42',
  cookie: 'session=4f9c2a7e1b3d5f60a8c9e2d4b6f81357; theme=dark; consent=analytics:false',
};

const plain = await headBytes({});
const browser = await headBytes(browserLike);

// RFC 6455 §5.2: a frame with at most 125 payload bytes has a 2-byte header; frames from the client add a
// 4-byte masking key. The connection's own handshake is paid once, not per message.
const wsServerFrame = 2;
const wsClientFrame = 6;
const pollsPerHour = 3600; // one poll a second

console.log('Bytes of head sent with every request (the response adds its own head on top):');
console.log(`  fetch() with its default headers  ${String(plain).padStart(6)} bytes`);
console.log(`  a browser-like request            ${String(browser).padStart(6)} bytes`);
console.log(`  WebSocket frame, server → client  ${String(wsServerFrame).padStart(6)} bytes`);
console.log(`  WebSocket frame, client → server  ${String(wsClientFrame).padStart(6)} bytes`);
if (plain <= 0 || browser <= plain) {
  console.log('\nThese numbers cannot be right yet: finish requestHeadBytes in head-bytes.ts and run again.');
} else {
  console.log(`\nPolling once a second for an hour sends ${((browser * pollsPerHour) / 1024).toFixed(0)} KiB of request heads alone;`);
  console.log(`the same hour of pushed messages costs ${((wsServerFrame * pollsPerHour) / 1024).toFixed(1)} KiB of WebSocket frame headers.`);
}

// The preview pane: a page whose script asks this server to measure the head your own browser sends.
const PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Your browser's request head</title>
<style>body{font:18px/1.5 system-ui,sans-serif;margin:1.5rem;color:#1b1f24;background:#fff}output{font-weight:700}</style>
<h1>What your browser sends</h1>
<p>Each request from this page carries a head of <output id="bytes">…</output> bytes.</p>
<button id="again" type="button">Measure again</button>
<script>
  async function measure() {
    const text = await (await fetch('api/scores?match=42', { cache: 'no-store' })).text();
    document.getElementById('bytes').textContent = text;
  }
  document.getElementById('again').addEventListener('click', measure);
  measure();
</script></html>`;
const preview = http.createServer((req, res) => {
  if (req.url === '/') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(PAGE);
  } else server.emit('request', req, res); // every other path: the head-size server answers
});
preview.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log('\nThe preview shows the head your own browser sends. Press Stop when you are done.');
});
