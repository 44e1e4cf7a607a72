/** The page kinds `npm run bench:pages` measures (issue #15: Lighthouse 100 on every page kind). */
export const BENCH_PAGES = [
  { name: 'home', path: '/' },
  { name: 'phase', path: '/foundations/' },
  { name: 'lesson', path: '/foundations/polling/' },
  // The heaviest lesson by gzipped HTML since the sandbox carries only its first file (`npm run bench:lessons` ranks them all).
  { name: 'heaviest lesson', path: '/websocket/chat-server/' },
  // A lesson's quiz on its own page: what a lesson page fetches its questions from, and the no-JS quiz.
  { name: 'quiz', path: '/foundations/polling/quiz/' },
  { name: '404', path: '/404.html' },
  { name: 'course complete', path: '/course-complete/' },
  { name: 'authoring guide', path: '/authoring/' },
] as const;
