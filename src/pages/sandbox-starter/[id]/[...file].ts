/**
 * The same deferred starter files one by one as plain text (`/sandbox-starter/<id>/<path>.txt`): what a
 * reader without JavaScript follows from the sandbox's file list to read a file the page leaves out.
 * `.txt`, so every static host serves them as text (a `.ts` file is video/mp2t to many of them).
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { sandboxesForPages, starterOf } from '../../../sandbox/island-data.ts';
import { deferredStarterFiles } from '../../../sandbox/static-starter.ts';

export const getStaticPaths = (() =>
  sandboxesForPages(process.cwd()).sandboxes.flatMap((sandbox) =>
    Object.entries(deferredStarterFiles(starterOf(sandbox), sandbox.tabs)).map(([path, text]) => ({ params: { id: sandbox.id, file: `${path}.txt` }, props: { text } })),
  )) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => new Response((props as { text: string }).text, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
