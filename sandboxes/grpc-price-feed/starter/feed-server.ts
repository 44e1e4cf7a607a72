import * as grpc from '@grpc/grpc-js';
import { PriceFeedClientConstructor } from './prices-proto.ts';
import type { PriceFeedHandlers } from './prices-proto.ts';
import type { TickLog } from './tick-log.ts';

/** A gRPC server whose Subscribe streams the ticks of `log`. It is not listening yet. */
export function createPriceFeedServer(log: TickLog): grpc.Server {
  const handlers: PriceFeedHandlers = {
    subscribe(call) {
      const { afterSeq } = call.request;
      // TODO 1: refuse a cursor the log cannot continue from with OUT_OF_RANGE (call.emit('error', { code,
      //         details })): one ahead of log.latestSeq, or one above 0 whose next tick (afterSeq + 1) is
      //         older than log.oldestSeq. afterSeq 0 means "I have nothing": start at the oldest tick kept.
      // TODO 2: send the ticks after the cursor in seq order (log.read(seq)), then keep going as new ticks
      //         are appended (log.onAppend wakes you up). Never hold ticks in your own array: the log is the
      //         buffer, and your cursor (the next seq to send) is all the state a subscriber needs.
      // TODO 3: call.write(tick) returns false when the client is not keeping up (HTTP/2 flow control has
      //         stopped the stream, and the call's buffer is full). Stop writing then, and carry on when
      //         the call emits 'drain'.
      // TODO 4: when the client cancels, disconnects or runs past its deadline, the call emits 'cancelled':
      //         stop listening to the log.
      void afterSeq;
      call.emit('error', { code: grpc.status.UNIMPLEMENTED, details: 'Subscribe is not written yet (feed-server.ts)' });
    },
  };

  const server = new grpc.Server();
  server.addService(PriceFeedClientConstructor.service, handlers);
  return server;
}

/** Starts a server on 127.0.0.1 and a free port (0), and resolves with the port it got. */
export function listenPriceFeed(server: grpc.Server, address = '127.0.0.1:0'): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port)));
  });
}
