/**
 * Each sandbox's test-message translations for one language (`/sandbox-messages/<lang>/<id>.json`, an
 * object English text → translation), fetched by the Check panel only on pages in that language
 * (src/sandbox/island/lazy-assets.ts). Every sandbox gets a file in every language that has translations,
 * empty when its own is missing, so a page never asks for a file that is not there.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { readSandboxTranslation } from '../../../i18n/sandbox-translation.ts';
import { translationLanguages } from '../../../i18n/translation-files.ts';
import { sandboxesForPages } from '../../../sandbox/island-data.ts';

export const getStaticPaths = (() => {
  const root = process.cwd();
  const ids = sandboxesForPages(root).sandboxes.filter((sandbox) => sandbox.config.graded).map((sandbox) => sandbox.id);
  return translationLanguages(root).flatMap((lang) => ids.map((id) => ({ params: { lang, id } })));
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ params }) => {
  const messages = readSandboxTranslation(process.cwd(), String(params.id), String(params.lang))?.messages ?? {};
  return new Response(JSON.stringify(messages), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
