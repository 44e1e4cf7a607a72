/**
 * Where a page lives in each edition of the course. English, the reference, is at the root (`/polling/…`);
 * every other edition is the same path under its language tag (`/ja/foundations/polling/`). Pure and tiny:
 * pages use it at build time, the language switch and the "this page exists in …" banner in the browser.
 */

/** The reference edition's language: its pages have no prefix (src/i18n/locales.ts REFERENCE_LANG). */
export const ROOT_EDITION = 'en';

const TAG = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

/** `/foundations/polling/` in `ja` → `/ja/foundations/polling/`; in English, unchanged. Keeps `?query` and `#hash`. */
export function localizedPath(path: string, lang: string): string {
  if (lang === ROOT_EDITION) return path;
  return `/${lang}${path.startsWith('/') ? path : `/${path}`}`;
}

/**
 * `/ja/foundations/polling/#etag` → `{ lang: 'ja', path: '/foundations/polling/#etag' }` when `ja` is one of
 * `editions`; any other path is the root edition's. Only the first segment is looked at, so a lesson whose
 * slug happens to be a language tag is not mistaken for an edition unless that edition exists.
 */
export function splitEditionPath(path: string, editions: readonly string[]): { lang: string; path: string } {
  const match = /^\/([^/?#]+)(?=[/?#]|$)(.*)$/.exec(path);
  const first = match?.[1];
  if (first && first !== ROOT_EDITION && TAG.test(first) && editions.includes(first)) {
    const rest = match[2] ?? '';
    return { lang: first, path: rest.startsWith('/') ? rest : `/${rest}` };
  }
  return { lang: ROOT_EDITION, path };
}

/**
 * An internal absolute link in a page of edition `lang`, pointed at that edition when the target page
 * exists there (`exists` gets the root-edition path without query or hash). External links, protocol-
 * relative ones (`//cdn…`), relative ones, fragments, and links into pages the edition lacks stay as written:
 * a learner following one lands on the English page rather than on a 404.
 */
export function editionLink(href: string, lang: string, exists: (rootPath: string) => boolean): string {
  if (lang === ROOT_EDITION || !href.startsWith('/') || href.startsWith('//')) return href;
  const pathOnly = href.replace(/[?#].*$/, '');
  if (!exists(pathOnly)) return href;
  return localizedPath(href, lang);
}

/** Languages a browser prefers, most preferred first, reduced to their primary subtag (`ja-JP` → `ja`). */
function primary(tag: string): string {
  return tag.toLowerCase().split('-')[0] ?? '';
}

export interface LanguageOfferInput {
  /** The edition the page is in. */
  pageLang: string;
  /** Editions this very page exists in (its `hreflang` alternates), root edition included. */
  available: readonly string[];
  /** What the learner chose with the language switch, remembered in localStorage; null if never. */
  stored: string | null;
  /** navigator.languages (or [navigator.language]). */
  browser: readonly string[];
}

/**
 * Which other edition to offer on this page, if any: the learner's remembered choice wins; without one,
 * the browser's first preferred language that has an edition of this page, unless the page is already in a
 * language the browser prefers more. Never an automatic redirect: an offer a learner (or a crawler) can ignore.
 */
export function languageToOffer({ pageLang, available, stored, browser }: LanguageOfferInput): string | undefined {
  const other = (lang: string) => available.find((candidate) => candidate !== pageLang && primary(candidate) === primary(lang));
  if (stored) return primary(stored) === primary(pageLang) ? undefined : other(stored);
  for (const lang of browser) {
    if (primary(lang) === primary(pageLang)) return undefined;
    const found = other(lang);
    if (found) return found;
  }
  return undefined;
}
