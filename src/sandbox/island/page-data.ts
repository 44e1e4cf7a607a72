/**
 * The sandbox's data as the page carries it (island-data.ts, PageIslandData): the JSON, with the starter
 * files that the page shows as code read back from their static blocks. Called once at boot, before
 * saved edits are written into those blocks (static-code.ts).
 */
import type { PageIslandData } from '../island-data.ts';

export function readPageData(root: ParentNode): PageIslandData {
  const json = root.querySelector('script[data-sandbox-data]')?.textContent ?? '{}';
  const data = JSON.parse(json) as PageIslandData;
  const fromPage = data.starterFromPage ?? {};
  const starter = { ...data.starter };
  for (const block of root.querySelectorAll<HTMLElement>('[data-static-path]')) {
    const path = block.dataset.staticPath ?? '';
    if (!Object.hasOwn(fromPage, path)) continue;
    const code = block.querySelector('code') ?? block.querySelector('pre');
    starter[path] = `${code?.textContent ?? ''}${fromPage[path]}`;
  }
  // The build checked that every named block exists and round-trips (static-starter.ts); a page that lost one
  // is broken, and running with a missing file would fail in a way that blames the learner.
  const missing = Object.keys(fromPage).filter((path) => !Object.hasOwn(starter, path));
  if (missing.length > 0) throw new Error(`The page has no code block for the starter file(s) ${missing.join(', ')}; reload the page.`);
  return { ...data, starter };
}
