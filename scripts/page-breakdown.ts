/**
 * `npx node scripts/page-breakdown.ts [dist] [/url/ …]`: what each built page is made of (src/lib/page-breakdown.ts),
 * read straight from a built dist/ without serving it. `npm run bench:pages` prints the same for the pages it serves.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatBreakdown, pageBreakdown } from '../src/lib/page-breakdown.ts';
import { BENCH_PAGES } from './bench-pages-list.ts';

const [dist = 'dist', ...urls] = process.argv.slice(2);
const paths = urls.length > 0 ? urls : BENCH_PAGES.map((page) => page.path);
for (const path of paths) {
  const file = join(dist, path.endsWith('/') ? `${path}index.html` : path);
  console.log(formatBreakdown(path, pageBreakdown(readFileSync(file, 'utf8'))));
}
