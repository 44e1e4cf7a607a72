import * as grpc from '@grpc/grpc-js';
import type { PriceFeedClient, Tick } from './prices-proto.ts';

export interface FollowOptions {
  /** The seq of the last tick the caller already has; 0 for none. */
  afterSeq?: number;
  /** Called once per tick, in seq order, never twice for the same seq. */
  onTick: (tick: Tick) => void;
  /** Called when following cannot go on (OUT_OF_RANGE and other errors that a retry will not fix). */
  onGiveUp?: (error: grpc.ServiceError) => void;
  /** Pause before resubscribing after a dropped stream. Default 100 ms. */
  retryMs?: number;
}

export interface Follower {
  /** The seq of the last tick handed to onTick. */
  readonly lastSeq: number;
  /** Cancels the current call and stops resubscribing. */
  stop(): void;
}

/** Follows the price feed and survives dropped connections without losing or repeating a tick. */
export function followPrices(client: PriceFeedClient, options: FollowOptions): Follower {
  let lastSeq = options.afterSeq ?? 0;
  let stopped = false;
  let call: grpc.ClientReadableStream<Tick> | undefined;
  let retry: NodeJS.Timeout | undefined;

  const subscribe = () => {
    retry = undefined;
    // The cursor is the last tick we actually handed on, not the last one the server may have sent:
    // whatever was in flight when the connection died is gone, and the server sends it again.
    const current = client.subscribe({ afterSeq: lastSeq });
    call = current;
    current.on('data', (tick: Tick) => {
      if (tick.seq <= lastSeq) return; // a server that repeats itself does not make us repeat ourselves
      lastSeq = tick.seq;
      options.onTick(tick);
    });
    current.on('error', (error: grpc.ServiceError) => {
      if (stopped) return; // our own cancel
      if (error.code !== grpc.status.CANCELLED) {
        retry = setTimeout(subscribe, options.retryMs ?? 100);
        return;
      }
      stopped = true;
      options.onGiveUp?.(error);
    });
  };
  subscribe();

  return {
    get lastSeq() {
      return lastSeq;
    },
    stop() {
      stopped = true;
      clearTimeout(retry);
      call?.cancel();
    },
  };
}
