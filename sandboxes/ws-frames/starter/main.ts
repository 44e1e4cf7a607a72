// Prints the frames of RFC 6455 §5.7 byte by byte, then talks to the echo server: first with the `ws`
// client, then by hand with a frame that breaks the rules.
import { once } from 'node:events';
import net, { type AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { createEchoServer } from './echo-server.ts';
import { FrameDecoder } from './frame-decoder.ts';
import { encodeFrame, Opcode } from './frame.ts';

const hex = (bytes: Buffer, max = 14): string =>
  [...bytes.subarray(0, max)].map((byte) => byte.toString(16).padStart(2, '0')).join(' ') + (bytes.length > max ? ` … (${bytes.length} bytes)` : '');
const text = (value: string): Buffer => Buffer.from(value, 'utf8');
const key = Buffer.from([0x37, 0xfa, 0x21, 0x3d]);

console.log('Frames from RFC 6455 §5.7, as encodeFrame builds them:');
console.log(`  "Hello", unmasked         ${hex(encodeFrame({ opcode: Opcode.Text, payload: text('Hello') }))}`);
console.log(`  "Hello", masked           ${hex(encodeFrame({ opcode: Opcode.Text, payload: text('Hello'), mask: key }))}`);
console.log(`  "Hel" then "lo"           ${hex(encodeFrame({ fin: false, opcode: Opcode.Text, payload: text('Hel') }))} | ${hex(encodeFrame({ opcode: Opcode.Continuation, payload: text('lo') }))}`);
console.log(`  ping "Hello"              ${hex(encodeFrame({ opcode: Opcode.Ping, payload: text('Hello') }))}`);
console.log(`  256 bytes binary          ${hex(encodeFrame({ opcode: Opcode.Binary, payload: Buffer.alloc(256) }))}`);
console.log(`  65 536 bytes binary       ${hex(encodeFrame({ opcode: Opcode.Binary, payload: Buffer.alloc(65536) }))}`);

const server = createEchoServer({ maxMessageBytes: 100_000 });
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const { port } = server.address() as AddressInfo;

console.log('\nThe ws client talks to the echo server:');
const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
const replies: string[] = [];
ws.on('error', (error) => replies.push(`error: ${error.message}`));
ws.on('message', (data: Buffer, isBinary) => replies.push(isBinary ? `${data.length} bytes of binary` : `"${String(data)}"`));
ws.on('pong', (data) => replies.push(`pong "${String(data)}"`));
ws.on('open', () => {
  ws.send('Hello');
  ws.send('Frag', { fin: false });
  ws.send('mented', { fin: true });
  ws.ping('are you there?');
  ws.send(Buffer.alloc(70_000));
  ws.send(Buffer.alloc(100_001)); // over maxMessageBytes
});
const [code, reason] = await new Promise<[number, Buffer]>((resolve) => ws.once('close', (...args) => resolve(args)));
for (const reply of replies) console.log(`  ← ${reply}`);
console.log(`  closed: ${code} ${String(reason)}`);

console.log('\nA raw TCP client sends an UNMASKED "Hello", which a server must refuse:');
const socket = net.connect(port, '127.0.0.1');
await once(socket, 'connect');
socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`);
let received = Buffer.alloc(0);
socket.on('data', (chunk: Buffer) => (received = Buffer.concat([received, chunk])));
socket.write(encodeFrame({ opcode: Opcode.Text, payload: text('Hello') }));
// A server that does not refuse would leave the connection open: give up after a second.
await Promise.race([once(socket, 'close'), new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
socket.destroy();
const frames = received.subarray(received.indexOf('\r\n\r\n') + 4);
console.log(`  → ${hex(encodeFrame({ opcode: Opcode.Text, payload: text('Hello') }))}`);
console.log(`  ← ${hex(frames, 40)}`);
// Our own decoder, as a client this time: frames from a server are never masked.
const decoder = new FrameDecoder(
  { role: 'client', maxMessageBytes: 1024 },
  {
    onFrame: (frame) => frame.opcode === Opcode.Close && console.log(`  close code ${frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : '(none)'}: ${frame.payload.subarray(2).toString('utf8')}`),
    onMessage: () => {},
    onError: (error) => console.log(`  the reply itself breaks the protocol (${error.code}): ${error.reason}`),
  },
);
decoder.push(frames);
server.close();
