/**
 * One browser connection: validates every message, starts and steers that connection's runs, and
 * kills them all when the connection closes. Nothing a message contains can throw out of here; the
 * worst a hostile or buggy page gets back is an `error` message.
 */
import { WebSocket, type RawData } from 'ws';
import {
  errorMessage,
  parseClientMessage,
  PROTOCOL_VERSION,
  type ClientMessage,
  type RunRequest,
  type ServerMessage,
  type TestRequest,
} from './protocol.ts';
import { IDLE_CLOSE_CODE } from './limits.ts';
import { Run, type RunContext, type RunSpec } from './run.ts';

/** State shared by all connections of one runner. */
export interface RunnerState extends RunContext {
  /** Every run in progress, for the global limit and for shutting down. */
  activeRuns: Set<Run>;
  closing: boolean;
}

export class RunnerConnection {
  private readonly socket: WebSocket;
  private readonly state: RunnerState;
  private readonly runs = new Map<string, Run>();
  private readonly finished: Promise<void>[] = [];
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(socket: WebSocket, state: RunnerState) {
    this.socket = socket;
    this.state = state;
    socket.on('message', (data, isBinary) => {
      this.resetIdleTimer();
      this.receive(data, isBinary);
    });
    socket.on('close', () => {
      clearTimeout(this.idleTimer);
      void this.stopAll('disconnect');
    });
    this.resetIdleTimer();
    // 'error' (a protocol violation, an oversized frame) is always followed by 'close'.
    socket.on('error', () => {});
    this.send({ type: 'ready', protocolVersion: PROTOCOL_VERSION, nodeVersion: process.version, limits: { ...state.limits } });
  }

  /** Kills every run of this connection; resolves when their folders are gone. */
  async stopAll(reason: 'stopped' | 'disconnect'): Promise<void> {
    for (const run of this.runs.values()) run.stop(reason);
    await Promise.all(this.finished);
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }

  /**
   * An open tab holds a connection; one that has run nothing for limits.idleConnectionMs gives it up
   * (the page reconnects on its next run), so forgotten tabs cannot use up maxConnections.
   */
  private resetIdleTimer(): void {
    clearTimeout(this.idleTimer);
    if (this.runs.size > 0) return;
    this.idleTimer = setTimeout(() => {
      if (this.runs.size === 0) this.close(IDLE_CLOSE_CODE, 'Closed after a while without runs; the page reconnects on its next run.');
    }, this.state.limits.idleConnectionMs);
    this.idleTimer.unref();
  }

  private send(message: ServerMessage): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private receive(data: RawData, isBinary: boolean): void {
    try {
      if (isBinary) {
        this.send(
          errorMessage(
            'E_BINARY_MESSAGE',
            'The runner received a binary WebSocket message. Send each message as JSON text ' +
              '(socket.send(JSON.stringify(message))).',
          ),
        );
        return;
      }
      // ws hands text frames over as one Buffer (binaryType 'nodebuffer'); the other shapes are for completeness.
      const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
      const parsed = parseClientMessage(bytes.toString('utf8'), this.state.limits);
      if (!parsed.ok) {
        this.send(parsed.error);
        return;
      }
      this.dispatch(parsed.message);
    } catch (error) {
      this.state.log(`runner: message handling failed: ${(error as Error).stack ?? String(error)}`);
      this.send(errorMessage('E_INTERNAL', `The runner failed to handle the message: ${(error as Error).message}.`));
    }
  }

  private dispatch(message: ClientMessage): void {
    switch (message.type) {
      case 'run':
      case 'test':
        this.start(message);
        return;
      case 'stdin': {
        const run = this.runs.get(message.runId);
        if (run === undefined) {
          this.send(unknownRun(message.runId, 'send input to'));
          return;
        }
        const problem = run.writeStdin(message.data, message.end === true);
        if (problem) this.send(problem);
        return;
      }
      case 'stop': {
        const run = this.runs.get(message.runId);
        if (run === undefined) this.send(unknownRun(message.runId, 'stop'));
        else run.stop('stopped');
        return;
      }
    }
  }

