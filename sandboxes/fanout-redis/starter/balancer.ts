// A sticky load balancer in front of the server processes, at the TCP level: it reads the request line of
// each new connection (GET /?id=ana HTTP/1.1), hashes the client id to pick a backend, and from then on
// copies bytes both ways. The same id always reaches the same backend while that backend is up; when it
// is down, the next one in the ring takes over (and the client's id moves back once it returns).
import net from 'node:net';

export interface Balancer {
  port: number;
  close(): Promise<void>;
}

/** FNV-1a, 32 bits: a small, well-spread hash; stickiness only needs "same id, same number". */
export function hashId(id: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(id, 'utf8')) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash;
}

/** The client id in the request line, or "" when there is none. */
function clientIdOf(head: string): string {
  const target = /^[A-Z]+ (\S+) HTTP\/1\.[01]\r\n/.exec(head)?.[1] ?? '/';
  try {
    return new URL(target, 'http://balancer').searchParams.get('id') ?? '';
  } catch {
    return '';
  }
}

export async function startBalancer(backendPorts: readonly number[]): Promise<Balancer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      if (head.length > 8192) return void client.destroy(); // no request line in 8 KiB: not HTTP
      if (!head.includes('\r\n')) return; // wait for the whole request line
      client.off('data', onData);
      client.pause();
      const first = hashId(clientIdOf(head.toString('latin1'))) % backendPorts.length;
      connectTo(first, 0);
    };
    const connectTo = (index: number, tried: number): void => {
      const upstream = net.connect(backendPorts[index] as number, '127.0.0.1');
      sockets.add(upstream);
      upstream.once('connect', () => {
        upstream.write(head);
        client.pipe(upstream).pipe(client);
        client.resume();
      });
      upstream.on('close', () => {
        sockets.delete(upstream);
        client.destroy();
      });
      upstream.on('error', (error: NodeJS.ErrnoException) => {
        // A backend that is down (deploy, crash): fail over to the next one, once around the ring.
        if (error.code === 'ECONNREFUSED' && tried + 1 < backendPorts.length) {
          upstream.removeAllListeners('close');
          sockets.delete(upstream);
          connectTo((index + 1) % backendPorts.length, tried + 1);
        } else client.destroy();
      });
    };
    client.on('data', onData);
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
