/**
 * The local code runner: runs learners' sandboxes in real Node processes for the browser, over one
 * WebSocket endpoint (protocol.ts) that any node:http server can mount.
 *
 *   const runner = createRunner({ allowedOrigins: ['http://localhost:4321'] });
 *   server.on('upgrade', (request, socket, head) => {
 *     if (!runner.handleUpgrade(request, socket, head)) { ...other upgrade handlers, e.g. Vite's HMR... }
 *   });
 *   // give runner.token to the pages; call runner.close() when the server stops.
 *
 * Threat model: the runner runs on the learner's own machine, for the learner's own code. It keeps
 * other web pages and other machines out (loopback, Host, Origin and token checks in upgrade-guard.ts),
 * keeps file names inside the run's folder (file-paths.ts, workspace.ts), keeps every process of a run
 * inside the run (containment.ts: a PID namespace where Linux allows one) and keeps runaway programs
 * from hurting the machine or the course (limits.ts). It is not a jail for hostile code: a run can
 * read what the user can read and use the network.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { RunnerConnection, type RunnerState } from './connection.ts';
import { detectContainment, type ContainmentMode } from './containment.ts';
import { resolveLimits, TOO_MANY_CONNECTIONS_CLOSE_CODE, type RunnerLimits } from './limits.ts';
import { PreviewRegistry, type PreviewTarget } from './preview-registry.ts';
import { ProcessScanner } from './process-table.ts';
import { RUNNER_PATH } from './protocol.ts';
import { createServerFolder, removeStrays, removeTreeSync } from './server-folder.ts';
import { hostPolicy, isLoopbackAddress, isLoopbackHostHeader, refuseUpgrade, upgradeRefusal, type OriginPolicy } from './upgrade-guard.ts';
import { Watchdog } from './watchdog.ts';

export interface RunnerOptions {
  /** Origins (scheme://host:port) of the pages allowed to connect, or a predicate over the Origin header. */
  allowedOrigins: OriginPolicy;
  /** Overrides of DEFAULT_LIMITS. */
  limits?: Partial<RunnerLimits>;
  /** Where the runner makes its temp folder; defaults to os.tmpdir(). */
  tempParentDir?: string;
  /**
   * The node_modules folder linked into every run so sandboxes can import the course's packages
   * offline; defaults to <cwd>/node_modules (the project root when started through npm).
   */
  nodeModulesDir?: string;
  /** Reports runner faults (not learner errors); defaults to console.error. */
  log?: (message: string) => void;
  /**
   * Which Host headers an upgrade may carry (DNS rebinding defence); defaults to loopback names on any
   * port. The course server narrows this to its own port plus any host it was configured with.
   */
  hostAllowed?: (hostHeader: string) => boolean;
  /** 'process-tree' forces the fallback containment (for tests of it); 'auto' (default) uses a PID namespace where possible. */
  containment?: 'auto' | 'process-tree';
  /** The URL on the preview origin for a preview key; without it runs get no preview URLs (course-runner.ts sets it). */
  previewUrl?: (key: string) => string;
}

export interface Runner {
  /** The secret pages must send as `?token=`; random for every runner. */
  readonly token: string;
  /** The URL path the runner answers (`/__runner`). */
  readonly path: string;
  /** The runner's temp folder; each run's folder lives inside it and is removed when the run ends. */
  readonly tempDir: string;
  readonly limits: Readonly<RunnerLimits>;
  /** The number of runs in progress across all connections. */
  readonly activeRunCount: number;
  /** The number of open WebSocket connections. */
  readonly connectionCount: number;
  /** Which containment is in force (containment.ts), and a sentence for the start-up line. */
  readonly containment: { mode: ContainmentMode; description: string };
  /**
   * Handles an HTTP upgrade for the runner's path: accepts it as a WebSocket or refuses it with 403.
   * Returns false, leaving the socket untouched, for any other path so other handlers can take it.
   */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** The server a preview key names, while its run lasts; the preview proxy forwards only to these. */
  previewTarget(key: string): PreviewTarget | undefined;
  /** Kills every run, closes every connection and removes the temp folder. */
  close(): Promise<void>;
}

