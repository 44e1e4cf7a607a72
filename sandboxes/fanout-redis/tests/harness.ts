// Shared by the specs: a real Redis, real server processes, real WebSocket clients, all cleaned up.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import type { ServerMessage } from '../protocol.ts';

export interface ServerProcess {
  name: string;
  port: number;
  child: ChildProcess;
}

const SERVER_ENTRY = fileURLToPath(new URL('../server-process.ts', import.meta.url));
const children: ChildProcess[] = [];
const sockets: WebSocket[] = [];

/** Forks server-process.ts (your server.ts in a process of its own) and waits for its port. */
export async function startServerProcess(name: string, redisUrl: string, admission = { admitPerTick: 50, tickMs: 100 }): Promise<ServerProcess> {
  const child = fork(SERVER_ENTRY, [], {
    env: { ...process.env, SERVER_NAME: name, REDIS_URL: redisUrl, ADMIT_PER_TICK: String(admission.admitPerTick), TICK_MS: String(admission.tickMs) },
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ready = await Promise.race([
    once(child, 'message') as Promise<[{ port: number }]>,
    once(child, 'exit').then(([code]) => {
      throw new Error(`Server process "${name}" exited with code ${code} before it listened:\n${stderr.slice(0, 2000)}`);
    }),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`Server process "${name}" did not report its port within 15 s:\n${stderr.slice(0, 2000)}`)), 15_000)),
  ]);
  return { name, port: ready[0].port, child };
}

export async function stopServerProcesses(): Promise<void> {
  for (const socket of sockets.splice(0)) socket.terminate();
  await Promise.all(
    children.splice(0).map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    }),
  );
}

/** A connected client: the socket, everything it received, and the welcome. */
export interface TestClient {
  socket: WebSocket;
  inbox: ServerMessage[];
  server: string;
  say(text: string): void;
}

export async function connect(port: number, id: string): Promise<TestClient> {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/?id=${encodeURIComponent(id)}`);
  sockets.push(socket);
  const inbox: ServerMessage[] = [];
  socket.on('error', () => {});
  const welcome = new Promise<string>((resolve, reject) => {
    socket.on('message', (data) => {
      let message: ServerMessage;
      try {
        message = JSON.parse(String(data)) as ServerMessage;
      } catch {
        // Recorded, so that a test can say a client received something that is not JSON at all.
        message = { type: 'unparseable', raw: String(data) } as unknown as ServerMessage;
      }
      inbox.push(message);
      if (message.type === 'welcome') resolve(message.server);
    });
    socket.once('close', (code) => reject(new Error(`Client "${id}" was closed with code ${code} before any welcome.`)));
  });
  const server = await settleWithin(welcome, 2000, `Client "${id}" got no welcome from port ${port} within 2 s.`);
  return { socket, inbox, server, say: (text) => socket.send(JSON.stringify({ type: 'say', text })) };
}

export function chatsIn(client: TestClient, text: string): number {
  return client.inbox.filter((message) => message.type === 'message' && message.text === text).length;
}

export function settleWithin<T>(promise: Promise<T>, ms: number, explanation: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(explanation)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every 10 ms until it holds; returns false after `ms`. */
export async function eventually(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > deadline) return false;
    await sleep(10);
  }
  return true;
}

/** Long enough for a duplicate on loopback to arrive after the first copy. */
export const QUIET_MS = 100;
