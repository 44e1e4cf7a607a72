/**
 * A page's place among the editions, at build time: which edition it is in, the same page in the others
 * (for the language switch, the offer banner and `<link rel="alternate" hreflang>`), and its home.
 */
import { editionLanguages, getEdition, pageEdition } from '../content/course.ts';
import { localizedPath, ROOT_EDITION } from './edition-paths.ts';

export interface EditionLink {
  lang: string;
  href: string;
  /** The same page in that edition (false: its home, because this page is not translated there). */
  samePage: boolean;
}

export interface PageEditions {
  /** The edition this page belongs to (`en` at the root, `ja` under /ja/). */
  lang: string;
  /** This page in every edition that has it, this one included: the hreflang alternates. */
  alternates: EditionLink[];
  /** Links for the switch: every other edition. */
  others: EditionLink[];
  home: string;
}

export function pageEditions(pathname: string): PageEditions {
  const here = pageEdition(pathname);
  const all = editionLanguages();
  const exists = (lang: string) => lang === here.lang || getEdition(lang).paths.has(here.path);
  const alternates = all.filter(exists).map((lang) => ({ lang, href: localizedPath(here.path, lang), samePage: true }));
  // Pages outside the course (the authoring guide, 404) have no alternates beyond themselves.
  const inCourse = getEdition(here.lang).paths.has(here.path);
  const others = all
    .filter((lang) => lang !== here.lang)
    .map((lang) => (inCourse && exists(lang) ? { lang, href: localizedPath(here.path, lang), samePage: true } : { lang, href: localizedPath('/', lang), samePage: false }));
  return { lang: here.lang, alternates: inCourse ? alternates : alternates.filter((a) => a.lang === here.lang), others, home: localizedPath('/', here.lang) };
}

export { ROOT_EDITION };
