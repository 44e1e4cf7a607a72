/** The page kinds `npm run bench:pages` measures (issue #15: Lighthouse 100 on every page kind). */
export const BENCH_PAGES = [
  { name: 'home', path: '/' },
  { name: 'phase', path: '/foundations/' },
  { name: 'lesson', path: '/foundations/polling/' },
  { name: 'heaviest lesson', path: '/choosing-and-operating/choosing-a-technology/' },
  { name: '404', path: '/404.html' },
  { name: 'course complete', path: '/course-complete/' },
  { name: 'authoring guide', path: '/authoring/' },
] as const;
