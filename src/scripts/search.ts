/**
 * Search with Pagefind's JS API. Loaded on first use so lesson pages pay nothing for it until a reader
 * asks; the index itself is fetched in chunks by Pagefind as the query needs them.
 */
import { bestSubResult, resultHref, type SubResult } from './search-target.ts';

interface PagefindResultData {
  url: string;
  excerpt: string;
  meta: { title?: string };
  /** One per section (heading with an id) that holds hits, in page order. */
  sub_results?: SubResult[];
}
interface Pagefind {
  init(): Promise<void>;
  debouncedSearch(query: string, options?: object, ms?: number): Promise<{ results: { data(): Promise<PagefindResultData> }[] } | null>;
}

/**
 * One Pagefind per page language. Pagefind searches the index of the `<html lang>` it sees when it starts,
 * and under the ClientRouter a tab moves between /ja/ and English pages without reloading modules, so each
 * language gets its own module instance (a different query string is a different module).
 */
const instances = new Map<string, Promise<Pagefind>>();

function loadPagefind(): Promise<Pagefind> {
  const lang = document.documentElement.lang || 'unknown';
  // A runtime URL, not a module Vite can see: the index is generated after the site is built.
  const url = `/pagefind/pagefind.js?lang=${encodeURIComponent(lang)}`;
  let pagefind = instances.get(lang);
  if (!pagefind) {
    pagefind = import(/* @vite-ignore */ url).then(async (module: Pagefind) => {
      await module.init();
      return module;
    });
    instances.set(lang, pagefind);
  }
  return pagefind;
}

/** Pagefind excerpts are escaped text with <mark> around hits; keep only that, never other markup. */
export function excerptToNodes(excerpt: string): Node[] {
  const parsed = new DOMParser().parseFromString(`<p>${excerpt}</p>`, 'text/html');
  const nodes: Node[] = [];
  for (const child of Array.from(parsed.body.firstChild?.childNodes ?? [])) {
    if (child.nodeName === 'MARK') {
      const mark = document.createElement('mark');
      mark.textContent = child.textContent;
      nodes.push(mark);
    } else nodes.push(document.createTextNode(child.textContent ?? ''));
  }
  return nodes;
}

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));
}

export function setupSearch(dialog: HTMLDialogElement): void {
  const input = dialog.querySelector<HTMLInputElement>('[data-search-input]');
  const status = dialog.querySelector<HTMLElement>('[data-search-status]');
  const list = dialog.querySelector<HTMLUListElement>('[data-search-results]');
  if (!input || !status || !list) return;
  const strings = dialog.dataset;
  // A search field clears itself on Escape and swallows the key; readers expect Escape to close.
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') dialog.close();
  });

  input.addEventListener('input', async () => {
    const query = input.value.trim();
    if (!query) {
      list.replaceChildren();
      status.textContent = '';
      return;
    }
    let engine: Pagefind;
    try {
      engine = await loadPagefind();
    } catch {
      status.textContent = strings.strUnavailable ?? '';
      return;
    }
    const search = await engine.debouncedSearch(query, {}, 150);
    if (!search || input.value.trim() !== query) return; // a newer query superseded this one
    const results = await Promise.all(search.results.slice(0, 8).map((r) => r.data()));
    list.replaceChildren(
      ...results.map((result) => {
        const item = document.createElement('li');
        // Land at the section with the strongest hits, with the words marked there (search-highlight.ts).
        const section = bestSubResult(result.sub_results);
        const title = result.meta.title ?? result.url;
        const link = document.createElement('a');
        link.href = resultHref(section?.url ?? result.url, query);
        link.textContent = section && section.title && section.title !== title ? `${title} › ${section.title}` : title;
        const excerpt = document.createElement('p');
        excerpt.append(...excerptToNodes(section?.excerpt ?? result.excerpt));
        item.append(link, excerpt);
        return item;
      }),
    );
    status.textContent = fill(results.length ? (strings.strResults ?? '') : (strings.strNoResults ?? ''), { count: search.results.length, query });
  });
}
