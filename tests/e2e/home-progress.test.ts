/**
 * Progress on the home page and the end-of-course page: per-lesson visits, quiz passes and exercises,
 * "Continue with …" at the first unfinished lesson, and the course-complete state; without JavaScript
 * the page still offers "Start with" lesson 1.
 */
import { describe, expect, inject, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, collectPageErrors, browserForFile } from './browser.ts';

const base = inject('baseURL');
let browser: Browser;
browserForFile((launched) => (browser = launched));

interface Ref {
  id: string;
  title: string;
  url: string;
  quiz?: string;
  exercise: boolean;
}

/** A context whose stored progress is `lessons` (set once, before the first page script runs). */
async function withProgress(lessons: Record<string, { quiz?: boolean; exercise?: boolean }>, options: { colorScheme?: 'light' | 'dark' } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ colorScheme: options.colorScheme ?? 'light' });
  const stored = {
    version: 1,
    seed: 7,
    quizzes: {},
    lessons: Object.fromEntries(
      Object.entries(lessons).map(([id, done]) => [
        id,
        { firstVisit: 1000, lastVisit: 2000, completed: { ...(done.quiz ? { quiz: 3000 } : {}), ...(done.exercise ? { exercise: 4000 } : {}) } },
      ]),
    ),
  };
  await context.addInitScript((value) => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem('brr:progress', value);
      sessionStorage.setItem('seeded', '1');
    }
  }, JSON.stringify(stored));
  return context;
}

async function lessonsOf(page: Page): Promise<Ref[]> {
  return JSON.parse((await page.locator('script[data-course-lessons]').textContent()) ?? '[]') as Ref[];
}

const continueButton = (page: Page) => page.locator('a[data-continue]');

