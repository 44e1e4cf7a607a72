/**
 * Builds the site once (unless E2E_SKIP_BUILD=1 and dist/ exists) and serves it with our own server on a
 * free port, exactly as `npm start` does, for every end-to-end test file.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { createCourseRunner } from '../../src/server/course-runner.ts';
import { createStaticServer } from '../../src/server/static-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}

const root = fileURLToPath(new URL('../../', import.meta.url));

export default async function setup(project: TestProject) {
  const dist = `${root}dist`;
  if (!(process.env.E2E_SKIP_BUILD === '1' && existsSync(dist))) {
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  }
  // The same server `npm start` runs: static site plus the local code runner on one port, and the
  // preview origin the runner starts on a port of its own.
  const runner = createCourseRunner(() => (server.address() as AddressInfo).port);
  const server = createStaticServer({ root: dist, handlers: [runner.handleRequest], upgrades: [runner.handleUpgrade] });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  await runner.previewReady;
  const { port } = server.address() as AddressInfo;
  project.provide('baseURL', `http://127.0.0.1:${port}`);
  return async () => {
    await runner.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
}
