/**
 * Problems found in quiz files, and the one error that lists them all.
 *
 * Every problem becomes one message in full sentences that names the file (and line), the question by
 * number and id, the field, what is wrong and how to fix it. Findings come from two places (zod issues in
 * `zod-issues.ts`, cross-field rules in `rules.ts`); both describe their subject with the helpers here so
 * the wording is the same whichever found it.
 */

/** Stable codes, so tests and tools can tell problems apart without parsing prose. */
export type QuizProblemCode =
  | 'yaml-syntax'
  | 'empty-file'
  | 'invalid-file-name'
  | 'missing-field'
  | 'wrong-type'
  | 'empty-text'
  | 'too-few'
  | 'out-of-range'
  | 'unknown-field'
  | 'unknown-question-type'
  | 'invalid-id'
  | 'duplicate-id'
  | 'no-correct-option'
  | 'several-correct-options'
  | 'wrong-answer-is-accepted'
  | 'wrong-value-is-correct'
  | 'duplicate-choice'
  | 'missing-quiz'
  | 'unused-quiz'
  | 'invalid';

export type PathSegment = string | number;

/** What a check found, before it is placed in a file: `what` and `fix` are full sentences. */
export interface Finding {
  code: QuizProblemCode;
  path: PathSegment[];
  what: string;
  fix: string;
  severity?: 'error' | 'warning';
}

/** A finding placed in its file, with its finished message. */
export interface QuizProblem {
  code: QuizProblemCode;
  severity: 'error' | 'warning';
  /** Path as the author knows it, e.g. `quizzes/polling.yaml` or `lessons/01-foundations/02-polling.mdx`. */
  file: string;
  line?: number;
  column?: number;
  /** 1-based question number and its id, when the problem is inside a question. */
  questionNumber?: number;
  questionId?: string;
  /** Path inside the file, e.g. `questions[2].options[0].rationale` (0-based, as in JSON). */
  path: string;
  /** The field's own name, e.g. `rationale`. */
  field?: string;
  /** What is wrong, in full sentences, without the location (for tools that show location separately). */
  what: string;
  /** How to fix it, in full sentences. */
  fix: string;
  /** The full sentence(s) shown to the author: location, then `what`, then `fix`. */
  message: string;
}

const ENTRY_NOUNS: Record<string, string> = {
  questions: 'question',
  options: 'option',
  items: 'item',
  accept: 'accepted answer',
  wrong: 'wrong answer',
  pairs: 'pair',
  hints: 'hint',
  distractors: 'distractor',
};

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads `path` out of plain data, `undefined` where it leads nowhere. */
export function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let current: unknown = data;
  for (const segment of path) {
    if (typeof segment === 'number' ? !Array.isArray(current) : !isRecord(current)) return undefined;
    current = (current as Record<PathSegment, unknown>)[segment];
  }
  return current;
}

/** A short rendering of an author's value for messages: `the text "yes"`, `3`, `a list of 2 entries`, `nothing`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'empty (null)';
  if (typeof value === 'string') return `the text "${truncate(value)}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `a list of ${value.length} ${value.length === 1 ? 'entry' : 'entries'}`;
  return 'a group of fields';
}

function truncate(text: string, max = 40): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

function scalarLabel(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** `option 2 (id "b")`, `accepted answer 1 ("304")`, `hint 3`: names a list entry the way authors count. */
export function describeEntry(listKey: string, index: number, entry: unknown): string {
  const noun = ENTRY_NOUNS[listKey] ?? `entry of ${listKey}`;
  const record = isRecord(entry) ? entry : undefined;
  const id = scalarLabel(record?.id);
  if (id !== undefined) return `${noun} ${index + 1} (id "${id}")`;
  const label = scalarLabel(record?.text) ?? (typeof record?.value === 'number' ? String(record.value) : undefined);
  if (label !== undefined) return `${noun} ${index + 1} ("${truncate(label, 30)}")`;
  return `${noun} ${index + 1}`;
}

