/** Small decisions the edition pages share, kept out of the .astro files. */
import { siteConfig } from '../config.ts';
import { ROOT_EDITION } from '../i18n/edition-paths.ts';
import { et } from '../i18n/edition-strings.ts';

/** The language of an edition's pages: the course's own (COURSE_LANG) at the root, else the edition's tag. */
export function editionLanguage(edition: string): string {
  return edition === ROOT_EDITION ? siteConfig.lang : edition;
}

/** "not translated yet", for a link in a page of `lang` that leads to the English page of a lesson. */
export function untranslatedNote(lang: string): string {
  return et('untranslated.badge', {}, lang);
}

/** `lang`/`hreflang` for a link whose target is in `targetLang`, on a page in `pageLang` (nothing when they agree). */
export function crossLanguage(targetLang: string | undefined, pageLang: string): { lang?: string; hreflang?: string } {
  return targetLang && targetLang !== pageLang ? { lang: targetLang, hreflang: targetLang } : {};
}
