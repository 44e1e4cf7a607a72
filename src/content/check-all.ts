/**
 * Everything `npm run check` validates, without building the site: lessons and phases, quizzes,
 * sandboxes, references between them, links, anchors and images in lesson bodies, and (when a browser
 * is available) that every Mermaid diagram parses with Mermaid's own parser.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { loadAllQuizzes } from '../quiz/load.ts';
import { QuizValidationError, type QuizProblem } from '../quiz/problems.ts';
import { checkQuizReferences } from '../quiz/references.ts';
import { checkSandboxDependencies } from '../sandbox/dependency-check.ts';
import { loadSandboxes } from '../sandbox/load-sandboxes.ts';
import { typeCheckSandboxes } from '../sandbox/type-check.ts';
import { localeProblems } from '../i18n/locales.ts';
import { LOCALE_AREAS } from '../i18n/areas.ts';
import { translationProblems } from '../i18n/translation-parity.ts';
import { checkReferences } from './check-references.ts';
import { languageProblems } from './languages.ts';
import { checkQuizLessonMentions } from './lesson-mentions.ts';
import { trimMermaidMessage } from './diagram-message.ts';
import { checkQuizWiring, frontmatterFieldLine } from './quiz-wiring.ts';
import type { ContentProblem } from './problems.ts';
import { readCourse, type Course } from './read-course.ts';

export interface CheckOptions {
  root: string;
  /** Parses each diagram; returns the parser's message (and the line inside the diagram) when it does not parse. */
  parseDiagram?: (source: string) => Promise<{ message: string; line?: number } | undefined>;
  /**
   * Also check the sandboxes' code: packages installed and declared, and starter, solution, mistakes and
   * tests type-checked. `modulesRoot` is the folder whose node_modules runs use (the project root).
   */
  sandboxCode?: { modulesRoot: string; cacheFile?: string };
  /**
   * Translation lag (a stale sourceHash, an English lesson not translated yet, new test messages) is an
   * error instead of a warning: `npm run check -- --strict`, and CI (src/i18n/translation-parity.ts).
   */
  strict?: boolean;
}

export interface CheckResult {
  problems: ContentProblem[];
  course: Course;
  counts: { lessons: number; quizzes: number; sandboxes: number; diagrams: number };
}

/** Quiz problems keep what and fix apart, so they print in the same shape as every other problem. */
function fromQuizProblem(problem: QuizProblem, root = ''): ContentProblem {
  const question = problem.questionNumber ? `Question ${problem.questionNumber}${problem.questionId ? ` ("${problem.questionId}")` : ''}: ` : '';
  return {
    severity: problem.severity,
    // The quiz loader knows files by absolute path; authors read paths from the project root.
    file: root && isAbsolute(problem.file) ? relative(root, problem.file).split('\\').join('/') : problem.file,
    line: problem.line,
    field: problem.path || undefined,
    message: `${question}${problem.what}`,
    fix: problem.fix,
  };
}

