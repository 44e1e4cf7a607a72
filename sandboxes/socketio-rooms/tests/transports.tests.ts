import type { ManagerOptions, Socket, SocketOptions } from 'socket.io-client';
import { describe } from 'vitest';
import type { ChatMessage } from '../protocol.ts';
import { createRoomsServer } from '../server.ts';
import { ask, collect, settleWithin, sleep, test as netTest, waitFor } from './harness.ts';

/** Your server on a port of its own for each test, and what it was asked over HTTP. */
interface Rooms {
  url: string;
  client(options?: Partial<ManagerOptions & SocketOptions>): Promise<Socket>;
  /** The transport named in each HTTP request the server got (`?transport=polling` or `websocket`). */
  requests: string[];
}

const test = netTest.extend<{ rooms: Rooms }>({
  rooms: async ({ net }, use) => {
    const { httpServer, io } = createRoomsServer();
    const requests: string[] = [];
    // Only watching: Engine.IO answers these requests itself.
    const note = (req: { url?: string }) => requests.push(new URL(req.url ?? '/', 'http://x').searchParams.get('transport') ?? 'other');
    httpServer.on('request', note);
    httpServer.on('upgrade', note);
    const url = await net.listen(httpServer, io);
    await use({ url, client: (options) => net.client(url, options), requests });
  },
});

describe.concurrent('Engine.IO transports', () => {
  test('a default client opens the session with HTTP long-polling, then upgrades to WebSocket (the starter already does: keep it so)', async ({ rooms: { client, requests }, expect }) => {
    const socket = await client({ autoConnect: false });
    const opened = new Promise<string>((resolve) => socket.io.once('open', () => resolve(socket.io.engine.transport.name)));
    socket.connect();
    expect(await settleWithin(opened, 3000, 'The Engine.IO session never opened.'), 'Without options the first transport is polling: it works through any proxy that passes HTTP.').toBe('polling');
    // The probe (ping "probe" / pong "probe") and the switch happen right after the session opens.
    await settleWithin(
      new Promise<void>((resolve) => (socket.io.engine.transport.name === 'websocket' ? resolve() : socket.io.engine.once('upgrade', () => resolve()))),
      3000,
      'The client never upgraded to WebSocket. Does the server still allow upgrades (allowUpgrades, transports)?',
    );
    expect(socket.io.engine.transport.name).toBe('websocket');
    expect(requests.includes('polling') && requests.includes('websocket'), `The server saw the requests ${JSON.stringify(requests)}: polling first, then a WebSocket upgrade request.`).toBe(true);
  });

  test('a polling-only client never upgrades, yet joins rooms and exchanges messages with WebSocket clients', async ({ rooms, expect }) => {
    const viaPolling = await rooms.client({ transports: ['polling'] });
    const viaWebSocket = await rooms.client();
    await ask(viaPolling, 'join', ['lobby']);
    expect(await ask(viaWebSocket, 'join', ['lobby'])).toEqual({ ok: true, room: 'lobby', members: 2 });
    const pollingInbox = collect<ChatMessage>(viaPolling, 'message');
    const webSocketInbox = collect<ChatMessage>(viaWebSocket, 'message');

    await ask(viaWebSocket, 'say', [{ room: 'lobby', text: 'from a WebSocket' }]);
    await ask(viaPolling, 'say', [{ room: 'lobby', text: 'from long-polling' }]);
    await waitFor(() => pollingInbox.length > 0 && webSocketInbox.length > 0, 2000, 'A message did not cross between the polling client and the WebSocket client within 2 s.');

    expect(pollingInbox.map((m) => m.text), 'The server emits to rooms the same way whatever transport each member uses.').toEqual(['from a WebSocket']);
    expect(webSocketInbox.map((m) => m.text)).toEqual(['from long-polling']);
    await sleep(100);
    expect(viaPolling.io.engine.transport.name, 'transports: ["polling"] rules out the upgrade.').toBe('polling');
  });

  // Node's built-in WebSocket (Node 22 and later) has the browser's API and no Socket.IO code in it. Older
  // Node versions, such as some in-browser runtimes use, do not have it, and skip this test.
  test.skipIf(typeof globalThis.WebSocket !== 'function')('a plain WebSocket client gets an Engine.IO open packet, and is cut off when it sends plain text', async ({ rooms, expect }) => {
    const plain = new WebSocket(`${rooms.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
    const frames: string[] = [];
    plain.addEventListener('message', (event) => frames.push(String(event.data)));
    const closed = new Promise<void>((resolve) => plain.addEventListener('close', () => resolve()));
    await settleWithin(new Promise((resolve) => plain.addEventListener('open', resolve)), 2000, 'The plain WebSocket did not connect to /socket.io/.');
    await waitFor(() => frames.length > 0, 1000, 'Engine.IO sends an open packet first.');
    expect(frames[0], 'The first frame is Engine.IO packet type 0 (open) with the session parameters as JSON.').toMatch(/^0\{"sid":/);

    plain.send('hello'); // not an Engine.IO packet: "h" is no packet type
    await settleWithin(closed, 2000, 'Engine.IO should close a connection that sends something that is not one of its packets.');
    const socketIo = await rooms.client();
    expect(socketIo.connected, 'The server carries on for everybody else.').toBe(true);
  });

  test('a WebSocket-only client skips long-polling entirely', async ({ rooms: { client, requests }, expect }) => {
    const socket = await client({ transports: ['websocket'] });
    expect(socket.io.engine.transport.name).toBe('websocket');
    expect(await ask(socket, 'join', ['lobby'])).toEqual({ ok: true, room: 'lobby', members: 1 });
    expect(requests, 'With transports: ["websocket"] the only HTTP request is the WebSocket upgrade.').toEqual(['websocket']);
  });
});
