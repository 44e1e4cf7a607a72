// Three clients talk to your server: Ana and Cy with the default transports (HTTP long-polling first,
// then an upgrade to WebSocket), Bo with long-polling only, as if a proxy blocked WebSockets.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { io as connect } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { askWithTimeout } from './ask.ts';
import type { JoinReply, SayReply, SlowReply } from './protocol.ts';
import { createRoomsServer } from './server.ts';

const { httpServer, io } = createRoomsServer();
// Port 0: the system picks a free port; this program talks to itself, so nobody needs to know it in advance.
httpServer.listen(0, '127.0.0.1');
await once(httpServer, 'listening');
const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;

/** askWithTimeout with a safety net, so this demo ends even while askWithTimeout still waits forever. */
function ask<Reply>(socket: Socket, event: string, payload: unknown, ms: number): Promise<Reply> {
  const deadline = new Promise<never>((_, reject) => {
    const timer = setTimeout(() => reject(new Error(`still no answer after ${ms + 1000} ms: does askWithTimeout use a timeout, and does the server acknowledge "${event}"?`)), ms + 1000);
    timer.unref();
  });
  return Promise.race([askWithTimeout<Reply>(socket, event, payload, ms), deadline]);
}

async function client(name: string, transports?: string[]): Promise<Socket> {
  // forceNew: each client gets its own connection; by default io() would share one per URL (multiplexing).
  const socket = connect(url, { forceNew: true, reconnection: false, ...(transports ? { transports } : {}) });
  socket.io.on('open', () => {
    console.log(`${name}: Engine.IO session opened over ${socket.io.engine.transport.name}`);
    socket.io.engine.on('upgrade', (transport: { name: string }) => console.log(`${name}: upgraded to ${transport.name}`));
  });
  socket.on('message', (message: { room: string; from: string; text: string }) => {
    console.log(`${name} received in ${message.room}: "${message.text}" (from ${message.from})`);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
  return socket;
}

const ana = await client('Ana');
const bo = await client('Bo', ['polling']);
const cy = await client('Cy');

for (const [name, socket, room] of [['Ana', ana, 'lobby'], ['Bo', bo, 'lobby'], ['Cy', cy, 'kitchen']] as const) {
  try {
    const reply = await ask<JoinReply>(socket, 'join', room, 1000);
    console.log(`${name} joins ${room}:`, reply);
  } catch (error) {
    console.log(`${name} could not join ${room}: ${(error as Error).message}`);
  }
}

try {
  const said = await ask<SayReply>(ana, 'say', { room: 'lobby', text: 'Hello, lobby!' }, 1000);
  console.log('Ana says hello to the lobby:', said, '(Bo should receive it; Ana and Cy should not)');
} catch (error) {
  console.log(`Ana could not say hello: ${(error as Error).message}`);
}
await new Promise((resolve) => setTimeout(resolve, 200));

for (const ms of [100, 1500]) {
  const started = performance.now();
  try {
    const reply = await ask<SlowReply>(cy, 'slow', { ms }, 500);
    console.log(`slow ${ms} ms with a 500 ms timeout: answered`, reply);
  } catch (error) {
    console.log(`slow ${ms} ms with a 500 ms timeout: ${(error as Error).name} after ${Math.round(performance.now() - started)} ms`);
  }
}

console.log(`\nTransports now: Ana ${ana.io.engine.transport.name}, Bo ${bo.io.engine.transport.name}, Cy ${cy.io.engine.transport.name}`);
for (const socket of [ana, bo, cy]) socket.disconnect();
await io.close();
