/**
 * Every string the site's chrome shows, keyed, so a second language is a new table rather than a hunt
 * through components. Lesson prose lives in lessons/ and is not translated here.
 */
export const en = {
  'site.title': 'Beyond Request/Response',
  'site.tagline': 'An interactive course on how servers talk to browsers in real time.',
  'nav.skip': 'Skip to content',
  'nav.home': 'Home',
  'nav.phases': 'Phases',
  'nav.main': 'Main',
  'nav.course': 'Course contents',
  'search.open': 'Search',
  'search.shortcut': 'Ctrl K',
  'search.label': 'Search lessons',
  'search.placeholder': 'Search lessons, e.g. "ETag" or "chunked"',
  'search.close': 'Close search',
  'search.noResults': 'No lessons match "{query}".',
  'search.results': '{count} results for "{query}".',
  'search.unavailable': 'Search is available after `npm run build` (it indexes the built site). In `npm run dev` it is not built yet.',
  'theme.toggle': 'Dark theme',
  'lesson.goals': 'Learning goals',
  'lesson.minutes': '{minutes} min',
  'lesson.prerequisites': 'Before this lesson',
  'lesson.toc': 'On this page',
  'lesson.previous': 'Previous',
  'lesson.next': 'Next',
  'lesson.edit': 'Edit this page',
  'lesson.phase': 'Phase {number}',
  'lesson.number': 'Lesson {number}',
  'progress.visited': 'Visited',
  'progress.notVisited': 'Not visited yet',
  'progress.quizPassed': 'Quiz passed',
  'progress.exerciseDone': 'Exercise done',
  'progress.phaseCount': '{done} of {total} lessons visited',
  'progress.heading': 'Your progress',
  'progress.intro': 'Progress is stored in this browser only. Export it to keep a copy or move it to another browser.',
  'progress.export': 'Export progress',
  'progress.import': 'Import progress',
  'progress.reset': 'Reset progress',
  'progress.resetConfirm': 'Reset all progress, quiz answers and visited lessons in this browser? This cannot be undone unless you exported a copy first.',
  'progress.imported': 'Progress imported and merged with what was already here.',
  'progress.resetDone': 'Progress reset.',
  'progress.exported': 'Progress saved as {file}.',
  'code.copy': 'Copy',
  'code.copied': 'Copied',
  'code.copyLabel': 'Copy code to clipboard',
  'notFound.title': 'Page not found',
  'notFound.body': 'There is no page at this address. It may have moved when lessons were renumbered.',
  'footer.authoring': 'Authoring guide: add a lesson, a quiz or a sandbox',
} as const;

export type UiKey = keyof typeof en;

/** Looks up a string and fills `{name}` placeholders. */
export function t(key: UiKey, values: Record<string, string | number> = {}): string {
  return en[key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}
