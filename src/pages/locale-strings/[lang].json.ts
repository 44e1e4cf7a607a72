/** `/locale-strings/<lang>.json`: the interface words browser islands load (src/i18n/browser-sections.ts). */
import type { APIRoute, GetStaticPaths } from 'astro';
import { browserLanguages, browserStrings } from '../../i18n/browser-sections.ts';

export const getStaticPaths = (() => browserLanguages().map((lang) => ({ params: { lang } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ params }) =>
  new Response(JSON.stringify(browserStrings(params.lang as string)), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
