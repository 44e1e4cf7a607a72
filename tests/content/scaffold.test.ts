import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { planLesson, ScaffoldError, slugify } from '../../src/authoring/scaffold.ts';
import { checkAll } from '../../src/content/check-all.ts';
import { formatProblems } from '../../src/content/problems.ts';
import { GOOD, PHASE, writeCourse } from './fixture-course.ts';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function course() {
  const made = writeCourse({
    'lessons/01-foundations/phase.yaml': PHASE,
    'lessons/01-foundations/01-intro.mdx': GOOD.replace('title: Polling', 'title: Intro'),
    'lessons/01-foundations/02-polling.mdx': GOOD,
  });
  cleanup = made.cleanup;
  return made.root;
}

function write(root: string, files: { path: string; content: string }[]): void {
  for (const file of files) {
    mkdirSync(dirname(join(root, file.path)), { recursive: true });
    writeFileSync(join(root, file.path), file.content, { flag: 'wx' });
  }
}

describe('new:lesson plans', () => {
  test('slugify makes ids from titles', () => {
    expect(slugify('Server-Sent Events: the basics!')).toBe('server-sent-events-the-basics');
    expect(slugify('Überblick über WebSocket')).toBe('uberblick-uber-websocket');
  });

  test('numbers the lesson after the last one in the phase and wires quiz and sandbox', () => {
    const root = course();
    const plan = planLesson(root, { phase: 'foundations', title: 'Server timing', sandbox: true });
    expect(plan.files.map((f) => f.path)).toEqual([
      'lessons/01-foundations/03-server-timing.mdx',
      'quizzes/server-timing.yaml',
      'sandboxes/server-timing/sandbox.yaml',
      'sandboxes/server-timing/starter/main.ts',
      'sandboxes/server-timing/starter/greeting.ts',
      'sandboxes/server-timing/solution/greeting.ts',
      'sandboxes/server-timing/tests/greeting.test.ts',
    ]);
    expect(plan.lessonUrl).toBe('/foundations/server-timing/');
    const lesson = plan.files[0]!.content;
    expect(lesson).toContain('quiz: server-timing');
    expect(lesson).toContain('sandbox: server-timing');
    expect(lesson).toContain('<Sandbox id="server-timing" />');
  });

  test('what it creates passes the content check as it stands', async () => {
    const root = course();
    write(root, planLesson(root, { phase: '1', title: 'Server timing', sandbox: true }).files);
    write(root, planLesson(root, { phase: '02-streams', title: 'SSE basics', phaseTitle: 'Server-Sent Events' }).files);
    const { problems, counts } = await checkAll({ root });
    expect(formatProblems(problems.filter((p) => p.severity === 'error'))).toBe('');
    expect(counts).toMatchObject({ lessons: 4, quizzes: 2, sandboxes: 1 });
  });

  test('a non-Latin title gets no half-made slug: the error says how to pass --slug', () => {
    const root = course();
    expect(() => planLesson(root, { phase: 'foundations', title: 'gRPCとは何か' })).toThrowErrorMatchingInlineSnapshot(`
      [ScaffoldError: The title "gRPCとは何か" has letters outside the Latin alphabet, and lesson ids (URLs, file names) are ASCII, so only "grpc" is left of it. Choose the id yourself with --slug, e.g.:
        npm run new:lesson -- --phase <phase> --title "gRPCとは何か" --slug grpc-basics]
    `);
    expect(() => planLesson(root, { phase: 'foundations', title: 'リアルタイム' })).toThrow(/nothing is left of it.*--slug/s);
    expect(planLesson(root, { phase: 'foundations', title: 'リアルタイム', slug: 'real-time' }).lessonId).toBe('real-time');
    expect(planLesson(root, { phase: 'foundations', title: 'Überblick' }).lessonId, 'Latin letters with accents still slugify').toBe('uberblick');
  });

  test('--lang writes the language into the lesson (and a new phase), checks the tag, and says when there is no locale file', async () => {
    const root = course();
    const plan = planLesson(root, { phase: '02-nihongo', phaseTitle: 'リアルタイム通信', title: 'ロングポーリング', slug: 'long-polling-ja', lang: 'ja' });
    expect(plan.files.find((f) => f.path.endsWith('.mdx'))?.content).toMatch(/^lang: ja$/m);
    expect(plan.files.find((f) => f.path.endsWith('phase.yaml'))?.content).toMatch(/^lang: ja$/m);
    expect(plan.notes.join('\n')).toMatch(/no locales\/ja\.yaml yet.*Copy locales\/en\.yaml to locales\/ja\.yaml/s);
    write(root, plan.files);
    const { problems } = await checkAll({ root });
    expect(formatProblems(problems.filter((p) => p.severity === 'error'))).toBe('');
    expect(planLesson(root, { phase: '1', title: 'Timing', lang: 'en' }).notes, 'English has its locale file').toEqual([]);
    expect(() => planLesson(root, { phase: '1', title: 'Timing', lang: 'Japanese' })).toThrow(/"Japanese" is not a language tag.*"ja", "pt-BR"/);
  });

  test('refuses to overwrite, and explains unknown phases and bad slugs', () => {
    const root = course();
    expect(() => planLesson(root, { phase: 'foundations', title: 'Polling again', slug: 'polling' })).toThrow(/already exists/);
    expect(() => planLesson(root, { phase: 'websockets', title: 'Frames' })).toThrow(ScaffoldError);
    expect(() => planLesson(root, { phase: 'websockets', title: 'Frames' })).toThrowErrorMatchingInlineSnapshot(
      `[ScaffoldError: There is no phase "websockets". Use one of "01-foundations", or name a new phase folder like "08-webtransport" (two digits, a hyphen, a lower-case slug) to create it.]`,
    );
    expect(() => planLesson(root, { phase: 'foundations', title: 'X', slug: 'Bad Slug' })).toThrow(/not valid/);
    mkdirSync(join(root, 'quizzes'), { recursive: true });
    writeFileSync(join(root, 'quizzes/timing.yaml'), 'title: x');
    expect(() => planLesson(root, { phase: 'foundations', title: 'Timing' })).toThrow(/quizzes\/timing.yaml already exists/);
  });
});

describe('the real course passes npm run check', () => {
  test('no errors in lessons, quizzes, sandboxes and references', async () => {
    const root = join(import.meta.dirname, '../..');
    const { problems, counts } = await checkAll({ root });
    expect(formatProblems(problems.filter((p) => p.severity === 'error'))).toBe('');
    expect(counts.lessons).toBeGreaterThanOrEqual(5);
  });
});

