/** A translated edition laid over the English course: words, URLs, languages, and what is not translated. */
import { afterEach, describe, expect, it } from 'vitest';
import { readCourse } from '../../src/content/read-course.ts';
import { readEdition, translationLanguages } from '../../src/content/editions.ts';
import { GOOD, PHASE, lesson, writeCourse } from './fixture-course.ts';

const LONG_POLLING = lesson(`
title: Long polling
description: Hold each request open until there is news, and learn what that costs.
goals:
  - Explain why the server holds the request
  - Resume from a cursor
minutes: 25
prerequisites: [polling]
quiz: long-polling
`);

const JA_POLLING = lesson(`
title: ポーリング
description: 何度もサーバーに尋ね、その一問ごとのコストを知る。
goals:
  - ポーリングが何を無駄にするか説明する
sourceHash: 530601579895
`, '\n## あるセクション\n\n本文。\n');

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function course(extra: Record<string, string>) {
  const fixture = writeCourse({
    'lessons/01-foundations/phase.yaml': PHASE,
    'lessons/01-foundations/01-polling.mdx': GOOD,
    'lessons/01-foundations/02-long-polling.mdx': LONG_POLLING,
    ...extra,
  });
  cleanup = fixture.cleanup;
  return { root: fixture.root, ...readCourse({ root: fixture.root }) };
}

describe('readEdition', () => {
  it('lays the translated words over the English lesson and keeps everything else', () => {
    const { root, course: english, problems } = course({
      'lessons/ja/01-foundations/phase.yaml': 'title: 基礎\nsummary: リクエスト/レスポンスではなぜプッシュできないのか。\nsourceHash: "0123456789ab"\n',
      'lessons/ja/01-foundations/01-polling.mdx': JA_POLLING,
    });
    expect(problems.filter((p) => p.severity === 'error'), 'lessons/ja/ is not read as a phase').toEqual([]);
    expect(translationLanguages(root)).toEqual(['ja']);
    const ja = readEdition(english, 'ja', root);
    const [polling, longPolling] = ja.course.lessons;
    expect(polling).toMatchObject({ id: 'polling', url: '/ja/foundations/polling/', data: { title: 'ポーリング', lang: 'ja', minutes: 20 } });
    expect(polling!.data.goals).toEqual(['ポーリングが何を無駄にするか説明する']);
    expect(ja.course.phases[0]).toMatchObject({ url: '/ja/foundations/', meta: { title: '基礎', lang: 'ja' } });
    expect(ja.course.phases[0]!.lessons[0], 'phase and course share the localized lesson').toBe(polling);
    // Not translated: English words, English URL, marked English, and no page in the edition.
    expect(longPolling).toMatchObject({ id: 'long-polling', url: '/foundations/long-polling/', data: { title: 'Long polling', lang: 'en', quiz: 'long-polling' } });
    expect([...ja.untranslated]).toEqual(['long-polling']);
    expect([...ja.paths].sort()).toEqual(['/', '/course-complete/', '/foundations/', '/foundations/polling/']);
    // Ids are the English ones, so progress and saved code (keyed by lesson and sandbox id) are shared.
    expect(ja.course.lessons.map((l) => l.id)).toEqual(english.lessons.map((l) => l.id));
    expect(english.lessons[0]!.data.title, 'the English course is not changed').toBe('Polling');
  });

  it('treats a phase without a translated phase.yaml as not translated', () => {
    const { root, course: english } = course({ 'lessons/ja/01-foundations/01-polling.mdx': JA_POLLING });
    const ja = readEdition(english, 'ja', root);
    expect(ja.course.phases[0]).toMatchObject({ url: '/foundations/', meta: { title: 'Foundations', lang: 'en' } });
    expect(ja.paths.has('/foundations/')).toBe(false);
    expect(ja.paths.has('/foundations/polling/')).toBe(true);
  });

  it('does not take a translation whose frontmatter is invalid (npm run check says why)', () => {
    const { root, course: english } = course({ 'lessons/ja/01-foundations/01-polling.mdx': lesson('title: ポーリング\nminutes: 20\n') });
    const ja = readEdition(english, 'ja', root);
    expect([...ja.untranslated].sort()).toEqual(['long-polling', 'polling']);
  });

  it('is the course itself for English', () => {
    const { root, course: english } = course({});
    const en = readEdition(english, 'en', root);
    expect(en.course).toBe(english);
    expect(en.paths.has('/foundations/long-polling/')).toBe(true);
    expect(translationLanguages(root)).toEqual([]);
  });
});
