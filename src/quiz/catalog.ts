/**
 * The quizzes as the site sees them at build time. Vite's `import.meta.glob` bundles every
 * `quizzes/*.yaml` as text (so the dev server reloads a page when its quiz file changes), and each file
 * is parsed and validated the first time a page asks for it.
 *
 * Vite-only (import.meta.glob): Astro components and vitest use this; plain Node scripts use `load.ts`.
 */
import { parseQuizSource, quizIdFromFile } from './parse.ts';
import type { Quiz } from './schema.ts';
import { closestMatch } from './suggest.ts';
import { joinFoldedWideStrings } from '../i18n/cjk-line-breaks.ts';

const sources = import.meta.glob<string>('/quizzes/*.{yaml,yml}', { query: '?raw', import: 'default', eager: true });
/** Translations: `quizzes/<lang>/<id>.yaml`, a full copy of the English quiz in that language. */
const translatedSources = import.meta.glob<string>('/quizzes/*/*.{yaml,yml}', { query: '?raw', import: 'default', eager: true });

/** Source text per quiz id, and the path shown in messages (`quizzes/polling.yaml`). */
const files = new Map(Object.entries(sources).map(([path, source]) => [quizIdFromFile(path), { file: path.replace(/^\//, ''), source }]));
/** The same per `<lang>/<id>` (`ja/polling`). */
const translatedFiles = new Map(
  Object.entries(translatedSources).map(([path, source]) => [`${path.split('/').at(-2)}/${quizIdFromFile(path)}`, { file: path.replace(/^\//, ''), source: withoutSourceHash(source) }]),
);

/**
 * A translation's top-level `sourceHash:` records which English quiz it translates (`npm run check` compares
 * it); it is not part of a quiz, so it is blanked before parsing, keeping every other line where it was.
 */
export function withoutSourceHash(source: string): string {
  return source.replace(/^sourceHash:[^\n]*$/m, '');
}

const parsed = new Map<string, Quiz>();

/** Ids of every quiz file. */
export function quizIds(): string[] {
  return [...files.keys()].sort();
}

export interface QuizUse {
  /**
   * The page's language: a page in `ja` shows `quizzes/ja/<id>.yaml` when it exists. Without that file the
   * English quiz is shown (a Japanese lesson page exists only once its lesson is translated; the missing
   * quiz is what `npm run check` reports).
   */
  lang?: string | undefined;
  /** Lesson id, when the page knows it. */
  lessonId?: string | undefined;
  /** Page path, e.g. `/01-foundations/polling/`, for messages. */
  page?: string | undefined;
}

/**
 * The validated quiz with this id. A missing quiz or an invalid file stops the build with a message that
 * names the lesson using it and the file to fix.
 */
export function getQuiz(id: string, use: QuizUse = {}): Quiz {
  const translated = use.lang ? translatedFiles.get(`${use.lang}/${id}`) : undefined;
  const key = translated ? `${use.lang}/${id}` : id;
  const cached = parsed.get(key);
  if (cached) return cached;
  const entry = translated ?? files.get(id);
  if (!entry) throw new Error(missingQuizMessage(id, use, quizIds()));
  const quiz = translated ? joinFoldedWideStrings(parseQuizSource(entry.source, entry.file)) : parseQuizSource(entry.source, entry.file);
  parsed.set(key, quiz);
  return quiz;
}

export function missingQuizMessage(id: string, use: QuizUse, known: readonly string[]): string {
  const user = use.lessonId ? `The lesson "${use.lessonId}"` : 'A page';
  const where = use.page ? ` (${use.page})` : '';
  const suggestion = closestMatch(id, known);
  return (
    `${user}${where} uses <Quiz id="${id}" />, but there is no quizzes/${id}.yaml. ` +
    (suggestion ? `Did you mean "${suggestion}"? ` : '') +
    `Fix the id or create the file. ` +
    (known.length > 0 ? `Existing quizzes: ${known.join(', ')}.` : 'There are no quiz files yet.')
  );
}
