/**
 * One WebSocket to the local runner (RFC 6455 through the WHATWG WebSocket API): opens it, waits for
 * the runner's `ready`, routes every later message to the run it belongs to, and tells every run when
 * the socket drops. Knows nothing about files or processes; local-runtime.ts builds on it.
 */
import {
  EXPECTED_PROTOCOL_VERSION,
  parseServerMessage,
  type ClientMessage,
  type RunMessage,
  type ServerMessage,
} from './runner-messages.ts';
import { sandboxString } from './runtime-strings.ts';

/** The part of the WHATWG WebSocket interface used here; `ws`'s WebSocket class fits it too. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
  addEventListener(type: 'open' | 'error', listener: () => void): void;
}
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** WHATWG WebSocket readyState OPEN (HTML §9.3.2). */
const OPEN = 1;

export interface RunRoute {
  onMessage(message: RunMessage): void;
  /** The socket closed while the run was registered; it is unregistered already. */
  onDisconnect(): void;
}

export interface ConnectOptions {
  /** ws:// or wss:// URL of the runner endpoint, with or without `?token=`. */
  url: string;
  token: string;
  WebSocketImpl: WebSocketConstructor;
  /** How long to wait for the socket to open and the runner to say `ready`. */
  timeoutMs: number;
  /** Problems that concern no run (a malformed message); they are reported, never thrown. */
  onWarning: (message: string) => void;
}

export class RunnerConnection {
  private readonly socket: WebSocketLike;
  private readonly routes = new Map<string, RunRoute>();
  private readonly onWarning: (message: string) => void;
  private closed = false;

  private constructor(socket: WebSocketLike, onWarning: (message: string) => void) {
    this.socket = socket;
    this.onWarning = onWarning;
  }

  /** Opens a connection and resolves once the runner sent `ready`; rejects with a sentence that says what to do. */
  static open(options: ConnectOptions): Promise<RunnerConnection> {
    const shownUrl = displayUrl(options.url);
    return new Promise((resolve, reject) => {
      let settled = false;
      let socket: WebSocketLike | undefined;
      const fail = (message: string): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(new Error(message));
        try {
          socket?.close();
        } catch {
          // Closing a socket that never opened can throw in some implementations; it is gone either way.
        }
      };
      const timer = setTimeout(
        () => fail(sandboxString('local.noAnswer', { url: shownUrl, seconds: options.timeoutMs / 1000 })),
        options.timeoutMs,
      );
      try {
        socket = new options.WebSocketImpl(withToken(options.url, options.token));
      } catch {
        // A malformed URL throws a SyntaxError at construction (WHATWG WebSocket constructor, step 1).
        fail(sandboxString('local.unreachable', { url: shownUrl }));
        return;
      }
      const connection = new RunnerConnection(socket, options.onWarning);
      let opened = false;
      socket.addEventListener('open', () => {
        opened = true;
      });
      // Browsers hide why a handshake failed (refused port, 403 for a stale token): both are an
      // 'error' then 'close' before 'open', so one message covers both and names both remedies.
      socket.addEventListener('error', () => {
        if (!opened) fail(sandboxString('local.unreachable', { url: shownUrl }));
      });
      socket.addEventListener('close', (event) => {
        if (!settled) {
          if (!opened) fail(sandboxString('local.unreachable', { url: shownUrl }));
          else {
            const detail = event.reason ? `: ${event.reason}` : '';
            fail(sandboxString('local.closedBeforeReady', { url: shownUrl, code: event.code, detail }));
          }
        }
        connection.dropped();
      });
      socket.addEventListener('message', (event) => {
        const parsed = parseServerMessage(event.data);
        if (!parsed.ok) {
          const message = sandboxString('local.badMessage', { problem: parsed.problem });
          if (settled) options.onWarning(message);
          else fail(message);
          return;
        }
        const message = parsed.message;
        if (message.type === 'ready') {
          if (settled) return;
          if (message.protocolVersion !== EXPECTED_PROTOCOL_VERSION) {
            fail(
              sandboxString('local.protocolVersion', {
                url: shownUrl,
                actual: message.protocolVersion,
                expected: EXPECTED_PROTOCOL_VERSION,
              }),
            );
            return;
          }
          settled = true;
          clearTimeout(timer);
          resolve(connection);
          return;
        }
        connection.route(message);
      });
    });
  }

  get isOpen(): boolean {
    return !this.closed && this.socket.readyState === OPEN;
  }

  /** Routes messages carrying `runId` to `route` until the returned function is called or the socket drops. */
  register(runId: string, route: RunRoute): () => void {
    this.routes.set(runId, route);
    return () => {
      if (this.routes.get(runId) === route) this.routes.delete(runId);
    };
  }

  /** Sends one message as one JSON text frame (protocol.ts); false when the socket is no longer open. */
  send(message: ClientMessage): boolean {
    if (!this.isOpen) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  /** Closes the socket; the runner kills this connection's runs when it sees the close. */
  close(): void {
    if (this.closed) return;
    try {
      this.socket.close(1000, 'The page closed the sandbox.');
    } catch {
      // Already closing.
    }
    this.dropped();
  }

  private route(message: ServerMessage): void {
    const runId = 'runId' in message ? message.runId : undefined;
    const route = runId === undefined ? undefined : this.routes.get(runId);
    if (route === undefined) {
      // A late message for a run the page already gave up on, or an error about no run at all.
      if (message.type === 'error' && runId === undefined) this.onWarning(message.message);
      return;
    }
    route.onMessage(message as RunMessage);
  }

  private dropped(): void {
    if (this.closed) return;
    this.closed = true;
    const routes = [...this.routes.values()];
    this.routes.clear();
    for (const route of routes) route.onDisconnect();
  }
}

function withToken(url: string, token: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('token', token);
  return parsed.href;
}

/** The URL without its query: the token is a secret and must not end up in messages or screenshots. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return url.split('?')[0] ?? url;
  }
}
