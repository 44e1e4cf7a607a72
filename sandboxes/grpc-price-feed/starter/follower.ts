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
  const call = client.subscribe({ afterSeq: lastSeq });
  call.on('data', (tick: Tick) => {
    lastSeq = tick.seq;
    options.onTick(tick);
  });
  call.on('error', (error: grpc.ServiceError) => {
    // TODO: a dropped connection ends the call with UNAVAILABLE. Subscribe again after retryMs, with the
    //       seq of the last tick you handed to onTick as afterSeq, and keep doing so for every drop.
    //       Ignore CANCELLED after stop(). Any other status: call onGiveUp and stop.
    options.onGiveUp?.(error);
  });
  return {
    get lastSeq() {
      return lastSeq;
    },
    stop() {
      call.cancel();
    },
  };
}
