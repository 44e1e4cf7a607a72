/**
 * `npm start` / `npm run serve`: serves the built course from dist/ on http://localhost:4321 (PORT and
 * HOST override) and hosts the local code runner on the same port, plus the preview origin (learners'
 * servers) on 127.0.0.1 and a port of its own (PREVIEW_PORT, default: a free one). Listens on loopback
 * by default because the runner executes the code learners send it.
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createCourseRunner } from '../src/server/course-runner.ts';
import { createStaticServer, precompress } from '../src/server/static-server.ts';

const root = fileURLToPath(new URL('../dist/', import.meta.url));
if (!existsSync(root)) {
  console.error('There is no dist/ folder to serve yet. Run `npm run build` first (or `npm start`, which builds and serves).');
  process.exit(1);
}
const port = Number(process.env.PORT ?? 4321);
const host = process.env.HOST ?? '127.0.0.1';
// A host that is not loopback is a name the course is served as; the runner accepts it in Host headers.
const loopback = ['127.0.0.1', 'localhost', '::1'];
const runner = createCourseRunner(() => (server.address() as AddressInfo | null)?.port ?? port, {
  previewPort: Number(process.env.PREVIEW_PORT ?? 0),
  allowedHosts: loopback.includes(host) ? [] : [host],
});
const server = createStaticServer({ root, handlers: [runner.handleRequest], upgrades: [runner.handleUpgrade] });
server.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EADDRINUSE') console.error(`Port ${port} is already in use. Stop the other server or choose another port: PORT=4322 npm start`);
  else console.error(error);
  process.exit(1);
});
server.listen(port, host, () => {
  // In the background: the first requests for the editor's large files then find them gzipped already.
  void precompress(root).catch(() => undefined);
  const actual = (server.address() as AddressInfo).port;
  void runner.previewReady.then(
    () => {
      console.log(`Beyond Request/Response is running at http://localhost:${actual}/ (Ctrl+C to stop)`);
      console.log('Sandboxes run on the local code runner in this server when WebContainers are not available.');
      console.log(runner.describe());
    },
    (error: unknown) => {
      console.error(`The preview server could not start: ${(error as Error).message}. Choose another port: PREVIEW_PORT=4322 npm start`);
      process.exit(1);
    },
  );
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void runner.close().finally(() => server.close(() => process.exit(0)));
    server.closeAllConnections();
  });
}
