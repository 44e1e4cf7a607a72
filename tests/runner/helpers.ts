/**
 * Test helpers: a real runner server on port 0 and a real `ws` client that records every message.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { startRunnerServer, type RunnerServer } from '../../src/runner/index.ts';
import type { RunnerLimits } from '../../src/runner/limits.ts';
import type { ExitMessage, ServerMessage, WireMessage } from '../../src/runner/protocol.ts';
import type { WireEvent } from '../../src/wire/trace-events.ts';
import { afterAll, beforeAll } from 'vitest';

export const ORIGIN = 'http://localhost:4321';

export interface TestServer extends RunnerServer {
  /** The parent of the runner's temp folder, private to this server. */
  tempParent: string;
  /** Stops the server and removes everything it made. */
  dispose(): Promise<void>;
}

export async function startTestServer(
  limits: Partial<RunnerLimits> = {},
  options: { containment?: 'auto' | 'process-tree' } = {},
): Promise<TestServer> {
  const tempParent = mkdtempSync(join(tmpdir(), 'brr-runner-test-'));
  const server = await startRunnerServer({
    ...options,
    port: 0,
    host: '127.0.0.1',
    allowedOrigins: [ORIGIN],
    limits,
    tempParentDir: tempParent,
    nodeModulesDir: join(process.cwd(), 'node_modules'),
    log: () => {},
  });
  return {
    ...server,
    tempParent,
    async dispose() {
      await server.close();
      rmSync(tempParent, { recursive: true, force: true });
    },
  };
}

/** What is inside the runner's temp folder besides its owner file: run folders and anything runs left there. */
/**
 * A runner server and one connected client for a whole test file, started before its tests and closed
 * after them: `const runner = connectedRunner();` then `runner.client` inside tests.
 */
export function connectedRunner(): { readonly server: TestServer; readonly client: TestClient } {
  const state: { server?: TestServer; client?: TestClient } = {};
  beforeAll(async () => {
    state.server = await startTestServer();
    state.client = await TestClient.connect(state.server.url);
  });
  afterAll(async () => {
    await state.client?.close();
    await state.server?.dispose();
  });
  return {
    get server() {
      if (!state.server) throw new Error('connectedRunner(): the runner starts in beforeAll; use it inside tests.');
      return state.server;
    },
    get client() {
      if (!state.client) throw new Error('connectedRunner(): the client connects in beforeAll; use it inside tests.');
      return state.client;
    },
  };
}

export function runFolders(server: RunnerServer): string[] {
  return readdirSync(server.runner.tempDir).filter((name) => name !== 'owner.json');
}

export class TestClient {
  readonly socket: WebSocket;
  readonly messages: ServerMessage[] = [];
  private waiters: Array<() => void> = [];

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (data) => {
      this.messages.push(JSON.parse(String(data)) as ServerMessage);
      for (const wake of this.waiters.splice(0)) wake();
    });
    socket.on('close', () => {
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** The wire events the runner sent for `runId`, in arrival order (batches flattened). */
  wireEvents(runId: string): WireEvent[] {
    return this.messages.filter((m): m is WireMessage => m.type === 'wire' && m.runId === runId).flatMap((m) => m.events as WireEvent[]);
  }

  static async connect(url: string, origin = ORIGIN): Promise<TestClient> {
    const socket = new WebSocket(url, { origin });
    const client = new TestClient(socket);
    await client.next((message) => message.type === 'ready', 5000);
    return client;
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /**
   * Resolves with the first recorded message matching `predicate`, looking at messages from index
   * `from` on (all by default, so a message that already arrived counts).
   */
  async next(predicate: (message: ServerMessage) => boolean, timeoutMs = 10_000, from = 0): Promise<ServerMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.slice(from).find(predicate);
      if (found) return found;
      if (this.socket.readyState === WebSocket.CLOSED) throw new Error('The connection closed while waiting.');
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new Error(`No matching message within ${timeoutMs} ms; got ${JSON.stringify(this.messages).slice(-2000)}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Sends `message` and resolves with the first `error` message that arrives after it. */
  async sendExpectingError(message: unknown, timeoutMs = 5000): Promise<Extract<ServerMessage, { type: 'error' }>> {
    const from = this.messages.length;
    this.send(message);
    return (await this.next((reply) => reply.type === 'error', timeoutMs, from)) as Extract<
      ServerMessage,
      { type: 'error' }
    >;
  }

  async exit(runId: string, timeoutMs = 15_000): Promise<ExitMessage> {
    return (await this.next((message) => message.type === 'exit' && message.runId === runId, timeoutMs)) as ExitMessage;
  }

  /** All messages of one run, in order. */
  of(runId: string): ServerMessage[] {
    return this.messages.filter((message) => 'runId' in message && message.runId === runId);
  }

  output(runId: string, stream: 'stdout' | 'stderr' = 'stdout'): string {
    return this.of(runId)
      .map((message) => (message.type === 'output' && message.stream === stream ? message.data : ''))
      .join('');
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}

/** Sends a raw WebSocket upgrade request and returns the HTTP answer (status and body). */
export function rawUpgrade(
  port: number,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request({
      host: '127.0.0.1',
      port,
      path,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        ...headers,
      },
    });
    outgoing.on('upgrade', (response, socket) => {
      socket.destroy();
      resolve({ status: response.statusCode ?? 0, body: '' });
    });
    outgoing.on('response', (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: body.trim() }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/**
 * Live (non-zombie) processes whose environment holds `NAME=value`, found through /proc. Runs in the
 * tests get a unique marker variable, so this finds every process a run left behind.
 */
export function processesWithMarker(name: string, value: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      if (state === 'Z') continue;
      const environ = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\u0000');
      if (environ.includes(`${name}=${value}`)) found.push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  return found;
}

/** Polls `check` until it returns true or the time is up. */
export async function eventually(check: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
