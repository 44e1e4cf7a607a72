/**
 * The quiz island loads when the learner nears the quiz (issue #15: a lesson without a sandbox loads
 * ≤ 15 KB of JS; the quiz was a quarter of it), in real Chromium on the built site. Until then the quiz
 * is its complete no-JavaScript form; scrolling towards it, tabbing into it or arriving at a #link inside
 * it loads the island, and a soft navigation to another lesson's quiz upgrades that one too.
 */
import { describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { collectPageErrors, browserForFile } from './browser.ts';

const base = inject('baseURL');
const LESSON = '/foundations/polling/';
let browser: Browser;
browserForFile((launched) => (browser = launched));

const quizDefined = (page: Page) => page.evaluate(() => customElements.get('course-quiz') !== undefined);
const enhanced = (page: Page) => page.locator('course-quiz[data-enhanced]').count();

async function openLesson(url: string): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(url, { waitUntil: 'networkidle' });
  return { page, errors, close: () => context.close() };
}

describe('the quiz island loads when it is needed', () => {
  test('not at load; when the reader scrolls towards the quiz, before it is on screen', async () => {
    const { page, errors, close } = await openLesson(`${base}${LESSON}`);
    expect([await quizDefined(page), await enhanced(page)]).toEqual([false, 0]);
    // Without the island the quiz is still whole: its answers are readable.
    expect(await page.locator('course-quiz details.quiz-answer').first().isVisible()).toBe(true);
    // Scroll to just over one screen above the quiz: near enough to start loading, not yet visible.
    await page.evaluate(() => {
      const top = document.querySelector('course-quiz')!.getBoundingClientRect().top + scrollY;
      scrollTo(0, top - innerHeight * 1.5);
    });
    await expect.poll(() => enhanced(page), { timeout: 15_000 }).toBe(1);
    expect(await page.locator('course-quiz details.quiz-answer').first().isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await close();
  });

  test('at once when a #link points inside the quiz', async () => {
    const { page, close } = await openLesson(`${base}${LESSON}`);
    const questionId = await page.locator('course-quiz .quiz-question').first().getAttribute('id');
    await close();
    const linked = await openLesson(`${base}${LESSON}#${questionId}`);
    await expect.poll(() => enhanced(linked.page), { timeout: 15_000 }).toBe(1);
    expect(linked.errors).toEqual([]);
    await linked.close();
  });

  test('when the keyboard reaches the quiz first, and the next lesson\'s quiz upgrades after a soft navigation', async () => {
    const { page, errors, close } = await openLesson(`${base}${LESSON}`);
    // Focus lands in the quiz without a scroll event reaching the observer first (as a screen reader's jump may).
    await page.evaluate(() => (document.querySelector('course-quiz input') as HTMLInputElement).focus({ preventScroll: true }));
    await expect.poll(() => enhanced(page), { timeout: 15_000 }).toBe(1);
    // The next lesson through the ClientRouter: the element is defined, so its quiz upgrades on insertion.
    await page.locator('a[rel="next"]').first().click();
    await page.waitForURL((url) => url.pathname !== LESSON);
    await expect.poll(() => page.locator('course-quiz[data-enhanced]').count(), { timeout: 15_000 }).toBe(1);
    expect(errors).toEqual([]);
    await close();
  });
});
