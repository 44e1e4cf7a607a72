/**
 * The quiz as a learner meets it: Quiz.astro built by the real Astro CLI (fixture site in
 * tests/fixtures/quizzes/site), served by our static server, driven in real Chromium, with and without
 * JavaScript. The site-wide e2e suite covers lessons; this file covers every quiz behaviour.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, rmdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaticServer } from '../../src/server/static-server.ts';
import { questionSeed, seededShuffle, shuffleAwayFromOriginal } from '../../src/quiz/shuffle.ts';
import { axeViolations, collectPageErrors, launchBrowser } from '../e2e/browser.ts';

const SITE = 'tests/fixtures/quizzes/site';
const ISLAND_BUDGET_GZIP_BYTES = 10 * 1024;

let work: string;
let outDir: string;
let baseUrl: string;
let browser: Browser;
let server: ReturnType<typeof createStaticServer>;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'quiz-island-'));
  // Astro stages prerendered pages inside the output directory, and they must resolve the project's
  // node_modules, so the output lives inside the project: under the fixture's git-ignored dist/, one
  // folder per run, never the site's own dist/ or .astro/.
  outDir = resolve(SITE, 'dist', basename(work));
  await promisify(execFile)(
    process.execPath,
    ['node_modules/astro/bin/astro.mjs', 'build', '--root', SITE, '--outDir', outDir],
    { env: { ...process.env, QUIZ_FIXTURE_CACHE_DIR: join(work, 'cache') } },
  );
  server = createStaticServer({ root: outDir });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (server) {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  }
  if (outDir) {
    await rm(outDir, { recursive: true, force: true });
    await rmdir(resolve(SITE, 'dist')).catch(() => {}); // only when no other run is using it
  }
  if (work) await rm(work, { recursive: true, force: true });
});

interface Opened {
  page: Page;
  errors: string[];
  close: () => Promise<void>;
}

/** A fresh learner (empty storage) unless a seed is given, which is stored the way the progress store does. */
async function open(options: { javaScript?: boolean; seed?: number } = {}): Promise<Opened> {
  const context = await browser.newContext({ javaScriptEnabled: options.javaScript ?? true });
  if (options.seed !== undefined) {
    const progress = JSON.stringify({ version: 1, seed: options.seed, lessons: {}, quizzes: {} });
    await context.addInitScript((value) => {
      if (!localStorage.getItem('brr:progress')) localStorage.setItem('brr:progress', value);
    }, progress);
  }
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(baseUrl);
  if (options.javaScript ?? true) await page.waitForSelector('course-quiz[data-enhanced] >> nth=1');
  return { page, errors, close: () => context.close() };
}

const quiz = (page: Page, id: string) => page.locator(`course-quiz[data-quiz="${id}"]`);
const question = (page: Page, id: string) => page.locator(`[data-question="${id}"]`);
const feedback = (q: Locator) => q.locator('[data-feedback]');
const orderOf = (q: Locator) => q.locator('[data-item]').evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.item));
/** Feedback is written on the next animation frame, so wait for its verdict line. */
async function checkAndRead(q: Locator): Promise<string> {
  await q.getByRole('button', { name: 'Check', exact: true }).click();
  await q.locator('[data-feedback] .quiz-verdict').waitFor();
  return (await feedback(q).innerText()).replace(/\n+/g, ' | ');
}
function storedProgress(page: Page): Promise<{ seed: number; lessons: Record<string, { completed: Record<string, number> }>; quizzes: Record<string, { answers: Record<string, unknown> }> }> {
  return page.evaluate(() => JSON.parse(localStorage.getItem('brr:progress') ?? '{}'));
}

describe('without JavaScript', () => {
  it('reads as text with every answer and rationale in a <details> block, and no dead buttons', async () => {
    const { page, close } = await open({ javaScript: false });
    const answers = page.locator('details[data-answer-block]');
    expect(await answers.count()).toBe(8);
    expect(await answers.locator('summary').first().innerText()).toBe('Answer');
    await answers.first().locator('summary').click();
    expect(await answers.first().innerText()).toContain('Right: WebSocket');
    expect(await answers.first().innerText()).toContain('Two-way.');
    expect(await page.locator('button:visible').count()).toBe(0);
    // The ordering question is not shown in its correct (written) order.
    expect(await orderOf(question(page, 'steps'))).not.toEqual(['req', 'wait', 'res']);
    expect(await page.locator('[data-question="pick-one"] details[data-hints-fallback] summary').innerText()).toBe('Hints (2)');
    await close();
  });
});

