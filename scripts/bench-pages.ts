/**
 * `npm run bench:pages`: builds the site, serves it with our own server (compressed, as `npm start` does),
 * and prints for every page kind the JavaScript loaded (gzip), the HTML size, what the HTML is made of
 * (src/lib/page-breakdown.ts) and Lighthouse's performance, accessibility, best-practices and SEO scores
 * under its default mobile emulation.
 *
 * Targets: a lesson page without a sandbox loads ≤ 15 KB gzipped JS (issue #2); Lighthouse 100/100/100/100
 * on every page kind, lesson HTML ≤ 20 KB gzipped and ≤ 1,500 elements (issue #15).
 * Pass --no-build to reuse an existing dist/, --dist=<folder> (implies --no-build) to measure another build.
 *
 * --applied also loads each page under DevTools' applied slow-4G throttling and prints the first paint the
 * browser really made. Lighthouse's default (simulated) score can disagree with it: its pessimistic first-paint
 * estimate counts every High-priority script that ran before the paint as render-blocking, and Chromium
 * fetches module scripts at High. Measured on the polling lesson (Lighthouse 13.5, Chromium 156): inlining
 * the stylesheets left the simulated FCP at 1.65–1.70 s while the applied one went from 2.0 s to 1.15–1.29 s;
 * `fetchpriority="low"` on the module scripts did the opposite (simulated 1.6–1.9 → 1.4 s, applied unchanged).
 */
import { execFileSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, requireChromium } from '../src/lib/chromium.ts';
import { createStaticServer } from '../src/server/static-server.ts';
import { formatBreakdown, gzip, pageBreakdown } from '../src/lib/page-breakdown.ts';
import { BENCH_PAGES } from './bench-pages-list.ts';
import { lessonWithoutSandboxJs } from './bench-no-sandbox-js.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
// --applied: each page's first paint under applied throttling too (see the header).
const applied = process.argv.includes('--applied');
// --pages=home,404 measures only those page kinds (names as in bench-pages-list.ts, spaces as '-').
const only = process.argv.find((arg) => arg.startsWith('--pages='))?.slice('--pages='.length).split(',');
const PAGES = BENCH_PAGES.filter((page) => !only || only.includes(page.name.replace(/ /g, '-')));
/** The sandbox island ships only on pages with a <Sandbox>; the budget is for a lesson without one. */
const SANDBOX_SCRIPT = /\/_astro\/Sandbox\.astro_/;
const JS_BUDGET = 15 * 1024;

if (!process.argv.some((arg) => arg === '--no-build' || arg.startsWith('--dist='))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });

// --dist=<folder> measures another build (say, a copy of dist/ from before a change) with the same server.
const dist = process.argv.find((arg) => arg.startsWith('--dist='))?.slice('--dist='.length) ?? `${root}dist`;
const server = createStaticServer({ root: dist });
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const executablePath = requireChromium();

interface Row { page: string; jsGzip: number; jsFiles: number; sandboxJsGzip: number; htmlBytes: number; htmlGzip: number; elements: number; performance?: number; accessibility?: number; bestPractices?: number; seo?: number }
const rows: Row[] = [];

const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
for (const { name, path } of PAGES) {
  const page = await browser.newPage();
  const scripts: Promise<{ url: string; gzip: number }>[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') scripts.push(response.body().then((body) => ({ url: response.url(), gzip: gzip(body) })));
  });
  const response = await page.goto(`${base}${path}`, { waitUntil: 'networkidle' });
  const html = (await response?.body()) ?? Buffer.alloc(0);
  const breakdown = pageBreakdown(html.toString('utf8'));
  console.log(formatBreakdown(`${name} ${path}`, breakdown));
  const sizes = await Promise.all(scripts);
  const sum = (list: { gzip: number }[]) => list.reduce((total, script) => total + script.gzip, 0);
  rows.push({
    page: name,
    jsGzip: sum(sizes),
    jsFiles: sizes.length,
    sandboxJsGzip: sum(sizes.filter((script) => SANDBOX_SCRIPT.test(script.url))),
    htmlBytes: html.length,
    htmlGzip: gzip(html),
    elements: breakdown.elements,
  });
  await page.close();
}
const noSandbox = PAGES.some((page) => page.name === 'lesson') ? await lessonWithoutSandboxJs(browser, `${base}${BENCH_PAGES.find((page) => page.name === 'lesson')!.path}`) : undefined;
await browser.close();