export async function checkAll({ root, parseDiagram, sandboxCode, strict }: CheckOptions): Promise<CheckResult> {
  const { course, problems } = readCourse({ root, includeDrafts: true });

  let quizIds: string[] = [];
  const quizDir = join(root, 'quizzes');
  if (existsSync(quizDir)) {
    quizIds = readdirSync(quizDir).filter((n) => /\.ya?ml$/i.test(n)).map((n) => n.replace(/\.ya?ml$/i, ''));
    try {
      await loadAllQuizzes(quizDir);
    } catch (error) {
      if (!(error instanceof QuizValidationError)) throw error;
      problems.push(...error.problems.map((p) => fromQuizProblem(p, root)));
    }
  }

  const { sandboxes, problems: sandboxProblems } = loadSandboxes(root);
  problems.push(...sandboxProblems);
  if (sandboxCode) {
    problems.push(...checkSandboxDependencies(sandboxes, { root, modulesRoot: sandboxCode.modulesRoot }));
    problems.push(...typeCheckSandboxes(sandboxes, { root, ...sandboxCode }));
  }
  const sandboxIds = new Set(existsSync(join(root, 'sandboxes')) ? readdirSync(join(root, 'sandboxes')).filter((n) => !n.startsWith('.')) : []);

  const { problems: referenceProblems, bodies } = checkReferences(root, course, { quizIds: new Set(quizIds), sandboxIds, extraPages: ['/authoring/'] });
  problems.push(...referenceProblems, ...checkQuizLessonMentions(root, course.lessons.length));

  // A quiz or sandbox is "used" by frontmatter or by a component in the body.
  const componentIds = (lessonId: string, name: 'Quiz' | 'Sandbox') =>
    (bodies.get(lessonId)?.components ?? []).filter((c) => c.name === name && c.attributes.id).map((c) => c.attributes.id);
  const lessonsAndUnread: { id: string; file: string; quiz?: string; sandbox?: string }[] = [
    ...course.lessons.map((l) => ({ id: l.id, file: l.file, quiz: l.data.quiz, sandbox: l.data.sandbox })),
    ...course.unread,
  ];
  // Only frontmatter names are checked against quiz files here: a body <Quiz id> is checked where it stands
  // (check-references, quiz-wiring), so one wrong id is reported once, at its own line.
  const frontmatterRefs = course.lessons.filter((l) => l.data.quiz).map((l) => ({ id: l.id, file: l.file, quiz: l.data.quiz }));
  const usedInBodies = new Set(lessonsAndUnread.flatMap((lesson) => componentIds(lesson.id, 'Quiz')));
  const quizReport = checkQuizReferences(frontmatterRefs, quizIds);
  const lineOfQuiz = (file: string) => frontmatterFieldLine(readFileSync(join(root, file), 'utf8'), 'quiz');
  problems.push(
    ...quizReport.errors.map((p) => fromQuizProblem(p)).map((p) => ({ ...p, line: p.line ?? lineOfQuiz(p.file) })),
    ...quizReport.warnings.filter((w) => !usedInBodies.has(w.file.replace(/^quizzes\/|\.ya?ml$/g, ''))).map((p) => fromQuizProblem(p)),
  );
  const knownQuizzes = new Set(quizIds);
  for (const lesson of course.lessons) {
    const uses = (bodies.get(lesson.id)?.components ?? []).filter((c) => c.name === 'Quiz');
    // With no `quiz:` and an id that is no quiz file, check-references has already said so at that line.
    const relevant = lesson.data.quiz ? uses : uses.filter((use) => knownQuizzes.has(use.attributes.id ?? ''));
    problems.push(...checkQuizWiring({ file: lesson.file, quiz: lesson.data.quiz, quizLine: lineOfQuiz(lesson.file), uses: relevant, quizIds: knownQuizzes }));
  }

  const usedSandboxes = new Set(lessonsAndUnread.flatMap((lesson) => [lesson.sandbox, ...componentIds(lesson.id, 'Sandbox')]));
  for (const lesson of course.lessons) {
    if (lesson.data.sandbox && !sandboxIds.has(lesson.data.sandbox)) {
      problems.push({ severity: 'error', file: lesson.file, line: frontmatterFieldLine(readFileSync(join(root, lesson.file), 'utf8'), 'sandbox'), field: 'sandbox', message: `The lesson names the sandbox "${lesson.data.sandbox}", but there is no sandboxes/${lesson.data.sandbox}/ folder.`, fix: `Create it (npm run new:lesson -- --sandbox makes one), or use an existing id: ${[...sandboxIds].join(', ') || 'none exist yet'}.` });
    }
  }
  for (const id of sandboxIds) {
    if (!usedSandboxes.has(id)) problems.push({ severity: 'warning', file: `sandboxes/${id}`, message: `No lesson uses the sandbox "${id}", so learners never see it.`, fix: `Add \`sandbox: ${id}\` to a lesson's frontmatter and <Sandbox id="${id}" /> where it belongs in the text, or delete the folder.` });
  }

  problems.push(...localeProblems(root, LOCALE_AREAS), ...languageProblems(root, course), ...translationProblems(root, course, { strict, cacheFile: sandboxCode?.cacheFile?.replace(/[^/\\]+$/, 'translation-parity.json') }));

  let diagrams = 0;
  for (const lesson of [...course.lessons, ...course.unread]) {
    for (const diagram of bodies.get(lesson.id)?.diagrams ?? []) {
      diagrams++;
      const error = await parseDiagram?.(diagram.value);
      // diagram.line is the opening fence; the diagram's own line 1 is the line after it.
      if (error) problems.push({ severity: 'error', file: lesson.file, line: diagram.line + (error.line ?? 0), message: `The Mermaid diagram does not parse: ${trimMermaidMessage(error.message)}`, fix: 'Fix the diagram syntax (see mermaid.js.org/syntax/sequenceDiagram); try it at mermaid.live to see where it breaks.' });
    }
  }

  return { problems, course, counts: { lessons: course.lessons.length, quizzes: quizIds.length, sandboxes: sandboxes.length, diagrams } };
}
