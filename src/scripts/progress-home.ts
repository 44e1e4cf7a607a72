/**
 * The home page's "where next" button and the course tally, on the home page and the end-of-course page.
 * Both read the lessons the page embedded (`<script type="application/json" data-course-lessons>`) and
 * the stored progress; the rules live in src/progress/summary.ts.
 *
 * - `[data-continue]`: a link whose text and href become "Continue with “…”" for the first unfinished
 *   lesson, stay "Start with …" while nothing is done, and point at the end-of-course page once all is.
 * - `[data-course-tally]`: filled from its `data-template` with the counts;
 * - `[data-unfinished]` (with a `[data-unfinished-list]`) and `[data-all-done]`: what is left, or that nothing is;
 * - `[data-progress-lesson]` elements get `data-finished` when the lesson asks for nothing more.
 */
import { loadProgress, subscribe } from '../progress/store.ts';
import { courseTally, fillTemplate, lessonStatus, nextStep, type LessonRef } from '../progress/summary.ts';

function readLessons(): LessonRef[] {
  const json = document.querySelector('script[data-course-lessons]')?.textContent;
  try {
    return json ? (JSON.parse(json) as LessonRef[]) : [];
  } catch {
    return [];
  }
}

function render(lessons: readonly LessonRef[]): void {
  const progress = loadProgress();
  const step = nextStep(lessons, progress);
  for (const link of document.querySelectorAll<HTMLAnchorElement>('a[data-continue]')) {
    const strings = link.dataset;
    if (!step) continue;
    link.dataset.state = step.kind;
    if (step.kind === 'complete') {
      link.href = strings.completeUrl ?? link.href;
      link.textContent = strings.strComplete ?? link.textContent;
    } else {
      link.href = step.lesson.url;
      const template = step.kind === 'start' ? strings.strStart : strings.strContinue;
      link.textContent = fillTemplate(template ?? '{title}', { title: step.lesson.title });
    }
  }
  const tally = courseTally(lessons, progress);
  for (const el of document.querySelectorAll<HTMLElement>('[data-course-tally]')) {
    el.textContent = fillTemplate(el.dataset.template ?? '', {
      finished: tally.finished.done,
      lessons: tally.finished.total,
      visited: tally.visited.done,
      quizzes: tally.quizzes.done,
      quizTotal: tally.quizzes.total,
      exercises: tally.exercises.done,
      exerciseTotal: tally.exercises.total,
    });
  }
  const unfinished = lessons.filter((lesson) => !lessonStatus(lesson, progress).finished);
  for (const box of document.querySelectorAll<HTMLElement>('[data-unfinished]')) {
    box.hidden = unfinished.length === 0;
    box.querySelector('[data-unfinished-list]')?.replaceChildren(
      ...unfinished.map((lesson) => {
        const item = document.createElement('li');
        const link = Object.assign(document.createElement('a'), { href: lesson.url, textContent: lesson.title });
        item.append(link);
        return item;
      }),
    );
  }
  for (const note of document.querySelectorAll<HTMLElement>('[data-all-done]')) note.hidden = unfinished.length > 0;
  for (const lesson of lessons) {
    const finished = lessonStatus(lesson, progress).finished;
    for (const el of document.querySelectorAll<HTMLElement>(`[data-progress-lesson="${CSS.escape(lesson.id)}"]`)) {
      el.toggleAttribute('data-finished', finished);
    }
  }
}

let rendering: LessonRef[] | undefined;

export function setupProgressHome(): void {
  const lessons = readLessons();
  if (lessons.length === 0) return;
  render(lessons);
  // Once per tab (the ClientRouter runs this on every visit): later changes render the page shown then.
  if (rendering === undefined) subscribe(() => render(readLessons()));
  rendering = lessons;
}
