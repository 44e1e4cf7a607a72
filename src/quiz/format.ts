/**
 * Fills `{name}` placeholders and picks plural forms. Shared by the server render and the browser island,
 * so it stays tiny and dependency-free.
 */
import { fillPlaceholders } from '../i18n/lookup.ts';

export type StringTable = { readonly lang: string } & { readonly [key: string]: string };

/** `formatString('Hint {number} of {total}', { number: 1, total: 3 })` → `Hint 1 of 3` (src/i18n/lookup.ts). */
export const formatString = fillPlaceholders;

/** Looks up `key` (or `key.one` / `key.other` when `count` is given) and fills it in. */
export function translate(
  strings: StringTable,
  key: string,
  params: Readonly<Record<string, string | number>> = {},
): string {
  const count = params.count;
  let template = strings[key];
  if (template === undefined && typeof count === 'number') {
    const form = new Intl.PluralRules(strings.lang).select(count);
    template = strings[`${key}.${form}`] ?? strings[`${key}.other`];
  }
  return formatString(template ?? key, params);
}

/** 0.8 → "80", 0.875 → "88": whole percent, as the summary shows it. */
export function percent(share: number): string {
  return String(Math.round(share * 100));
}
