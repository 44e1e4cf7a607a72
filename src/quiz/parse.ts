/**
 * Turns the text of one quiz file into a validated quiz, or throws a QuizValidationError listing every
 * problem with its line. No file system access: the loaders (`load.ts`) and the Astro component (which
 * gets the text through Vite's `import.meta.glob`) both call this.
 */
import { LineCounter, parseDocument, type Document, type YAMLError } from 'yaml';
import { QuizFile, ID_PATTERN, type Quiz } from './schema.ts';
import { findingFromIssue } from './zod-issues.ts';
import { crossFieldFindings } from './rules.ts';
import { QuizValidationError, toProblem, type PathSegment, type QuizProblem } from './problems.ts';

/** `quizzes/polling.yaml` → `polling`. */
export function quizIdFromFile(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.ya?ml$/i, '');
}

/** Finds the line of the deepest node on `path` that exists (a missing field points at its parent). */
function locator(document: Document, lines: LineCounter) {
  return (path: readonly PathSegment[]) => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = depth === 0 ? document.contents : document.getIn(path.slice(0, depth), true);
      const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
      if (range) {
        const { line, col } = lines.linePos(range[0]);
        return { line, column: col };
      }
    }
    return undefined;
  };
}

/** A YAML syntax error, with the line and the fix for the usual causes. */
function syntaxProblem(error: YAMLError, file: string, lines: LineCounter): QuizProblem {
  const position = error.linePos?.[0] ?? lines.linePos(error.pos[0]);
  // The yaml library's message ends with "at line N, column M:" and an excerpt; we state the position
  // ourselves and keep the excerpt, which shows the author exactly where the parser stopped.
  const [headline = error.message, ...excerpt] = error.message.split('\n');
  const what = headline.replace(/ at line \d+, column \d+:?$/, '').replace(/\.?$/, '.');
  const context = excerpt.join('\n').replace(/^\n+|\n+$/g, '');
  const fix =
    'Check the indentation (spaces, not tabs) and that every `key:` has a space after the colon; put text ' +
    'that contains ": " or " #", or starts with a quote, `*`, `&`, `[`, `{` or a backtick, in quotes.';
  return {
    code: 'yaml-syntax',
    severity: 'error',
    file,
    line: position.line,
    column: position.col,
    path: '',
    what: `The file is not valid YAML: ${what}`,
    fix,
    message: `${file}, line ${position.line}, column ${position.col}: The file is not valid YAML: ${what} ${fix}${context ? `\n${context}` : ''}`,
  };
}

/** Parses and validates one quiz file. `file` is the path shown in messages, e.g. `quizzes/polling.yaml`. */
export function parseQuizSource(source: string, file: string): Quiz {
  const id = quizIdFromFile(file);
  const lines = new LineCounter();
  const document = parseDocument(source, { lineCounter: lines, prettyErrors: true });
  if (document.errors.length > 0) {
    throw new QuizValidationError(document.errors.map((error) => syntaxProblem(error, file, lines)));
  }

  const problems: QuizProblem[] = [];
  if (!ID_PATTERN.test(id)) {
    const suggested = id.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'quiz';
    const what = `The file name makes the quiz id "${id}", but quiz ids may contain only letters, digits, "-" and "_".`;
    const fix = `Rename the file, e.g. to quizzes/${suggested}.yaml, and update the lessons that name it.`;
    problems.push({ code: 'invalid-file-name', severity: 'error', file, path: '', what, fix, message: `${file}: ${what} ${fix}` });
  }

  const data: unknown = document.toJS();
  if (data === null || data === undefined) {
    const what = 'The file is empty.';
    const fix = 'Add `title:` and `questions:` (see quizzes/README.md for an example).';
    problems.push({ code: 'empty-file', severity: 'error', file, path: '', what, fix, message: `${file}: ${what} ${fix}` });
    throw new QuizValidationError(problems);
  }

  const placement = { file, data, locate: locator(document, lines) };
  const parsed = QuizFile.safeParse(data, { reportInput: true });
  const findings = [...(parsed.success ? [] : parsed.error.issues.flatMap((issue) => findingFromIssue(issue, data))), ...crossFieldFindings(data)];
  problems.push(...findings.map((finding) => toProblem(finding, placement)));

  if (problems.some((problem) => problem.severity === 'error') || !parsed.success) {
    throw new QuizValidationError(problems);
  }
  return { id, ...parsed.data };
}
