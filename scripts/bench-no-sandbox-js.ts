/**
 * What a lesson without a sandbox loads (issue #2's budget, ≤ 15 KB gzipped JS): every lesson has a
 * sandbox today, so the bench opens one with the sandbox island's script refused. Its own imports then
 * never load either, which subtracting the island's file from the total would miss (autosave, say,
 * is a chunk of its own). Measured twice: at load, and after scrolling to the quiz, which loads its
 * island only when the reader gets near it (src/quiz/lazy-island.ts).
 */
import type { Browser, Page } from 'playwright-core';
import { gzip } from '../src/lib/page-breakdown.ts';

const SANDBOX_ISLAND = /\/_astro\/Sandbox\.astro_/;

export async function lessonWithoutSandboxJs(browser: Browser, url: string): Promise<{ atLoad: number; afterQuiz: number }> {
  const page = await browser.newPage();
  try {
    await page.route(SANDBOX_ISLAND, (route) => route.abort());
    const sizes = collectScripts(page);
    await page.goto(url, { waitUntil: 'networkidle' });
    // Scripts imported after load (the diagram viewer) can land after the first idle moment: one run counted
    // 14.4 KB instead of 15.1 KB. A second quiet period catches them.
    await page.waitForTimeout(1000);
    await page.waitForLoadState('networkidle');
    const atLoad = await sizes.total();
    await page.locator('course-quiz').first().scrollIntoViewIfNeeded();
    await page.waitForSelector('course-quiz[data-enhanced]');
    await page.waitForLoadState('networkidle');
    return { atLoad, afterQuiz: await sizes.total() };
  } finally {
    await page.close();
  }
}

function collectScripts(page: Page): { total: () => Promise<number> } {
  const bodies: Promise<number>[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script' && !SANDBOX_ISLAND.test(response.url())) bodies.push(response.body().then(gzip, () => 0));
  });
  return { total: async () => (await Promise.all(bodies)).reduce((sum, size) => sum + size, 0) };
}
