/**
 * The Japanese edition (/ja/), one lesson per phase, in real Chromium on the built site: the page is
 * `lang="ja"`, its diagrams are drawn at build time with Japanese labels at a sane size, its headings carry
 * the English ids, its quiz is the Japanese one and accepts full-width answers, the language switch goes
 * to the same section of the English page and back, progress is shared with English, search finds
 * Japanese words mid-sentence from a Japanese page, and axe finds nothing in light and dark.
 * A lesson whose translation is missing fails with the file to write.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, collectPageErrors, launchBrowser } from './browser.ts';

const base = inject('baseURL');
const root = fileURLToPath(new URL('../../', import.meta.url));
let browser: Browser;

/** The first lesson of each phase: its file (for the message) and its URL. */
const WALK = [
  { file: '01-foundations/01-what-real-time-means.mdx', path: '/foundations/what-real-time-means/' },
  { file: '02-server-sent-events/01-sse-basics.mdx', path: '/server-sent-events/sse-basics/' },
  { file: '03-websocket/01-handshake.mdx', path: '/websocket/handshake/' },
  { file: '04-grpc/01-grpc-and-protobuf.mdx', path: '/grpc/grpc-and-protobuf/' },
  { file: '05-push/01-web-push.mdx', path: '/push/web-push/' },
  { file: '06-peer-to-peer-and-devices/01-webrtc.mdx', path: '/peer-to-peer-and-devices/webrtc/' },
  { file: '07-choosing-and-operating/01-choosing-a-technology.mdx', path: '/choosing-and-operating/choosing-a-technology/' },
];

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
/** `If-None-Match` → `Ｉｆ－Ｎｏｎｅ－Ｍａｔｃｈ`: what a Japanese input method types by default. */
const fullWidth = (text: string) => text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

function requireTranslation(file: string, path: string): void {
  const built = `${root}dist/ja${path}index.html`;
  if (existsSync(built)) return;
  const source = `lessons/ja/${file}`;
  throw new Error(
    existsSync(`${root}${source}`)
      ? `${source} exists but /ja${path} was not built: its frontmatter is probably invalid (npm run check says why).`
      : `The Japanese translation ${source} is missing, so there is no /ja${path} page. Translate it (and its quiz and phase.yaml), or merge the translator's branch.`,
  );
}

interface QuizQuestion { id: string; type: string; options?: { id: string; correct?: boolean }[]; accept?: { text: string }[]; wrong?: { text: string }[] }

function japaneseQuiz(englishPath: string): { id: string; questions: QuizQuestion[] } | undefined {
  const lessonFile = WALK.find((w) => w.path === englishPath)!.file;
  const english = readFileSync(`${root}lessons/${lessonFile}`, 'utf8');
  const id = /^quiz:\s*(\S+)/m.exec(english)?.[1];
  if (!id) return undefined;
  const file = `${root}quizzes/ja/${id}.yaml`;
  if (!existsSync(file)) throw new Error(`The Japanese quiz quizzes/ja/${id}.yaml is missing (the lesson /ja${englishPath} shows the English one).`);
  return { id, questions: (parse(readFileSync(file, 'utf8')) as { questions: QuizQuestion[] }).questions };
}

async function open(path: string, colorScheme: 'light' | 'dark' = 'light'): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ colorScheme, locale: 'ja-JP' });
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`${base}${path}`);
  return { page, errors };
}

