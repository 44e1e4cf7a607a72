/**
 * `npx node scripts/bench-lessons.ts [dist-folder]`: HTML weight of every lesson page of a built site
 * (raw and gzip bytes, DOM elements after load, inline SVG count), heaviest first. bench:pages measures
 * one representative lesson with Lighthouse; this one finds the heaviest, which the page budget is for
 * (issue #15: ≤ 20 KB gzip and ≤ 1,500 elements).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, requireChromium } from '../src/lib/chromium.ts';
import { createStaticServer } from '../src/server/static-server.ts';

const dist = process.argv[2] ?? fileURLToPath(new URL('../dist/', import.meta.url));

/** Lesson pages are two folders deep: /<phase>/<lesson>/index.html. */
function lessonPages(): string[] {
  const pages: string[] = [];
  for (const phase of readdirSync(dist)) {
    const phaseDir = join(dist, phase);
    if (!statSync(phaseDir).isDirectory() || phase.startsWith('_') || phase === 'sandbox-types') continue;
    for (const lesson of readdirSync(phaseDir)) {
      const file = join(phaseDir, lesson, 'index.html');
      try {
        // Only lesson pages mark their body with the lesson id (/ja/<phase>/ is two folders deep too).
        if (statSync(file).isFile() && readFileSync(file, 'utf8').includes('<body data-lesson-id=')) pages.push(`/${relative(dist, join(phaseDir, lesson)).split(sep).join('/')}/`);
      } catch {
        // not a lesson folder
      }
    }
  }
  return pages.sort();
}

const server = createStaticServer({ root: dist });
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const browser = await chromium.launch({ executablePath: requireChromium(), args: CHROMIUM_ARGS });
const rows: { path: string; raw: number; gzip: number; elements: number; svgs: number }[] = [];
for (const path of lessonPages()) {
  const html = readFileSync(join(dist, path, 'index.html'));
  const page = await browser.newPage();
  await page.goto(`${base}${path}`, { waitUntil: 'load' });
  const { elements, svgs } = await page.evaluate(() => ({
    elements: document.getElementsByTagName('*').length,
    svgs: document.querySelectorAll('figure.diagram svg').length,
  }));
  await page.close();
  rows.push({ path, raw: html.length, gzip: gzipSync(html).length, elements, svgs });
}
await browser.close();
server.close();
rows.sort((a, b) => b.gzip - a.gzip);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`.padStart(9);
console.log(`Lesson pages in ${dist} (heaviest first)\n  ${'page'.padEnd(46)}      raw      gzip  elements  diagram SVGs`);
for (const row of rows) console.log(`  ${row.path.padEnd(46)} ${kb(row.raw)} ${kb(row.gzip)} ${String(row.elements).padStart(9)} ${String(row.svgs).padStart(13)}`);
const mean = (pick: (row: (typeof rows)[number]) => number) => rows.reduce((total, row) => total + pick(row), 0) / Math.max(rows.length, 1);
console.log(`  ${`mean of ${rows.length} lessons`.padEnd(46)} ${kb(mean((r) => r.raw))} ${kb(mean((r) => r.gzip))} ${String(Math.round(mean((r) => r.elements))).padStart(9)}`);
