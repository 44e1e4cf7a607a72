/**
 * A lesson names its quiz twice: `quiz:` in the frontmatter (progress and the lesson card read it) and
 * `<Quiz id>` in the body (where the page shows it). They must agree, or the page shows one quiz and
 * counts another. Each disagreement is reported once, at the line that is wrong: a body id that is not a
 * quiz file is the body's fault even when the frontmatter is right.
 */
import type { ComponentUse } from './lesson-body.ts';
import type { ContentProblem } from './problems.ts';

export interface QuizWiringInput {
  file: string;
  /** The frontmatter's `quiz:`, if any. */
  quiz?: string | undefined;
  /** Line of `quiz:` in the file, or of the frontmatter's first line. */
  quizLine: number;
  /** `<Quiz>` uses in the body (with ids; a missing id is reported elsewhere). */
  uses: readonly ComponentUse[];
  quizIds: ReadonlySet<string>;
}

export function checkQuizWiring({ file, quiz, quizLine, uses, quizIds }: QuizWiringInput): ContentProblem[] {
  const withIds = uses.filter((use) => use.attributes.id);
  if (quiz && withIds.length === 0) {
    return [{ severity: 'error', file, line: quizLine, field: 'quiz', message: `The frontmatter names the quiz "${quiz}", but the body has no <Quiz>, so learners never see it.`, fix: `Add \`<Quiz id="${quiz}" />\` to the body where the quiz belongs (usually under "## Check your understanding").` }];
  }
  const problems: ContentProblem[] = [];
  for (const use of withIds) {
    const id = use.attributes.id ?? '';
    if (!quiz) {
      problems.push({ severity: 'error', file, line: use.line, message: `<Quiz id="${id}"> is in the body, but the frontmatter has no \`quiz:\`, so progress and the lesson card do not know the lesson has a quiz.`, fix: `Add \`quiz: ${id}\` to the frontmatter.` });
    } else if (id !== quiz) {
      const consequence = quizIds.has(id) ? 'the page would show one quiz and count the other as the lesson\'s quiz' : `there is no quizzes/${id}.yaml, so the page would show no quiz`;
      problems.push({ severity: 'error', file, line: use.line, message: `<Quiz id="${id}"> differs from the frontmatter's \`quiz: ${quiz}\` (line ${quizLine}): ${consequence}.`, fix: quizIds.has(quiz) ? `Write \`<Quiz id="${quiz}" />\`, or change \`quiz:\` if "${id}" is the quiz you meant.` : `Make both name the same quiz file.` });
    }
  }
  return problems;
}

/** The line of a top-level `quiz:` in a lesson file, or 2 (the frontmatter's first line) when there is none. */
export function frontmatterFieldLine(source: string, field: string): number {
  const index = source.split('\n').findIndex((line) => line.startsWith(`${field}:`));
  return index >= 0 ? index + 1 : 2;
}
