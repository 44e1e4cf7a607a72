/**
 * `npm start` / `npm run serve`: serves the built course from dist/ on http://localhost:4321 (PORT and
 * HOST override). Listens on loopback by default because the local code runner shares this server.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createStaticServer } from '../src/server/static-server.ts';

const root = fileURLToPath(new URL('../dist/', import.meta.url));
if (!existsSync(root)) {
  console.error('There is no dist/ folder to serve yet. Run `npm run build` first (or `npm start`, which builds and serves).');
  process.exit(1);
}
const port = Number(process.env.PORT ?? 4321);
const host = process.env.HOST ?? '127.0.0.1';
const server = createStaticServer({ root });
server.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EADDRINUSE') console.error(`Port ${port} is already in use. Stop the other server or choose another port: PORT=4322 npm start`);
  else console.error(error);
  process.exit(1);
});
server.listen(port, host, () => {
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  console.log(`Beyond Request/Response is running at http://localhost:${actual}/ (Ctrl+C to stop)`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.close(() => process.exit(0)));