export function createRunner(options: RunnerOptions): Runner {
  const limits = resolveLimits(options.limits);
  const token = randomBytes(32).toString('base64url');
  const log = options.log ?? ((message: string) => console.error(message));
  const tempDir = createServerFolder(options.tempParentDir ?? tmpdir(), log);
  const nodeModulesDir = options.nodeModulesDir ?? join(process.cwd(), 'node_modules');
  const containment = detectContainment(options.containment ?? 'auto');
  const scanner = new ProcessScanner();
  if (!scanner.available) {
    log('runner: /proc is not available, so process-count and memory limits are not enforced on this system.');
  }
  const state: RunnerState = {
    limits,
    tempDir,
    nodeModulesDir: existsSync(nodeModulesDir) ? resolve(nodeModulesDir) : undefined,
    preloadUrl: new URL('./preload/index.ts', import.meta.url).href,
    everyProcessPreloadUrl: new URL('./preload/loopback-default.mjs', import.meta.url).href,
    scanner,
    watchdog: new Watchdog(limits.watchdogIntervalMs, scanner),
    containment,
    log,
    previews: new PreviewRegistry(),
    ...(options.previewUrl ? { previewUrl: options.previewUrl } : {}),
    activeRoots: new Set(),
    sweep: () => removeStrays(tempDir, state.activeRoots),
    activeRuns: new Set(),
    closing: false,
  };
  // Frames up to twice the message limit are read and answered with E_MESSAGE_TOO_LARGE; beyond
  // that ws closes the connection with 1009 (RFC 6455 §7.4.1) without buffering the rest.
  const sockets = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes * 2 });
  const connections = new Set<RunnerConnection>();
  let closed: Promise<void> | undefined;
  // If the hosting process exits without close() (process.exit(), an uncaught exception), take the
  // runs and the temp folder along. A SIGKILLed host cannot run this; the CPU-time limit in run.ts
  // ends runaway programs then.
  const killOnExit = (): void => {
    for (const run of state.activeRuns) run.killNow();
    removeFolder();
  };
  // Whatever runs left behind (folders they made unwritable included), shutting down must not throw.
  const removeFolder = (): void => {
    try {
      removeTreeSync(tempDir);
    } catch (error) {
      log(`runner: could not remove ${tempDir}: ${(error as Error).message}`);
    }
  };
  process.on('exit', killOnExit);

  return {
    token,
    path: RUNNER_PATH,
    tempDir,
    limits,
    get activeRunCount() {
      return state.activeRuns.size;
    },
    get connectionCount() {
      return connections.size;
    },
    containment: { mode: containment.mode, description: containment.description },
    previewTarget: (key) => state.previews.get(key),
    handleUpgrade(request, socket, head) {
      if (new URL(request.url ?? '/', 'http://localhost').pathname !== RUNNER_PATH) return false;
      if (state.closing) {
        refuseUpgrade(socket, 503, 'The code runner is shutting down. Reload the page once the server is back.');
        return true;
      }
      const refusal = upgradeRefusal(request, { token, allowedOrigins: options.allowedOrigins, hostAllowed: options.hostAllowed ?? isLoopbackHostHeader });
      if (refusal !== undefined) {
        refuseUpgrade(socket, 403, refusal);
        return true;
      }
      sockets.handleUpgrade(request, socket, head, (webSocket) => {
        if (state.closing) {
          webSocket.close(1001, 'The runner is shutting down.');
          return;
        }
        // Accepted, then closed with a reason: a page can read a close reason, not an HTTP error body.
        if (connections.size >= limits.maxConnections) {
          webSocket.close(TOO_MANY_CONNECTIONS_CLOSE_CODE, `E_TOO_MANY_CONNECTIONS: ${connections.size} course tabs are connected, the most. Close some, then reload.`);
          return;
        }
        const connection = new RunnerConnection(webSocket, state);
        connections.add(connection);
        webSocket.once('close', () => connections.delete(connection));
      });
      return true;
    },
    close() {
      closed ??= (async () => {
        state.closing = true;
        const stopped = [...connections].map((connection) => connection.stopAll('disconnect'));
        await Promise.all(stopped);
        for (const connection of connections) connection.close(1001, 'The runner is shutting down.');
        sockets.close();
        state.watchdog.stop();
        removeFolder();
        process.off('exit', killOnExit);
      })();
      return closed;
    },
  };
}

export interface RunnerServer {
  runner: Runner;
  server: Server;
  port: number;
  /** ws://host:port/__runner?token=… — ready to connect to (with an allowed Origin). */
  url: string;
  close(): Promise<void>;
}

/**
 * A stand-alone HTTP server that does nothing but host the runner, for tests and tools. It refuses to
 * listen anywhere but on loopback.
 */
export async function startRunnerServer(
  options: RunnerOptions & { port?: number; host?: string },
): Promise<RunnerServer> {
  const host = options.host ?? '127.0.0.1';
  if (host !== 'localhost' && !isLoopbackAddress(host)) {
    throw new Error(
      `The code runner must listen on a loopback address, not ${JSON.stringify(host)}, because it runs any code ` +
        'it is sent. Use "127.0.0.1", "::1" or "localhost".',
    );
  }
  let listeningPort = 0;
  // Host must name this server: a loopback name with its own port (DNS-rebinding defence).
  const runner = createRunner({ hostAllowed: hostPolicy(() => [listeningPort]), ...options });
  const server = createServer((_request, response) => {
    response.writeHead(426, { 'Content-Type': 'text/plain; charset=utf-8', Upgrade: 'websocket' });
    response.end(`This server only speaks WebSocket, at ${RUNNER_PATH}.\n`);
  });
  server.on('upgrade', (request, socket, head) => {
    if (!runner.handleUpgrade(request, socket, head)) {
      refuseUpgrade(socket, 404, `Nothing answers WebSocket requests here except ${RUNNER_PATH}.`);
    }
  });
  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, host, () => resolveListen());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The runner server has no TCP address.');
  listeningPort = address.port;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    runner,
    server,
    port: address.port,
    url: `ws://${urlHost}:${address.port}${RUNNER_PATH}?token=${runner.token}`,
    async close() {
      await runner.close();
      server.closeAllConnections();
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
    },
  };
}
