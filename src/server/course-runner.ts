/**
 * Hosts the local code runner inside one of our HTTP servers (the `npm start` server, the Astro dev
 * server, the e2e server): WebSocket upgrades at /__runner, and GET /__runner/config, which tells the
 * page where the runner is and which token to present. It also starts the preview origin
 * (preview-server.ts), a second listener on 127.0.0.1 where learners' servers are shown, so no
 * preview page ever runs on the course's origin.
 *
 * The config is same-origin JSON without CORS headers, answered only to requests addressed to this
 * server (Host) from this server's pages (Origin, Sec-Fetch-Site), so neither another site, nor a
 * DNS-rebinding page, nor a preview page can read the token; the runner also checks each upgrade's
 * Host, Origin and token.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { createRunner, type Runner, type RunnerOptions } from '../runner/index.ts';
import { hostPolicy } from '../runner/upgrade-guard.ts';
import { RUNNER_CONFIG_PATH } from '../sandbox/runner-config.ts';
import { startPreviewServer } from './preview-server.ts';

export interface CourseRunnerOptions extends Partial<RunnerOptions> {
  /** Port of the preview origin; 0 (default) picks a free one. */
  previewPort?: number;
  /** Host names (besides loopback) the course is served as, e.g. from HOST; requests naming others are refused. */
  allowedHosts?: string[];
}

export interface CourseRunner {
  runner: Runner;
  /** Answers /__runner/config and refuses everything else under /__runner/; returns false for other requests. */
  handleRequest(request: IncomingMessage, response: ServerResponse): boolean;
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Resolves with the preview origin (http://127.0.0.1:<port>) once it listens. */
  previewReady: Promise<string>;
  /** One line for the server's start-up message: containment in force and the preview origin. */
  describe(): string;
  close(): Promise<void>;
}

/**
 * `getPort` is where the hosting server listens, known once it does; pages may be opened as localhost,
 * 127.0.0.1 or [::1], so all three origins are allowed.
 */
export function createCourseRunner(getPort: () => number, options: CourseRunnerOptions = {}): CourseRunner {
  const { previewPort, allowedHosts = [], ...runnerOptions } = options;
  const courseOrigins = (): string[] => {
    const port = getPort();
    return [`http://localhost:${port}`, `http://127.0.0.1:${port}`, `http://[::1]:${port}`, ...allowedHosts.map((host) => `http://${host}:${port}`)];
  };
  const hostAllowed = hostPolicy(() => [getPort()], allowedHosts);
  let preview: ReturnType<typeof startPreviewServer> | undefined;
  const runner = createRunner({
    ...runnerOptions,
    allowedOrigins: (origin) => courseOrigins().includes(origin),
    hostAllowed,
    previewUrl: (key) => preview!.url(key),
  });
  preview = startPreviewServer({ runner, port: previewPort, ownPorts: () => [getPort()] });

  return {
    runner,
    previewReady: preview.ready,
    describe: () =>
      `Code runner containment: ${runner.containment.mode} (${runner.containment.description}). ` +
      `Previews of learner servers: ${preview!.origin() ?? '(starting)'}, a separate origin.`,
    handleRequest(request, response) {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      if (path !== RUNNER_CONFIG_PATH) {
        if (!path.startsWith('/__runner/')) return false;
        // Previews live on the preview origin only; nothing else is served under the runner's path.
        response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
        return true;
      }
      const refusal = configRefusal(request, hostAllowed, courseOrigins());
      if (refusal !== undefined) {
        response.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end(`${refusal}\n`);
        return true;
      }
      response.writeHead(200, {
        'Content-Type': 'application/json; charset=utf-8',
        'Cache-Control': 'no-store',
        'Cross-Origin-Resource-Policy': 'same-origin',
        Vary: 'Origin, Sec-Fetch-Site',
      });
      response.end(JSON.stringify({ url: runner.path, token: runner.token, limits: runner.limits, previewOrigin: preview!.origin() }));
      return true;
    },
    handleUpgrade: (request, socket, head) => runner.handleUpgrade(request, socket, head),
    async close() {
      await runner.close();
      await preview!.close();
    },
  };
}

/** Why a request for the token is refused, or undefined: wrong Host (DNS rebinding), or made by another origin's page. */
function configRefusal(request: IncomingMessage, hostAllowed: (host: string) => boolean, origins: string[]): string | undefined {
  if (!hostAllowed(request.headers.host ?? '')) {
    return `The runner configuration is only given to requests addressed to this server, not to ${JSON.stringify(request.headers.host ?? '')}. Open the course at http://localhost or http://127.0.0.1.`;
  }
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return 'The runner configuration is only given to the course\'s own pages.';
  }
  const origin = request.headers.origin;
  if (origin !== undefined && !origins.includes(origin)) {
    return `Pages from ${JSON.stringify(origin)} may not read the runner configuration.`;
  }
  return undefined;
}
