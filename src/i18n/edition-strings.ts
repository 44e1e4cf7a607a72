/**
 * Words of the editions' interface: the language switch, the "this page is in …" offer, the "not
 * translated yet" notes, and the prose of the home, end-of-course and 404 pages that every edition shows.
 * Keys here, words in locales/<lang>.yaml under `edition:` (src/i18n/locales.ts).
 */
import { siteConfig } from '../config.ts';
import { localeString } from './locales.ts';
import { fillPlaceholders } from './lookup.ts';

export const EDITION_KEYS = [
  'switch.label',
  'offer.text',
  'offer.go',
  'offer.dismiss',
  'untranslated.badge',
  'untranslated.note',
  'home.lead',
  'home.roadmap',
  'home.facts',
  'home.phaseProgress',
  'complete.checklist',
  'complete.nextSteps',
  'complete.readingNote',
  'notFound.allLessons',
] as const;

export type EditionKey = (typeof EDITION_KEYS)[number];

/** The words for `key` on a page in `lang`, placeholders filled; English where the language lacks them. */
export function et(key: EditionKey, values: Record<string, string | number> = {}, lang: string = siteConfig.lang): string {
  const text = localeString('edition', key, lang);
  if (text === undefined) throw new Error(`locales/en.yaml has no "edition: ${key}" entry; npm run check lists every missing key.`);
  return fillPlaceholders(text, values);
}

/** A language's own name for itself (`ja` → 日本語, `en` → English), for the switch and the offer. */
export function autonym(lang: string): string {
  try {
    const name = new Intl.DisplayNames([lang], { type: 'language' }).of(lang);
    return name ? name.charAt(0).toLocaleUpperCase(lang) + name.slice(1) : lang;
  } catch {
    return lang;
  }
}
