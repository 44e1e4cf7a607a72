/**
 * Each sandbox's starter files after the first tab, as one static JSON file (`/sandbox-starter/<id>.json`,
 * path → text). The lesson shows only the first file, so its HTML does not carry the rest
 * (src/sandbox/static-starter.ts); the island fetches this once at boot (src/sandbox/island/deferred-starter.ts).
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { islandDataFor, sandboxesForPages } from '../../sandbox/island-data.ts';
import { deferredStarterFiles } from '../../sandbox/static-starter.ts';

export const getStaticPaths = (() => {
  const root = process.cwd();
  return sandboxesForPages(root).sandboxes.map((sandbox) => ({ params: { id: sandbox.id }, props: { sandbox } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => {
  const { sandbox } = props as { sandbox: Parameters<typeof islandDataFor>[0] };
  const data = islandDataFor(sandbox, '', { root: process.cwd(), base: import.meta.env.BASE_URL });
  return new Response(JSON.stringify(deferredStarterFiles(data.starter, data.meta.files)), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
