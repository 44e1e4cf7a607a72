import type { WebSocket, WebSocketServer } from 'ws';

export interface HeartbeatOptions {
  /** Time between two pings to each client; a client that has not answered by the next one is dropped. */
  intervalMs: number;
}

/**
 * Finds peers that are gone without saying so (a pulled cable, a sleeping laptop, a NAT that forgot the
 * connection): TCP alone may not notice for hours. Every intervalMs each client gets a ping frame
 * (RFC 6455 §5.5.2) and must answer with a pong (§5.5.3) before the next round; whoever has not answered
 * since the last ping is terminated, which destroys the TCP connection at once (a close handshake would
 * wait for a peer that cannot answer).
 *
 * Returns stop(). The heartbeat also stops by itself when the server closes.
 */
export function startHeartbeat(wss: WebSocketServer, options: HeartbeatOptions): () => void {
  // Sockets that answered since the last ping. A WeakSet, so a closed socket is never kept alive by it.
  const answered = new WeakSet<WebSocket>();

  const track = (socket: WebSocket): void => {
    answered.add(socket); // a new peer gets one full interval before its first ping counts
    socket.on('pong', () => answered.add(socket));
  };
  // Clients that connected before the heartbeat started are tracked too, and given the same grace.
  for (const socket of wss.clients) track(socket);
  wss.on('connection', track);

  const timer = setInterval(() => {
    for (const socket of wss.clients) {
      answered.delete(socket);
      socket.ping();
      if (!answered.has(socket)) setTimeout(() => !answered.has(socket) && socket.terminate(), 1);
    }
  }, options.intervalMs);

  const stop = (): void => {
    clearInterval(timer);
    wss.off('connection', track);
    wss.off('close', stop);
  };
  wss.on('close', stop);
  return stop;
}
