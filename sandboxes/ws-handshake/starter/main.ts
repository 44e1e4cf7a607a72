// Runs three handshakes against your server: a page from an allowed origin, a client that speaks an old
// protocol version, and a page from another site.
import { once } from 'node:events';
import net, { type AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { acceptKey } from './accept-key.ts';
import { createHandshakeServer } from './handshake-server.ts';

const sample = 'dGhlIHNhbXBsZSBub25jZQ==';
console.log(`acceptKey("${sample}") = "${acceptKey(sample)}"`);
console.log(`RFC 6455 §1.3 expects        "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="\n`);

const server = createHandshakeServer({ allowedOrigins: ['http://localhost:3000'], protocols: ['chat.v2', 'chat.v1'] });
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const { port } = server.address() as AddressInfo;
const url = `ws://127.0.0.1:${port}/chat`;

/** Connects with the `ws` client (it checks Sec-WebSocket-Accept itself) and reports what happens. */
function connect(origin: string, protocols: string[]): Promise<void> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, protocols, { origin });
    let refused = false;
    ws.on('upgrade', (res) => console.log(`  ${res.statusCode} ${res.statusMessage}, Sec-WebSocket-Accept: ${res.headers['sec-websocket-accept']}`));
    ws.on('open', () => console.log(`  open, subprotocol: ${ws.protocol || '(none)'}`));
    ws.on('message', (data) => console.log(`  message: ${String(data)}`));
    ws.on('unexpected-response', (_req, res) => {
      refused = true;
      console.log(`  refused: ${res.statusCode} ${res.statusMessage}`);
      ws.terminate();
    });
    ws.on('error', (error) => {
      if (!refused) console.log(`  error: ${error.message}`);
    });
    ws.on('close', (code) => {
      if (!refused) console.log(`  closed with code ${code}`);
      resolve();
    });
  });
}

console.log('A page from http://localhost:3000 offering chat.v1 and chat.v2:');
await connect('http://localhost:3000', ['chat.v1', 'chat.v2']);

console.log('\nA client speaking WebSocket version 8, by hand over TCP:');
const socket = net.connect(port, '127.0.0.1');
await once(socket, 'connect');
socket.write(`GET /chat HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${sample}\r\nSec-WebSocket-Version: 8\r\n\r\n`);
const [answer] = (await once(socket, 'data')) as [Buffer];
const head = answer.toString('latin1').split('\r\n\r\n')[0] ?? '';
console.log(head.split('\r\n').map((line) => `  ${line}`).join('\n'));
socket.destroy();

console.log('\nA page from https://evil.example:');
await connect('https://evil.example', []);

server.close();
