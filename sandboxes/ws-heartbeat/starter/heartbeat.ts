import type { WebSocketServer } from 'ws';

export interface HeartbeatOptions {
  /** Time between two pings to each client; a client that has not answered by the next one is dropped. */
  intervalMs: number;
}

/**
 * Finds peers that are gone without saying so (a pulled cable, a sleeping laptop, a NAT that forgot the
 * connection): TCP alone may not notice for hours. Every intervalMs each client gets a ping frame
 * (RFC 6455 §5.5.2) and must answer with a pong (§5.5.3) before the next round.
 *
 * Returns stop(), which ends the heartbeat.
 */
export function startHeartbeat(wss: WebSocketServer, options: HeartbeatOptions): () => void {
  // TODO: remember which sockets answered since the last ping: a WeakSet<WebSocket> works well. Mark a
  //       socket as answered when it connects (wss 'connection', and also the sockets already in
  //       wss.clients when the heartbeat starts) and whenever it sends a pong (socket.on('pong', …)).
  const timer = setInterval(() => {
    for (const socket of wss.clients) {
      // TODO: a socket that has not answered since the previous ping is dead or frozen: socket.terminate()
      //       it (close() would wait for a close handshake it cannot answer) and move on. Otherwise forget
      //       that it answered, then ping it.
      socket.ping();
    }
  }, options.intervalMs);

  // TODO: in stop(), also remove the listeners you added to wss.
  return () => clearInterval(timer);
}
