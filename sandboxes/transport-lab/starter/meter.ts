// What the server process measures about itself: bytes on the wire, connections, requests, memory.
//
// Bytes are counted at the socket level, not from what the adapters think they wrote: every TCP connection
// the process accepts is announced on the diagnostics channel "net.server.socket" (Node ≥ 16.13), whatever
// library accepted it (node:http, ws, http2 under gRPC, the MQTT broker), and each socket's bytesRead and
// bytesWritten count what actually crossed it: HTTP headers, frame headers, TCP payload of every kind.
import dc from 'node:diagnostics_channel';
import type { Socket } from 'node:net';

export interface WireStats {
  /** Bytes read plus bytes written by every socket the server accepted, closed ones included. */
  bytes: number;
  connections: number;
  requests: number;
}

export class ServerMeter {
  private readonly open = new Set<Socket>();
  /** Bytes of sockets that already closed (their counters disappear with them). */
  private closedBytes = 0;
  private connections = 0;
  private requests = 0;

  constructor() {
    dc.subscribe('net.server.socket', (message) => this.track((message as { socket: Socket }).socket));
  }

  private track(socket: Socket): void {
    this.connections += 1;
    this.open.add(socket);
    socket.once('close', () => {
      this.open.delete(socket);
      this.closedBytes += socket.bytesRead + socket.bytesWritten;
    });
  }

  countRequest(): void {
    this.requests += 1;
  }

  stats(): WireStats {
    let bytes = this.closedBytes;
    for (const socket of this.open) bytes += socket.bytesRead + socket.bytesWritten;
    return { bytes, connections: this.connections, requests: this.requests };
  }
}

/**
 * JavaScript heap plus memory outside it (Buffers, native objects of the libraries), after a full garbage
 * collection when the process runs with --expose-gc. Kernel socket buffers are not included: the
 * process cannot see them (on Linux, `ss -tm` shows them per socket).
 */
export function liveBytes(): number {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect) {
    collect();
    collect();
  }
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}