describe('home page progress', () => {
  test('with nothing done the button starts lesson 1, also without JavaScript', async () => {
    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const page = await noJs.newPage();
    await page.goto(`${base}/`);
    expect(await continueButton(page).textContent()).toMatch(/^Start with “What real-time means.*”$/);
    expect(await continueButton(page).getAttribute('href')).toBe('/foundations/what-real-time-means/');
    expect(await page.locator('[data-course-tally]').textContent()).toMatch(/^Finished 0 of 20 lessons · 0 of 20 quizzes passed · 0 of \d+ exercises done$/);
    await noJs.close();

    const context = await browser.newContext();
    const live = await context.newPage();
    const errors = collectPageErrors(live);
    await live.goto(`${base}/`);
    expect(await continueButton(live).getAttribute('data-state')).toBe('start');
    expect(await continueButton(live).textContent()).toMatch(/^Start with “What real-time means.*”$/);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('shows visits, quiz passes and exercises per lesson and continues at the first unfinished lesson', async () => {
    const probe = await browser.newContext();
    const refs = await lessonsOf(await probe.newPage().then(async (p) => (await p.goto(`${base}/`), p)));
    await probe.close();
    expect(refs).toHaveLength(20);
    const [first, second, third] = refs as [Ref, Ref, Ref];
    expect(second.quiz && second.exercise, 'lesson 2 has a quiz and a graded exercise').toBeTruthy();
    // Lesson 1 finished; lesson 2 visited with its quiz passed but the exercise open; lesson 3 untouched.
    const context = await withProgress({
      [first.id]: { quiz: Boolean(first.quiz), exercise: first.exercise },
      [second.id]: { quiz: true },
      [refs[5]!.id]: {},
    });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${base}/`);
    await page.locator('a[data-continue][data-state]').waitFor();
    expect(await continueButton(page).textContent()).toBe(`Continue with “${second.title}”`);
    expect(await continueButton(page).getAttribute('href')).toBe(second.url);
    const row = (id: string) => page.locator(`.roadmap li[data-progress-lesson="${id}"]`);
    expect(await row(first.id).getAttribute('data-finished')).toBe('');
    expect(await row(second.id).getAttribute('data-finished')).toBeNull();
    expect(await row(second.id).locator('[data-progress-status]').textContent()).toBe('Visited · Quiz passed');
    expect(await row(first.id).locator('[data-progress-status]').textContent()).toMatch(/^Visited( · Quiz passed)?( · Exercise done)?$/);
    expect(await row(third.id).locator('[data-progress-status]').textContent()).toBe('');
    expect(await page.locator('[data-course-tally]').textContent()).toMatch(/^Finished 1 of 20 lessons · [12] of 20 quizzes passed · [01] of \d+ exercises done$/);

    // Passing the exercise in another tab moves the button on without a reload.
    const other = await context.newPage();
    await other.goto(`${base}/`);
    await other.evaluate((id) => {
      const p = JSON.parse(localStorage.getItem('brr:progress')!);
      p.lessons[id].completed.exercise = 5000;
      localStorage.setItem('brr:progress', JSON.stringify(p));
    }, second.id);
    await expect.poll(() => continueButton(page).textContent(), { timeout: 15_000 }).toBe(`Continue with “${third.title}”`);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('with every lesson finished the button leads to the end-of-course page, axe clean in dark mode', async () => {
    const probe = await browser.newContext();
    const probePage = await probe.newPage();
    await probePage.goto(`${base}/`);
    const refs = await lessonsOf(probePage);
    await probe.close();
    const context = await withProgress(Object.fromEntries(refs.map((r) => [r.id, { quiz: Boolean(r.quiz), exercise: r.exercise }])), { colorScheme: 'dark' });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await expect.poll(() => continueButton(page).getAttribute('data-state'), { timeout: 15_000 }).toBe('complete');
    expect(await continueButton(page).textContent()).toBe('Course complete: review what you learned');
    expect(await continueButton(page).getAttribute('href')).toBe('/course-complete/');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});

describe('end of the course', () => {
  test('lesson 20 leads to it; it lists every phase with its lessons\' goals, the learner\'s progress and further reading', async () => {
    const context = await withProgress({ 'what-real-time-means': {} });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${base}/choosing-and-operating/operating-at-scale/`);
    const next = page.locator('.pager a[rel="next"]');
    expect(await next.textContent()).toContain('End of the course');
    await next.click();
    await page.waitForURL('**/course-complete/');
    expect(await page.locator('h1').textContent()).toBe('You reached the end of the course');
    // Generated from the course: seven phases, twenty lessons, each with its goals.
    expect(await page.locator('.phase').count()).toBe(7);
    expect(await page.locator('.phase-lessons > li').count()).toBe(20);
    expect(await page.locator('.phase-lessons > li').first().locator('.goals li').count()).toBeGreaterThan(0);
    expect(await page.locator('.phase-lessons a[href="/choosing-and-operating/operating-at-scale/"]').count()).toBe(1);
    // The learner's own progress: 2 lessons visited (the seeded one and lesson 20), the rest still to do.
    // The server renders a new learner's state ("Finished 0 of 20", every lesson unfinished and "Not visited
    // yet"), so wait for the scripts' own mark: lesson 20 shown as visited (after a soft navigation they run
    // on astro:page-load).
    await expect.poll(() => page.locator('[data-progress-lesson="operating-at-scale"] [data-progress-status]').textContent(), { timeout: 15_000 }).toMatch(/^Visited/);
    expect(await page.locator('[data-unfinished]').isVisible()).toBe(true);
    await expect.poll(() => page.locator('[data-course-tally]').textContent(), { timeout: 15_000 }).toMatch(/^Finished [0-2] of 20 lessons/);
    expect(await page.locator('[data-unfinished-list] li').count()).toBeGreaterThan(17);
    expect(await page.locator('[data-all-done]').isVisible()).toBe(false);
    // Further reading points at the primary sources.
    const hrefs = await page.locator('.reading a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    for (const rfc of ['6455', '8441', '9113', '8030', '8291', '8292']) expect(hrefs).toContain(`https://www.rfc-editor.org/rfc/rfc${rfc}`);
    expect(hrefs).toContain('https://html.spec.whatwg.org/multipage/server-sent-events.html');
    expect(hrefs).toContain('https://grpc.io/docs/');
    expect(hrefs).toContain('https://docs.oasis-open.org/mqtt/mqtt/v5.0/mqtt-v5.0.html');
    expect(hrefs).toContain('https://www.w3.org/TR/webrtc/');
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
