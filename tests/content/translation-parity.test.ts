/**
 * Translation checks beyond the one-fixture-per-kind probe (mistakes.test.ts): severities, other languages,
 * the course reader ignoring translation trees, stamping, message keys and the parity cache.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { afterEach, describe, expect, test } from 'vitest';
import { formatProblems } from '../../src/content/problems.ts';
import { readCourse } from '../../src/content/read-course.ts';
import { withSourceHash } from '../../src/i18n/stamp.ts';
import { sandboxMessages } from '../../src/i18n/test-messages.ts';
import { pairFor, sourceHash } from '../../src/i18n/translation-files.ts';
import { translationProblems } from '../../src/i18n/translation-parity.ts';
import { looksUntranslated } from '../../src/i18n/untranslated.ts';
import { GOOD, PHASE, writeCourse } from './fixture-course.ts';
import { hash, JA_PHASE, jaLesson } from './translation-fixtures.ts';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

const F = 'lessons/01-foundations';
const JA_GOOD = jaLesson(GOOD, '\n## あるセクション\n\n本文。\n');
const QUIZ = `title: The opening handshake
questions:
  - id: status
    type: single
    prompt: Which status line accepts the upgrade?
    options:
      - { id: a, text: 101 Switching Protocols, correct: true, rationale: The server switches to WebSocket on this connection. }
      - { id: b, text: 200 OK, rationale: A normal answer ends the upgrade attempt. }
`;

function check(files: Record<string, string>, options: Parameters<typeof translationProblems>[2] = {}) {
  const made = writeCourse(files);
  cleanup = made.cleanup;
  const { course, problems } = readCourse({ root: made.root, includeDrafts: true });
  return { root: made.root, course, readProblems: problems, problems: translationProblems(made.root, course, options) };
}

describe('languages and the course reader', () => {
  test('a complete, current translation has no problems, and lessons/ja/ is not read as a phase', () => {
    const { course, readProblems, problems } = check({ [`${F}/phase.yaml`]: PHASE, [`${F}/01-polling.mdx`]: GOOD, 'lessons/ja/01-foundations/phase.yaml': JA_PHASE, 'lessons/ja/01-foundations/01-polling.mdx': JA_GOOD });
    expect(readProblems).toEqual([]);
    expect(course.phases.map((p) => p.slug)).toEqual(['foundations']);
    expect(problems).toEqual([]);
  });

  test('any language tag works the same way: a Korean lesson without its phase is reported', () => {
    const { problems } = check({ [`${F}/phase.yaml`]: PHASE, [`${F}/01-polling.mdx`]: GOOD, 'lessons/ko/01-foundations/01-polling.mdx': JA_GOOD });
    expect(formatProblems(problems)).toContain('Error in lessons/ko/01-foundations/01-polling.mdx:1: The lesson is translated, but its phase is not (no lessons/ko/01-foundations/phase.yaml), so the Korean page would show it in English.');
  });

  test('an untranslated English lesson is a warning, and an error with strict', () => {
    const files = { [`${F}/phase.yaml`]: PHASE, [`${F}/01-polling.mdx`]: GOOD, [`${F}/02-intro.mdx`]: GOOD.replace('Polling', 'Intro'), 'lessons/ja/01-foundations/phase.yaml': JA_PHASE, 'lessons/ja/01-foundations/01-polling.mdx': JA_GOOD };
    const warned = check(files).problems;
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatchObject({ severity: 'warning', file: `${F}/02-intro.mdx` });
    expect(check(files, { strict: true }).problems[0]?.severity).toBe('error');
  });
});

describe('source hashes', () => {
  test('stale is a warning, and an error with strict; stamping makes it current', () => {
    const stale = jaLesson(GOOD, '\n## あるセクション\n\n本文。\n', { hashOf: 'an older English text' });
    const files = { [`${F}/phase.yaml`]: PHASE, [`${F}/01-polling.mdx`]: GOOD, 'lessons/ja/01-foundations/phase.yaml': JA_PHASE, 'lessons/ja/01-foundations/01-polling.mdx': stale };
    expect(check(files).problems.map((p) => [p.severity, p.field])).toEqual([['warning', 'sourceHash']]);
    const { root, course, problems } = check(files, { strict: true });
    expect(problems.map((p) => p.severity)).toEqual(['error']);
    expect(problems[0]!.fix).toContain(`git log -p -- ${F}/01-polling.mdx`);
    const file = join(root, 'lessons/ja/01-foundations/01-polling.mdx');
    writeFileSync(file, withSourceHash(readFileSync(file, 'utf8'), sourceHash(root, `${F}/01-polling.mdx`), 'mdx'));
    expect(translationProblems(root, course, { strict: true })).toEqual([]);
  });

  test('stamping replaces or adds the line and changes nothing else', () => {
    expect(withSourceHash('---\ntitle: x\nsourceHash: 000000000000\ngoals: []\n---\nbody\n', 'abcdefabcdef', 'mdx')).toBe('---\ntitle: x\nsourceHash: abcdefabcdef\ngoals: []\n---\nbody\n');
    expect(withSourceHash('---\r\ntitle: x\r\n---\r\nbody\r\n', 'abcdefabcdef', 'mdx')).toBe('---\r\ntitle: x\r\nsourceHash: abcdefabcdef\r\n---\r\nbody\r\n');
    expect(withSourceHash('title: x\nmessages:\n  "sourceHash: a": "b"\n', 'abcdefabcdef', 'yaml')).toBe('sourceHash: abcdefabcdef\ntitle: x\nmessages:\n  "sourceHash: a": "b"\n');
    expect(sourceHash(process.cwd(), 'quizzes/polling.yaml')).toBe(hash(readFileSync('quizzes/polling.yaml', 'utf8')));
  });

  test('each translation path maps to its English source', () => {
    expect(pairFor('lessons/ja/01-foundations/02-polling.mdx')).toMatchObject({ lang: 'ja', kind: 'lesson', source: 'lessons/01-foundations/02-polling.mdx' });
    expect(pairFor('lessons/pt-BR/01-foundations/phase.yaml')).toMatchObject({ lang: 'pt-BR', kind: 'phase', source: 'lessons/01-foundations/phase.yaml' });
    expect(pairFor('quizzes/ja/polling.yaml')).toMatchObject({ kind: 'quiz', source: 'quizzes/polling.yaml' });
    expect(pairFor('sandboxes/polling-etag/i18n/ja.yaml')).toMatchObject({ kind: 'sandbox', source: 'sandboxes/polling-etag/sandbox.yaml' });
    expect(pairFor('lessons/01-foundations/02-polling.mdx')).toBeUndefined();
    expect(pairFor('quizzes/en/polling.yaml')).toBeUndefined();
  });
});

describe('quiz texts left in English', () => {
  const base = { [`${F}/phase.yaml`]: PHASE, 'lessons/ja/01-foundations/phase.yaml': JA_PHASE, 'quizzes/handshake.yaml': QUIZ };
  const withQuiz = (jaQuiz: string) => {
    const english = GOOD.replace('minutes: 20', 'minutes: 20\nquiz: handshake').replace('Text.', 'Text.\n\n<Quiz id="handshake" />');
    return { ...base, [`${F}/01-polling.mdx`]: english, 'lessons/ja/01-foundations/01-polling.mdx': jaLesson(english, '\n## あ\n\n本文。\n\n<Quiz id="handshake" />\n'), 'quizzes/ja/handshake.yaml': `sourceHash: ${hash(QUIZ)}\n${jaQuiz}` };
  };

  test('names and status lines may stay as they are; prose is flagged once per text, then once per file', () => {
    expect(looksUntranslated('101 Switching Protocols')).toBe(false);
    expect(looksUntranslated('`socket.timeout(ms).emitWithAck(...)` with If-None-Match')).toBe(false);
    expect(looksUntranslated('A normal answer ends the upgrade attempt.')).toBe(true);
    const one = check(withQuiz(QUIZ.replace('The opening handshake', '開始ハンドシェイク').replace('Which status line accepts the upgrade?', 'アップグレードを受け入れるステータス行は？').replace('The server switches to WebSocket on this connection.', 'この接続で WebSocket に切り替わる。'))).problems;
    expect(formatProblems(one)).toBe('Warning in quizzes/ja/handshake.yaml:9 (field "questions.0.options.1.rationale"): `questions.0.options.1.rationale` is still the English text "A normal answer ends the upgrade attempt.".\n  How to fix: Translate it. (Names, status lines and code that read the same in every language are not flagged.)');
    const all = check(withQuiz(QUIZ)).problems;
    expect(all).toHaveLength(1);
    expect(all[0]!.message).toMatch(/^4 texts are still the English ones/);
  });
});

describe('sandbox messages', () => {
  const SANDBOX_YAML = 'title: ETags\ndescription: Answer 304 when nothing changed since the last poll.\nentry: main.ts\n';
  const TESTS = "import { expect, test } from 'vitest';\nconst reason = 'the cache is cold';\ntest('answers 304 when nothing changed', () => {\n  expect(status(false), `got ${status(false)}, but an unchanged resource is answered with 304: ${reason}`).toBe(304);\n});\n";
  const files = (messages: string) => {
    const english = GOOD.replace('minutes: 20', 'minutes: 20\nsandbox: etag').replace('Text.', 'Text.\n\n<Sandbox id="etag" />');
    return {
      [`${F}/phase.yaml`]: PHASE, 'lessons/ja/01-foundations/phase.yaml': JA_PHASE, [`${F}/01-polling.mdx`]: english,
      'lessons/ja/01-foundations/01-polling.mdx': jaLesson(english, '\n## あ\n\n本文。\n\n<Sandbox id="etag" />\n'),
      'sandboxes/etag/sandbox.yaml': SANDBOX_YAML, 'sandboxes/etag/tests/main.test.ts': TESTS,
      'sandboxes/etag/i18n/ja.yaml': `sourceHash: ${hash(SANDBOX_YAML)}\ntitle: ETag\ndescription: 変わっていなければ 304 を返す。\nmessages:\n${messages}`,
    };
  };

  test('template keys are extracted with their placeholders, and a fragment a translator chose is not stale', () => {
    const good = '  "answers 304 when nothing changed": "変わっていなければ 304"\n  "got {status(false)}, but an unchanged resource is answered with 304: {reason}": "{status(false)} が返ったが、304 で答えるべき: {reason}"\n  "the cache is cold": "キャッシュが冷えている"\n';
    expect(check(files(good)).problems).toEqual([]);
    const { root } = check(files(good));
    expect(sandboxMessages(root, 'etag').map((m) => m.text)).toEqual(['the cache is cold', 'answers 304 when nothing changed', 'got {status(false)}, but an unchanged resource is answered with 304: {reason}']);
  });

  test('placeholders that differ are an error, a key the tests no longer spell out a warning, both at their lines', () => {
    const report = formatProblems(check(files('  "answers 304 when nothing changed": "変わっていなければ 304"\n  "got {status(false)}, but an unchanged resource is answered with 304: {reason}": "{status} が返った: {reason}"\n  "the cache is cold": "冷たい"\n  "answers 304 when nothing changed at all": "古い"\n')).problems);
    expect(report).toContain('Error in sandboxes/etag/i18n/ja.yaml:6 (field "messages"): The translation of "got {status(false)}, but an unchanged resource is answered with 304: {reason}" has the placeholders {reason}, {status}, but the key has {reason}, {status(false)}');
    expect(report).toContain('Warning in sandboxes/etag/i18n/ja.yaml:8 (field "messages"): The key "answers 304 when nothing changed at all" is no longer a message of the tests');
    expect(report.split('\n\n')).toHaveLength(2);
  });

  test('npm run i18n:messages prints every message of a sandbox as YAML', { timeout: 30_000 }, async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['scripts/i18n-messages.ts', 'polling-etag', 'xx'], { cwd: process.cwd() });
    const keys = Object.keys((parse(stdout) as { messages: Record<string, string> }).messages);
    expect(keys).toEqual(sandboxMessages(process.cwd(), 'polling-etag').map((m) => m.text));
    expect(stdout).toMatch(/^ {2}"answers 304 to If-None-Match: \*": ""  # missing \(line \d+, title\)$/m);
  });
});

test('the parity cache gives the same answer without parsing again', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parity-cache-'));
  try {
    const broken = jaLesson(GOOD, '\n### あるセクション\n\n本文。\n');
    const { root, course, problems } = check({ [`${F}/phase.yaml`]: PHASE, [`${F}/01-polling.mdx`]: GOOD, 'lessons/ja/01-foundations/phase.yaml': JA_PHASE, 'lessons/ja/01-foundations/01-polling.mdx': broken }, { cacheFile: join(dir, 'cache.json') });
    expect(problems).toHaveLength(1);
    expect(readFileSync(join(dir, 'cache.json'), 'utf8')).toContain('The headings differ from English');
    expect(translationProblems(root, course, { cacheFile: join(dir, 'cache.json') })).toEqual(problems);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
