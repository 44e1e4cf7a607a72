/**
 * Every lesson with a quiz has a second page, `<lesson>/quiz/`, holding the whole quiz (issue #15: the
 * questions, answers and rationales were a fifth of a lesson page's HTML and over 500 of its elements, yet
 * sit at its end). The lesson page shows the quiz's heading and a link there (LessonQuiz.astro); the island
 * fetches the questions from it as the reader nears the quiz (fill-from-quiz-page.ts).
 */
import type { Lesson } from '../content/read-course.ts';

/** `/websocket/chat-server/` → `/websocket/chat-server/quiz/` (and the same under `/ja/`). */
export function quizPagePath(lessonPath: string): string {
  return `${lessonPath.endsWith('/') ? lessonPath : `${lessonPath}/`}quiz/`;
}

/**
 * Why a `<Quiz id>` cannot be shown on this page, or undefined when it can: its questions come from the
 * quiz page of the lesson at `pagePath`, which exists only for a lesson whose frontmatter names the same
 * quiz. (`npm run check` reports the same mismatch at its line; this stops a build that skipped it.)
 */
export function lessonQuizProblem(id: string, pagePath: string, lessons: readonly Lesson[]): string | undefined {
  const lesson = lessons.find((candidate) => candidate.url === pagePath);
  if (!lesson) return `<Quiz id="${id}"> is on ${pagePath}, which is not a lesson page. A quiz is shown on its lesson's page, with the questions on <lesson>/quiz/; move it into a lesson.`;
  if (lesson.data.quiz !== id) {
    return `<Quiz id="${id}"> in ${lesson.file} does not match the frontmatter (quiz: ${lesson.data.quiz ?? 'missing'}), so ${quizPagePath(pagePath)} would hold another quiz or none. Set \`quiz: ${id}\` in the frontmatter, or fix the id.`;
  }
  return undefined;
}
