/**
 * A lesson's quiz arrives when the learner nears it (issue #15), in real Chromium on the built site. The
 * lesson page carries the quiz's heading and a link to the quiz's own page (`<lesson>/quiz/`), not its
 * questions (a fifth of the lesson's HTML) nor the island (a quarter of its JS). Scrolling towards the quiz,
 * tabbing into it or arriving at a #link to a question loads the island, which fetches the questions from
 * the quiz page and grades them in the lesson; without JavaScript the link opens the whole quiz.
 */
import { describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { collectPageErrors, browserForFile } from './browser.ts';

const base = inject('baseURL');
const LESSON = '/foundations/polling/';
const QUIZ_PAGE = `${LESSON}quiz/`;
let browser: Browser;
browserForFile((launched) => (browser = launched));

const quizDefined = (page: Page) => page.evaluate(() => customElements.get('course-quiz') !== undefined);
const enhanced = (page: Page) => page.locator('course-quiz[data-enhanced]').count();

async function open(url: string, options: { javaScript?: boolean } = {}): Promise<{ page: Page; errors: string[]; quizPageFetches: () => number; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, javaScriptEnabled: options.javaScript ?? true });
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  let fetches = 0;
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === QUIZ_PAGE && request.resourceType() === 'fetch') fetches += 1;
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  return { page, errors, quizPageFetches: () => fetches, close: () => context.close() };
}

describe('a lesson page carries its quiz\'s heading and link; the questions come when needed', () => {
  test('not at load; when the reader scrolls towards the quiz, before it is on screen, under the lesson\'s heading', async () => {
    const { page, errors, quizPageFetches, close } = await open(`${base}${LESSON}`);
    expect([await quizDefined(page), await enhanced(page), quizPageFetches()]).toEqual([false, 0, 0]);
    expect(await page.locator('course-quiz .quiz-question').count()).toBe(0);
    expect(await page.locator('course-quiz a').getAttribute('href')).toBe(QUIZ_PAGE);
    const heading = await page.locator('course-quiz .quiz-title').evaluate((h) => `${h.tagName} ${h.id}`);
    // Scroll to just over one screen above the quiz: near enough to start loading, not yet visible.
    await page.evaluate(() => {
      const top = document.querySelector('course-quiz')!.getBoundingClientRect().top + scrollY;
      scrollTo(0, top - innerHeight * 1.5);
    });
    await expect.poll(() => enhanced(page), { timeout: 15_000 }).toBe(1);
    expect(quizPageFetches()).toBe(1);
    expect(await page.locator('course-quiz .quiz-question').count()).toBeGreaterThan(3);
    // The lesson's own heading stays (its level fits the lesson's outline); the link and intro are replaced.
    expect(await page.locator('course-quiz .quiz-title').evaluate((h) => `${h.tagName} ${h.id}`)).toBe(heading);
    expect(await page.locator('course-quiz .quiz-title').count()).toBe(1);
    expect(await page.locator('course-quiz a[href$="/quiz/"]').count()).toBe(0);
    // Enhanced: answers hidden until asked for, the Check buttons shown.
    expect(await page.locator('course-quiz details.quiz-answer').first().isVisible()).toBe(false);
    expect(await page.locator('course-quiz [data-action="check"]').first().isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await close();
  });

  test('at once when a #link points at a question, which is then scrolled to', async () => {
    const quizPage = await open(`${base}${QUIZ_PAGE}`);
    const questionId = await quizPage.page.locator('course-quiz .quiz-question').nth(2).getAttribute('id');
    await quizPage.close();
    const linked = await open(`${base}${LESSON}#${questionId}`);
    await expect.poll(() => enhanced(linked.page), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => linked.page.locator(`[id="${questionId}"]`).evaluate((q) => {
      const { top } = q.getBoundingClientRect();
      return top >= -1 && top < innerHeight;
    })).toBe(true);
    expect(linked.errors).toEqual([]);
    await linked.close();
  });

  test('when the keyboard reaches the quiz first (focus moves on to the first answer), and the next lesson\'s quiz upgrades after a soft navigation', async () => {
    const { page, errors, close } = await open(`${base}${LESSON}`);
    // Focus lands in the quiz without a scroll event reaching the observer first (as a screen reader's jump may).
    await page.evaluate(() => (document.querySelector('course-quiz a') as HTMLAnchorElement).focus({ preventScroll: true }));
    await expect.poll(() => enhanced(page), { timeout: 15_000 }).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.matches('course-quiz .quiz-question input') ?? false)).toBe(true);
    // The next lesson through the ClientRouter: the element is defined, so its quiz fills in as it nears.
    await page.locator('a[rel="next"]').first().click();
    await page.waitForURL((url) => url.pathname !== LESSON);
    expect(await page.locator('course-quiz .quiz-question').count()).toBe(0);
    await page.locator('course-quiz').scrollIntoViewIfNeeded();
    await expect.poll(() => page.locator('course-quiz[data-enhanced]').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.locator('course-quiz .quiz-question').count()).toBeGreaterThan(3);
    expect(errors).toEqual([]);
    await close();
  });

  test('when the questions cannot be fetched, the lesson says so and the link still leads to them', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.route(`**${QUIZ_PAGE}`, (route) => (route.request().resourceType() === 'fetch' ? route.fulfill({ status: 503, body: 'down' }) : route.continue()));
    await page.goto(`${base}${LESSON}`, { waitUntil: 'networkidle' });
    await page.locator('course-quiz').scrollIntoViewIfNeeded();
    const status = page.locator('course-quiz [data-quiz-status]');
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toMatch(/^The questions could not be loaded \(HTTP 503 for \/foundations\/polling\/quiz\/\)\. The link above opens the quiz on its own page\.$/);
    expect(await status.getAttribute('role')).toBe('status');
    await page.locator('course-quiz a').click();
    await page.waitForURL(`**${QUIZ_PAGE}`);
    await expect.poll(() => page.locator('course-quiz .quiz-question').count()).toBeGreaterThan(3);
    await context.close();
  });
});

