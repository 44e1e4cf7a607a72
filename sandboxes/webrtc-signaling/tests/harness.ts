// Shared by the specs: starts your signaling server on port 0 and connects real ws clients that keep
// every message they receive. Nothing here depends on how your server is written.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { createSignalingServer, type SignalingServer } from '../server.ts';

export type Incoming = { type: string; [field: string]: unknown };

export class SignalClient {
  readonly socket: WebSocket;
  readonly inbox: Incoming[] = [];
  closeCode: number | undefined;

  constructor(url: string) {
    this.socket = new WebSocket(url);
    this.socket.on('message', (data) => {
      try {
        this.inbox.push(JSON.parse(data.toString()) as Incoming);
      } catch {
        this.inbox.push({ type: '(not JSON)', raw: data.toString() });
      }
    });
    this.socket.on('close', (code) => (this.closeCode = code));
    this.socket.on('error', () => {}); // a refused or broken connection shows up as its close code
  }

  /** Removes and returns the first message that matches, waiting up to timeoutMs for it. */
  async take(what: string, matches: (message: Incoming) => boolean, timeoutMs = 800): Promise<Incoming> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const index = this.inbox.findIndex(matches);
      if (index !== -1) return this.inbox.splice(index, 1)[0] as Incoming;
      if (performance.now() > deadline) {
        throw new Error(`Waited ${timeoutMs} ms for ${what}, but it never came. This client received: ${JSON.stringify(this.inbox).slice(0, 600) || 'nothing'}.`);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  unread(type: string): Incoming[] {
    return this.inbox.filter((message) => message.type === type);
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** A ping answered by a pong: anything the server sent this client before the pong has arrived. */
  async roundTrip(): Promise<void> {
    const pong = once(this.socket, 'pong');
    this.socket.ping();
    await pong;
  }
}

export const isType = (type: string) => (message: Incoming) => message.type === type;
export const isError = (code: string) => (message: Incoming) => message.type === 'error' && message.code === code;

export interface Harness {
  signaling: SignalingServer;
  url: string;
  connect(): Promise<SignalClient>;
  /** Connects and joins `room`, waiting for the server's { type: 'joined' } answer. */
  join(room: string): Promise<SignalClient>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const signaling = createSignalingServer();
  signaling.server.listen(0, '127.0.0.1');
  await once(signaling.server, 'listening');
  const url = `ws://127.0.0.1:${(signaling.server.address() as AddressInfo).port}/signal`;
  const clients: SignalClient[] = [];
  const connect = async (): Promise<SignalClient> => {
    const client = new SignalClient(url);
    clients.push(client);
    await once(client.socket, 'open');
    return client;
  };
  return {
    signaling,
    url,
    connect,
    async join(room) {
      const client = await connect();
      client.send({ type: 'join', room });
      await client.take(`{"type":"joined","room":"${room}"} after joining "${room}"`, (m) => m.type === 'joined' && m.room === room);
      return client;
    },
    async close() {
      for (const client of clients.splice(0)) client.socket.terminate();
      signaling.server.closeAllConnections();
      await new Promise((resolve) => signaling.server.close(resolve));
    },
  };
}

export async function waitUntil(what: string, condition: () => boolean, timeoutMs = 800): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`Waited ${timeoutMs} ms for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A syntactically plausible SDP: the server checks the first line only and never parses the rest. */
export const FAKE_SDP = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';
