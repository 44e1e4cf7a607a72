// The contract every transport adapter fulfils, so the lab can drive all seven with the same workload.

/** One update of the feed. `sentAt` is the publisher's clock (clock.ts) when the server sent it. */
export interface Update {
  seq: number;
  sentAt: number;
  body: string;
}

/** The server side of a transport, running in the server process. */
export interface FeedServer {
  /** The loopback port clients connect to. */
  port: number;
  /** Sends one update to every subscriber (or stores it for pollers to fetch). */
  publish(update: Update): void;
  /** How many clients are subscribed right now (for polling: how many distinct clients have polled). */
  subscribers(): number;
  close(): Promise<void>;
}

/** One client's subscription, running in the lab's own process. */
export interface FeedClient {
  close(): Promise<void>;
}

export interface ServerHooks {
  /** Call once for every HTTP request (or RPC call) the server receives, so the lab can count them. */
  onRequest(): void;
}

export interface Transport {
  /** The name in the table, e.g. "SSE". */
  name: string;
  startServer(hooks: ServerHooks): Promise<FeedServer>;
  /**
   * Subscribes one client. Resolves once the subscription is in place; calls `onUpdate` for every update,
   * in order, exactly once each.
   */
  connectClient(port: number, clientId: string, onUpdate: (update: Update) => void): Promise<FeedClient>;
}

/** How often the polling client asks, in milliseconds (one update per second: poll once per second too). */
export const POLL_INTERVAL_MS = 1000;
/** How long a long-polling request is held before the server answers "nothing new". */
export const LONG_POLL_HOLD_MS = 20_000;
