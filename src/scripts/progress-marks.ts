/**
 * Shows progress wherever the page asks for it with data attributes, so components stay static HTML:
 * - `data-progress-lesson="id"`: gets `data-visited`, `data-quiz`, `data-exercise` and a text status;
 * - `data-progress-phase` with `data-lessons="a b c"`: gets a "2 of 5 lessons visited" count.
 */
import { loadProgress, markVisited, subscribe } from '../progress/store.ts';

function render(): void {
  const { lessons } = loadProgress();
  for (const el of document.querySelectorAll<HTMLElement>('[data-progress-lesson]')) {
    const lesson = lessons[el.dataset.progressLesson ?? ''];
    el.toggleAttribute('data-visited', Boolean(lesson));
    el.toggleAttribute('data-quiz-done', Boolean(lesson?.completed.quiz));
    el.toggleAttribute('data-exercise-done', Boolean(lesson?.completed.exercise));
    const status = el.querySelector<HTMLElement>('[data-progress-status]');
    if (status) {
      const parts = [lesson ? status.dataset.visited : status.dataset.notVisited];
      if (lesson?.completed.quiz) parts.push(status.dataset.quiz);
      if (lesson?.completed.exercise) parts.push(status.dataset.exercise);
      status.textContent = parts.filter(Boolean).join(' · ');
    }
  }
  for (const el of document.querySelectorAll<HTMLElement>('[data-progress-phase]')) {
    const ids = (el.dataset.lessons ?? '').split(' ').filter(Boolean);
    const done = ids.filter((id) => lessons[id]).length;
    el.textContent = (el.dataset.template ?? '{done} of {total}').replace('{done}', String(done)).replace('{total}', String(ids.length));
    const meter = el.closest('[data-phase-card]')?.querySelector<HTMLProgressElement>('progress');
    if (meter) {
      meter.max = ids.length;
      meter.value = done;
    }
  }
}

let subscribed = false;

/** Per page (again after each ClientRouter swap): records the visit and renders; subscribes once per tab. */
export function setupProgressMarks(): void {
  const lessonId = document.body.dataset.lessonId;
  if (lessonId) markVisited(lessonId);
  render();
  if (!subscribed) subscribe(render);
  subscribed = true;
}
