/**
 * Shared set-up for the local-runtime tests: the REAL runner (src/runner/) on port 0 and runtimes that
 * reach it through a real `ws` WebSocket client, torn down after each test.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { WebSocket } from 'ws';
import { startRunnerServer, type RunnerServer } from '../../src/runner/index.ts';
import { createLocalRuntime, type LocalRuntimeOptions } from '../../src/sandbox/local-runtime.ts';
import type { OutputChunk, SandboxRuntime } from '../../src/sandbox/runtime.ts';

export const PAGE_ORIGIN = 'http://localhost:4321';

/**
 * `ws`'s client follows the browser WebSocket API (addEventListener, readyState, send, close; text
 * frames arrive as strings in event.data). Browsers send Origin themselves; Node's client must be told.
 */
export class BrowserLikeWebSocket extends WebSocket {
  constructor(url: string) {
    super(url, { origin: PAGE_ORIGIN });
  }
}

export interface RunnerHarness {
  server(): RunnerServer;
  /** Raw TCP sockets of upgraded connections, so a test can cut one like a network failure would. */
  upgradedSockets: Duplex[];
  runtime(overrides?: Partial<LocalRuntimeOptions>): SandboxRuntime;
}

/** Call at the top of a test file: starts one runner for the file and tears runtimes down after each test. */
export function useRunner(): RunnerHarness {
  let server: RunnerServer | undefined;
  const upgradedSockets: Duplex[] = [];
  const runtimes: SandboxRuntime[] = [];
  beforeAll(async () => {
    server = await startRunnerServer({ allowedOrigins: [PAGE_ORIGIN], limits: { runWallTimeMs: 8000 }, log: () => {} });
    server.server.prependListener('upgrade', (_request: IncomingMessage, socket: Duplex) => upgradedSockets.push(socket));
  });
  afterEach(async () => {
    await Promise.all(runtimes.splice(0).map((runtime) => runtime.teardown()));
  });
  afterAll(async () => {
    await server?.close();
  });
  const current = (): RunnerServer => {
    if (!server) throw new Error('The runner is not started yet: call useRunner() at the top of the file.');
    return server;
  };
  return {
    server: current,
    upgradedSockets,
    runtime(overrides = {}) {
      const created = createLocalRuntime({
        url: `ws://127.0.0.1:${current().port}/__runner`,
        token: current().runner.token,
        WebSocketImpl: BrowserLikeWebSocket,
        ...overrides,
      });
      runtimes.push(created);
      return created;
    },
  };
}

export function text(chunks: OutputChunk[], stream?: OutputChunk['stream']): string {
  return chunks.filter((chunk) => stream === undefined || chunk.stream === stream).map((chunk) => chunk.data).join('');
}

/** Reads output until `pattern` appears, leaving the stream locked (the process keeps running). */
export async function waitForOutput(output: ReadableStream<OutputChunk>, pattern: RegExp): Promise<string> {
  const reader = output.getReader();
  let seen = '';
  while (!pattern.test(seen)) {
    const { done, value } = await reader.read();
    if (done) throw new Error(`The output ended before matching ${pattern}: ${seen}`);
    seen += value.data;
  }
  reader.releaseLock();
  return seen;
}
