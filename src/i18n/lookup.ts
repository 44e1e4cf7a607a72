/**
 * The one lookup of interface words, shared by server renders and browser islands, so it stays tiny and
 * free of imports. The words come from locales/<lang>.yaml (src/i18n/locales.ts reads them at build time);
 * a page hands an island the table of its section as JSON in a `data-locale-strings` attribute, English
 * already filled in for any key the page's language lacks, so the browser never needs a fallback of its own.
 */
export type LocaleStrings<K extends string> = Readonly<Record<K, string>>;

/** `fillPlaceholders('Hint {number} of {total}', { number: 1, total: 3 })` → `Hint 1 of 3`; unknown names stay. */
export function fillPlaceholders(template: string, values: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (values[name] === undefined ? whole : String(values[name])));
}

/** The words for `key` with its placeholders filled; the key itself when the table lacks it (never blank). */
export function lookup<K extends string>(strings: LocaleStrings<K>, key: K, values: Readonly<Record<string, string | number>> = {}): string {
  return fillPlaceholders(strings[key] ?? key, values);
}

/** The table a page embedded on `element` (see localeStringsAttribute in src/i18n/locales.ts). */
export function stringsOf<K extends string>(element: HTMLElement): LocaleStrings<K> {
  return JSON.parse(element.dataset.localeStrings ?? '{}') as LocaleStrings<K>;
}
