/**
 * Mounts the local code runner into `astro dev` and `astro preview`, so sandboxes run offline while
 * authoring exactly as they do under `npm start`.
 */
import type { AstroIntegration } from 'astro';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCourseRunner, type CourseRunner } from '../server/course-runner.ts';

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

function mount(httpServer: Server | null | undefined, use: (handler: Middleware) => void): CourseRunner | undefined {
  if (!httpServer) return undefined;
  const runner = createCourseRunner(() => (httpServer.address() as AddressInfo | null)?.port ?? 0);
  httpServer.on('upgrade', (req, socket, head) => {
    runner.handleUpgrade(req, socket, head); // other paths (Vite's hot reload) are left alone
  });
  use((req, res, next) => {
    if (!runner.handleRequest(req, res)) next();
  });
  void runner.previewReady.then(
    () => console.log(runner.describe()),
    (error: unknown) => console.error(`course-runner: the preview server could not start: ${(error as Error).message}`),
  );
  httpServer.once('close', () => void runner.close());
  return runner;
}

export default function courseRunner(): AstroIntegration {
  return {
    name: 'course-runner',
    hooks: {
      'astro:server:setup': ({ server }) => {
        mount(server.httpServer as Server | null, (handler) => server.middlewares.use(handler as never));
      },
    },
  };
}
