/**
 * The quiz's page script: the island (island.ts, most of a lesson's JavaScript without a sandbox) loads
 * when a quiz comes near the viewport or the learner reaches into one (scripts/load-when-near.ts).
 * Under the ClientRouter this module runs once per tab, so every page's quizzes are looked for again;
 * once the element is defined, quizzes on later pages upgrade as they are inserted.
 */
import { loadWhenNear } from '../scripts/load-when-near.ts';
import { onEveryPage } from '../scripts/page-load.ts';

let island: Promise<unknown> | undefined;
let stopWatching = (): void => {};

onEveryPage(() => {
  stopWatching();
  if (customElements.get('course-quiz')) return;
  stopWatching = loadWhenNear([...document.querySelectorAll('course-quiz')], () => (island ??= import('./island.ts')));
});
