/**
 * Each sandbox's starter files after the first tab, as one static JSON file (`/sandbox-starter/<id>.json`,
 * path → text). The lesson shows only the first file, so its HTML does not carry the rest
 * (src/sandbox/static-starter.ts); the island fetches this once at boot (src/sandbox/island/deferred-starter.ts).
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { sandboxesForPages, starterOf } from '../../sandbox/island-data.ts';
import { deferredStarterFiles } from '../../sandbox/static-starter.ts';

export const getStaticPaths = (() =>
  sandboxesForPages(process.cwd()).sandboxes.map((sandbox) => ({ params: { id: sandbox.id }, props: { files: deferredStarterFiles(starterOf(sandbox), sandbox.tabs) } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => new Response(JSON.stringify((props as { files: Record<string, string> }).files), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
