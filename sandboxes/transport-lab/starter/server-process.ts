// The server side of one transport, in a process of its own so that its memory and its sockets are
// measured without the clients'. The lab (lab.ts) starts it and talks to it over Node's IPC channel.
import { now } from './clock.ts';
import { liveBytes, ServerMeter } from './meter.ts';
import { isTransportKey, loadTransport, TRANSPORT_KEYS } from './transports/index.ts';

export type ServerCommand =
  | { type: 'memory' }
  | { type: 'stats' }
  | { type: 'publish'; seq: number }
  | { type: 'burst'; fromSeq: number; count: number }
  | { type: 'close' };

/** A fixed 32-character body, so that every transport carries the same payload. */
export const BODY = 'The quick brown fox jumps over..';

const key = process.argv[2] ?? '';
if (!isTransportKey(key) || !process.send) {
  console.error(`server-process.ts must be started by lab.ts with a transport name (${TRANSPORT_KEYS.join(', ')}), not "${key}".`);
  process.exit(2);
}
const send = (message: unknown): void => void process.send?.(message);

const meter = new ServerMeter();
const server = await (await loadTransport(key)).startServer({ onRequest: () => meter.countRequest() });

process.on('message', async (command: ServerCommand) => {
  switch (command.type) {
    case 'memory':
      return send({ type: 'memory', bytes: liveBytes(), subscribers: server.subscribers() });
    case 'stats':
      return send({ type: 'stats', ...meter.stats(), subscribers: server.subscribers() });
    case 'publish':
      server.publish({ seq: command.seq, sentAt: now(), body: BODY });
      return send({ type: 'published' });
    case 'burst':
      // Back to back, in one turn of the event loop: the worst case for every transport's queues.
      for (let i = 0; i < command.count; i += 1) server.publish({ seq: command.fromSeq + i, sentAt: now(), body: BODY });
      return send({ type: 'published' });
    case 'close':
      await server.close();
      process.exit(0);
  }
});
send({ type: 'ready', port: server.port });
