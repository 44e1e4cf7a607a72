/**
 * Keeps every translation in step with English (`npm run check` and the build): for each language with
 * translation files (translation-files.ts), reports translations without an English source, English
 * lessons without a translation, a missing or outdated `sourceHash`, and the parity of each file (lessons:
 * lesson-parity.ts, quizzes: quiz-parity.ts, sandboxes: sandbox-parity.ts, phases here).
 *
 * Severities (the authoring guide, "Translating the course", explains them to authors):
 *   - Lag, the normal state right after an English edit (a stale hash, an English lesson not translated yet,
 *     a new or changed test message): a warning, so English authors are never blocked by translators; with
 *     `strict` (`npm run check -- --strict`, and in CI) an error, so a release cannot ship it unnoticed.
 *   - Anything that would break a translated page or show English inside it (a translated lesson whose
 *     phase, quiz or sandbox is untranslated, headings or components that differ, wrong quiz answers, a
 *     missing title, placeholders that differ, no hash, no English source): always an error.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContentProblem, Severity } from '../content/problems.ts';
import { parseYamlWithLines, type ParsedYaml } from '../content/yaml-lines.ts';
import type { Course } from '../content/read-course.ts';
import { parseQuizSource } from '../quiz/parse.ts';
import { QuizValidationError } from '../quiz/problems.ts';
import { lessonParityProblems } from './lesson-parity.ts';
import { readLessonStructure } from './lesson-structure.ts';
import { quizParityProblems } from './quiz-parity.ts';
import { sandboxParityProblems } from './sandbox-parity.ts';
import { ParityCache, textHash } from './parity-cache.ts';
import { sandboxMessages, sandboxTestFiles, sandboxTexts } from './test-messages.ts';
import { existingTranslations, expectedTranslations, sourceHash, translationLanguages, type TranslationPair } from './translation-files.ts';
import { looksUntranslated } from './untranslated.ts';

export interface TranslationCheckOptions {
  /** Lag (stale hashes, untranslated lessons, new test messages) is an error instead of a warning. */
  strict?: boolean;
  /** Where to remember lesson comparisons and test messages between runs (parity-cache.ts). */
  cacheFile?: string;
}

const languageName = (lang: string) => {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(lang) ?? lang;
  } catch {
    return lang;
  }
};

