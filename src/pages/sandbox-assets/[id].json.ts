/**
 * Each graded sandbox's solution and tests as one static JSON file (`/sandbox-assets/<id>.json`,
 * `{solution, tests}`), fetched by the page only when Compare or Check first needs them
 * (src/sandbox/island/lazy-assets.ts): most learners never open them, so the lesson's HTML does not carry them.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { exerciseAssets, islandDataFor, sandboxesForPages } from '../../sandbox/island-data.ts';

export const getStaticPaths = (() => {
  const root = process.cwd();
  return sandboxesForPages(root).sandboxes.map((sandbox) => ({ params: { id: sandbox.id }, props: { sandbox } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => {
  const root = process.cwd();
  const { sandbox } = props as { sandbox: Parameters<typeof islandDataFor>[0] };
  const data = islandDataFor(sandbox, '', { root, base: import.meta.env.BASE_URL });
  return new Response(JSON.stringify(exerciseAssets(data)), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
