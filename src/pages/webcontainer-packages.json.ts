/**
 * `/webcontainer-packages.json`: the Node version, exact package versions and lockfile entries the
 * WebContainer backend installs (src/sandbox/container-packages.ts), one file for the whole course, so
 * a container installs the versions the course was proven with and the browser caches them once.
 */
import type { APIRoute } from 'astro';
import { buildContainerPackages } from '../sandbox/container-packages-build.ts';
import { sandboxesForPages } from '../sandbox/island-data.ts';

export const GET: APIRoute = () => {
  const root = process.cwd();
  const { sandboxes } = sandboxesForPages(root);
  const manifest = buildContainerPackages({ root, dependencies: sandboxes.flatMap((sandbox) => [...sandbox.config.dependencies, ...sandbox.packages.map((p) => p.name)]) });
  return new Response(JSON.stringify(manifest), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
