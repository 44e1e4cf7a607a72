/**
 * Hosts the local code runner inside one of our HTTP servers (the `npm start` server, the Astro dev
 * server, the e2e server): WebSocket upgrades at /__runner, and GET /__runner/config, which tells the
 * page where the runner is and which token to present. The config is same-origin JSON without CORS
 * headers, so other sites cannot read the token; the runner also checks each upgrade's Origin.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { createRunner, type Runner, type RunnerOptions } from '../runner/index.ts';
import { RUNNER_CONFIG_PATH } from '../sandbox/runner-config.ts';
import { forwardPreview, forwardPreviewUpgrade, previewTarget } from './preview-proxy.ts';

export interface CourseRunner {
  runner: Runner;
  /** Answers /__runner/config and /__runner/preview/…; returns false for every other request. */
  handleRequest(request: IncomingMessage, response: ServerResponse): boolean;
  /** For requests nothing else answered: forwards those a preview page made (by Referer). */
  handlePreviewFallback(request: IncomingMessage, response: ServerResponse): boolean;
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  close(): Promise<void>;
}

/**
 * `port` is where the hosting server listens, known once it does; pages may be opened as localhost or
 * 127.0.0.1, so both origins are allowed.
 */
export function createCourseRunner(getPort: () => number, options: Partial<RunnerOptions> = {}): CourseRunner {
  const runner = createRunner({
    ...options,
    allowedOrigins: (origin) => {
      const port = getPort();
      return origin === `http://localhost:${port}` || origin === `http://127.0.0.1:${port}` || origin === `http://[::1]:${port}`;
    },
  });
  return {
    runner,
    handleRequest(request, response) {
      const preview = previewTarget(request, false);
      if (preview) {
        forwardPreview(request, response, preview, runner.portOf);
        return true;
      }
      if (new URL(request.url ?? '/', 'http://localhost').pathname !== RUNNER_CONFIG_PATH) return false;
      response.writeHead(200, {
        'Content-Type': 'application/json; charset=utf-8',
        'Cache-Control': 'no-store',
        'Cross-Origin-Resource-Policy': 'same-origin',
      });
      response.end(JSON.stringify({ url: runner.path, token: runner.token, limits: runner.limits }));
      return true;
    },
    handlePreviewFallback(request, response) {
      const preview = previewTarget(request, true);
      if (!preview) return false;
      forwardPreview(request, response, preview, runner.portOf);
      return true;
    },
    handleUpgrade: (request, socket, head) => runner.handleUpgrade(request, socket, head) || forwardPreviewUpgrade(request, socket, head, runner.portOf),
    close: () => runner.close(),
  };
}