const chrome = await chromeLauncher.launch({ chromePath: executablePath, chromeFlags: CHROMIUM_ARGS.map((f) => (f === '--headless' ? '--headless=new' : f)) });
try {
  for (const [i, { path }] of PAGES.entries()) {
    const result = await lighthouse(`${base}${path}`, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'] });
    const categories = result?.lhr.categories;
    const row = rows[i]!;
    row.performance = categories?.performance?.score ?? undefined;
    row.accessibility = categories?.accessibility?.score ?? undefined;
    row.bestPractices = categories?.['best-practices']?.score ?? undefined;
    row.seo = categories?.seo?.score ?? undefined;
    const failing = Object.values(result?.lhr.audits ?? {}).filter((a) => a.score !== null && a.score < 1 && (a.scoreDisplayMode === 'binary' || a.scoreDisplayMode === 'metricSavings' || a.scoreDisplayMode === 'numeric'));
    if (failing.length) console.log(`  ${row.page}: audits below 1: ${failing.map((a) => a.id).join(', ')}`);
    const metric = (id: string, unit: string, scale = 1) => `${id} ${((result?.lhr.audits[id]?.numericValue ?? NaN) / scale).toFixed(unit === 's' ? 2 : 3)}${unit}`;
    console.log(`    ${['first-contentful-paint', 'largest-contentful-paint', 'speed-index'].map((id) => metric(id, 's', 1000)).join(', ')}, ${metric('total-blocking-time', 'ms')}, ${metric('cumulative-layout-shift', '')}`);
    if (applied) {
      const real = await lighthouse(`${base}${path}`, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'], throttlingMethod: 'devtools' });
      const paint = (id: string) => `${((real?.lhr.audits[id]?.numericValue ?? NaN) / 1000).toFixed(2)}s`;
      console.log(`    applied slow 4G: performance ${real?.lhr.categories.performance?.score?.toFixed(2)}, first-contentful-paint ${paint('first-contentful-paint')}, largest-contentful-paint ${paint('largest-contentful-paint')}`);
    }
  }
} finally {
  await chrome.kill();
  server.closeAllConnections();
  server.close();
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const score = (n?: number) => (n === undefined ? 'n/a' : n.toFixed(2));
console.log('\npage                  JS gzip (files)   HTML (gzip -9)       elements  perf  a11y  best  seo');
for (const r of rows) {
  console.log(
    `${r.page.padEnd(22)}${`${kb(r.jsGzip)} (${r.jsFiles})`.padEnd(18)}${`${kb(r.htmlBytes)} (${kb(r.htmlGzip)})`.padEnd(21)}${String(r.elements).padEnd(10)}${score(r.performance).padEnd(6)}${score(r.accessibility).padEnd(6)}${score(r.bestPractices).padEnd(6)}${score(r.seo)}`,
  );
}
const lesson = rows.find((r) => r.page === 'lesson');
if (lesson && noSandbox) {
  console.log(`\nLesson page JS: ${kb(lesson.jsGzip)} in all, of which the sandbox island (before the editor is activated) is ${kb(lesson.sandboxJsGzip)}.`);
  console.log(`A lesson without a sandbox loads ${kb(noSandbox.atLoad)} of its ${kb(JS_BUDGET)} budget ${noSandbox.atLoad <= JS_BUDGET ? '(within budget)' : '(OVER BUDGET)'}, and ${kb(noSandbox.afterQuiz)} once the reader scrolls to the quiz.`);
}
