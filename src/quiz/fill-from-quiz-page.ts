/**
 * A lesson page's quiz arrives as its heading and a link to the quiz's own page (LessonQuiz.astro,
 * quiz-page.ts). This fetches that page and moves its questions in under the lesson's heading, whose level
 * fits the lesson's outline (the quiz page's is an h2 under its h1). What moves is markup Quiz.astro
 * rendered and escaped at build time on the same site; it is parsed inert (DOMParser runs no script, and
 * the quiz's only script is JSON data).
 */
import { fragmentTarget } from '../scripts/load-when-near.ts';
import { formatString } from './format.ts';

export async function fillFromQuizPage(quiz: HTMLElement, src: string): Promise<void> {
  const response = await fetch(src, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${src}`);
  const page = new DOMParser().parseFromString(await response.text(), 'text/html');
  const source = page.querySelector(`course-quiz[data-quiz="${CSS.escape(quiz.dataset.quiz ?? '')}"] .quiz-box`);
  const box = quiz.querySelector('.quiz-box');
  const heading = box?.querySelector('.quiz-title');
  if (!source?.querySelector('script[data-quiz-data]') || !box || !heading) throw new Error(`${src} has no quiz "${quiz.dataset.quiz}"`);
  const hadFocus = box.contains(document.activeElement) && document.activeElement !== heading;
  box.replaceChildren(heading, ...[...source.children].filter((child) => !child.classList.contains('quiz-title')));
  quiz.removeAttribute('data-quiz-src');
  // The link the keyboard was on is gone: carry focus to the first answer rather than drop it on <body>.
  if (hadFocus) box.querySelector<HTMLElement>('input, select, textarea')?.focus();
  // A #link to a question could not be followed before the question was here.
  const target = fragmentTarget();
  if (target && box.contains(target)) target.scrollIntoView();
}

/** Says on the lesson page that the questions did not come, and that the link still opens them. */
export function showFillFailure(quiz: HTMLElement, error: unknown): void {
  const status = quiz.querySelector<HTMLElement>('[data-quiz-status]');
  if (!status) return;
  const reason = error instanceof Error ? error.message : String(error);
  status.textContent = formatString(status.dataset.failed ?? '{reason}', { reason });
}
