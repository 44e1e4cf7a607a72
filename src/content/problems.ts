/**
 * A content problem is one thing an author got wrong, said so they can fix it without reading our code:
 * where (file, line, field), what is wrong, and how to fix it, in full sentences.
 *
 * Modelled on Astro's error guide: the message states the problem, the hint states the fix.
 */
export type Severity = 'error' | 'warning';

export interface ContentProblem {
  severity: Severity;
  /** Path relative to the project root, with forward slashes. */
  file: string;
  /** 1-based line in the file, when the problem has one. */
  line?: number;
  /** Dotted path of the field, e.g. `goals.2` or `questions.3.options`. */
  field?: string;
  /** What is wrong, as a sentence. */
  message: string;
  /** How to fix it, as a sentence. */
  fix: string;
}

export function formatProblem(problem: ContentProblem): string {
  const where = problem.line ? `${problem.file}:${problem.line}` : problem.file;
  const field = problem.field ? ` (field "${problem.field}")` : '';
  return `${problem.severity === 'error' ? 'Error' : 'Warning'} in ${where}${field}: ${problem.message}\n  How to fix: ${problem.fix}`;
}

export function formatProblems(problems: readonly ContentProblem[]): string {
  return problems.map(formatProblem).join('\n\n');
}

/**
 * Thrown when content is invalid; its message lists every problem, not just the first. `loc` and `hint`
 * are the fields Astro's CLI and error overlay read, so the first problem's file and line show there too.
 */
export class ContentError extends Error {
  readonly problems: readonly ContentProblem[];
  readonly loc?: { file: string; line?: number };
  readonly hint?: string;
  /** `root` makes `loc.file` absolute, which the overlay needs to open the file. */
  constructor(problems: readonly ContentProblem[], root?: string) {
    const errors = problems.filter((p) => p.severity === 'error');
    super(
      `The course content has ${errors.length} ${errors.length === 1 ? 'problem' : 'problems'} to fix before it can build:\n\n` +
        formatProblems(errors),
    );
    this.name = 'ContentError';
    this.problems = problems;
    const first = errors[0];
    if (first) {
      const file = root ? `${root.replace(/[\\/]+$/, '')}/${first.file}` : first.file;
      this.loc = first.line ? { file, line: first.line } : { file };
      this.hint = errors.length > 1 ? `${first.fix} (${errors.length - 1} more ${errors.length === 2 ? 'problem' : 'problems'} below.)` : first.fix;
    }
  }
}

export function hasErrors(problems: readonly ContentProblem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}