const headingIds = (page: Page) => page.locator('.prose :is(h2, h3, h4)[id]').evaluateAll((hs) => hs.map((h) => h.id));

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('the Japanese edition, one lesson per phase', () => {
  for (const { file, path } of WALK) {
    test(`/ja${path}: Japanese page, diagrams, English anchors, Japanese quiz, language switch`, async () => {
      requireTranslation(file, path);
      const { page, errors } = await open(`/ja${path}`);
      expect(await page.locator('html').getAttribute('lang')).toBe('ja');
      // Some titles are product names that stay as they are (Web Push); the goals are always Japanese.
      expect(await page.locator('.goals li').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(JAPANESE)]));
      expect(new URL((await page.locator('link[rel="alternate"][hreflang="en"]').getAttribute('href'))!).pathname).toBe(path);
      expect(new URL((await page.locator('link[rel="alternate"][hreflang="ja"]').getAttribute('href'))!).pathname).toBe(`/ja${path}`);
      expect(await page.locator('link[rel="alternate"][hreflang="x-default"]').count()).toBe(1);

      // Diagrams: rendered at build time, Japanese labels, a width the labels fit in (not collapsed, not absurd).
      const diagrams = page.locator('figure.diagram svg');
      expect(await diagrams.count(), 'a build-time diagram').toBeGreaterThan(0);
      const labels = await diagrams.first().locator('text').allTextContents();
      expect(labels.join(' '), 'the diagram has Japanese labels').toMatch(JAPANESE);
      const width = Number((await diagrams.first().getAttribute('viewBox'))?.split(/\s+/)[2]);
      expect(width).toBeGreaterThan(200);
      expect(width).toBeLessThan(4000);

      // Anchors: the same heading ids as the English lesson, in the same order.
      const ids = await headingIds(page);
      const english = await browser.newPage();
      await english.goto(`${base}${path}`);
      expect(ids).toEqual(await headingIds(english));
      await english.close();

      // The quiz is the Japanese one, answered in Japanese (full-width where the input method gives it).
      const quiz = japaneseQuiz(path);
      if (quiz) {
        // The quiz island loads as the reader nears the quiz (src/quiz/lazy-island.ts).
        await page.locator('course-quiz').first().scrollIntoViewIfNeeded();
        await page.locator('course-quiz[data-enhanced]').waitFor({ timeout: 15_000 });
        const single = quiz.questions.find((q) => q.type === 'single');
        if (single) {
          const question = page.locator(`[data-question="${single.id}"]`);
          expect(await question.locator('legend, .quiz-prompt').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(JAPANESE)]));
          await question.locator(`input[value="${single.options!.find((o) => o.correct)!.id}"]`).check();
          await question.locator('[data-action="check"]').click();
          await question.locator('[data-feedback] > [data-result="right"]').waitFor();
        }
        const fill = quiz.questions.find((q) => q.type === 'fill' && q.accept?.some((a) => /^[!-~ ]+$/.test(a.text)));
        if (fill) {
          const question = page.locator(`[data-question="${fill.id}"]`);
          await question.locator('input[data-answer-input]').fill(fullWidth(fill.accept!.find((a) => /^[!-~ ]+$/.test(a.text))!.text));
          await question.locator('[data-action="check"]').click();
          await question.locator('[data-feedback] > [data-result="right"]').waitFor();
          if (fill.wrong?.[0]) {
            await question.locator('input[data-answer-input]').fill(fullWidth(fill.wrong[0].text));
            await question.locator('[data-action="check"]').click();
            await question.locator('[data-feedback] > [data-result="wrong"]').waitFor();
          }
        }
      }

      // The switch: to the same section of the English page, and back.
      const anchor = ids[1] ?? ids[0]!;
      await page.goto(`${base}/ja${path}#${anchor}`);
      await page.locator('[data-language-switch] a[hreflang="en"]').click();
      await page.waitForURL(`${base}${path}#${anchor}`);
      // The ClientRouter changes the URL first, then swaps the document in.
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
      await expect.poll(() => page.evaluate(() => {
        const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
        return target ? Math.abs(target.getBoundingClientRect().top) < 200 : `no element #${location.hash.slice(1)}`;
      }), { message: 'scrolled to the same section' }).toBe(true);
      expect(await page.evaluate(() => localStorage.getItem('brr:lang'))).toBe('en');
      await page.locator('[data-language-switch] a[hreflang="ja"]').click();
      await page.waitForURL(`${base}/ja${path}#${anchor}`);
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('ja');
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }
});