  private start(request: RunRequest | TestRequest): void {
    const { runId } = request;
    const { limits } = this.state;
    if (this.state.closing) {
      this.send(errorMessage('E_RUNNER_CLOSING', 'The runner is shutting down and starts no new runs. Reload the page once the server is back.', runId));
      return;
    }
    if (this.runs.has(runId)) {
      this.send(
        errorMessage(
          'E_DUPLICATE_RUN_ID',
          `A run with id "${runId}" is still going on this connection. Wait for its "exit" message or use a new id.`,
          runId,
        ),
      );
      return;
    }
    if (this.runs.size >= limits.maxRunsPerConnection) {
      this.send(
        errorMessage(
          'E_TOO_MANY_RUNS',
          `This page already has ${this.runs.size} runs going, the most one page may have at once. ` +
            'Stop one or wait for it to exit, then start this run again.',
          runId,
        ),
      );
      return;
    }
    const long = request.type === 'run' && request.timeLimitMs !== undefined && request.timeLimitMs > limits.longRunMs;
    if (long && [...this.runs.values()].filter((run) => run.isLong).length >= limits.maxLongRunsPerConnection) {
      this.send(
        errorMessage(
          'E_TOO_MANY_LONG_RUNS',
          `This page already has ${limits.maxLongRunsPerConnection} long-running program (such as a preview server) going, the most one page may have. ` +
            'Stop it, then start this one again.',
          runId,
        ),
      );
      return;
    }
    const longGlobal = [...this.state.activeRuns].filter((run) => run.isLong).length;
    if (long && longGlobal >= limits.maxLongRunsGlobal) {
      this.send(
        errorMessage(
          'E_RUNNER_BUSY',
          `The runner already has ${longGlobal} long-running programs (such as preview servers) going across all pages, its limit, ` +
            'so that short runs and checks always find a free slot. Stop a preview in another tab, then start this run again.',
          runId,
        ),
      );
      return;
    }
    if (this.state.activeRuns.size >= limits.maxRunsGlobal) {
      this.send(
        errorMessage(
          'E_RUNNER_BUSY',
          `The runner already has ${this.state.activeRuns.size} runs going across all pages, its limit. ` +
            'Stop runs in other tabs or wait a moment, then start this run again.',
          runId,
        ),
      );
      return;
    }
    // The slot is freed just before the run's last message (its `exit`, or the `error` that replaces
    // it) goes out, so a page may start its next run the moment it hears the last one end.
    const release = (): void => {
      if (this.runs.get(runId) === run) this.runs.delete(runId);
      this.state.activeRuns.delete(run);
      this.resetIdleTimer();
    };
    const run = new Run(toSpec(request), this.state, (message) => {
      if (message.type === 'exit' || message.type === 'error') release();
      this.send(message);
    });
    this.runs.set(runId, run);
    this.state.activeRuns.add(run);
    clearTimeout(this.idleTimer);
    const finished = run.execute().finally(() => {
      release();
      this.finished.splice(this.finished.indexOf(finished), 1);
    });
    this.finished.push(finished);
  }
}

/** vitest's default spec pattern, narrowed to the extensions the runner writes. */
const SPEC_FILE = /\.(test|spec)\.[cm]?[jt]s$/;

function toSpec(request: RunRequest | TestRequest): RunSpec {
  if (request.type === 'test') {
    return {
      runId: request.runId,
      files: { ...request.files, ...request.testFiles },
      // Helpers the specs import travel with them but are not specs themselves.
      program: { kind: 'vitest', specFiles: Object.keys(request.testFiles).filter((path) => SPEC_FILE.test(path)) },
      ...(request.env ? { env: request.env } : {}),
    };
  }
  return {
    runId: request.runId,
    files: request.files,
    program: request.command === 'test'
      ? { kind: 'vitest', specFiles: [request.entry] }
      : { kind: 'node', entry: request.entry },
    ...(request.env ? { env: request.env } : {}),
    ...(request.timeLimitMs ? { timeLimitMs: request.timeLimitMs } : {}),
    // Only Node runs capture: a vitest run is grading, which the wire view must never touch.
    ...(request.wire?.capture && request.command !== 'test' ? { wire: request.wire } : {}),
  };
}

function unknownRun(runId: string, action: string): ReturnType<typeof errorMessage> {
  return errorMessage(
    'E_UNKNOWN_RUN',
    `There is no run "${runId}" going on this connection to ${action}; it may have exited already. ` +
      'Use the runId of a run that has sent "started" and not yet "exit".',
    runId,
  );
}
