/**
 * Components lessons can use without importing them. Adding one here makes it available to every
 * lesson; its name must also be listed in mdx-component-names.ts (for `npm run check`). A lesson's
 * `<Quiz>` is LessonQuiz.astro: its heading and a link, the questions being on the quiz's own page.
 */
import Callout from './Callout.astro';
import LabChart from './LabChart.astro';
import Quiz from './LessonQuiz.astro';
import Sandbox from './Sandbox.astro';
import type { MdxComponentName } from './mdx-component-names.ts';

export const mdxComponents = { Callout, LabChart, Quiz, Sandbox } satisfies Record<MdxComponentName, unknown>;
