/**
 * Declaration bundles for the sandbox editor, one static JSON file per type package
 * (`/sandbox-types/types__node.json`, `/sandbox-types/types__ws.json`, …), each `{path: content}` with
 * paths under `node_modules/`. The editor fetches them only when a learner first uses a sandbox's
 * editor, so TypeScript knows Node and the dependencies without any network access beyond this site.
 * Node's bundle keeps only the modules sandbox code and the other bundles import (node-types-subset.ts).
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { join } from 'node:path';
import { sandboxesForPages } from '../../sandbox/island-data.ts';
import { importedModules, nodeTypesSubset, sourceFilesUnder } from '../../sandbox/node-types-subset.ts';
import { collectTypeFiles, resolveTypePackages, typeBundleSlug } from '../../sandbox/types-bundle.ts';

export const getStaticPaths = (() => {
  const root = process.cwd();
  const { sandboxes } = sandboxesForPages(root);
  const typePackages = new Set<string>();
  // Node's types always, even without sandboxes, so the editor's base bundle always exists.
  for (const dependencies of [[], ...sandboxes.map((sandbox) => sandbox.config.dependencies)]) {
    for (const typePackage of resolveTypePackages(dependencies, { root })) typePackages.add(typePackage);
  }
  const all = [...typePackages].sort();
  return all.map((typePackage) => ({ params: { name: typeBundleSlug(typePackage) }, props: { typePackage, all } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => {
  const root = process.cwd();
  const { typePackage, all } = props as { typePackage: string; all: string[] };
  let files = collectTypeFiles(typePackage, { root });
  if (typePackage === '@types/node') {
    // What any sandbox file (starter, solution, tests, mistakes) or any other bundle imports from Node.
    const others = all.filter((name) => name !== '@types/node').flatMap((name) => Object.values(collectTypeFiles(name, { root })));
    const wanted = importedModules([...sourceFilesUnder(join(root, 'sandboxes')), ...others]);
    files = nodeTypesSubset(files, 'node_modules/@types/node/', wanted);
  }
  return new Response(JSON.stringify(files), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
