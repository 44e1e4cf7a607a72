/**
 * The course as one edition shows it. English is read by read-course.ts; another edition (`ja`) is the
 * same course with the words of `lessons/<lang>/…` laid over it: translated lessons get their title,
 * description and goals, a `lang`, and a URL under `/<lang>/`; a lesson with no translation keeps its
 * English words, `lang: en` and its English URL, so navigation can say "not translated yet" and link to
 * English instead of showing English inside a Japanese page. No Japanese page exists for it.
 * Everything else (order, minutes, prerequisites, quiz, sandbox) is the English lesson's.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { LANG_PATTERN } from './schemas/lesson.ts';
import { lessonTranslationSchema, phaseTranslationSchema } from './schemas/translation.ts';
import { splitFrontmatter, type Course, type Lesson, type Phase } from './read-course.ts';
import { parseYamlWithLines } from './yaml-lines.ts';
import { localizedPath, ROOT_EDITION } from '../i18n/edition-paths.ts';
import { joinFoldedWideStrings, joinFoldedWideText } from '../i18n/cjk-line-breaks.ts';
import { quizPagePath } from '../quiz/quiz-page.ts';

/** Folders of `lessons/` named by a language tag (`lessons/ja/`): the course's other editions. */
export function translationLanguages(root: string): string[] {
  const dir = join(root, 'lessons');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((name) => LANG_PATTERN.test(name) && name !== ROOT_EDITION && statSync(join(dir, name)).isDirectory()).sort();
}

/** `lessons/01-foundations/02-polling.mdx` → `lessons/ja/01-foundations/02-polling.mdx`. */
export function translationFile(englishFile: string, lang: string): string {
  return englishFile.replace(/^lessons\//, `lessons/${lang}/`);
}

/** Parsed and valid, or undefined: what is wrong with a translation file is `npm run check`'s to report. */
function readValid<S extends z.ZodObject>(path: string, schema: S, frontmatter: boolean): z.output<S> | undefined {
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, 'utf8');
  const yaml = frontmatter ? splitFrontmatter(text)?.yaml : text;
  if (yaml === undefined) return undefined;
  const parsed = parseYamlWithLines(yaml);
  if (parsed.errors.length) return undefined;
  const result = schema.safeParse(parsed.data ?? {});
  return result.success ? result.data : undefined;
}

export interface Edition {
  lang: string;
  course: Course;
  /** Lesson ids with no (valid) translation: their pages exist only in English. */
  untranslated: Set<string>;
  /** Root-edition paths that exist in this edition (`/`, `/foundations/`, `/foundations/polling/`, its `quiz/`, …). */
  paths: Set<string>;
}

/** The course in `lang`; the root edition is the course itself. */
export function readEdition(course: Course, lang: string, root: string): Edition {
  if (lang === ROOT_EDITION) {
    const lessonPaths = course.lessons.flatMap((l) => (l.data.quiz ? [l.url, quizPagePath(l.url)] : [l.url]));
    return { lang, course, untranslated: new Set(), paths: new Set(['/', '/course-complete/', ...course.phases.map((p) => p.url), ...lessonPaths]) };
  }
  const untranslated = new Set<string>();
  const paths = new Set(['/', '/course-complete/']);
  const localizeLesson = (lesson: Lesson): Lesson => {
    const words = readValid(join(root, translationFile(lesson.file, lang)), lessonTranslationSchema, true);
    if (!words) {
      untranslated.add(lesson.id);
      return { ...lesson, data: { ...lesson.data, lang: lesson.data.lang ?? ROOT_EDITION } };
    }
    paths.add(lesson.url);
    if (lesson.data.quiz) paths.add(quizPagePath(lesson.url));
    // YAML folds `>-` lines with a space, which Japanese text does not want between two of its characters.
    const { sourceHash: _hash, ...text } = joinFoldedWideStrings(words);
    return { ...lesson, url: localizedPath(lesson.url, lang), data: { ...lesson.data, ...text, lang } };
  };
  const phases: Phase[] = course.phases.map((phase) => {
    const words = readValid(join(root, translationFile(phase.file, lang)), phaseTranslationSchema, false);
    const lessons = phase.lessons.map(localizeLesson);
    if (!words) return { ...phase, lessons, meta: { ...phase.meta, lang: phase.meta.lang ?? ROOT_EDITION } };
    paths.add(phase.url);
    return { ...phase, lessons, url: localizedPath(phase.url, lang), meta: { ...phase.meta, title: words.title, summary: joinFoldedWideText(words.summary), lang } };
  });
  const localized: Course = { phases, lessons: phases.flatMap((phase) => phase.lessons), unread: course.unread };
  return { lang, course: localized, untranslated, paths };
}
