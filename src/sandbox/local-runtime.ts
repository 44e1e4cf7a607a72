/**
 * SandboxRuntime over the local runner (src/runner/): the browser keeps the file tree, and every run
 * or test sends the whole tree over one WebSocket; the runner writes it into a fresh folder and runs it
 * with real Node. One connection per runtime, opened on first use and reopened on the next call after
 * it drops.
 */
import type { TestResultMessage } from '../runner/protocol.ts';
import { createProcessChannel } from './process-channel.ts';
import { freshRunnerConfig, type RunnerConfig } from './runner-config.ts';
import { previewUrl } from './preview-url.ts';
import { RunnerConnection, type WebSocketConstructor } from './runner-connection.ts';
import { exitInfoFrom, runMessage, testMessage, testReportFrom, type RunMessage } from './runner-messages.ts';
import { sandboxString } from './runtime-strings.ts';
import { TailBuffer } from './test-report.ts';
import { ResultLineSplitter } from './webcontainer-tests.ts';
import type { FileTree, SandboxProcess, SandboxRuntime, ServerReady, TestReport } from './runtime.ts';

export { previewUrl } from './preview-url.ts';

export interface LocalRuntimeOptions {
  /** The runner's WebSocket URL, e.g. `ws://localhost:4321/__runner` (a `?token=` in it is replaced). */
  url: string;
  /** The runner's secret for this server start, injected into the page by the course server. */
  token: string;
  /** The WebSocket class; defaults to the browser's. Tests pass `ws`'s, which follows the same API. */
  WebSocketImpl?: WebSocketConstructor;
  /** How long to wait for the runner to open the socket and say `ready`. Default 5000 ms. */
  connectTimeoutMs?: number;
  /** Where problems that concern no run go (a malformed message from the runner). Default console.warn. */
  onWarning?: (message: string) => void;
  /**
   * Fetches the runner's URL and token anew when a connection cannot be opened: a course server that
   * restarted has a new token and refuses the old one (a 403 the browser reports only as a failed
   * handshake). Default in a page: GET /__runner/config (runner-config.ts); elsewhere none.
   */
  refreshConfig?: () => Promise<RunnerConfig | undefined>;
}

export class RunnerRefusal extends Error {
  /** The runner's stable error code (protocol.ts ERROR_CODES), for callers that branch on it. */
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'RunnerRefusal';
    this.code = code;
  }
}

