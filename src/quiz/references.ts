/**
 * Cross-checks lessons against quiz files: a lesson naming a quiz that does not exist is an error (the
 * page would have no quiz), a quiz no lesson uses is a warning (it is probably forgotten, but harmless).
 */
import type { QuizProblem } from './problems.ts';
import { closestMatch } from './suggest.ts';

export interface LessonQuizReference {
  /** Lesson id, e.g. `polling`. */
  id: string;
  /** Where the lesson lives, for messages, e.g. `lessons/01-foundations/02-polling.mdx`. */
  file: string;
  /** The quiz id the lesson names (frontmatter `quiz:` or `<Quiz id>`), if any. */
  quiz?: string | undefined;
}

export interface ReferenceReport {
  errors: QuizProblem[];
  warnings: QuizProblem[];
}

/** Checks every lesson's quiz reference against the quiz ids that exist. */
export function checkQuizReferences(lessons: readonly LessonQuizReference[], quizIds: Iterable<string>): ReferenceReport {
  const known = [...new Set(quizIds)].sort();
  const used = new Set<string>();
  const errors: QuizProblem[] = [];
  for (const lesson of lessons) {
    if (lesson.quiz === undefined) continue;
    used.add(lesson.quiz);
    if (known.includes(lesson.quiz)) continue;
    const suggestion = closestMatch(lesson.quiz, known);
    const what = `The lesson "${lesson.id}" uses the quiz "${lesson.quiz}", but there is no quizzes/${lesson.quiz}.yaml.`;
    const fix =
      (suggestion ? `Did you mean "${suggestion}"? ` : '') +
      `Correct the name, or create quizzes/${lesson.quiz}.yaml. ` +
      (known.length > 0 ? `Existing quizzes: ${known.join(', ')}.` : 'There are no quizzes yet.');
    errors.push({
      code: 'missing-quiz',
      severity: 'error',
      file: lesson.file,
      path: 'quiz',
      field: 'quiz',
      what,
      fix,
      message: `${lesson.file}, field "quiz": ${what} ${fix}`,
    });
  }
  const warnings: QuizProblem[] = known
    .filter((id) => !used.has(id))
    .map((id): QuizProblem => {
      const what = `No lesson uses the quiz "${id}", so learners never see it.`;
      const fix = `Add \`quiz: ${id}\` to a lesson's frontmatter (or \`<Quiz id="${id}" />\` to its body), or delete the file.`;
      return { code: 'unused-quiz', severity: 'warning', file: `quizzes/${id}.yaml`, path: '', what, fix, message: `quizzes/${id}.yaml: ${what} ${fix}` };
    });
  return { errors, warnings };
}