describe('the quiz\'s own page', () => {
  test('without JavaScript: the lesson links to it, and it holds every question with its answers, and a way back', async () => {
    const lesson = await open(`${base}${LESSON}`, { javaScript: false });
    await lesson.page.locator('course-quiz a').click();
    await lesson.page.waitForURL(`**${QUIZ_PAGE}`);
    const page = lesson.page;
    const lessonTitle = await page.locator('h1').textContent();
    expect(await page.title()).toBe(`Quiz: ${lessonTitle} · Beyond Request/Response`);
    const questions = await page.locator('course-quiz .quiz-question').count();
    expect(questions).toBeGreaterThan(3);
    expect(await page.locator('course-quiz details.quiz-answer').count()).toBe(questions);
    await page.locator('course-quiz details.quiz-answer summary').first().click();
    expect(await page.locator('course-quiz details.quiz-answer .quiz-rationale').first().isVisible()).toBe(true);
    expect(await page.locator('.quiz-page-back a').getAttribute('href')).toBe(LESSON);
    await lesson.close();
  });

  test('with JavaScript it is enhanced and names the lesson a pass completes (passing is tests/unit/quiz-island.test.ts)', async () => {
    const { page, errors, close } = await open(`${base}${QUIZ_PAGE}`);
    await page.locator('course-quiz').scrollIntoViewIfNeeded();
    await expect.poll(() => enhanced(page), { timeout: 15_000 }).toBe(1);
    expect(await page.locator('course-quiz').getAttribute('data-lesson')).toBe('polling');
    // Language alternates: the quiz page has a Japanese twin when its lesson is translated.
    expect(await page.locator('link[rel="alternate"][hreflang="ja"]').getAttribute('href')).toMatch(/\/ja\/foundations\/polling\/quiz\/$/);
    expect(errors).toEqual([]);
    await close();
  });
});
