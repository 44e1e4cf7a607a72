// Runs server.ts as a process of its own, the way each instance runs in production. Configured through
// the environment; reports its port to the parent over IPC; drains on SIGTERM, as an orchestrator asks.
import { startFanoutServer } from './server.ts';

const server = await startFanoutServer({
  name: process.env.SERVER_NAME ?? 'a',
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  admitPerTick: Number(process.env.ADMIT_PER_TICK ?? 50),
  tickMs: Number(process.env.TICK_MS ?? 100),
  port: Number(process.env.PORT ?? 0),
});
process.send?.({ type: 'ready', port: server.port });

process.once('SIGTERM', async () => {
  await server.drain();
  process.exit(0);
});
process.on('message', (message: { type?: string }) => {
  if (message.type === 'clients') process.send?.({ type: 'clients', count: server.clients() });
});
