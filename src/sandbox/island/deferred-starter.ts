/**
 * The starter files the page leaves out (every tab after the first, static-starter.ts), fetched once at
 * boot from `/sandbox-starter/<id>.json` (a cached static file) and laid into the page's data. The island
 * waits for them: running, saving or resetting with a file missing would fail in a way that blames the learner.
 */
import type { PageIslandData } from '../island-data.ts';
import type { FileTree } from '../runtime.ts';
import { uiText } from '../ui-strings.ts';
import { announce, note } from './dom.ts';
import { readPageData } from './page-data.ts';

export async function withDeferredStarter(data: PageIslandData): Promise<PageIslandData> {
  if (!data.starterUrl) return data;
  const response = await fetch(data.starterUrl);
  if (!response.ok) throw new Error(`${data.starterUrl}: HTTP ${response.status}`);
  const files = (await response.json()) as FileTree;
  const missing = data.meta.files.map((file) => file.path).filter((path) => !Object.hasOwn(data.starter, path) && !Object.hasOwn(files, path));
  if (missing.length > 0) throw new Error(`${data.starterUrl} has no ${missing.join(', ')}`);
  return { ...data, starter: { ...data.starter, ...files } };
}

/** The page's data with every starter file: its own blocks read now, before anything writes saved edits into them. */
export function pageDataWithStarter(root: ParentNode): Promise<PageIslandData> {
  return Promise.resolve().then(() => withDeferredStarter(readPageData(root)));
}

/** The buttons stay disabled and the first file stays readable; the learner is told what failed and what to do. */
export function showStarterFailure(root: ParentNode, error: unknown): void {
  console.error('[course-sandbox] could not load the starter files.', error);
  const text = uiText('sandbox.starterFailed', { reason: error instanceof Error ? error.message : String(error) });
  note(root, text, 'error');
  announce(root, text);
}