/** The question a path points into, if any. */
export function questionAt(data: unknown, path: readonly PathSegment[]): { number: number; id?: string } | undefined {
  if (path[0] !== 'questions' || typeof path[1] !== 'number') return undefined;
  const question = valueAt(data, path.slice(0, 2));
  const id = isRecord(question) ? scalarLabel(question.id) : undefined;
  return id === undefined ? { number: path[1] + 1 } : { number: path[1] + 1, id };
}

/**
 * Words for the deepest list entry on the path below the question, e.g. `option 2 (id "b")`; undefined
 * when the path ends at the question or quiz level.
 */
export function entryAt(data: unknown, path: readonly PathSegment[]): string | undefined {
  let found: string | undefined;
  for (let i = 2; i < path.length; i++) {
    const segment = path[i];
    const listKey = path[i - 1];
    if (typeof segment === 'number' && typeof listKey === 'string') {
      found = describeEntry(listKey, segment, valueAt(data, path.slice(0, i + 1)));
    }
  }
  return found;
}

/** The field a path names: its last name segment, e.g. `rationale`, or `hints` for `hints[1]`. */
export function fieldOf(path: readonly PathSegment[]): string | undefined {
  for (let i = path.length - 1; i >= 0; i--) {
    const segment = path[i];
    if (typeof segment === 'string') return segment;
  }
  return undefined;
}

/** `questions[2].options[0].rationale`, the usual JSON path notation. */
export function formatPath(path: readonly PathSegment[]): string {
  return path.map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`)).join('');
}

export interface Placement {
  file: string;
  /** The parsed file, to name questions and entries by their ids. */
  data: unknown;
  /** Maps a path to its line and column in the file, when the source is known. */
  locate?: (path: readonly PathSegment[]) => { line: number; column: number } | undefined;
}

/** Places a finding in its file and writes the final message. */
export function toProblem(finding: Finding, placement: Placement): QuizProblem {
  const { file, data, locate } = placement;
  const position = locate?.(finding.path);
  const question = questionAt(data, finding.path);
  const entry = entryAt(data, finding.path);
  const field = fieldOf(finding.path);
  const where: string[] = [position ? `${file}, line ${position.line}` : file];
  if (question) where.push(question.id === undefined ? `question ${question.number}` : `question ${question.number} (id "${question.id}")`);
  if (entry) where.push(entry);
  if (field && !(finding.path.length === 2 && question)) where.push(`field "${field}"`);
  const problem: QuizProblem = {
    code: finding.code,
    severity: finding.severity ?? 'error',
    file,
    path: formatPath(finding.path),
    what: finding.what,
    fix: finding.fix,
    message: `${where.join(', ')}: ${finding.what} ${finding.fix}`,
  };
  if (position) {
    problem.line = position.line;
    problem.column = position.column;
  }
  if (question) {
    problem.questionNumber = question.number;
    if (question.id !== undefined) problem.questionId = question.id;
  }
  if (field !== undefined) problem.field = field;
  return problem;
}

/** Sorts problems the way an author reads a file: by file, then line, then path. */
export function sortProblems(problems: QuizProblem[]): QuizProblem[] {
  return [...problems].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      a.path.localeCompare(b.path),
  );
}

/** Thrown by the loaders: one error that lists every problem found, so authors fix them in one pass. */
export class QuizValidationError extends Error {
  readonly problems: QuizProblem[];

  constructor(problems: QuizProblem[]) {
    const sorted = sortProblems(problems);
    super(summarise(sorted));
    this.name = 'QuizValidationError';
    this.problems = sorted;
  }
}

function summarise(problems: QuizProblem[]): string {
  const files = new Set(problems.map((problem) => problem.file));
  const count = problems.length === 1 ? 'one problem' : `${problems.length} problems`;
  const scope = files.size === 1 ? [...files][0] : `${files.size} quiz files`;
  const list = problems.map((problem, i) => `  ${i + 1}. ${problem.message.replace(/\n/g, '\n     ')}`).join('\n');
  return `Found ${count} in ${scope}. Fix ${problems.length === 1 ? 'it' : 'them'} and build again:\n${list}`;
}