/** Where `sourceHash:` is and what it says: in a lesson's frontmatter, or at the top of a YAML file. */
function recordedHash(text: string, kind: TranslationPair['kind']): { hash?: string; line?: number } {
  const lines = text.split('\n');
  const end = kind === 'lesson' ? (lines[0]?.trim() === '---' ? lines.findIndex((l, i) => i > 0 && l.trim() === '---') : 0) : lines.length;
  for (let i = 0; i < (end < 0 ? 0 : end); i++) {
    const match = /^sourceHash[ \t]*:[ \t]*['"]?([^'"#\s]*)/.exec(lines[i]!);
    if (match) return { hash: match[1], line: i + 1 };
  }
  return {};
}

export function translationProblems(root: string, course: Course, { strict = false, cacheFile }: TranslationCheckOptions = {}): ContentProblem[] {
  const lag: Severity = strict ? 'error' : 'warning';
  const problems: ContentProblem[] = [];
  const read = (file: string) => readFileSync(join(root, file), 'utf8');
  const cache = new ParityCache(cacheFile);

  for (const lang of translationLanguages(root)) {
    const name = languageName(lang);
    const existing = existingTranslations(root, lang);
    const present = new Set(existing.map((pair) => pair.file));

    for (const pair of existing) {
      if (!existsSync(join(root, pair.source))) {
        problems.push({ severity: 'error', file: pair.file, message: `This ${name} ${pair.kind} translates ${pair.source}, which does not exist (renamed or deleted in English?), so no page shows it.`, fix: `Move it to match the English file's new name, or delete it.` });
        continue;
      }
      const text = read(pair.file);
      problems.push(...hashProblems(root, pair, text, lag));
      problems.push(...parityProblems(root, pair, text, read(pair.source), lag, cache));
    }

    // A translated lesson must not show an English phase title, quiz or sandbox around its text.
    const lessons = existing.filter((pair) => pair.kind === 'lesson' && existsSync(join(root, pair.source)));
    const translatedSources = new Set(lessons.map((pair) => pair.source));
    for (const pair of lessons) {
      const needs: { what: string; file: string }[] = [];
      const phaseFolder = pair.source.split('/')[1];
      needs.push({ what: 'phase', file: `lessons/${lang}/${phaseFolder}/phase.yaml` });
      const lesson = course.lessons.find((candidate) => candidate.file === pair.source);
      const english = read(pair.source);
      const components = cache.get(`components:${textHash(english)}`, () => readLessonStructure(english).components);
      const quizzes = new Set([lesson?.data.quiz, ...components.filter((c) => c.name === 'Quiz').map((c) => c.props.id)].filter((id): id is string => Boolean(id)));
      const sandboxes = new Set([lesson?.data.sandbox, ...components.filter((c) => c.name === 'Sandbox').map((c) => c.props.id)].filter((id): id is string => Boolean(id)));
      for (const id of quizzes) if (existsSync(join(root, 'quizzes', `${id}.yaml`))) needs.push({ what: `quiz "${id}"`, file: `quizzes/${lang}/${id}.yaml` });
      for (const id of sandboxes) if (existsSync(join(root, 'sandboxes', id, 'sandbox.yaml'))) needs.push({ what: `sandbox "${id}"`, file: `sandboxes/${id}/i18n/${lang}.yaml` });
      for (const need of needs.filter((n) => !present.has(n.file))) {
        problems.push({ severity: 'error', file: pair.file, line: 1, message: `The lesson is translated, but its ${need.what} is not (no ${need.file}), so the ${name} page would show it in English.`, fix: `Translate it into ${need.file} (the format: the authoring guide, "Translating the course").` });
      }
    }
    for (const pair of expectedTranslations(root, lang).filter((p) => p.kind === 'lesson' && !translatedSources.has(p.source))) {
      problems.push({ severity: lag, file: pair.source, message: `The lesson has no ${name} translation yet (${pair.file}), so ${name} readers get the English page.`, fix: `Translate it into ${pair.file}, with its quiz and sandbox texts, and stamp it with \`npm run i18n:stamp -- ${pair.file}\`.` });
    }
  }
  cache.save();
  return problems;
}

function hashProblems(root: string, pair: TranslationPair, text: string, lag: Severity): ContentProblem[] {
  const current = sourceHash(root, pair.source);
  const { hash, line } = recordedHash(text, pair.kind);
  const stamp = `npm run i18n:stamp -- ${pair.file}`;
  if (hash === undefined) {
    return [{ severity: 'error', file: pair.file, line: 1, field: 'sourceHash', message: `The translation records no \`sourceHash:\`, so nobody can tell when ${pair.source} changes after it.`, fix: `If it is up to date with ${pair.source}, run \`${stamp}\` (it writes \`sourceHash: ${current}\`).` }];
  }
  if (!/^[0-9a-f]{12}$/.test(hash)) {
    return [{ severity: 'error', file: pair.file, line, field: 'sourceHash', message: `\`sourceHash: ${hash}\` is not 12 lower-case hex digits (the start of the SHA-256 of ${pair.source}).`, fix: `Run \`${stamp}\` once the translation matches the English file.` }];
  }
  if (hash === current) return [];
  return [{
    severity: lag,
    file: pair.file,
    line,
    field: 'sourceHash',
    message: `The translation is stale: ${pair.source} changed after it was translated (recorded sourceHash ${hash}, the file's hash is now ${current}).`,
    fix: `See what changed with \`git log -p -- ${pair.source}\` (the commits since the translation), bring the translation up to date, then run \`${stamp}\`.`,
  }];
}

const read = (root: string, file: string) => readFileSync(join(root, file), 'utf8');

function yamlOf(pair: TranslationPair, text: string, problems: ContentProblem[]): ParsedYaml | undefined {
  const parsed = parseYamlWithLines(text);
  if (parsed.errors.length) {
    const [error] = parsed.errors;
    problems.push({ severity: 'error', file: pair.file, line: error!.line, message: `The translation is not valid YAML: ${error!.message}`, fix: error!.fix });
    return undefined;
  }
  if (typeof parsed.data !== 'object' || parsed.data === null) {
    problems.push({ severity: 'error', file: pair.file, line: 1, message: 'The translation is empty or not a YAML mapping.', fix: `Copy the structure of ${pair.source} and translate its texts.` });
    return undefined;
  }
  return parsed;
}

function parityProblems(root: string, pair: TranslationPair, text: string, english: string, lag: Severity, cache: ParityCache): ContentProblem[] {
  const files = { file: pair.file, source: pair.source };
  if (pair.kind === 'lesson') return cache.get(`lesson:${textHash(english, text, pair.file)}`, () => lessonParityProblems(english, text, files));
  const problems: ContentProblem[] = [];
  const parsed = yamlOf(pair, text, problems);
  if (!parsed) return problems;
  const source = parseYamlWithLines(english).data as Record<string, unknown> | undefined;
  if (!source || typeof source !== 'object') return problems; // the English file's own check reports it
  if (pair.kind === 'phase') return phaseProblems(source, parsed, pair);
  if (pair.kind === 'sandbox') {
    const id = pair.source.split('/')[1]!;
    const tests = sandboxTestFiles(join(root, 'sandboxes', id)).map((name) => `${name}\n${read(root, `sandboxes/${id}/tests/${name}`)}`);
    const { messages, texts } = cache.get(`messages:${textHash(id, ...tests)}`, () => ({ messages: sandboxMessages(root, id), texts: sandboxTexts(root, id) }));
    return sandboxParityProblems(source, parsed, messages, { id, ...files, lag }, texts);
  }
  problems.push(...quizParityProblems(source, parsed.data, parsed, files));
  if (problems.some((p) => p.severity === 'error')) return problems;
  // The quiz's own rules too (a rationale on each added fill-in answer …), where parity found nothing.
  try {
    parseQuizSource(text.replace(/^sourceHash[ \t]*:.*$/m, '# sourceHash'), pair.file);
  } catch (error) {
    if (!(error instanceof QuizValidationError)) throw error;
    for (const p of error.problems) problems.push({ severity: p.severity, file: pair.file, line: p.line, ...(p.path ? { field: p.path } : {}), message: p.what, fix: p.fix });
  }
  return problems;
}

function phaseProblems(english: Record<string, unknown>, parsed: ParsedYaml, pair: TranslationPair): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const data = parsed.data as Record<string, unknown>;
  for (const key of Object.keys(data).filter((k) => !['title', 'summary', 'sourceHash'].includes(k))) {
    problems.push({ severity: 'error', file: pair.file, line: parsed.lines([key]), field: key, message: `\`${key}:\` is not part of a phase translation (title, summary and sourceHash); the rest comes from ${pair.source}.`, fix: 'Delete it.' });
  }
  for (const key of ['title', 'summary']) {
    const value = data[key];
    if (typeof value !== 'string' || !value.trim()) {
      problems.push({ severity: 'error', file: pair.file, line: parsed.lines([key]), field: key, message: `The phase translation has no \`${key}:\`, so translated pages would show the English one.`, fix: `Add \`${key}:\` translated from ${pair.source}.` });
    } else if (value.trim() === String(english[key] ?? '').trim() && looksUntranslated(value)) {
      problems.push({ severity: 'warning', file: pair.file, line: parsed.lines([key]), field: key, message: `\`${key}:\` is still the English text.`, fix: `Translate it from ${pair.source}.` });
    }
  }
  return problems;
}
