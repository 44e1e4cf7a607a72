/**
 * The exercise's solution and tests, fetched from their static JSON file the first time Compare or
 * Check needs them and kept for the page's lifetime: the lesson's HTML does not carry them
 * (island-data.ts, pageIslandData), since most learners never open them.
 */
import type { ExerciseAssets, PageIslandData } from '../island-data.ts';

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
