/**
 * Where a search result should take the reader, and what to mark there, as pure functions: the section
 * (Pagefind sub-result) with the strongest hits, its URL with the query terms as `?highlight=` parameters,
 * and the ranges of a text that those terms match.
 */
export const HIGHLIGHT_PARAM = 'highlight';

export interface SubResult {
  title: string;
  url: string;
  excerpt: string;
  locations: number[];
  weighted_locations?: { balanced_score?: number }[];
}

/** The section with the most weight of hits (Pagefind lists sections in page order, not by score). */
export function bestSubResult<T extends SubResult>(subResults: readonly T[] | undefined): T | undefined {
  let best: T | undefined;
  let bestScore = -1;
  for (const sub of subResults ?? []) {
    const score = sub.weighted_locations?.length
      ? sub.weighted_locations.reduce((sum, location) => sum + (location.balanced_score ?? 1), 0)
      : sub.locations.length;
    if (score > bestScore) {
      best = sub;
      bestScore = score;
    }
  }
  return best;
}

/** The words of a query worth marking: split on spaces, without empties or duplicates. */
export function queryTerms(query: string): string[] {
  return [...new Set(query.trim().split(/\s+/).filter((term) => term.length > 0))];
}

/** `url` (absolute or site-relative) with one `highlight` parameter per term, keeping its #section. */
export function resultHref(url: string, query: string): string {
  const parsed = new URL(url, 'https://site.invalid');
  parsed.searchParams.delete(HIGHLIGHT_PARAM);
  for (const term of queryTerms(query)) parsed.searchParams.append(HIGHLIGHT_PARAM, term);
  return parsed.origin === 'https://site.invalid' ? `${parsed.pathname}${parsed.search}${parsed.hash}` : parsed.toString();
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Ranges [start, end) of `text` to mark: each term matched case-insensitively at the start of a word and
 * extended to the end of that word, because Pagefind matches word stems ("reconnect" finds
 * "reconnection"). Terms under two characters are ignored; overlapping ranges are merged.
 */
export function highlightRanges(text: string, terms: readonly string[]): [number, number][] {
  const usable = terms.filter((term) => term.length >= 2).map(escapeRegExp);
  if (usable.length === 0) return [];
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${usable.join('|')})[\\p{L}\\p{N}]*`, 'giu');
  const ranges: [number, number][] = [];
  for (const match of text.matchAll(pattern)) {
    const start = match.index;
    const end = start + match[0].length;
    const last = ranges.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else ranges.push([start, end]);
  }
  return ranges;
}