describe('the Japanese edition around the lessons', () => {
  test('the language switch is a labelled link reached from the keyboard', async () => {
    requireTranslation(WALK[0]!.file, WALK[0]!.path);
    const { page } = await open(WALK[0]!.path);
    const link = page.locator('[data-language-switch] a[hreflang="ja"]');
    expect(await link.getAttribute('lang')).toBe('ja');
    expect(await link.textContent()).toBe('日本語');
    let reached = false;
    for (let i = 0; i < 8 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await link.evaluate((a) => a === document.activeElement);
    }
    expect(reached, 'the switch is among the first tab stops').toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/ja${WALK[0]!.path}`);
    await page.context().close();
  });

  test('progress is shared: a lesson read in Japanese counts on the English home page', async () => {
    requireTranslation(WALK[0]!.file, WALK[0]!.path);
    const { page } = await open(`/ja${WALK[0]!.path}`);
    const id = await page.locator('body').getAttribute('data-lesson-id');
    // The visit is recorded by the page's script; leaving before it ran would test nothing (and did fail
    // once on a loaded machine).
    await expect.poll(() => page.evaluate((lesson) => Boolean(JSON.parse(localStorage.getItem('brr:progress') ?? '{}').lessons?.[lesson!]), id)).toBe(true);
    await page.goto(`${base}/`);
    await expect.poll(() => page.locator(`.roadmap li[data-progress-lesson="${id}"]`).getAttribute('data-visited')).toBe('');
    // Saved code is keyed by sandbox id (brr:code:<id>), and both editions show the same sandbox.
    const sandboxes = async (path: string) => {
      await page.goto(`${base}${path}`);
      return page.locator('course-sandbox').evaluateAll((s) => s.map((e) => (e as HTMLElement).dataset.sandboxId));
    };
    expect(await sandboxes(`/ja${WALK[0]!.path}`)).toEqual(await sandboxes(WALK[0]!.path));
    await page.context().close();
  });

  test('an English page offers the Japanese one to a learner who chose Japanese, without redirecting', async () => {
    requireTranslation(WALK[0]!.file, WALK[0]!.path);
    const { page } = await open('/');
    // navigator.language is ja-JP in this context: offered, not redirected.
    expect(new URL(page.url()).pathname).toBe('/');
    const offer = page.locator('[data-language-offer="ja"]');
    await offer.waitFor();
    expect(await offer.getAttribute('lang')).toBe('ja');
    await offer.locator('[data-offer-dismiss]').click();
    expect(await offer.isHidden()).toBe(true);
    await page.reload();
    expect(await page.locator('[data-language-offer="ja"]').isHidden(), 'staying in English is remembered').toBe(true);
    await page.context().close();
  });

  test('search from a Japanese page finds a Japanese word in the middle of a sentence, in Japanese pages only', async () => {
    requireTranslation(WALK[0]!.file, WALK[0]!.path);
    const { page, errors } = await open('/ja/');
    await page.keyboard.press('Control+k');
    await page.locator('[data-search-dialog][data-search-ready][open]').waitFor({ timeout: 10_000 });
    await page.locator('[data-search-input]').fill('再接続');
    await page.locator('[data-search-results] li a').first().waitFor({ timeout: 10_000 });
    const paths = await page.locator('[data-search-results] li a').evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.every((p) => p.startsWith('/ja/')), paths.join(', ')).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('a missing /ja/ page answers 404 in Japanese', async () => {
    const { page } = await open('/ja/no-such-page/');
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
    expect((await page.request.get(`${base}/ja/no-such-page/`)).status()).toBe(404);
    await page.context().close();
  });
});

describe('accessibility of the Japanese edition (axe-core, WCAG 2.2 A/AA)', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const path of ['/ja/', ...WALK.map((w) => `/ja${w.path}`), '/ja/foundations/polling/quiz/']) {
      test(`${path} in ${colorScheme} mode has no violations`, async () => {
        const walk = WALK.find((w) => `/ja${w.path}` === path);
        if (walk) requireTranslation(walk.file, walk.path);
        const { page } = await open(path, colorScheme);
        expect(await axeViolations(page)).toEqual([]);
        await page.context().close();
      });
    }
  }
});
