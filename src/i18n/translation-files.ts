/**
 * Where translations live and which English file each one translates (the format: the authoring guide,
 * "Translating the course"). A language is any folder or file named by a language tag other than English:
 *
 *   lessons/<lang>/<NN-phase>/<NN-slug>.mdx   ← lessons/<NN-phase>/<NN-slug>.mdx
 *   lessons/<lang>/<NN-phase>/phase.yaml      ← lessons/<NN-phase>/phase.yaml
 *   quizzes/<lang>/<quiz-id>.yaml             ← quizzes/<quiz-id>.yaml
 *   sandboxes/<id>/i18n/<lang>.yaml           ← sandboxes/<id>/sandbox.yaml
 *
 * Each records `sourceHash:`, the first 12 hex digits of the SHA-256 of its English file's bytes.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REFERENCE_LANG } from './locales.ts';

/** A language tag as folder or file name: `ja`, `ko`, `pt-BR`, `zh-Hant` (never a `NN-phase` folder). */
export const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

export type TranslationKind = 'lesson' | 'phase' | 'quiz' | 'sandbox';

export interface TranslationPair {
  lang: string;
  kind: TranslationKind;
  /** Project-relative path of the translation (it may not exist yet). */
  file: string;
  /** Project-relative path of the English source (it may no longer exist). */
  source: string;
}

export const isLanguageFolder = (name: string): boolean => LANGUAGE_TAG.test(name) && name !== REFERENCE_LANG;

const list = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).filter((n) => !n.startsWith('.')).sort() : []);
const isDir = (path: string): boolean => existsSync(path) && statSync(path).isDirectory();

/** The first 12 hex digits of the SHA-256 of a file's bytes (`sha256sum <file> | cut -c1-12`). */
export function sourceHash(root: string, file: string): string {
  return createHash('sha256').update(readFileSync(join(root, file))).digest('hex').slice(0, 12);
}

/** The languages that have any translation file in the project. */
export function translationLanguages(root: string): string[] {
  const langs = new Set<string>();
  for (const name of [...list(join(root, 'lessons')), ...list(join(root, 'quizzes'))]) if (isLanguageFolder(name)) langs.add(name);
  for (const id of list(join(root, 'sandboxes'))) {
    for (const name of list(join(root, 'sandboxes', id, 'i18n'))) {
      const lang = name.replace(/\.ya?ml$/, '');
      if (lang !== name && isLanguageFolder(lang)) langs.add(lang);
    }
  }
  return [...langs].sort();
}

/** The English file a translation translates, or undefined when the path is not a translation's. */
export function pairFor(file: string): TranslationPair | undefined {
  const path = file.split('\\').join('/').replace(/^\.\//, '');
  let m = /^lessons\/([^/]+)\/([^/]+)\/phase\.yaml$/.exec(path);
  if (m && isLanguageFolder(m[1]!)) return { lang: m[1]!, kind: 'phase', file: path, source: `lessons/${m[2]}/phase.yaml` };
  m = /^lessons\/([^/]+)\/([^/]+)\/([^/]+\.mdx)$/.exec(path);
  if (m && isLanguageFolder(m[1]!)) return { lang: m[1]!, kind: 'lesson', file: path, source: `lessons/${m[2]}/${m[3]}` };
  m = /^quizzes\/([^/]+)\/([^/]+\.ya?ml)$/.exec(path);
  if (m && isLanguageFolder(m[1]!)) return { lang: m[1]!, kind: 'quiz', file: path, source: `quizzes/${m[2]}` };
  m = /^sandboxes\/([^/]+)\/i18n\/([^/]+)\.ya?ml$/.exec(path);
  if (m && isLanguageFolder(m[2]!)) return { lang: m[2]!, kind: 'sandbox', file: path, source: `sandboxes/${m[1]}/sandbox.yaml` };
  return undefined;
}

/** Every translation file of `lang` that exists, paired with its English source. */
export function existingTranslations(root: string, lang: string): TranslationPair[] {
  const files: string[] = [];
  for (const phase of list(join(root, 'lessons', lang))) {
    const dir = `lessons/${lang}/${phase}`;
    if (isDir(join(root, dir))) files.push(...list(join(root, dir)).map((name) => `${dir}/${name}`));
  }
  files.push(...list(join(root, 'quizzes', lang)).map((name) => `quizzes/${lang}/${name}`));
  for (const id of list(join(root, 'sandboxes'))) {
    for (const name of list(join(root, 'sandboxes', id, 'i18n'))) if (name.replace(/\.ya?ml$/, '') === lang) files.push(`sandboxes/${id}/i18n/${name}`);
  }
  return files.flatMap((file) => pairFor(file) ?? []);
}

/** Every English file that has a translation in `lang` when the language is complete. */
export function expectedTranslations(root: string, lang: string): TranslationPair[] {
  const pairs: TranslationPair[] = [];
  for (const phase of list(join(root, 'lessons')).filter((name) => !isLanguageFolder(name) && isDir(join(root, 'lessons', name)))) {
    for (const name of list(join(root, 'lessons', phase))) {
      if (name === 'phase.yaml') pairs.push({ lang, kind: 'phase', file: `lessons/${lang}/${phase}/phase.yaml`, source: `lessons/${phase}/phase.yaml` });
      else if (name.endsWith('.mdx')) pairs.push({ lang, kind: 'lesson', file: `lessons/${lang}/${phase}/${name}`, source: `lessons/${phase}/${name}` });
    }
  }
  for (const name of list(join(root, 'quizzes')).filter((n) => /\.ya?ml$/.test(n))) {
    pairs.push({ lang, kind: 'quiz', file: `quizzes/${lang}/${name}`, source: `quizzes/${name}` });
  }
  for (const id of list(join(root, 'sandboxes'))) {
    if (existsSync(join(root, 'sandboxes', id, 'sandbox.yaml'))) pairs.push({ lang, kind: 'sandbox', file: `sandboxes/${id}/i18n/${lang}.yaml`, source: `sandboxes/${id}/sandbox.yaml` });
  }
  return pairs;
}
