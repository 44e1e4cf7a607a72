/**
 * A lesson or phase in a language that has no locale file renders its interface (navigation, progress,
 * search) in English around prose in another language: worth a warning, at the `lang:` line.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { localeChain, LOCALES_DIR, REFERENCE_LANG } from '../i18n/locales.ts';
import type { ContentProblem } from './problems.ts';
import type { Course } from './read-course.ts';

function langLine(text: string): number | undefined {
  const index = text.split('\n').findIndex((line) => /^lang\s*:/.test(line));
  return index < 0 ? undefined : index + 1;
}

export function languageProblems(root: string, course: Course): ContentProblem[] {
  const declared = [
    ...course.phases.filter((p) => p.meta.lang).map((p) => ({ lang: p.meta.lang!, file: p.file })),
    ...course.lessons.filter((l) => l.data.lang).map((l) => ({ lang: l.data.lang!, file: l.file })),
  ];
  const problems: ContentProblem[] = [];
  for (const { lang, file } of declared) {
    if (localeChain(lang).some((candidate) => candidate !== REFERENCE_LANG && existsSync(join(root, LOCALES_DIR, `${candidate}.yaml`)))) continue;
    if (lang.split('-')[0] === REFERENCE_LANG) continue;
    problems.push({
      severity: 'warning',
      file,
      line: langLine(readFileSync(join(root, file), 'utf8')),
      field: 'lang',
      message: `The page is in "${lang}", but there is no ${LOCALES_DIR}/${lang.split('-')[0]}.yaml, so its navigation, progress and search show in English.`,
      fix: `Copy ${LOCALES_DIR}/${REFERENCE_LANG}.yaml to ${LOCALES_DIR}/${lang.split('-')[0]}.yaml and translate the values.`,
    });
  }
  return problems;
}
