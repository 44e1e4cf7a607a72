/**
 * Declaration bundles for the sandbox editor, one static JSON file per type package
 * (`/sandbox-types/types__node.json`, `/sandbox-types/types__ws.json`, …), each `{path: content}` with
 * paths under `node_modules/`. The editor fetches them only when a learner activates a sandbox, so
 * TypeScript knows Node and the dependencies without any network access beyond this site.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { sandboxesForPages } from '../../sandbox/island-data.ts';
import { collectTypeFiles, resolveTypePackages, typeBundleSlug } from '../../sandbox/types-bundle.ts';

export const getStaticPaths = (() => {
  const root = process.cwd();
  const { sandboxes } = sandboxesForPages(root);
  const typePackages = new Set<string>();
  // Node's types always, even without sandboxes, so the editor's base bundle always exists.
  for (const dependencies of [[], ...sandboxes.map((sandbox) => sandbox.config.dependencies)]) {
    for (const typePackage of resolveTypePackages(dependencies, { root })) typePackages.add(typePackage);
  }
  return [...typePackages].sort().map((typePackage) => ({ params: { name: typeBundleSlug(typePackage) }, props: { typePackage } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => {
  const files = collectTypeFiles((props as { typePackage: string }).typePackage, { root: process.cwd() });
  return new Response(JSON.stringify(files), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