export function createLocalRuntime(options: LocalRuntimeOptions): SandboxRuntime {
  const WebSocketImpl: WebSocketConstructor = options.WebSocketImpl ?? globalThis.WebSocket;
  const label = sandboxString('runtime.local.label');
  // Run ids must be unique across tabs, not just here: the preview proxy finds a run's server by id.
  const runIdPrefix = randomId();
  let runCount = 0;
  let files: FileTree = {};
  let current: RunnerConnection | undefined;
  let connecting: Promise<RunnerConnection> | undefined;
  let tornDown = false;
  const serverListeners = new Set<(ready: ServerReady) => void>();

  let endpoint = { url: options.url, token: options.token };
  const refreshConfig = options.refreshConfig ?? (typeof location === 'undefined' ? undefined : freshRunnerConfig);

  function open(): Promise<RunnerConnection> {
    return RunnerConnection.open({
      ...endpoint,
      WebSocketImpl,
      timeoutMs: options.connectTimeoutMs ?? 5000,
      onWarning: options.onWarning ?? ((message) => console.warn(message)),
    });
  }

  /** Opens a connection; when that fails and the server now names another URL or token, tries once with those. */
  async function openOrRefresh(): Promise<RunnerConnection> {
    try {
      return await open();
    } catch (error) {
      const fresh = await refreshConfig?.().catch(() => undefined);
      if (!fresh || (fresh.url === endpoint.url && fresh.token === endpoint.token)) throw error;
      endpoint = { url: fresh.url, token: fresh.token };
      return open();
    }
  }

  function connection(): Promise<RunnerConnection> {
    if (tornDown) return Promise.reject(new Error(sandboxString('runtime.tornDown', { label })));
    if (current?.isOpen) return Promise.resolve(current);
    connecting ??= openOrRefresh()
      .then((opened) => {
        current = opened;
        return opened;
      })
      .finally(() => {
        connecting = undefined;
      });
    return connecting;
  }

  function nextRunId(): string {
    runCount += 1;
    return `${runIdPrefix}-${runCount}`;
  }

  function serverReady(runId: string, port: number, reportedUrl: string | undefined): void {
    // The course server names the preview origin (a port of its own, so preview pages cannot reach this
    // page's storage or the runner token); a bare runner without one falls back to the old same-origin path.
    const ready: ServerReady = { port, url: reportedUrl ?? new URL(previewUrl(runId, '/'), httpOrigin(endpoint.url)).href };
    for (const listener of serverListeners) listener(ready);
  }

  function requireFile(path: string): void {
    if (Object.hasOwn(files, path)) return;
    const names = Object.keys(files);
    throw new Error(
      names.length === 0
        ? sandboxString('runtime.noFiles', { path })
        : sandboxString('runtime.noFile', { path, files: names.join(', ') }),
    );
  }

  return {
    kind: 'local',
    label,

    async mount(tree) {
      // Each run sends the whole tree, so keeping a copy is all a mount needs; the copy keeps later
      // edits of the caller's object from changing what runs.
      files = { ...tree };
    },

    async writeFile(path, content) {
      files = { ...files, [path]: content };
    },

    async readFile(path) {
      requireFile(path);
      return files[path] as string;
    },

    async run(entry, runOptions = {}) {
      requireFile(entry);
      const socket = await connection();
      const runId = nextRunId();
      const channel = createProcessChannel();
      const startedAt = Date.now();
      return new Promise<SandboxProcess>((resolve, reject) => {
        let started = false;
        const sandboxProcess: SandboxProcess = {
          output: channel.output,
          exit: channel.exit,
          write(data) {
            if (!channel.finished) socket.send({ type: 'stdin', runId, data });
          },
          kill() {
            if (!channel.finished) socket.send({ type: 'stop', runId });
          },
        };
        const unregister = socket.register(runId, {
          onMessage(message: RunMessage) {
            switch (message.type) {
              case 'started':
                started = true;
                resolve(sandboxProcess);
                return;
              case 'output':
                channel.push({ stream: message.stream, data: message.data });
                return;
              case 'notice':
                channel.push({ stream: 'system', data: `${message.message}\n` });
                return;
              case 'port':
                serverReady(runId, message.port, safePreviewUrl(message.previewUrl));
                return;
              case 'error':
                if (!started) {
                  unregister();
                  reject(new RunnerRefusal(message.code, message.message));
                } else if (message.code !== 'E_UNKNOWN_RUN') {
                  // E.g. input after the program closed stdin. E_UNKNOWN_RUN only means a stop crossed the exit.
                  channel.push({ stream: 'system', data: `${message.message}\n` });
                }
                return;
              case 'exit':
                unregister();
                channel.finish(exitInfoFrom(message));
                return;
              case 'test-result':
                return;
              case 'wire':
                runOptions.onWire?.(message.events);
                return;
            }
          },
          onDisconnect() {
            if (!started) {
              reject(new Error(sandboxString('local.disconnectedBeforeStart', { entry })));
              return;
            }
            // The runner kills a connection's runs when the socket closes (protocol.ts reason 'disconnect').
            if (!tornDown) channel.push({ stream: 'system', data: `${sandboxString('local.disconnectedNotice')}\n` });
            channel.finish({
              code: null,
              signal: null,
              reason: tornDown ? 'stopped' : 'disconnect',
              durationMs: Date.now() - startedAt,
            });
          },
        });
        if (!socket.send(runMessage(runId, { ...files }, entry, runOptions.env, runOptions.timeLimitMs, runOptions.wire))) {
          // The socket closed between connecting and sending; onDisconnect has not run for this route.
          unregister();
          reject(new Error(sandboxString('local.disconnectedBeforeStart', { entry })));
        }
      });
    },

    async test(testFiles, testOptions = {}) {
      const socket = await connection();
      const runId = nextRunId();

      const output = new TailBuffer();
      const notices: string[] = [];
      let result: TestResultMessage | undefined;
      // The runner's stream reporter prints a line per finished test; those become onTest calls.
      const streamed = new ResultLineSplitter((test) => testOptions.onTest?.(test));
      return new Promise<TestReport>((resolve, reject) => {
        const unregister = socket.register(runId, {
          onMessage(message: RunMessage) {
            switch (message.type) {
              case 'output':
                output.append(streamed.push(message.data));
                return;
              case 'notice':
                notices.push(message.message);
                return;
              case 'test-result':
                result = message;
                return;
              case 'error':
                // Errors for a test run always mean nothing was started (protocol.ts).
                unregister();
                reject(new RunnerRefusal(message.code, message.message));
                return;
              case 'exit':
                unregister();
                output.append(streamed.flush());
                resolve(testReportFrom(result, message, output.toString(), notices));
                return;
              default:
                return;
            }
          },
          onDisconnect() {
            reject(new Error(sandboxString('local.disconnectedDuringTests')));
          },
        });
        // The runner's vitest config reads COURSE_TEST_BAIL (src/runner/vitest-command.ts).
        if (!socket.send(testMessage(runId, { ...files }, testFiles, testOptions.bail ? { COURSE_TEST_BAIL: '1' } : undefined))) {
          unregister();
          reject(new Error(sandboxString('local.disconnectedDuringTests')));
          return;
        }
        // Cancel (also one pressed while connecting): the runner kills the test tool's tree and reports what it has.
        const stop = (): void => void socket.send({ type: 'stop', runId });
        if (testOptions.signal?.aborted) stop();
        else testOptions.signal?.addEventListener('abort', stop, { once: true });
      });
    },

    onServerReady(listener) {
      serverListeners.add(listener);
      return () => serverListeners.delete(listener);
    },

    async teardown() {
      tornDown = true;
      serverListeners.clear();
      const pending = connecting;
      current?.close();
      // A connection still being opened is closed as soon as it is ready, so no socket outlives the runtime.
      if (pending) await pending.then((late) => late.close(), () => {});
    },
  };
}

/** The HTTP origin of the runner's WebSocket URL: the preview proxy lives on the same server. */
function httpOrigin(wsUrl: string): string {
  const url = new URL(wsUrl);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  return url.origin;
}

/** Only an http(s) URL may become the iframe's src; anything else from the wire is ignored. */
function safePreviewUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (byte) => byte.toString(36).padStart(2, '0')).join('').slice(0, 12);
}

