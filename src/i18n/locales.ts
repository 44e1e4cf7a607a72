/**
 * Interface strings live in locale files, `locales/<lang>.yaml` at the project root, one per language,
 * so an instructor adds a language by adding a file (no code): the file name is the language tag lessons
 * and phases declare with `lang:`. Each file has one section per part of the interface (`site:`, `quiz:`,
 * `progressPanel:`, …; the list is LOCALE_AREAS in src/i18n/areas.ts) mapping keys to words; `{name}`
 * placeholders are filled in by the site (src/i18n/lookup.ts). English (`en.yaml`) is the
 * reference every other file must match key for key; `npm run check` reports a missing or extra key, or
 * a placeholder that differs, at its line (localeProblems below).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ContentProblem } from '../content/problems.ts';
import { parseYamlWithLines } from '../content/yaml-lines.ts';

export const LOCALES_DIR = 'locales';
export const REFERENCE_LANG = 'en';
/** The sections of a locale file and the keys each must have (the code's keys; the words are the files'). */
export type LocaleKeys = Readonly<Record<string, readonly string[]>>;
export type LocaleTable = Record<string, Record<string, string>>;

const cache = new Map<string, { mtimeMs: number; table: LocaleTable | undefined }>();

/** The parsed `locales/<lang>.yaml` (undefined when there is none or it does not parse; check says why). */
export function readLocale(lang: string, root = process.cwd()): LocaleTable | undefined {
  const path = join(root, LOCALES_DIR, `${lang}.yaml`);
  if (!existsSync(path)) return undefined;
  const mtimeMs = statSync(path).mtimeMs;
  const cached = cache.get(path);
  if (cached && cached.mtimeMs === mtimeMs) return cached.table;
  const parsed = parseYamlWithLines(readFileSync(path, 'utf8'));
  const table = parsed.errors.length || typeof parsed.data !== 'object' || parsed.data === null ? undefined : (parsed.data as LocaleTable);
  cache.set(path, { mtimeMs, table });
  return table;
}

/** `ja-JP` → [`ja-JP`, `ja`, `en`]: the most specific locale file first, English last. */
export function localeChain(lang: string): string[] {
  const parts = lang.split('-');
  const chain = parts.map((_, index) => parts.slice(0, parts.length - index).join('-'));
  return [...new Set([...chain, REFERENCE_LANG])];
}

/** The words for `key` in `section` for a page in `lang`, from the most specific locale file that has them. */
export function localeString(section: string, key: string, lang: string, root = process.cwd()): string | undefined {
  for (const candidate of localeChain(lang)) {
    const value = readLocale(candidate, root)?.[section]?.[key];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

/**
 * Every key of `section` for a page in `lang`, each from the most specific locale file that has it, so a
 * partial translation shows English for what it lacks. This table is what a page hands its islands as JSON:
 * the English fallback is resolved here, at build time, from locales/en.yaml (there is no copy in src/).
 */
export function localeSection<K extends string>(section: string, keys: readonly K[], lang: string, root = process.cwd()): Record<K, string> {
  const table = {} as Record<K, string>;
  for (const key of keys) {
    const text = localeString(section, key, lang, root);
    if (text === undefined) throw new Error(`${LOCALES_DIR}/${REFERENCE_LANG}.yaml has no "${section}: ${key}" entry; npm run check lists every missing key.`);
    table[key] = text;
  }
  return table;
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');

/** Every mistake in every locale file, measured against the code's keys and English's placeholders. */
export function localeProblems(root: string, keys: LocaleKeys): ContentProblem[] {
  const dir = join(root, LOCALES_DIR);
  const problems: ContentProblem[] = [];
  if (!existsSync(dir)) return problems;
  const english = readLocale(REFERENCE_LANG, root);
  // Markdown beside the locale files is for translators (the Japanese glossary), not interface strings.
  for (const name of readdirSync(dir).filter((n) => !n.startsWith('.') && !n.endsWith('.md')).sort()) {
    const file = `${LOCALES_DIR}/${name}`;
    if (!/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*\.yaml$/.test(name)) {
      problems.push({ severity: 'error', file, message: `"${name}" is not a locale file: locale files are named by their language tag, like ja.yaml or pt-BR.yaml.`, fix: 'Rename it to <language tag>.yaml, or move it out of locales/.' });
      continue;
    }
    const parsed = parseYamlWithLines(readFileSync(join(dir, name), 'utf8'));
    if (parsed.errors.length) {
      const [error] = parsed.errors;
      problems.push({ severity: 'error', file, line: error!.line, message: `The locale file is not valid YAML: ${error!.message}`, fix: error!.fix });
      continue;
    }
    const data = (parsed.data ?? {}) as Record<string, unknown>;
    for (const [section, wanted] of Object.entries(keys)) {
      const table = data[section];
      if (typeof table !== 'object' || table === null) {
        problems.push({ severity: 'error', file, line: parsed.lines([section]), field: section, message: `The locale file has no "${section}:" section, so those ${wanted.length} interface strings would stay in English.`, fix: `Copy the "${section}:" section from ${LOCALES_DIR}/${REFERENCE_LANG}.yaml and translate its values.` });
        continue;
      }
      const entries = table as Record<string, unknown>;
      const missing = wanted.filter((key) => !(key in entries));
      if (missing.length) {
        problems.push({ severity: 'error', file, line: parsed.lines([section]), field: section, message: `The "${section}:" section lacks ${missing.length === 1 ? 'the key' : `${missing.length} keys`}: ${missing.join(', ')}; pages in this language would show those strings in English.`, fix: `Add ${missing.length === 1 ? 'it' : 'them'} (the English words are in ${LOCALES_DIR}/${REFERENCE_LANG}.yaml).` });
      }
      for (const [key, value] of Object.entries(entries)) {
        const line = parsed.lines([section, key]);
        if (!wanted.includes(key)) {
          problems.push({ severity: 'error', file, line, field: `${section}.${key}`, message: `The key "${key}" is not one the interface uses, so its words would never show.`, fix: `Fix its spelling or remove it; the keys are those in ${LOCALES_DIR}/${REFERENCE_LANG}.yaml.` });
        } else if (typeof value !== 'string') {
          problems.push({ severity: 'error', file, line, field: `${section}.${key}`, message: `The value of "${key}" is not text.`, fix: 'Write the words as text (in quotes if they start with { or contain ": ").' });
        } else {
          const reference = english?.[section]?.[key];
          if (typeof reference === 'string' && placeholders(reference) !== placeholders(value)) {
            problems.push({ severity: 'error', file, line, field: `${section}.${key}`, message: `"${key}" has the placeholders {${placeholders(value).split(',').filter(Boolean).join('}, {') || ''}} but English has {${placeholders(reference).split(',').filter(Boolean).join('}, {')}}; the site fills in exactly those.`, fix: 'Keep every {placeholder} of the English text, spelled the same (translate the words around it).' });
          }
        }
      }
    }
  }
  return problems;
}
