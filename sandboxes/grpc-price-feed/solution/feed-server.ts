import * as grpc from '@grpc/grpc-js';
import { PriceFeedClientConstructor } from './prices-proto.ts';
import type { PriceFeedHandlers } from './prices-proto.ts';
import type { TickLog } from './tick-log.ts';

/** A gRPC server whose Subscribe streams the ticks of `log`. It is not listening yet. */
export function createPriceFeedServer(log: TickLog): grpc.Server {
  const handlers: PriceFeedHandlers = {
    subscribe(call) {
      const { afterSeq } = call.request;
      const outOfRange = (details: string) => call.emit('error', { code: grpc.status.OUT_OF_RANGE, details });
      if (afterSeq > log.latestSeq) {
        return outOfRange(`after_seq ${afterSeq} is ahead of the newest tick ${log.latestSeq}: is it from another feed? Reload a snapshot.`);
      }
      if (afterSeq > 0 && afterSeq + 1 < log.oldestSeq) {
        return outOfRange(`ticks ${afterSeq + 1} to ${log.oldestSeq - 1} are no longer kept: reload a snapshot, then subscribe after its seq.`);
      }

      // The whole per-subscriber state: the seq to send next, and whether we are waiting for 'drain'.
      let next = Math.max(afterSeq + 1, log.oldestSeq);
      let paused = false;
      let done = false;

      const finish = () => {
        done = true;
        stopListening();
      };
      const pump = () => {
        paused = false;
        while (!done && next <= log.latestSeq) {
          if (next < log.oldestSeq) {
            // This client fell so far behind that the log dropped ticks it has not had yet. Holding them for
            // it would make one slow client cost unbounded memory, so it is cut off and must resubscribe.
            finish();
            outOfRange(`you fell more than ${log.capacity} ticks behind; reload a snapshot`);
            return;
          }
          const tick = log.read(next);
          if (!tick) return;
          next += 1;
          if (!call.write(tick)) {
            paused = true; // the call's buffer is full: HTTP/2 flow control holds the rest back
            return;
          }
        }
      };

      const stopListening = log.onAppend(() => {
        if (!paused) pump();
      });
      call.on('drain', pump);
      // Cancel, disconnect and an expired deadline all arrive as 'cancelled'.
      call.on('cancelled', finish);
      pump();
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
