/**
 * Loads quiz files from disk (build scripts, tests, checks). Throws one QuizValidationError listing every
 * problem of every file, so a build shows all broken quizzes at once instead of one per run.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { parseQuizSource } from './parse.ts';
import { QuizValidationError, type QuizProblem } from './problems.ts';
import type { Quiz } from './schema.ts';

/** Paths in messages are relative to the working directory (the project root in builds) with `/`. */
function displayPath(path: string): string {
  const shown = relative(process.cwd(), path) || path;
  return shown.startsWith('..') ? path : shown.split(sep).join('/');
}

/** Reads and validates one quiz file. */
export async function loadQuizFile(path: string): Promise<Quiz> {
  const file = displayPath(path);
  let source: string;
  try {
    source = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${(error as Error).message})`;
    const what = `The quiz file ${reason}.`;
    const fix = 'Check the path, or create the file (see quizzes/README.md).';
    throw new QuizValidationError([{ code: 'missing-quiz', severity: 'error', file, path: '', what, fix, message: `${file}: ${what} ${fix}` }]);
  }
  return parseQuizSource(source, file);
}

/** Loads every `*.yaml` / `*.yml` in `dir` (not recursive), sorted by id. */
export async function loadAllQuizzes(dir: string): Promise<Quiz[]> {
  const names = (await readdir(dir)).filter((name) => /\.ya?ml$/i.test(name)).sort();
  const quizzes: Quiz[] = [];
  const problems: QuizProblem[] = [];
  for (const name of names) {
    try {
      quizzes.push(await loadQuizFile(join(dir, name)));
    } catch (error) {
      if (!(error instanceof QuizValidationError)) throw error;
      problems.push(...error.problems);
    }
  }
  const seen = new Map<string, string>();
  for (const quiz of quizzes) {
    const other = seen.get(quiz.id);
    if (other !== undefined) {
      const what = `Two files define the quiz "${quiz.id}" (${quiz.id}.yaml and ${quiz.id}.yml).`;
      const fix = 'Keep one of them.';
      problems.push({ code: 'duplicate-id', severity: 'error', file: displayPath(join(dir, `${quiz.id}.yml`)), path: '', what, fix, message: `${displayPath(dir)}: ${what} ${fix}` });
    }
    seen.set(quiz.id, quiz.id);
  }
  if (problems.length > 0) throw new QuizValidationError(problems);
  return quizzes;
}
