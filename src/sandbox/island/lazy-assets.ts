/**
 * The exercise's solution and tests, fetched from their static JSON file the first time Compare or
 * Check needs them and kept for the page's lifetime: the lesson's HTML does not carry them
 * (island-data.ts, pageIslandData), since most learners never open them.
 */
import type { ExerciseAssets, PageIslandData } from '../island-data.ts';
import type { MessageTable } from '../../i18n/sandbox-messages.ts';

const loaded = new Map<string, Promise<ExerciseAssets>>();

export function exerciseAssets(data: Pick<PageIslandData, 'assetsUrl'>): Promise<ExerciseAssets> {
  let pending = loaded.get(data.assetsUrl);
  if (!pending) {
    pending = fetch(data.assetsUrl).then(async (response) => {
      if (!response.ok) throw new Error(`The exercise's solution and tests could not be loaded (${data.assetsUrl}: HTTP ${response.status}). Reload the page to try again.`);
      return (await response.json()) as ExerciseAssets;
    });
    // A failed fetch is not remembered: the next Check or Compare tries again.
    pending.catch(() => loaded.delete(data.assetsUrl));
    loaded.set(data.assetsUrl, pending);
  }
  return pending;
}

/** Where a sandbox's message table for `lang` is: beside its assets, `…/sandbox-messages/<lang>/<id>.json`. */
export function messagesUrl(assetsUrl: string, lang: string): string {
  return assetsUrl.replace(/sandbox-assets\/([^/]+)\.json$/, `sandbox-messages/${encodeURIComponent(lang)}/$1.json`);
}

const tables = new Map<string, Promise<MessageTable | undefined>>();

/**
 * The translations of the exercise's test names and messages for a page in `lang` (default: its `<html lang>`),
 * fetched once per page; undefined for English pages, which fetch nothing, and when the table cannot be
 * loaded, so the Check panel falls back to the English texts instead of failing.
 */
export function testMessages(data: Pick<PageIslandData, 'assetsUrl'>, lang = document.documentElement.lang): Promise<MessageTable | undefined> {
  if (!lang || lang.split('-')[0]!.toLowerCase() === 'en') return Promise.resolve(undefined);
  const url = messagesUrl(data.assetsUrl, lang);
  let pending = tables.get(url);
  if (!pending) {
    pending = fetch(url)
      .then(async (response) => (response.ok ? ((await response.json()) as MessageTable) : undefined))
      .catch(() => undefined);
    tables.set(url, pending);
  }
  return pending;
}
