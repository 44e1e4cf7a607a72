/**
 * The site's chrome (header, navigation, lesson pages, progress, search, code blocks) in the language of
 * the page. The keys are here, the words in locales/<lang>.yaml under `site:` (src/i18n/locales.ts), so a
 * language is a file an instructor adds, not code. Lesson prose lives in lessons/ and is not translated here.
 */
import { siteConfig } from '../config.ts';
import { localeString } from './locales.ts';

export const UI_KEYS = [
  'site.title',
  'site.tagline',
  'nav.skip',
  'nav.home',
  'nav.phases',
  'nav.main',
  'nav.course',
  'search.open',
  'search.shortcut',
  'search.label',
  'search.placeholder',
  'search.close',
  'search.noResults',
  'search.results',
  'search.unavailable',
  'theme.toggle',
  'lesson.goals',
  'lesson.minutes',
  'lesson.prerequisites',
  'lesson.toc',
  'lesson.previous',
  'lesson.next',
  'lesson.edit',
  'lesson.phase',
  'lesson.number',
  'progress.visited',
  'progress.notVisited',
  'progress.quizPassed',
  'progress.exerciseDone',
  'progress.phaseCount',
  'progress.heading',
  'home.start',
  'home.continue',
  'home.complete',
  'home.tally',
  'home.tallyNote',
  'complete.title',
  'complete.lead',
  'complete.learned',
  'complete.yours',
  'complete.next',
  'complete.unfinished',
  'complete.allDone',
  'complete.link',
  'lesson.end',
  'progress.intro',
  'progress.export',
  'progress.import',
  'progress.reset',
  'progress.resetConfirm',
  'progress.imported',
  'progress.resetDone',
  'progress.exported',
  'code.copy',
  'code.copied',
  'code.copyLabel',
  'notFound.title',
  'notFound.body',
  'footer.authoring',
] as const;

export type UiKey = (typeof UI_KEYS)[number];

/** Looks up a string for a page in `lang` (default: the course's) and fills `{name}` placeholders. */
export function t(key: UiKey, values: Record<string, string | number> = {}, lang: string = siteConfig.lang): string {
  const text = localeString('site', key, lang);
  if (text === undefined) throw new Error(`locales/en.yaml has no "site: ${key}" entry; npm run check lists every missing key.`);
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}