describe('with JavaScript', () => {
  it('boots without errors, hides the answers, shows the controls, and passes axe in light and dark mode', async () => {
    const { page, errors, close } = await open();
    expect(await page.locator('details[data-answer-block]:visible').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Check', exact: true }).count()).toBe(8);
    expect(await page.getByRole('button', { name: 'Show answer' }).locator('visible=true').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  });

  it('gives the rationale of a wrong choice, offers retry and "Show answer", then confirms a right choice', async () => {
    const { page, close } = await open();
    const q = question(page, 'pick-one');
    await q.getByLabel('Polling').check();
    expect(await checkAndRead(q)).toBe('Not quite. | Wrong: Polling | Wastes requests. | Change your answer and check again, or use “Show answer”.');
    expect(await feedback(q).getAttribute('aria-live')).toBe('polite');
    await q.getByRole('button', { name: 'Show answer' }).click();
    const answer = q.locator('details[data-answer-block]');
    expect(await answer.evaluate((details) => (details as HTMLDetailsElement).open)).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SUMMARY');
    await q.getByLabel('WebSocket').check();
    expect(await checkAndRead(q)).toBe('Correct! | Right: WebSocket | Two-way.');
    await close();
  });

  it('nudges instead of grading when nothing is chosen', async () => {
    const { page, close } = await open();
    const q = question(page, 'pick-one');
    expect(await checkAndRead(q)).toBe('Answer the question first, then check.');
    expect(await q.getByRole('button', { name: 'Show answer' }).isVisible()).toBe(false);
    await close();
  });

  it('reveals hints one at a time and keeps focus in the question after the last one', async () => {
    const { page, close } = await open();
    const q = question(page, 'pick-one');
    const button = q.getByRole('button', { name: 'Show a hint' });
    expect(await q.locator('[data-hint]:visible').count()).toBe(0);
    await button.click();
    expect(await q.locator('[data-hint]:visible').allInnerTexts()).toEqual([expect.stringMatching(/^Hint 1 of 2:\s+Think about direction\.$/)]);
    await button.click();
    expect(await q.locator('[data-hint]:visible').count()).toBe(2);
    expect(await button.isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/^Hint 2 of 2:/);
    await close();
  });

  it('says which selected options are wrong and how many correct ones are missing', async () => {
    const { page, close } = await open();
    const q = question(page, 'pick-many');
    expect(await q.locator('.quiz-instructions').innerText()).toBe('Select 2.');
    await q.getByLabel('SSE').check();
    await q.getByLabel('WebRTC data channel').check();
    expect(await checkAndRead(q)).toBe(
      'Not quite. | One more correct option is not selected yet. | Right: SSE | It is an HTTP response. | Wrong: WebRTC data channel | It runs over SCTP/DTLS/UDP. | Change your answer and check again, or use “Show answer”.',
    );
    expect(await q.locator('[data-option="c"]').getAttribute('data-result')).toBe('wrong');
    await q.getByLabel('WebRTC data channel').uncheck();
    expect(await q.locator('[data-option="c"]').getAttribute('data-result')).toBeNull();
    await close();
  });

  it('orders items with the keyboard alone, announcing each move and keeping focus on the pressed button', async () => {
    const { page, close } = await open();
    const q = question(page, 'steps');
    const first = (await orderOf(q))[0] as string;
    await q.locator(`[data-item="${first}"] [data-action="move-down"]`).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    expect((await orderOf(q))[2]).toBe(first);
    const announcer = q.locator('[data-announce]');
    expect(await announcer.innerText()).toMatch(/ moved to position 3 of 3\.$/);
    // At the end the button is only aria-disabled: focus stays, and another press just says so.
    const focused = () => page.evaluate(() => `${document.activeElement?.closest('[data-item]')?.getAttribute('data-item')} ${document.activeElement?.getAttribute('data-action')}`);
    expect(await focused()).toBe(`${first} move-down`);
    expect(await q.locator(`[data-item="${first}"] [data-action="move-down"]`).getAttribute('aria-disabled')).toBe('true');
    await page.keyboard.press('Enter');
    expect(await announcer.innerText()).toMatch(/ is already last\.$/);
    expect((await orderOf(q))[2]).toBe(first);
    // Shift+Tab reaches the same item's "Move up" button, labelled with the item's text.
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe(`${first} move-up`);
    // Now put every item into place with Space presses on its "Move up" button.
    for (const [index, id] of ['req', 'wait', 'res'].entries()) {
      const up = q.locator(`[data-item="${id}"] [data-action="move-up"]`);
      while ((await orderOf(q)).indexOf(id) > index) {
        await up.focus();
        await page.keyboard.press('Space');
      }
    }
    expect(await orderOf(q)).toEqual(['req', 'wait', 'res']);
    expect(await q.getByRole('button', { name: 'Move up Client sends request' }).getAttribute('aria-disabled')).toBe('true');
    expect(await checkAndRead(q)).toBe('Correct! | Right: Client sends request | Always first. | Right: Server waits | Holds it. | Right: Server responds | Then answers.');
    await close();
  });

  it('on a wrong order, counts the placed items and explains only those', async () => {
    const { page, close } = await open();
    const q = question(page, 'steps');
    // Arrange res, wait, req: only "wait" is in its right place.
    for (const [index, id] of ['res', 'wait', 'req'].entries()) {
      while ((await orderOf(q)).indexOf(id) > index) await q.locator(`[data-item="${id}"] [data-action="move-up"]`).click();
    }
    expect(await checkAndRead(q)).toBe('Not quite. | 1 of 3 items are in the right place. | Right: Server waits | Holds it. | Change your answer and check again, or use “Show answer”.');
    await close();
  });

  it('grades typed text and numbers, with Enter as a shortcut for Check', async () => {
    const { page, close } = await open();
    const fill = question(page, 'header');
    await fill.getByLabel('Your answer').fill('  if-match ');
    await fill.getByLabel('Your answer').press('Enter');
    await fill.locator('[data-feedback] .quiz-verdict').waitFor();
    expect((await feedback(fill).innerText()).replace(/\n+/g, ' | ')).toBe('Not quite. | Wrong: “if-match” | That one is for writes. | Change your answer and check again, or use “Show answer”.');
    await fill.getByLabel('Your answer').fill('IF-NONE-MATCH');
    expect(await checkAndRead(fill)).toBe('Correct! | Right: “IF-NONE-MATCH” | Right.');

    const numeric = question(page, 'bytes');
    const input = numeric.getByLabel('Your answer');
    expect(await input.getAttribute('type')).toBe('number');
    expect(await input.evaluate((el) => document.getElementById(el.getAttribute('aria-describedby') ?? '')?.textContent)).toBe('bytes');
    await input.fill('4');
    expect(await checkAndRead(numeric)).toBe('Not quite. | Wrong: 4 bytes | No extended length under 126. | Change your answer and check again, or use “Show answer”.');
    await input.fill('3');
    expect(await checkAndRead(numeric)).toBe('Not quite. | Wrong: 3 bytes | 3 is not the right number. | Change your answer and check again, or use “Show answer”.');
    await input.fill('2');
    expect(await checkAndRead(numeric)).toBe('Correct! | Right: 2 bytes | Two-byte header.');
    await close();
  });

  it('matches with drop-downs, alphabetised, distractor included, explaining a wrong pick by what was picked', async () => {
    const { page, close } = await open();
    const q = question(page, 'pairs');
    const sse = q.getByLabel('SSE');
    expect(await sse.locator('option').allInnerTexts()).toEqual(['Choose…', 'No-way', 'One-way', 'Two-way']);
    await sse.selectOption({ label: 'Two-way' });
    expect(await checkAndRead(q)).toBe(
      'Not quite. | 0 of 2 matches are right. One item has no match chosen yet. | Wrong: SSE → Two-way | Full duplex. | Change your answer and check again, or use “Show answer”.',
    );
    await sse.selectOption({ label: 'No-way' });
    await q.getByLabel('WebSocket').selectOption({ label: 'Two-way' });
    expect(await checkAndRead(q)).toBe(
      'Not quite. | 1 of 2 matches are right. | Wrong: SSE → No-way | This choice matches none of the items. | Right: WebSocket → Two-way | Full duplex. | Change your answer and check again, or use “Show answer”.',
    );
    await close();
  });

  it('scores the quiz, marks the lesson complete at the pass mark, and restores everything after a reload', async () => {
    const { page, errors, close } = await open();
    const summary = quiz(page, 'all-types').locator('[data-summary]');
    await question(page, 'pick-one').getByLabel('WebSocket').check();
    await question(page, 'pick-one').getByRole('button', { name: 'Show a hint' }).click();
    await checkAndRead(question(page, 'pick-one'));
    expect(await summary.innerText()).toBe('1 of 6 questions checked. Check them all to see your score.');
    await question(page, 'pick-many').getByLabel('SSE').check();
    await question(page, 'header').getByLabel('Your answer').fill('If-None-Match');
    await question(page, 'bytes').getByLabel('Your answer').fill('2');
    await question(page, 'pairs').getByLabel('SSE').selectOption({ label: 'One-way' });
    await question(page, 'pairs').getByLabel('WebSocket').selectOption({ label: 'Two-way' });
    // "Check all" grades the untouched ordering question as well: 4 of 6 right.
    await quiz(page, 'all-types').getByRole('button', { name: 'Check all answers' }).click();
    await expect.poll(() => summary.innerText()).toBe('You scored 4 of 6 (67 %) — not passed yet; the pass mark is 75 %.');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('quiz-summary');
    expect((await storedProgress(page)).lessons['fixture-lesson']?.completed.quiz).toBeUndefined();

    await question(page, 'pick-many').getByLabel('Long polling').check();
    await checkAndRead(question(page, 'pick-many'));
    expect(await summary.innerText()).toBe('You scored 5 of 6 (83 %) — passed.');
    const progress = await storedProgress(page);
    expect(progress.lessons['fixture-lesson']?.completed.quiz).toBeGreaterThan(0);
    expect(progress.quizzes['all-types']?.answers).toMatchObject({ 'pick-one': 'b', 'pick-many': ['a', 'b'], bytes: 2 });
    const orderBefore = await orderOf(question(page, 'steps'));

    await page.reload();
    await page.waitForSelector('course-quiz[data-enhanced] >> nth=1');
    expect(await summary.innerText()).toBe('You scored 5 of 6 (83 %) — passed.');
    expect(await question(page, 'pick-one').getByLabel('WebSocket').isChecked()).toBe(true);
    expect(await question(page, 'header').getByLabel('Your answer').inputValue()).toBe('If-None-Match');
    expect(await question(page, 'pairs').getByLabel('WebSocket').inputValue()).toBe('ws');
    expect(await orderOf(question(page, 'steps'))).toEqual(orderBefore);
    expect(await question(page, 'pick-one').locator('[data-hint]:visible').count()).toBe(1);
    expect((await feedback(question(page, 'pick-one')).innerText()).startsWith('Correct!')).toBe(true);
    expect(await question(page, 'steps').getByRole('button', { name: 'Show answer' }).isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await close();
  });

  it('"Start over" clears answers, feedback and hints but keeps the completed lesson', async () => {
    const { page, close } = await open();
    const second = quiz(page, 'shuffled');
    await second.getByLabel('<b>not bold</b>').check();
    await second.getByLabel('HTTP streaming').check();
    await second.getByLabel('Server-Sent Events').check();
    await second.getByLabel('Long polling').check();
    await second.getByRole('button', { name: 'Check all answers' }).click();
    await expect.poll(() => second.locator('[data-summary]').innerText()).toBe('You scored 2 of 2 (100 %) — passed.');
    // The second quiz names its lesson with the lessonId prop, which wins over the page's data-lesson-id.
    expect((await storedProgress(page)).lessons['second-lesson']?.completed.quiz).toBeGreaterThan(0);

    // "Start over" asks first in a modal with the safe choice focused; Escape and "Keep" keep everything.
    const startOver = second.getByRole('button', { name: 'Start over' });
    const focused = () => page.evaluate(() => document.activeElement?.textContent);
    await startOver.click();
    expect([await page.getByRole('dialog', { name: 'Start this quiz over?' }).isVisible(), await focused(), await axeViolations(page)]).toEqual([true, 'Keep my answers', []]);
    await page.keyboard.press('Escape');
    await expect.poll(async () => [await second.locator('input:checked').count(), await focused(), await second.locator('[data-summary]').innerText()]).toEqual([4, 'Start over', 'You scored 2 of 2 (100 %) — passed.']);
    await startOver.click().then(() => page.keyboard.press('Enter')); // "Keep my answers"
    await startOver.press('Enter').then(() => page.keyboard.press('Tab')); // only "Clear my answers" clears
    expect([await focused(), await second.locator('input:checked').count()]).toEqual(['Clear my answers', 4]);
    await page.keyboard.press('Enter'); // the dialog's close event, and so the clearing, comes a task later: poll
    await expect.poll(async () => [await second.locator('[data-summary]').innerText(), await focused()]).toEqual(['Your answers were cleared.', 'Start over']);
    expect([await second.locator('input:checked').count(), await second.locator('[data-feedback]:not(:empty)').count()]).toEqual([0, 0]);
    await page.reload();
    await page.waitForSelector('course-quiz[data-enhanced] >> nth=1');
    expect(await quiz(page, 'shuffled').locator('input:checked').count()).toBe(0);
    expect((await storedProgress(page)).lessons['second-lesson']?.completed.quiz).toBeGreaterThan(0);
    await close();
  });

  it('shuffles options per learner, stable across reloads, and the ordering question too', async () => {
    const optionOrder = (page: Page) =>
      question(page, 'transports').locator('[data-option]').evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.option));
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    const seen: string[][] = [];
    for (const seed of [1, 2]) {
      const { page, close } = await open({ seed });
      const expected = seededShuffle(ids, questionSeed(seed, 'shuffled', 'transports'));
      expect(await optionOrder(page)).toEqual(expected);
      const steps = shuffleAwayFromOriginal(['req', 'wait', 'res'], questionSeed(seed, 'all-types', 'steps'));
      expect(await orderOf(question(page, 'steps'))).toEqual(steps);
      await page.reload();
      await page.waitForSelector('course-quiz[data-enhanced] >> nth=1');
      expect(await optionOrder(page)).toEqual(expected);
      expect(await orderOf(question(page, 'steps'))).toEqual(steps);
      seen.push(expected);
      await close();
    }
    expect(seen[0]).not.toEqual(seen[1]);
    expect(seen[0]).not.toEqual(ids);
  });

  it('shows author text as text: no injected markup, no javascript: links', async () => {
    const { page, errors, close } = await open();
    const q = question(page, 'pick');
    expect(await q.locator('.quiz-prompt').innerText()).toBe('Escaping check: <script>alert(1)</script> is shown as text.');
    expect(await q.locator('.quiz-prompt strong').innerText()).toBe('text');
    expect(await q.getByLabel('<b>not bold</b>').count()).toBe(1);
    expect(await page.locator('course-quiz b').count()).toBe(0);
    expect(await page.locator('course-quiz a[href^="javascript"]').count()).toBe(0);
    expect(await q.locator('details a[href="https://www.rfc-editor.org/rfc/rfc9110"]').count()).toBe(1);
    expect(await question(page, 'transports').locator('.quiz-prompt pre code.language-http').innerText()).toBe('GET /prices HTTP/1.1');
    expect(errors).toEqual([]);
    await close();
  });

  it('keeps working, without saving, when storage is blocked', async () => {
    const context = await browser.newContext();
    await context.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', { get: () => { throw new DOMException('blocked', 'SecurityError'); } });
    });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(baseUrl);
    await page.waitForSelector('course-quiz[data-enhanced] >> nth=1');
    const q = question(page, 'pick-one');
    await q.getByLabel('WebSocket').check();
    expect(await checkAndRead(q)).toBe('Correct! | Right: WebSocket | Two-way.');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('the island bundle', () => {
  it(`loads at most ${ISLAND_BUDGET_GZIP_BYTES / 1024} KB of gzipped JavaScript, without zod or yaml`, async () => {
    const assets = join(outDir, '_astro');
    const scripts = (await readdir(assets)).filter((name) => name.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    let gzipped = 0;
    for (const name of scripts) {
      const code = await readFile(join(assets, name), 'utf8');
      gzipped += gzipSync(code, { level: 9 }).length;
      expect(code, name).not.toMatch(/ZodError|zod\.dev|LineCounter|YAMLParseError/);
    }
    console.info(`quiz island: ${scripts.length} script(s), ${gzipped} bytes gzipped`);
    expect(gzipped).toBeLessThanOrEqual(ISLAND_BUDGET_GZIP_BYTES);
  });
});
