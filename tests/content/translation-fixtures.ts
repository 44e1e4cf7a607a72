/**
 * One small course per kind of translation drift (src/content/check-kinds.ts, area "Translations"): a
 * Japanese edition that is complete and in step with English, with exactly one thing broken. Hashes are
 * computed from the fixture's English text, as `npm run i18n:stamp` would record them.
 */
import { createHash } from 'node:crypto';
import { GOOD, lesson, PHASE } from './fixture-course.ts';

export const hash = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 12);

const FOUNDATIONS = 'lessons/01-foundations';
const JA = 'lessons/ja/01-foundations';

interface Base {
  course: (files: Record<string, string>) => Record<string, string>;
  second: (body: string, frontmatter?: string) => Record<string, string>;
  FRONTMATTER: string;
  QUIZ: string;
  SANDBOX: Record<string, string>;
}

export const JA_PHASE = `sourceHash: ${hash(PHASE)}\ntitle: 基礎\nsummary: リクエスト/レスポンスがプッシュできない理由と、その対処。\n`;

/** A Japanese lesson translating `english`, with `body` (and any extra frontmatter lines). */
export function jaLesson(english: string, body: string, { hashOf = english, extra = '', goals = ['ポーリングが何を無駄にするか説明する'] } = {}): string {
  return lesson(`title: 翻訳\ndescription: サーバーに何度も尋ね、一問ごとのコストを学ぶ。\ngoals:\n${goals.map((g) => `  - ${g}`).join('\n')}\n${extra}sourceHash: ${hash(hashOf)}`, body);
}

const JA_GOOD = jaLesson(GOOD, '\n## あるセクション\n\n本文。\n');
const DIAGRAM = '```mermaid\nsequenceDiagram\n  accTitle: Polling\n  accDescr: The client asks.\n  C->>S: GET\n```\n';
const JA_DIAGRAM = '```mermaid\nsequenceDiagram\n  accTitle: ポーリング\n  accDescr: クライアントが尋ねる。\n  C->>S: GET\n```\n';
const CODE = '```ts\nconst etag = response.headers.get("etag");\n```\n';

export function translationFixtures({ course, second, FRONTMATTER, QUIZ, SANDBOX }: Base) {
  /** The course with its first lesson and phase translated, plus `files`. */
  const ja = (files: Record<string, string>) => course({ [`${JA}/phase.yaml`]: JA_PHASE, [`${JA}/01-polling.mdx`]: JA_GOOD, ...files });
  /** A second English lesson with `body`, and its Japanese translation with `jaBody`. */
  const pair = (body: string, jaBody: string, frontmatter = FRONTMATTER) => {
    const english = second(body, frontmatter);
    const text = Object.values(english)[0]!;
    return { ...english, [`${JA}/02-intro.mdx`]: jaLesson(text, jaBody) };
  };
  const quizLesson = pair('\n## A\n\n<Quiz id="polling" />\n', '\n## あ\n\n<Quiz id="polling" />\n', `${FRONTMATTER}\nquiz: polling`);
  const JA_QUIZ = `sourceHash: ${hash(QUIZ)}\n${QUIZ.replace('Polling quiz', 'ポーリングのクイズ').replace('Which?', 'どれ？').replace('text: A,', 'text: エー,').replace('text: B,', 'text: ビー,').replace('Because A.', 'A だから。').replace('Not B.', 'B ではない。')}`;
  const sandboxLesson = { ...SANDBOX, [`${JA}/02-intro.mdx`]: jaLesson(SANDBOX[`${FOUNDATIONS}/02-intro.mdx`]!, '\n## あ\n\n<Sandbox id="etag" />\n') };
  const jaSandbox = (body: string) => ({ 'sandboxes/etag/i18n/ja.yaml': `sourceHash: ${hash(SANDBOX['sandboxes/etag/sandbox.yaml']!)}\n${body}` });
  const MESSAGES = 'messages:\n  "answers 304 when nothing changed": "何も変わっていなければ 304 を返す"\n  "an unchanged resource is answered with 304 Not Modified": "変わっていないリソースには 304 Not Modified で答える"\n';
  const TASK = 'title: ETag\ndescription: 前回のポーリング以降に何も変わっていなければ 304 を返す。\n';

  return {
    'translation-missing': course({ [`${JA}/01-polling.mdx`]: JA_GOOD }),
    'translation-extra': ja({ [`${JA}/03-streaming.mdx`]: jaLesson(GOOD, '\n## あるセクション\n\n本文。\n') }),
    'translation-stale': ja({ [`${JA}/01-polling.mdx`]: jaLesson(GOOD, '\n## あるセクション\n\n本文。\n', { hashOf: GOOD.replace('Text.', 'Older text.') }) }),
    'translation-hash': ja({ [`${JA}/phase.yaml`]: JA_PHASE.replace(/^sourceHash: .*\n/, '') }),
    'translation-syntax': ja(pair('\n## A\n\n<Callout type="note">\n\nClosed.\n\n</Callout>\n', '\n## あ\n\n<Callout type="note">\n\n閉じていない。\n')),
    'translation-frontmatter': ja({ [`${JA}/01-polling.mdx`]: jaLesson(GOOD, '\n## あるセクション\n\n本文。\n', { extra: 'minutes: 25\n' }) }),
    'translation-headings': ja({ [`${JA}/01-polling.mdx`]: jaLesson(GOOD, '\n### あるセクション\n\n本文。\n') }),
    'translation-links': ja(pair('\n## A\n\nSee [polling](/foundations/polling/#a-section).\n', '\n## あ\n\n[ポーリング](/ja/foundations/polling/#a-section)を参照。\n')),
    'translation-diagrams': ja(pair(`\n## A\n\n${DIAGRAM}`, `\n## あ\n\n${JA_DIAGRAM.replace(/ {2}accDescr: .*\n/, '')}`)),
    'translation-components': ja(pair('\n## A\n\n<Callout type="note" title="Cost">\n\nText.\n\n</Callout>\n', '\n## あ\n\n<Callout type="tip" title="コスト">\n\n本文。\n\n</Callout>\n')),
    'translation-code': ja(pair(`\n## A\n\n${CODE}`, `\n## あ\n\n${CODE.replace('"etag"', '"ETag"')}`)),
    'translation-quiz': ja({ ...quizLesson, 'quizzes/polling.yaml': QUIZ, 'quizzes/ja/polling.yaml': JA_QUIZ.replace('correct: true, ', '').replace('id: b, text: ビー,', 'id: b, text: ビー, correct: true,') }),
    'translation-text': ja({ ...quizLesson, 'quizzes/polling.yaml': QUIZ, 'quizzes/ja/polling.yaml': JA_QUIZ.replace('rationale: B ではない。 ', '') }),
    'translation-sandbox': ja({ ...sandboxLesson, ...jaSandbox(`title: ETag\n${MESSAGES}`) }),
    'translation-messages': ja({ ...sandboxLesson, ...jaSandbox(`${TASK}${MESSAGES.replace(/\n {2}"an unchanged.*\n/, '\n')}`) }),
  };
}
